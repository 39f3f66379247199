"""``GradientLab``: f(x, y) as contours and a surface, derivatives at a point, optimizer races.

Wiring only: the worker differentiates f once (plain trees) and runs the optimizers;
everything that follows the mouse - the contour field on pan and zoom, the readouts
at a clicked point, the dragged direction, animation frames - is numpy in the window.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from workbench.protocol.jobs.core import Job
from workbench.protocol.jobs.ml import PartialsJob, RaceJob, RatesJob
from workbench.protocol.ml_results import PartialsResult, RaceResult, RatesResult
from workbench.protocol.results import (
    DescentResult, GradientFieldResult, LimitsResult, Result)
from workbench.protocol.syntax import ParseError, parse_tree, symbols_of
from workbench.ui.labs.base import Animation, DerivationView, Lab
from workbench.ui.labs.gradient.field import FieldFunctions, unit
from workbench.ui.labs.gradient.formulas import formulas_latex
from workbench.ui.labs.gradient.layout import build_layout
from workbench.ui.labs.gradient.partials import partials_view
from workbench.ui.labs.gradient.prediction import prediction_text
from workbench.ui.labs.gradient.restore import restore_state
from workbench.ui.labs.gradient.runs import RunPath, hyper_for
from workbench.ui.labs.player import FrameAnimation
from workbench.protocol.jobs.gradient import GradientFieldJob, LimitsJob

DEFAULTS: dict[str, Any] = {
    "function": "x^2 + 3y^2", "point": [1.0, 1.0], "direction": [1.0, 0.0],
    "start": [2.5, 1.5], "optimizers": ["gd", "momentum", "adam"], "lr": 0.1,
    "steps": 50, "hyper": {}, "frame": 0, "show_3d": False,
}
DESCENT_DEBOUNCE_MS = 120
EXPORT_FRAME_MS = 80  # exported races play a little faster than the 1x on screen


class GradientLab(Lab):
    """The Gradient lab: surface, derivatives at a point, and descent."""

    kind = "gradient"
    title = "Gradient"

    def __init__(self, client: Any, parent: QWidget | None = None) -> None:
        super().__init__(client, parent)
        self.functions: FieldFunctions | None = None
        self.variables: tuple[str, ...] = ("x", "y")
        self.text = ""
        self.point: list[float] = list(DEFAULTS["point"])
        self.direction: list[float] = list(DEFAULTS["direction"])
        self.start: list[float] = list(DEFAULTS["start"])
        self.runs: list[RunPath] = []
        self.limits: LimitsResult | None = None
        self.limits_problem = ""
        self._pending_frame: int | None = None
        self._pending_ranges: tuple[list[float], list[float]] | None = None
        build_layout(self)
        self._descent_timer = QTimer(self, singleShot=True, interval=DESCENT_DEBOUNCE_MS)
        self._descent_timer.timeout.connect(self.run_descent)
        self._connect()
        self.restore({**DEFAULTS, "same_rate": False})

    def _connect(self) -> None:
        self.editor.expression_changed.connect(self._on_function_typed)
        self.editor.text_edited.connect(lambda _text: self.check_currency())
        self.editor.compute_requested.connect(self._on_function_typed)
        for view in (self.contour, self.curve):
            view.clicked.connect(self._on_view_clicked)
            view.recomputed.connect(self._on_view_recomputed)
        self.contour.direction_dragged.connect(self.set_direction)
        self.point_panel.point_edited.connect(self.set_point)
        self.point_panel.direction_edited.connect(self.set_direction)
        self.descent.start_edited.connect(self.set_start)
        self.descent.settings_changed.connect(self._on_descent_settings_changed)
        self.player.frame_changed.connect(self.show_frame)
        self.surface_button.toggled.connect(self.show_surface)
        self.fit_button.clicked.connect(self.fit_view)
        self.player.add_shortcuts(self.plots, self.loss, self.player)

    # ------------------------------------------------------------ the function
    def _on_function_typed(self, text: str) -> None:
        if text.strip() != self.text:  # a new f: its own default rates replace typed ones
            self.descent.rates.unpin()
        self.set_function(text)

    def set_function(self, text: str) -> None:
        """Draw f at once (numpy), then ask the worker for its derivatives."""
        text = text.strip()
        if text == self.text and self.functions is not None:
            return
        try:
            tree = parse_tree(text)
        except ParseError as problem:
            self.editor.show_error(problem.message, problem.position)
            return
        extra = sorted(symbols_of(tree) - {"x", "y"})
        if extra:
            self.editor.show_error(f"This lab draws functions of x and y; give "
                                   f"{', '.join(extra)} a value.", None)
            return
        if self.editor.text().strip() != text:
            self.editor.set_text(text)
        variables = ("x",) if symbols_of(tree) <= {"x"} else ("x", "y")
        dimension_changed = variables != self.variables or self.functions is None
        self.text, self.variables = text, variables
        self.functions = FieldFunctions({"f": tree}, variables)
        self._set_dimension(len(variables), refit=dimension_changed)
        self.runs = []
        self._draw_runs()
        self.submit("field", GradientFieldJob(text, variables))
        self.partials.clear("working it out\u2026")
        self.submit("partials", PartialsJob(text, variables))
        self.check_currency()
        self._after_start_changed()
        self.state_changed.emit()

    def _set_dimension(self, dimension: int, refit: bool) -> None:
        self.point = (self.point + [0.0])[:dimension]
        self.start = (self.start + [0.0])[:dimension]
        self.views.setCurrentWidget(self.contour if dimension == 2 else self.curve)
        self.point_panel.set_dimension(dimension)
        self.descent.set_dimension(dimension)
        self.surface_button.setEnabled(dimension == 2)
        if dimension == 1 and self.surface_button.isChecked():
            self.surface_button.setChecked(False)
        self.plot_view().set_functions(self.functions, redraw=not refit)
        if refit:
            ranges, self._pending_ranges = self._pending_ranges, None
            if ranges:
                self.plot_view().set_view_range(*ranges)
            else:
                self.fit_view()
        self.descent.set_start(self.start)
        self.plot_view().show_start(self.start)
        self._analyse()
        self._refresh_surface()

    def plot_view(self) -> Any:
        """The 2-D plot on show: the contour view, or the curve view for f(x)."""
        return self.views.currentWidget()

    def fit_view(self) -> None:
        """A view that shows the origin, the point and the start with room around them."""
        reach = max([3.0] + [abs(v) * 1.3 for v in self.start + self.point])
        if len(self.variables) == 2:
            self.contour.set_view_range([-reach, reach], [-reach, reach])
            return
        values = self.functions.values("f", [-reach, 0.0, reach, *self.start]) \
            if self.functions else []
        finite = [float(v) for v in values if math.isfinite(v)] or [0.0, 1.0]
        low, high = min(finite), max(finite)
        pad = 0.1 * (high - low or 1.0)
        self.curve.set_view_range([-reach, reach], [low - pad, high + pad])

    # ------------------------------------------------------------ engine answers
    def current_request(self, purpose: str) -> Job | None:
        """The job last sent, while the formula on screen is the f it was about."""
        return self.asked_while_typed(purpose, self.editor)

    def on_stale(self, purpose: str, result: Result) -> None:
        """An answer for an earlier f or start: its formulas and limits go."""
        if purpose == "field":
            self.formulas.set_latex("")
        elif purpose == "partials":
            self.partials.clear("")
        elif purpose == "limits":
            self.limits, self.limits_problem = None, "working it out\u2026"
            self._show_limits()
        elif purpose == "descent":  # the race was run on an earlier f
            self.runs = []
            self._draw_runs()
            self.descent.show_verdict("")

    def on_result(self, purpose: str, result: Any) -> None:
        """Derivative trees, step-size limits, or a finished race (each for f on show)."""
        if isinstance(result, GradientFieldResult):
            self.functions = FieldFunctions(result.trees, result.variables)
            self.plot_view().set_functions(self.functions)
            self.formulas.set_latex(formulas_latex(result.latex, len(self.variables)))
            self._analyse()
            self._refresh_surface()
            self.status_message.emit("Derivatives ready: click the plot to examine a point.")
        elif isinstance(result, LimitsResult):
            self.limits, self.limits_problem = result, ""
            self._show_limits()
        elif isinstance(result, DescentResult):
            self._show_runs([RunPath.from_result(run) for run in result.runs])
            self.descent.show_verdict(result.verdict if isinstance(result, RaceResult) else "")
        elif isinstance(result, RatesResult):
            changed = self.descent.rates.set_rates(result.rates)
            self.descent.rates.set_reasons(result.reasons)
            if changed and not self.descent.same_rate():
                self._descent_timer.start()
        elif isinstance(result, PartialsResult):
            partials_view(self.partials, result)

    def on_failure(self, purpose: str, error: Any) -> None:
        """Say what went wrong where it matters; never a traceback."""
        message = getattr(error, "message", str(error))
        if purpose == "field":
            self.editor.show_error(message, getattr(error, "position", None))
        elif purpose == "limits":
            self.limits, self.limits_problem = None, message
            self._show_limits()
        elif purpose == "descent":
            self.descent.show_problem(f"The race could not run: {message}")
        elif purpose == "partials":
            self.partials.clear(f"No partial derivatives: {message}")
        self.status_message.emit(message)

    # ------------------------------------------------------------ at a point
    def set_point(self, point: list[float]) -> None:
        """Examine f at ``point``."""
        self.point = [float(v) for v in point][: len(self.variables)]
        self._analyse()
        self.state_changed.emit()

    def set_direction(self, dx: float, dy: float) -> None:
        """The direction of the directional derivative (any non-zero vector)."""
        if not unit((dx, dy)):
            return
        self.direction = [float(dx), float(dy)]
        self._analyse(directional_only=True)
        self.state_changed.emit()

    def analysis(self) -> Any:
        """The derivatives at the current point (None before f is known)."""
        if self.functions is None:
            return None
        return self.functions.analyse(self.point, self.direction)

    def _analyse(self, directional_only: bool = False) -> None:
        result = self.analysis()
        if result is None:
            return
        self.plot_view().show_point(result)
        if directional_only:
            self.point_panel.show_directional(result)
        else:
            self.point_panel.show_analysis(result)

    # ------------------------------------------------------------ descent
    def set_start(self, start: list[float]) -> None:
        """Start the race from ``start``."""
        self.start = [float(v) for v in start][: len(self.variables)]
        self.descent.set_start(self.start)
        self.plot_view().show_start(self.start)
        self._after_start_changed()
        self.state_changed.emit()

    def _after_start_changed(self) -> None:
        self.limits, self.limits_problem = None, "working it out…"
        self._show_limits()
        self.submit("limits", LimitsJob(self.text, self.variables, tuple(self.start)))
        self.submit("rates", RatesJob(self.text, self.variables, tuple(self.start)))
        self._descent_timer.start()

    def _on_descent_settings_changed(self) -> None:
        self._show_limits()
        self._descent_timer.start()
        self.state_changed.emit()

    def run_descent(self) -> None:
        """Send the race to the worker (at once; edits arrive here debounced)."""
        self._descent_timer.stop()
        chosen = self.descent.chosen()
        if not chosen or not self.text:
            self._show_runs([])
            return
        hyper = self.descent.hyper()
        runs = tuple((name, self.descent.rate_for(name), tuple(hyper_for(name, hyper).items()))
                     for name in chosen)
        self.submit("descent", RaceJob(self.text, self.variables, tuple(self.start), runs,
                                       self.descent.steps.value()))

    def _show_runs(self, runs: list[RunPath]) -> None:
        self.runs = runs
        self._draw_runs()
        frame = self._pending_frame or 0
        self._pending_frame = None
        self.player.pause()
        # set_count always redraws the frame (even the one already on show): the runs are new
        self.player.set_count(max([r.length for r in runs] or [1]), frame)
        self._show_limits()

    def _draw_runs(self) -> None:
        self.plot_view().set_runs(self.runs)
        self.loss.set_runs(self.runs)
        self.surface.set_runs(self.runs if len(self.variables) == 2 else [])
        self.descent.show_runs(self.runs)

    def _show_limits(self) -> None:
        rate = self.descent.rate_for("gd")
        text, max_stable, optimal = prediction_text(
            self.limits, self.limits_problem, rate, self.runs, "gd" in self.descent.chosen())
        self.descent.prediction.setText(text)
        warn = max_stable is not None and rate > max_stable
        self.descent.prediction.setStyleSheet("color: #c62828;" if warn else "")
        self.descent.rate.set_limits(max_stable, optimal)

    def show_frame(self, frame: int) -> None:
        """Every view in the state of step ``frame`` (markers and path ends only)."""
        self.plot_view().show_frame(frame)
        self.loss.show_frame(frame)
        if self.surface.is_open():
            self.surface.show_frame(frame)

    # ------------------------------------------------------------ 3-D
    def show_surface(self, visible: bool) -> None:
        """Open (or hide) the 3-D view beside the contours; a message where GL is missing."""
        self.surface.setVisible(visible)
        if visible:  # a widget shown again in a splitter may come back 0 pixels wide
            total = max(sum(self.plots.sizes()), self.plots.width())
            self.plots.setSizes([total // 2, total - total // 2])
        if visible and self.surface.open():
            self._refresh_surface()
        self.state_changed.emit()

    def _refresh_surface(self) -> None:
        if self.surface.is_open() and self.surface.isVisible():
            x_range, y_range = self.contour.view_range()
            self.surface.set_functions(self.functions if len(self.variables) == 2 else None,
                                       x_range, y_range)
            self.surface.show_frame(self.player.frame())

    def _on_view_recomputed(self, ms: float) -> None:
        what = "Contours" if len(self.variables) == 2 else "Curve"
        self.timing.setText(f"{what} recomputed in {ms:.0f} ms. Drag to pan, wheel to zoom; "
                            "shift+click sets the start.")
        self._refresh_surface()  # the surface shows the same ranges as the contours

    def _on_view_clicked(self, x: float, y: float, shift: bool) -> None:
        where = [x, y][: len(self.variables)]
        if shift or self.click_mode.currentData() == "start":
            self.set_start(where)
        else:
            self.set_point(where)

    # ------------------------------------------------------------ application hooks
    def state(self) -> dict[str, Any]:
        """Function, ranges, point, direction, start, race settings and frame."""
        x_range, y_range = self.plot_view().view_range()
        return {
            "function": self.text, "x_range": x_range, "y_range": y_range,
            "point": list(self.point), "direction": list(self.direction),
            "start": list(self.start), "optimizers": self.descent.chosen(),
            "lr": self.descent.rate.rate(), "hyper": self.descent.hyper(),
            "rates": self.descent.rates.rates(), "same_rate": self.descent.same_rate(),
            "steps": self.descent.steps.value(), "frame": self.player.frame(),
            "show_3d": self.surface_button.isChecked(),
        }

    def restore(self, state: dict[str, Any]) -> None:
        """Put the lab back in ``state`` (missing values keep their current setting)."""
        restore_state(self, state)

    def apply_try_it(self, params: dict[str, Any]) -> None:
        """A lesson's "try it": function, start, optimizers, lr or each one's rates, steps;
        the point is the start. ``rates`` races each optimizer at its own η."""
        state: dict[str, Any] = {"function": params["function"]}
        if "start" in params:
            start = [float(v) for v in params["start"]]
            state.update(start=start, point=start)
        state["optimizers"] = list(params.get("optimizers", ["gd"]))
        for key in ("lr", "steps", "rates"):
            if key in params:
                state[key] = params[key]
        state["same_rate"] = "lr" in params and "rates" not in params
        state["fit"] = True
        self.restore(state)

    def figures(self) -> list[tuple[str, QWidget]]:
        """The 2-D plot and the loss plot."""
        return [("contours" if len(self.variables) == 2 else "curve", self.plot_view().plot),
                ("loss", self.loss.plot)]

    def derivation(self) -> DerivationView | None:
        """The gradient and Hessian of f, with the partial derivatives' steps."""
        latex = self.formulas.latex()
        return DerivationView(f"Gradient of f = {self.text}", latex,
                              self.partials.steps()) if latex else None

    def code_script(self) -> tuple[str, str] | None:
        """The script of what the lab shows, for the Code view (see ``ui.code_scripts``)."""
        from workbench.ui.code_scripts import gradient_code

        return gradient_code(self)

    def animation(self) -> Animation | None:
        """The race, frame by frame (frame k: every racer after k steps): the plots and, under
        them, the loss curves with their legend and the step line."""
        return FrameAnimation(self.player, lambda: [self.plots, self.loss], EXPORT_FRAME_MS)

    def report_tables(self) -> list[Any]:
        """The race on screen: each optimizer's η, final point and final loss."""
        from workbench.ui.labs.gradient.race_report import race_table

        table = race_table(self.shown_results().get("descent"))
        return [table] if table is not None else []

    def deactivate(self) -> None:
        """Hidden tab: stop playing."""
        self.player.pause()
