"""Putting the gradient lab back into a saved (or lesson-given) state."""

from __future__ import annotations

from typing import Any

from workbench.ui.labs.gradient.runs import HYPER


def restore_state(lab: Any, state: dict[str, Any]) -> None:
    """Apply ``state`` (session fields; ``fit`` asks for a fitted view) to ``lab``.

    The race settings are set first, silently, so that the one function change at
    the end sends one derivative job, one limits job and one race.
    """
    descent = lab.descent
    widgets = (descent, descent.rate, descent.steps, descent.rates)
    blocked = [w.blockSignals(True) for w in widgets]
    try:
        if "optimizers" in state:
            descent.set_chosen(list(state["optimizers"]))
        if "lr" in state:
            descent.rate.set_rate(float(state["lr"]))
        if "rates" in state:
            descent.rates.set_rates({k: float(v) for k, v in state["rates"].items()}, pin=True)
        # a state from before each optimizer had its own rate gives "lr" alone: one η for all
        same = state.get("same_rate", "lr" in state and "rates" not in state)
        descent.rates.set_same(bool(same))
        descent.set_chosen(descent.chosen())  # shows the slider or the rates
        if "steps" in state:
            descent.steps.setValue(max(1, int(state["steps"])))
        if "hyper" in state:
            known = {f"{n}.{p}" for n, params in HYPER.items() for p in params}
            descent.set_hyper({k: v for k, v in state["hyper"].items() if k in known})
    finally:
        for widget, was in zip(widgets, blocked):
            widget.blockSignals(was)
    if "point" in state:
        lab.point = [float(v) for v in state["point"]]
    if "direction" in state and any(state["direction"]):
        lab.direction = [float(v) for v in state["direction"]]
    if "start" in state:
        lab.start = [float(v) for v in state["start"]]
    lab._pending_frame = int(state.get("frame", 0))  # noqa: SLF001 - the lab's own restore half
    if "x_range" in state and "y_range" in state and not state.get("fit"):
        lab._pending_ranges = (list(state["x_range"]), list(state["y_range"]))  # noqa: SLF001
    lab.functions = None  # forces the function (and every job) to be redone, with a new view
    lab.set_function(str(state.get("function", lab.text)))
    if "show_3d" in state:
        lab.surface_button.setChecked(bool(state["show_3d"]))
    lab.run_descent()

