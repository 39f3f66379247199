"""The application hooks of the Integrals lab: session state, lessons' "try it", export,
animations and play/pause (a mixin, so the lab module stays about its widgets)."""

from __future__ import annotations

from typing import Any

from workbench.ui.labs.base import Animation, DerivationView
from workbench.ui.labs.integrals.area_view import AreaSweep
from workbench.ui.labs.integrals.double_view import DEFAULT_SETUP
from workbench.ui.labs.integrals.numerics import MAX_N, RULES
from workbench.ui.labs.integrals.riemann_view import RiemannSweep

DEFAULTS: dict[str, Any] = {"function": "x sin(x)", "a": "0", "b": "5", "rule": "midpoint",
                            "n": 8, "view": "area", **DEFAULT_SETUP}


def bound_text(value: Any) -> str:
    """A bound from a lesson, a session or a payload as the text shown in its field."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


class StateHooks:
    """``state``/``restore``/``apply_try_it``/``figures``/``derivation``/``animation``.

    Mixed into :class:`IntegralsLab` (which provides the widgets used here).
    """

    def state(self) -> dict[str, Any]:
        """Function, bounds, rule, n, the view on show and the double-integral setup."""
        function = self.editor.text().strip() if self.editor.tree() is not None else \
            self.last_function
        return {"function": function, "a": self.a_field.saved_text(),
                "b": self.b_field.saved_text(), "rule": self.riemann.rule,
                "n": self.riemann.n, "view": self.current_view(), **self.double.setup()}

    def restore(self, state: dict[str, Any]) -> None:
        """Put the lab in ``state`` (keys missing from it keep their current values)."""
        self._restoring = True
        try:
            if "function" in state:
                self.editor.set_text(str(state["function"]))
            for key, field in (("a", self.a_field), ("b", self.b_field)):
                if key in state:
                    field.set_text(bound_text(state[key]))
            if state.get("rule") in RULES:
                self.riemann.set_rule(state["rule"])
            if isinstance(state.get("n"), int) and 1 <= state["n"] <= MAX_N:
                self.riemann.set_n(state["n"])
            if any(key in state for key in DEFAULT_SETUP):
                self.double.set_setup({**self.double.setup(), **state})
            if state.get("view") in ("area", "riemann", "double"):
                self.set_view(state["view"])
        finally:
            self._restoring = False
        self.refresh()
        self.request_exact()

    def apply_try_it(self, params: dict[str, Any]) -> None:
        """A lesson's "try it": a function, bounds, and a rule and n (shown as Riemann sums)."""
        state = {key: params[key] for key in ("function", "a", "b", "rule", "n") if key in params}
        state["view"] = "riemann" if ("rule" in params or "n" in params) else "area"
        self.restore(state)

    def figures(self) -> list[tuple[str, Any]]:
        """The plots of the view on show, named for export."""
        view = self.current_view()
        if view == "area":
            return [("area", self.area.plot), ("accumulation", self.area.acc_plot)]
        if view == "riemann":
            return [("riemann_sum", self.riemann.plot), ("riemann_error", self.riemann.error_plot)]
        return [("double_integral", self.double.plot)]

    def derivation(self) -> DerivationView | None:
        """The derivation on show (the definite or the double integral), or None."""
        result = self.shown_results().get("double" if self.current_view() == "double" else "area")
        if result is None:
            return None
        title = "Double integral" if self.current_view() == "double" else "Definite integral"
        return DerivationView(title, result.latex, list(result.steps))

    def code_script(self) -> tuple[str, str] | None:
        """The script of what the lab shows, for the Code view (see ``ui.code_scripts``)."""
        from workbench.ui.code_scripts import integrals_code

        return integrals_code(self)

    def animation(self) -> Animation | None:
        """The area sweep or the n sweep, for the view on show (None for double integrals,
        and for an improper integral: both animations need a finite interval)."""
        view = self.current_view()
        if view != "double" and self.area.improper:
            return None
        if view == "area":
            return AreaSweep(self.area)
        if view == "riemann":
            return RiemannSweep(self.riemann)
        return None

    def player(self) -> Any:
        """The ``FramePlayer`` of the view on show (None for double integrals)."""
        return {"area": self.area.player, "riemann": self.riemann.player}.get(self.current_view())

    def toggle_play(self) -> None:
        """Play or pause the animation of the view on show (what Space does inside it)."""
        player = self.player()
        if player is not None:
            player.toggle()

    def activate(self) -> None:
        """The tab was shown: make sure the view is drawn for the current input."""
        self.refresh(fit=False)

    def deactivate(self) -> None:
        """The tab was hidden: pause the animations."""
        self.area.player.pause()
        self.riemann.player.pause()
