"""``IntegralsLab``: area under a curve and the accumulation function, Riemann sums, and
double integrals, with the antiderivative's steps and the stage of the chain that answered.

Everything drawn while dragging, moving n or playing is computed here with numpy on the
editor's plain tree; the exact values and the steps come from the worker, which runs
under the client's time limit and can be cancelled (the indicator's Cancel button, or Esc).
"""

from __future__ import annotations

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
from workbench.ui.labs.integrals.hooks import DEFAULTS, StateHooks
from workbench.ui.labs.integrals.numerics import read_bound
from workbench.ui.labs.integrals.plots import nice_step, snapped_text
from workbench.ui.labs.integrals.riemann_view import RiemannView
from workbench.protocol.jobs.core import Job
from workbench.protocol.jobs.integrals import AreaJob, DoubleJob, IndefiniteJob, SwapJob
from workbench.protocol.results import DoubleIntegralResult, IntegralResult, Result, SwapResult

VIEWS = ("area", "riemann", "double")
VIEW_TITLES = {"area": "Area", "riemann": "Riemann sums", "double": "Double integrals"}
JOB_DELAY_MS = 400  # a pause in editing before the worker is asked for the exact value
STAGES = {
    "steps": "the step engine (every step shown)",
    "rewrite": "our own methods (every step shown)",
    "integrator": "the full integrator (no steps)",
    "numeric": "numerical integration only (no exact value)",
    "none": "nothing: no exact value was found",
}
INDEFINITE_HINT = ("<b>Indefinite integral:</b> a and b are empty, so this is the "
                   "antiderivative F with its steps. Give a and b to shade an area.")
WHAT = {"area": "the exact integral and its steps", "double": "the double integral",
        "swap": "the swapped order"}


class IntegralsLab(StateHooks, Lab):
    """The Integrals lab: Area, Riemann sums and Double integrals views, and the steps."""

    kind = "integrals"
    title = "Integrals"

    def __init__(self, client: QObject, parent: QWidget | None = None) -> None:
        super().__init__(client, parent)
        self._dirty: set[str] = set()
        self._restoring = False
        self.last_function = DEFAULTS["function"]  # the last function that parsed
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
        self.editor.text_edited.connect(lambda _text: self._on_inputs_touched())
        self.editor.expression_changed.connect(lambda _text: self._job_timer.start())
        self.editor.compute_requested.connect(lambda _text: self.request_exact())
        # oo, -oo, ∞ and inf are welcome: an improper integral
        self.a_field = CheckedField("a =", "integrals_a", "Lower bound a",
                                    lambda t: read_bound(t, "a", infinite=True), width=70)
        self.b_field = CheckedField("b =", "integrals_b", "Upper bound b",
                                    lambda t: read_bound(t, "b", infinite=True), width=70)
        for field in (self.a_field, self.b_field):
            field.value_changed.connect(lambda _v: self._on_bounds_edited())
            field.edit.textChanged.connect(lambda _text: self._on_inputs_touched())
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
        if not self._restoring:
            self.check_currency()  # an answer for other inputs is not shown as current
        if problem is None and not self._restoring and self._indefinite_curve() is not None:
            self.area.show_curve_only(self._indefinite_curve())
            self._dirty = {"riemann"}  # its sums need bounds too: redrawn when they come
            return
        if problem is None or self._restoring:
            return
        self._dirty = {"area", "riemann"}
        self._refresh_view(self.current_view(), problem, fit)

    def _refresh_view(self, view: str, problem: tuple[Any, float, float], fit: bool) -> None:
        if view not in self._dirty:
            return
        self._dirty.discard(view)
        if view == "area":
            self.area.set_problem(*problem, fit=fit)
        elif view == "riemann":
            self.riemann.set_problem(*problem)
            area = self.shown_results().get("area")
            if isinstance(area, IntegralResult):  # shown only while it answers this problem
                self.riemann.set_exact(area.value)

    def _problem_key(self) -> tuple[str, str, str]:
        return (self.editor.text().strip(), self.a_field.text().strip(),
                self.b_field.text().strip())

    # ---------------------------------------------------------------- engine jobs
    def request_exact(self) -> None:
        """Ask the worker for ∫_a^b f exactly, with the antiderivative's steps."""
        self._job_timer.stop()
        job = self.current_request("area")
        if job is None or (not self.indefinite() and self.problem() is None):
            return
        answered = self.shown_request("area") == job
        if job == self._asked.get("area") and (self.is_waiting("area") or answered):
            return  # already asked (a restore, then the editor's pause): don't restart it
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
        # the kind of the job each purpose waits for (the area's is definite or indefinite)
        for kind in sorted({self._asked[p].kind for p in WHAT if self.is_waiting(p)}):
            self.client.cancel(kind)
        self.indicator.stop()

    def current_request(self, purpose: str) -> Job | None:
        """The job the function and bounds (or the double integral's fields) ask for now."""
        if purpose == "area":
            tree = self.editor.tree()
            if tree is not None and self.indefinite() and not symbols_of(tree) - {"x"}:
                return IndefiniteJob(self.editor.text().strip())
            if tree is None or self.a_field.value() is None or self.b_field.value() is None \
                    or symbols_of(tree) - {"x"}:
                return None
            # as typed: the engine reads "2" as 2, "pi/2" as π/2
            return AreaJob(*self._problem_key())
        if purpose == "double":
            ranges = self.double.job_ranges(quiet=True)
            return None if ranges is None else \
                DoubleJob(self.double.function.text().strip(), *ranges)
        return super().current_request(purpose)

    def on_stale(self, purpose: str, result: Result) -> None:
        """An answer for an earlier integral: off the plots, greyed in the derivation."""
        if purpose == "area":
            self.area.set_exact("")
            self.area.set_verdict(None)
            self.riemann.forget_exact()
            self.stage.setText("")
            if self.current_view() != "double":
                self.panel.mark_stale(getattr(result.request, "text", ""))
        elif purpose == "double":
            self.double.clear_result()
            if self.current_view() == "double":
                self.panel.mark_stale(getattr(result.request, "text", ""))

    def on_result(self, purpose: str, result: Any) -> None:
        """Show an engine answer (it answers the inputs on screen)."""
        self._update_indicator()
        if isinstance(result, IntegralResult):
            self._show_area_result(result)
        elif isinstance(result, DoubleIntegralResult):
            self.double.show_result(result)
            if self.current_view() == "double":
                self._show_derivation("double")
        elif isinstance(result, SwapResult):
            self.double.set_setup(swapped_setup(result, self.double.function.text()))
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

    def _outstanding(self) -> str:
        return " and ".join(WHAT[p] for p in WHAT if self.is_waiting(p))

    def _update_indicator(self) -> None:
        if any(self.is_waiting(p) for p in WHAT):
            self.indicator.set_what(self._outstanding())
        else:
            self.indicator.stop()

    def _indefinite_curve(self) -> Any:
        """The tree of f when the bounds are empty and f is a function of x alone."""
        tree = self.editor.tree()
        if not self.indefinite() or tree is None or symbols_of(tree) - {"x"}:
            return None
        return tree

    def indefinite(self) -> bool:
        """Whether both bounds are empty: the student asks for the antiderivative."""
        return not self.a_field.text().strip() and not self.b_field.text().strip()

    def _show_area_result(self, result: IntegralResult) -> None:
        if isinstance(result.request, IndefiniteJob):
            self.stage.setText(f"{INDEFINITE_HINT}<br><b>Answered by:</b> "
                               f"{STAGES.get(result.stage, result.stage)}. {result.note}")
            self.area.set_exact(result.latex)
            if self.current_view() != "double":
                self._show_derivation("area")
            return
        self.stage.setText(f"<b>Answered by:</b> {STAGES.get(result.stage, result.stage)}<br>"
                           f"<b>Why:</b> {result.note}")
        self.riemann.set_exact(result.value)
        self.area.set_exact(result.latex)
        self.area.set_verdict(result.value, result.note)
        if self.current_view() != "double":
            self._show_derivation("area")

    def _show_derivation(self, purpose: str) -> None:
        result = self.shown_results().get(purpose)
        if not isinstance(result, (IntegralResult, DoubleIntegralResult)):
            if not self.panel.is_stale():
                self.panel.clear("Press Compute for the steps." if purpose == "double" else "")
            return
        self.panel.set_result("", result.exact_latex, list(result.steps))
        self.panel.heading.set_latex(result.latex)
        # the heading changed after set_result sized it: size it again (see the report)
        self.panel._fit_heading_area()  # noqa: SLF001
        if not result.steps:
            # the whole note (why, and why there is no elementary antiderivative) is in the
            # box above; repeating a long one here would not fit the panel
            self.panel.set_message("No steps: " + _first_clause(result.note) + " (why: above)"
                                   if result.note else "No steps: none were found.")

    # ---------------------------------------------------------------- slots
    def _on_problem_edited(self) -> None:
        self.last_function = self.editor.text().strip()
        if not self._restoring:
            self.refresh()
            self.state_changed.emit()

    def _on_inputs_touched(self) -> None:
        """Any keystroke in f or a bound, valid or not: earlier answers stop being current.

        Both bounds empty is a question of its own, the antiderivative: no field is in
        error then, and its job goes after the usual pause.
        """
        if self._restoring:
            return
        self.check_currency()
        if self.indefinite():
            for field in (self.a_field, self.b_field):
                field.show_problem("")
            self.stage.setText(INDEFINITE_HINT)
            self.refresh()  # the area of the old interval goes: f alone
            self._job_timer.start()

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
            self.check_currency()
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
        elif isinstance(area := self.shown_results().get("area"), IntegralResult):
            self._show_area_result(area)
        self.state_changed.emit()


def _first_clause(note: str) -> str:
    """The note up to its first ";": what happened, without the longer reasons after it."""
    return note.split(";", 1)[0].strip()
