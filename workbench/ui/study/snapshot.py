"""Capture the window into a :class:`Session` and put a session back into the window.

The Explore view is read through the window's public widgets (editor, canvas); each
created lab through its ``state()``/``restore()`` hooks. Only lab kinds the session
layer knows (``workbench.session.labs``) are saved: a lab without declared fields
could not be read back, so saving it would only produce a file that fails to open.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMainWindow

from workbench.session import LabState, Session, lab_kinds, session_from_data
from workbench.ui.settings import DEFAULT_FUNCTION

EXPLORE = "explore"


def explore_state(window: QMainWindow, fallback: str = DEFAULT_FUNCTION) -> dict[str, Any]:
    """The Explore view as the session's ``explore`` fields.

    ``fallback`` is the last function that parsed, saved while the input holds a
    half-typed formula (a session keeps only formulas that can be read back).
    """
    editor, canvas = window.editor, window.canvas
    text = editor.text().strip() if editor.tree() is not None else fallback
    (x_low, x_high), (y_low, y_high) = canvas.plot.getViewBox().viewRange()
    state: dict[str, Any] = {"function": text or fallback, "variable": canvas.var,
                             "show_second_derivative": canvas.is_second_derivative_visible()}
    if x_low < x_high:
        state["x_range"] = [float(x_low), float(x_high)]
    if y_low < y_high:
        state["y_range"] = [float(y_low), float(y_high)]
    return state


def restore_explore(window: QMainWindow, state: dict[str, Any]) -> None:
    """Put the Explore view back: function, f'' toggle and the exact visible ranges."""
    window.editor.set_text(str(state.get("function", DEFAULT_FUNCTION)))
    window.canvas.set_second_derivative_visible(bool(state.get("show_second_derivative")))
    set_view_range(window, state.get("x_range"), state.get("y_range"))


def set_view_range(window: QMainWindow, x_range: Any, y_range: Any) -> None:
    """Show exactly these ranges and keep them (as if the student had zoomed by hand)."""
    if not x_range and not y_range:
        return
    box = window.canvas.plot.getViewBox()
    box.setRange(xRange=x_range or None, yRange=y_range or None, padding=0)
    # The canvas re-frames new functions until the view is changed by hand; a restored
    # view is the student's own, so it is announced the way a manual zoom is.
    box.sigRangeChangedManually.emit(box.state["mouseEnabled"])


def capture_session(window: QMainWindow, progress: dict[str, float],
                    fallback: str = DEFAULT_FUNCTION) -> Session:
    """The window's study session: Explore, every created lab, lesson progress."""
    known = set(lab_kinds())
    labs = [LabState(EXPLORE, explore_state(window, fallback), "Explore")]
    active = 0
    current = window.tabs.currentWidget()
    for kind, lab in window.tabs.labs().items():
        if kind not in known:
            continue
        if lab is current:
            active = len(labs)
        labs.append(LabState(kind, dict(lab.state()), getattr(lab, "title", "") or kind))
    return Session(labs=labs, active=active, lesson_progress=dict(progress))


def checked(session: Session) -> Session:
    """``session`` as it will read back from a file (SessionError if a lab's state is bad)."""
    return session_from_data(session.to_data())


def restore_session(window: QMainWindow, session: Session) -> list[str]:
    """Put ``session`` back into the window; returns the titles of labs not available here."""
    missing: list[str] = []
    offered = set(window.tabs.kinds())
    shown: Any = None  # the lab to show at the end; None: Explore
    for index, lab_state in enumerate(session.labs):
        lab: Any = None
        if lab_state.kind == EXPLORE:
            restore_explore(window, lab_state.state)
        elif lab_state.kind in offered:
            lab = window.tabs.lab(lab_state.kind)
            lab.restore(dict(lab_state.state))
        else:
            missing.append(lab_state.title or lab_state.kind)
        if index == session.active:
            shown = lab
    if shown is None:
        window.tabs.setCurrentIndex(0)
    else:
        window.tabs.setCurrentWidget(shown)
    return missing
