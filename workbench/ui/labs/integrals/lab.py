"""``IntegralsLab``: area under a curve and the accumulation function, Riemann sums, and
double integrals, with the antiderivative's steps and the stage of the chain that answered.

Everything drawn while dragging, moving n or playing is computed here with numpy on the
editor's plain tree; the exact values and the steps come from the worker, which runs
under the client's time limit and can be cancelled (the indicator's Cancel button, or Esc).
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QSplitter, QTabWidget, QVBoxLayout, QWidget)

from workbench.protocol.syntax import symbols_of
from workbench.ui.derivation_panel import DerivationPanel
from workbench.ui.editor import ExpressionEditor
from workbench.ui.labs.base import Lab
from workbench.ui.labs.integrals.area_view import AreaView
from workbench.ui.labs.integrals.controls import CheckedField, JobIndicator
from workbench.ui.labs.integrals.double_view import DoubleView, swapped_setup
from workbench.ui.labs.integrals.hooks import DEFAULTS, StateHooks, bound_text
from workbench.ui.labs.integrals.numerics import read_bound
from workbench.ui.labs.integrals.plots import nice_step, snapped_text
from workbench.ui.labs.integrals.riemann_view import RiemannView
from workbench.worker.jobs.integrals import AreaJob, DoubleJob, SwapJob

VIEWS = ("area", "riemann", "double")
VIEW_TITLES = {"area": "Area", "riemann": "Riemann sums", "double": "Double integrals"}
JOB_DELAY_MS = 400  # a pause in editing before the worker is asked for the exact value
STAGES = {
    "steps": "the step engine (every step shown)",
    "rewrite": "our rewrites, then the step engine",
    "integrator": "the full integrator (no steps)",
    "numeric": "numerical integration only (no exact value)",
    "none": "nothing: no exact value was found",
}
JOB_KINDS = {"area": AreaJob.kind, "double": DoubleJob.kind, "swap": SwapJob.kind}
WHAT = {"area": "the exact integral and its steps", "double": "the double integral",
        "swap": "the swapped order"}


class IntegralsLab(StateHooks, Lab):
    """The Integrals lab: Area, Riemann sums and Double integrals views, and the steps."""

    kind = "integrals"
    title = "Integrals"

    def __init__(self, client: QObject, parent: QWidget | None = None) -> None:
        super().__init__(client, parent)
        self._payloads: dict[str, dict[str, Any]] = {}
        self._dirty: set[str] = set()
        self._restoring = False
        self.last_function = DEFAULTS["function"]  # the last function that parsed
        self._asked: tuple[str, str, str] | None = None  # the integral last sent
        self._build()
        self._job_timer = QTimer(self, singleShot=True, interval=JOB_DELAY_MS)
        self._job_timer.timeout.connect(self.request_exact)
        client.job_started.connect(self._on_client_job_started)
        progress = getattr(client, "job_progress", None)  # clients that stream stages
        if progress is not None:
            progress.connect(self._on_client_job_progress)
        self.restore(DEFAULTS)

    # ---------------------------------------------------------------- building
    def _build(self) -> None:
        left = QWidget(self)
        column = QVBoxLayout(left)
        column.setContentsMargins(6, 6, 6, 6)
        column.addLayout(self._build_top())
        column.addWidget(self._build_views(), 1)
        self.indicator = JobIndicator(self)
        self.indicator.cancel_requested.connect(self.cancel)
        column.addWidget(self.indicator)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(self._build_side())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([900, 520])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self._build_shortcuts()

    def _build_top(self) -> QHBoxLayout:
        self.editor = ExpressionEditor(self)
        self.editor.tree_changed.connect(lambda _tree: self._on_problem_edited())
        self.editor.expression_changed.connect(lambda _text: self._job_timer.start())
        self.editor.compute_requested.connect(lambda _text: self.request_exact())
        # oo, -oo, ∞ and inf are welcome: an improper integral
        self.a_field = CheckedField("a =", "integrals_a", "Lower bound a",
                                    lambda t: read_bound(t, "a", infinite=True), width=70)
        self.b_field = CheckedField("b =", "integrals_b", "Upper bound b",
                                    lambda t: read_bound(t, "b", infinite=True), width=70)
        for field in (self.a_field, self.b_field):
            field.value_changed.connect(lambda _v: self._on_bounds_edited())
        top = QHBoxLayout()
        top.addWidget(self.editor, 4)
        top.addWidget(self.a_field, 1, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.b_field, 1, Qt.AlignmentFlag.AlignTop)
        return top

    def _build_views(self) -> QTabWidget:
        self.area = AreaView(self)
        self.area.bound_dragged.connect(self._on_area_bound_dragged)
        self.area.bound_drag_finished.connect(self._on_bounds_settled)
        self.riemann = RiemannView(self)
        self.riemann.settings_changed.connect(self._on_setting_changed)
        self.double = DoubleView(self)
        self.double.compute_requested.connect(self.request_double)
        self.double.swap_requested.connect(self.request_swap)
        self.double.setup_changed.connect(self._on_setting_changed)
        self.views = QTabWidget(self)
        self.views.setObjectName("integrals_views")
        self.views.setAccessibleName("Integral views")
        for view in VIEWS:
            self.views.addTab(self.view_widget(view), VIEW_TITLES[view])
        self.views.currentChanged.connect(self._on_view_changed)
        return self.views

    def _build_side(self) -> QWidget:
        side = QWidget(self)
        self.stage = QLabel("", side)
        self.stage.setObjectName("integrals_stage")
        self.stage.setAccessibleName("Which stage of the integrator answered")
        self.stage.setWordWrap(True)
        self.stage.setTextFormat(Qt.TextFormat.RichText)
        self.stage.setStyleSheet("background:#f3f6fb; border:1px solid #c5d3e8; "
                                 "border-radius:4px; padding:4px;")
        # its two lines wrap to three or four beside the Lessons panel; a splitter's
        # column does not ask a wrapped label for its height, so reserve it
        self.stage.setMinimumHeight(4 * self.stage.fontMetrics().lineSpacing() + 12)
        self.panel = DerivationPanel(side)
        self.panel.set_message("The steps of the integral appear here.")
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 6, 6, 6)
        column.addWidget(self.stage)
        column.addWidget(self.panel, 1)
        return side

    def _build_shortcuts(self) -> None:
        # Space and the arrows belong to each view's player (FramePlayer.add_shortcuts)
        stop = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        stop.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        stop.activated.connect(self.cancel)

    def view_widget(self, view: str) -> QWidget:
        """The widget of ``view`` ("area", "riemann" or "double")."""
        return {"area": self.area, "riemann": self.riemann, "double": self.double}[view]

    def current_view(self) -> str:
        """The view on show."""
        return VIEWS[self.views.currentIndex()]

    def set_view(self, view: str) -> None:
        """Show ``view``."""
        self.views.setCurrentIndex(VIEWS.index(view))

    # ---------------------------------------------------------------- the problem
    def problem(self) -> tuple[Any, float, float] | None:
        """(tree, a, b) when the function and both bounds are valid, else None."""
        tree, a, b = self.editor.tree(), self.a_field.value(), self.b_field.value()
        if tree is None or a is None or b is None:
            return None
        letters = symbols_of(tree) - {"x"}
        if letters:
            self.editor.show_error(f"f may only use x here, not {', '.join(sorted(letters))} "
                                   "(for two variables use Double integrals)", None)
            return None
        return tree, a, b

    def refresh(self, fit: bool = True) -> None:
        """Redraw the view on show from the current function and bounds (numpy only)."""
        problem = self.problem()
        if problem is None or self._restoring:
            return
        self._dirty = {"area", "riemann"}
        if self._payloads.get("area", {}).get("_key") != self._problem_key():
            self.area.set_exact("")  # the engine's answer was for another integral
        self._refresh_view(self.current_view(), problem, fit)

    def _refresh_view(self, view: str, problem: tuple[Any, float, float], fit: bool) -> None:
        if view not in self._dirty:
            return
        self._dirty.discard(view)
        if view == "area":
            self.area.set_problem(*problem, fit=fit)
        elif view == "riemann":
            self.riemann.set_problem(*problem)
            if "area" in self._payloads and self._payloads["area"].get("_key") == \
                    self._problem_key():
                self.riemann.set_exact(self._payloads["area"]["value"])

    def _problem_key(self) -> tuple[str, str, str]:
        return (self.editor.text().strip(), self.a_field.text().strip(),
                self.b_field.text().strip())

    # ---------------------------------------------------------------- engine jobs
    def request_exact(self) -> None:
        """Ask the worker for ∫_a^b f exactly, with the antiderivative's steps."""
        self._job_timer.stop()
        if self.problem() is None:
            return
        key = self._problem_key()
        answered = self._payloads.get("area", {}).get("_key") == key
        if key == self._asked and (self.is_waiting("area") or answered):
            return  # already asked (a restore, then the editor's pause): don't restart it
        self._asked = key
        text, a, b = key
        job = AreaJob(text, a, b)  # as typed: the engine reads "2" as 2, "pi/2" as π/2
        self._start_job("area", job)

    def request_double(self) -> None:
        """Ask the worker for the double integral in the fields."""
        ranges = self.double.job_ranges()
        if ranges is None:
            self.double.show_message("Fix the fields marked in red first.")
            return
        self._start_job("double", DoubleJob(self.double.function.text().strip(), *ranges))

    def request_swap(self) -> None:
        """Ask the worker to describe the region the other way round."""
        ranges = self.double.job_ranges()
        if ranges is None:
            self.double.show_message("Fix the fields marked in red first.")
            return
        self._start_job("swap", SwapJob(self.double.function.text().strip(), *ranges))

    def _start_job(self, purpose: str, job: Any) -> None:
        # before submitting: a client may report job_started from inside submit()
        if self.indicator.isHidden():
            self.indicator.start(WHAT[purpose], float(getattr(self.client, "time_limit", 10.0)))
        self.submit(purpose, job)
        self.indicator.set_what(self._outstanding())
        if purpose == "area":
            self.stage.setText("Working on the exact value\u2026")
            self.area.set_exact("")
        else:
            self.double.show_message("Working\u2026")

    def cancel(self) -> None:
        """Stop this lab's engine jobs (the client kills the worker; a warm spare takes over).

        The client is asked for this lab's job kinds only, so the Explore view's
        derivative is not stopped with them.
        """
        for kind in sorted({JOB_KINDS[p] for p in WHAT if self.is_waiting(p)}):
            self.client.cancel(kind)
        self.indicator.stop()

    def on_result(self, purpose: str, payload: Any) -> None:
        """Show an engine answer (only the latest per purpose arrives here)."""
        self._update_indicator()
        if purpose == "area":
            self._payloads["area"] = {**payload, "_key": self._job_key(payload)}
            if self._payloads["area"]["_key"] == self._problem_key():
                # else the student edited since (the newer job waits for its pause)
                self._show_area_payload(self._payloads["area"])
        elif purpose == "double":
            self._payloads["double"] = payload
            self.double.show_result(payload)
            if self.current_view() == "double":
                self._show_derivation("double")
        elif purpose == "swap":
            self.double.set_setup(swapped_setup(payload, self.double.function.text()))
            self.state_changed.emit()
            self.request_double()

    def on_failure(self, purpose: str, error: Any) -> None:
        """Say in words why there is no answer; the numeric views keep working."""
        self._update_indicator()
        kind = getattr(error, "kind", "error")
        message = getattr(error, "message", str(error))
        if kind == "cancelled":
            message = "Stopped. The numbers drawn here are numeric and still hold."
        elif kind == "timeout":
            message = ("The engine ran out of time. The numbers drawn here are numeric "
                       "and still hold; try a simpler function for exact steps.")
        elif kind == "parse" and purpose == "area":
            self.editor.show_error(message, getattr(error, "position", None))
        if purpose == "area":
            self.stage.setText(f"<b>No exact answer.</b> {message}")
            self.panel.clear(message)
        else:
            self.double.show_message(message)
        self.status_message.emit(message)

    def _job_key(self, payload: dict[str, Any]) -> tuple[str, str, str]:
        return (payload.get("text", ""), bound_text(payload.get("lower")),
                bound_text(payload.get("upper")))

    def _outstanding(self) -> str:
        return " and ".join(WHAT[p] for p in WHAT if self.is_waiting(p))

    def _update_indicator(self) -> None:
        if any(self.is_waiting(p) for p in WHAT):
            self.indicator.set_what(self._outstanding())
        else:
            self.indicator.stop()

    def _show_area_payload(self, payload: dict[str, Any]) -> None:
        stage = payload.get("stage", "none")
        self.stage.setText(f"<b>Answered by:</b> {STAGES.get(stage, stage)}<br>"
                           f"<b>Why:</b> {payload.get('note', '')}")
        self.riemann.set_exact(payload.get("value", math.nan))
        self.area.set_exact(payload.get("latex", ""))
        self.area.set_verdict(payload.get("value", math.nan), payload.get("note", ""))
        if self.current_view() != "double":
            self._show_derivation("area")

    def _show_derivation(self, purpose: str) -> None:
        payload = self._payloads.get(purpose)
        if payload is None:
            self.panel.clear("Press Compute for the steps." if purpose == "double" else "")
            return
        self.panel.set_result("", payload.get("exact_latex") or "", payload.get("steps", []))
        self.panel.heading.set_latex(payload.get("latex", ""))
        # the heading changed after set_result sized it: size it again (see the report)
        self.panel._fit_heading_area()  # noqa: SLF001
        if not payload.get("steps"):
            self.panel.set_message("No steps: " + (payload.get("note") or "none were found."))

    # ---------------------------------------------------------------- slots
    def _on_problem_edited(self) -> None:
        self.last_function = self.editor.text().strip()
        if not self._restoring:
            self.refresh()
            self.state_changed.emit()

    def _on_bounds_edited(self) -> None:
        if not self._restoring:
            self.refresh()
            self._job_timer.start()
            self.state_changed.emit()

    def _on_area_bound_dragged(self, which: str, value: float) -> None:
        field = self.a_field if which == "a" else self.b_field
        lo, hi = self.area.plot.getViewBox().viewRange()[0]
        blocked = field.blockSignals(True)
        field.set_text(snapped_text(value, nice_step(hi - lo)))
        field.blockSignals(blocked)
        problem = self.problem()
        if problem is not None:
            self._dirty = {"area", "riemann"}
            self._refresh_view("area", problem, fit=False)

    def _on_bounds_settled(self) -> None:
        self._job_timer.start()
        self.state_changed.emit()

    def _on_client_job_started(self, _job_id: int, kind: str) -> None:
        if kind.startswith(f"{self.kind}.") and not self.indicator.isHidden():
            self.indicator.mark_started()

    def _on_client_job_progress(self, job_id: int, _kind: str, info: Any) -> None:
        # only the latest job of one of our purposes: a stale report is someone else's past
        if self._purpose_of(job_id) not in WHAT or self.indicator.isHidden():
            return
        if isinstance(info, dict) and info.get("title"):
            limit = info.get("limit")
            self.indicator.set_stage(str(info["title"]),
                                     float(limit) if isinstance(limit, (int, float)) else None)

    def _on_setting_changed(self) -> None:
        if not self._restoring:
            self.state_changed.emit()

    def _on_view_changed(self, _index: int) -> None:
        self.area.player.pause()
        self.riemann.player.pause()
        view = self.current_view()
        problem = self.problem()
        if problem is not None and view != "double":
            self._refresh_view(view, problem, fit=True)
        self._show_derivation("double" if view == "double" else "area")
        if view == "double":
            self.stage.setText("Double integrals: the inner integral first, then the outer.")
        elif "area" in self._payloads:
            self._show_area_payload(self._payloads["area"])
        self.state_changed.emit()
