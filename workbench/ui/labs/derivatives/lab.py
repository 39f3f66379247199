"""``DerivativesLab``: secant to tangent, the tangent line, numeric vs exact, the second
derivative and the steps, around one function and one point a.

The lab wires its views to a shared model and to the worker: f is drawn from the
editor's own tree at once; f', f'' and the steps come from a ``DeriveJob``; critical
and inflection points from ``critical_points`` / ``inflection_points``. Everything that
moves with the mouse or the animation is numpy on plain trees, in the UI.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QSplitter, QTabWidget, QVBoxLayout, QWidget

from workbench.protocol.jobs.calls import PointsJob, TangentJob
from workbench.protocol.jobs.core import Job
from workbench.protocol.jobs.derivatives import LabDeriveJob
from workbench.protocol.results import DerivativeResult, PointsResult, Result, TangentResult
from workbench.protocol.syntax import Node, symbols_of
from workbench.ui.canvas import PlotCanvas
from workbench.ui.editor import ExpressionEditor
from workbench.ui.labs.base import Animation, DerivationView, Lab
from workbench.ui.labs.derivatives.controls import ControlsBar
from workbench.ui.labs.derivatives.error_view import ErrorView
from workbench.ui.labs.derivatives.model import DEFAULT_FUNCTION, DerivativesModel
from workbench.ui.labs.derivatives.numeric import InputProblem, check_point, read_number
from workbench.ui.labs.derivatives.second_view import SecondView
from workbench.ui.labs.derivatives.secant_view import SecantView
from workbench.ui.labs.derivatives.steps_view import StepsView
from workbench.ui.labs.derivatives.tangent_view import CurveHandle, TangentView

DEFAULT_X_RANGE = (-3.0, 3.0)
EXACT_MS = 150


SIDE_TABS = ("secant", "error", "steps")


class DerivativesLab(Lab):
    """The Derivatives lab (issue 3)."""

    kind = "derivatives"
    title = "Derivatives"

    def __init__(self, client: QObject, parent: QWidget | None = None) -> None:
        super().__init__(client, parent)
        self.model = DerivativesModel(self)
        self._points_for: str | None = None  # the function whose points were asked for
        self._point_text: str | None = None  # a as typed ("pi/4"), for the exact f'(a)
        self._exact_for: tuple[str, float] | None = None  # (f, a) of the exact f'(a) asked
        # The exact f'(a) is asked for once a rests (not on every drag frame).
        self._exact_timer = QTimer(self, singleShot=True, interval=EXACT_MS)
        self._exact_timer.timeout.connect(self._request_exact)
        self._build()
        self._connect()
        self.controls.show_step(self.model.h, self.model.scheme)
        self.controls.show_point(self.model.a)
        self.canvas.plot.getViewBox().setXRange(*DEFAULT_X_RANGE, padding=0)
        self.editor.set_text(DEFAULT_FUNCTION)
        self._apply_views()

    # ---------------------------------------------------------------- building
    def _build(self) -> None:
        self.editor = ExpressionEditor(self)
        self.controls = ControlsBar(self)
        self.canvas = PlotCanvas(self)
        self.canvas.second_box.setVisible(False)  # the lab's own "f'' and concavity" switch
        self.canvas.tangent.setVisible(False)  # the lab draws its own tangent at a
        self.canvas.legend.setColumnCount(2)  # secant, tangent, f'', shading, guides: many
        # f' has its own plot below (the tangent view), so the main legend does not list it.
        self.canvas.legend.removeItem(self.canvas.curves["df"])
        self.handle = CurveHandle(size=15, brush="#1565c0", pen="w", hoverable=True)
        self.handle.setZValue(10)
        self.handle.setToolTip("Drag me along the curve")
        self.canvas.plot.getPlotItem().addItem(self.handle, ignoreBounds=True)
        self.secant = SecantView(self.model, self.canvas, self)
        self.tangent = TangentView(self.model, self.canvas, self)
        self.second = SecondView(self.model, self.canvas, self)
        self.second.hide()
        self.error = ErrorView(self.model, self)
        self.steps = StepsView(self.canvas, self)
        self._build_layout()

    def _build_layout(self) -> None:
        self.side = QTabWidget(self)
        self.side.setObjectName("derivatives_side_tabs")
        self.side.setAccessibleName("Secant table, error plot and steps")
        self.side.addTab(self.secant, "Secant \u2192 tangent")
        self.side.addTab(self.error, "Numeric vs exact")
        self.side.addTab(self.steps, "Steps")
        left = QSplitter(Qt.Orientation.Vertical, self)
        left.setObjectName("derivatives_plots")
        left.addWidget(self.canvas)
        left.addWidget(self.tangent)
        left.setStretchFactor(0, 3)
        left.setStretchFactor(1, 2)
        left.setChildrenCollapsible(False)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("derivatives_splitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.addWidget(self.editor)
        layout.addWidget(self.controls)
        layout.addWidget(self.splitter, 1)

    def _connect(self) -> None:
        self.editor.tree_changed.connect(self._on_editor_tree_changed)
        self.editor.expression_changed.connect(self._on_editor_expression_changed)
        self.editor.text_edited.connect(lambda _text: self.check_currency())
        self.editor.compute_requested.connect(self._on_editor_expression_changed)
        self.controls.point_entered.connect(self._on_controls_point_entered)
        self.controls.step_entered.connect(lambda h: self.model.set_step(h))
        self.controls.scheme_chosen.connect(lambda s: self.model.set_step(self.model.h, s))
        self.controls.views_changed.connect(self._apply_views)
        self.handle.dragged.connect(self._on_handle_dragged)
        self.model.point_changed.connect(self._on_model_point_changed)
        self.model.function_changed.connect(self._on_model_point_changed)
        self.model.step_changed.connect(self._on_model_step_changed)
        self.model.point_changed.connect(self._exact_timer.start)
        self.model.point_changed.connect(lambda: self.secant.show_exact(None))
        self.model.function_changed.connect(lambda: self.secant.show_exact(None))
        self.model.derivatives_changed.connect(self._exact_timer.start)
        for key, action in ((Qt.Key.Key_Space, self.secant.toggle_play),
                            (Qt.Key.Key_Left, lambda: self.nudge_point(-1)),
                            (Qt.Key.Key_Right, lambda: self.nudge_point(+1))):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(action)

    # ---------------------------------------------------------------- the point
    def move_point(self, a: float, text: str | None = None) -> bool:
        """Put a at ``a`` if f is defined there; else say why in place and keep a.

        ``text`` is how the student wrote a ("pi/4"), kept for the exact f'(a).
        """
        if self.model.f is not None:
            try:
                check_point(self.model.f, a)
            except InputProblem as problem:
                self.controls.show_point_problem(str(problem))
                return False
        self._point_text = text
        self.model.set_point(a)
        self.controls.show_point(a)
        if text is not None:
            self.controls.point_field.setText(text)
        return True

    def nudge_point(self, direction: int) -> None:
        """Move a by 1% of the visible width (the arrow keys)."""
        (x_min, x_max), _ = self.canvas.plot.getViewBox().viewRange()
        self.move_point(self.model.a + direction * 0.01 * (x_max - x_min))

    def _on_handle_dragged(self, x: float) -> None:
        (x_min, x_max), _ = self.canvas.plot.getViewBox().viewRange()
        # Snap to a tidy grid (0.01 on a 6-wide view): a = 0.73 reads better than
        # 0.7316294, and its exact f'(a) stays short.
        grid = 10.0 ** math.floor(math.log10((x_max - x_min) / 200))
        self.move_point(round(min(max(x, x_min), x_max) / grid) * grid)

    def _on_controls_point_entered(self, a: float) -> None:
        if self.move_point(a, self.controls.point_field.text().strip()):
            self._show_x(a)

    def _show_x(self, a: float) -> None:
        """Pan the plot so that a is in view."""
        box = self.canvas.plot.getViewBox()
        (x_min, x_max), _ = box.viewRange()
        if not x_min <= a <= x_max:
            half = 0.5 * (x_max - x_min)
            box.setXRange(a - half, a + half, padding=0)

    def _on_model_point_changed(self) -> None:
        a, fa = self.model.a, self.model.f_at(self.model.a)
        self.handle.move_to(a, fa)  # no point where f is undefined
        self.check_currency()
        self.state_changed.emit()

    def _on_model_step_changed(self) -> None:
        self.controls.show_step(self.model.h, self.model.scheme)
        self.state_changed.emit()

    # ---------------------------------------------------------------- the function
    def _on_editor_tree_changed(self, tree: Node) -> None:
        others = sorted(symbols_of(tree) - {"x"})
        if others:
            self.editor.show_error(f"This lab draws functions of x alone; give "
                                   f"{', '.join(others)} a number.", None)
            return
        text = self.editor.text().strip()
        self.model.set_function(tree, text)
        self.check_currency()
        self.canvas.set_function(tree, "x", fit=True)
        self.steps.clear("Working out the derivative\u2026")
        try:
            check_point(tree, self.model.a)
        except InputProblem as problem:
            self.controls.show_point_problem(str(problem))
        else:
            self.controls.show_point(self.model.a)
        self.state_changed.emit()

    def _on_editor_expression_changed(self, text: str) -> None:
        if self.editor.tree() is None or text.strip() != self.model.text:
            return
        self.submit("derive", self.current_request("derive"))
        self._points_for = None
        self._request_points()

    def _request_points(self) -> None:
        """Ask for critical and inflection points, only while the f'' view is on: the
        search can take long (a whole interval of critical points, for ReLU)."""
        text = self.model.text
        if "second" not in self.controls.views() or not text or self._points_for == text:
            return
        self._points_for = text
        self.submit("critical", self.current_request("critical"))
        self.submit("inflection", self.current_request("inflection"))

    def current_request(self, purpose: str) -> Job | None:
        """The job the function (and, for the tangent, the point) on screen asks for."""
        text = self.model.text
        if not text or self.editor.tree() is None or self.editor.text().strip() != text:
            return None  # the editor holds an edit the answers are not about
        if purpose == "derive":
            return LabDeriveJob(text, var="x")
        if purpose in ("critical", "inflection"):
            return PointsJob(text, "x", purpose, kind=self.job_kind(purpose))
        if purpose == "tangent" and self._exact_for == (text, self.model.a):
            return self._asked.get("tangent")
        return None

    def on_stale(self, purpose: str, result: Result) -> None:
        """An answer about an earlier f (or a): take it off, or mark the steps as earlier."""
        if purpose == "derive" and isinstance(result, DerivativeResult):
            self.steps.panel.mark_stale(result.text)
        elif purpose == "tangent":
            self.secant.show_exact(None)
        elif purpose in ("critical", "inflection"):
            self.second.set_points(PointsResult(result.request), replace=purpose)

    def on_result(self, purpose: str, result: Any) -> None:
        """Draw the worker's answers (each answers the f and a on show)."""
        if isinstance(result, DerivativeResult):
            self.model.set_derivatives(result.trees.get("df"), result.trees.get("d2f"))
            self.steps.set_result(result)
        elif isinstance(result, TangentResult):
            self.secant.show_exact(result.slope_latex)
        elif isinstance(result, PointsResult):
            self.second.set_points(result, "inflection" if purpose == "inflection" else None,
                                   replace=purpose)

    def _request_exact(self) -> None:
        """Ask the engine for the tangent at a: its steps carry the exact f'(a)."""
        if self.model.df is None or not self.model.text:
            return
        a = self.model.a
        point = self._point_text if self._point_text is not None else f"{a:.12g}"
        self.secant.show_exact(None)
        self._exact_for = (self.model.text, a)
        self.submit("tangent", TangentJob(self.model.text, "x", point,
                                          kind=self.job_kind("tangent")))

    def on_failure(self, purpose: str, error: Any) -> None:
        """Say in place why f' or the points could not be worked out."""
        message = getattr(error, "message", str(error))
        if purpose == "tangent":
            if self._exact_for == (self.model.text, self.model.a):
                self.secant.show_exact("", message)
            return
        if purpose == "derive":
            if getattr(error, "kind", "") == "parse":
                self.editor.show_error(message, getattr(error, "position", None))
            self.steps.clear(f"No derivative: {message}")
        elif purpose in ("critical", "inflection") and self._points_for == self.model.text:
            what = "critical points" if purpose == "critical" else "inflection points"
            self.canvas.show_notice(f"No {what} marked: {message}")
        self.status_message.emit(message)

    # ---------------------------------------------------------------- views
    def views(self) -> list[str]:
        """The views switched on."""
        return self.controls.views()

    def _apply_views(self) -> None:
        on = set(self.controls.views())
        self.secant.set_shown("secant" in on)
        self.tangent.set_shown("tangent" in on)
        self.second.set_shown("second" in on)
        for index, key in enumerate(SIDE_TABS):
            self.side.setTabVisible(index, key in on)
        self.side.setVisible(bool(on & set(SIDE_TABS)))
        self._request_points()
        self.state_changed.emit()

    def show_view(self, key: str) -> None:
        """Switch view ``key`` on and bring its tab to the front."""
        if key not in self.controls.views():
            self.controls.set_views(self.controls.views() + [key])
        if key in SIDE_TABS:
            self.side.setCurrentIndex(SIDE_TABS.index(key))

    # ---------------------------------------------------------------- application hooks
    def state(self) -> dict[str, Any]:
        """Function, a, h, scheme, views and the visible range (see session/labs/derivatives)."""
        (x0, x1), (y0, y1) = self.canvas.plot.getViewBox().viewRange()
        return {"function": self.model.text or self.editor.text().strip(),
                "point": float(self.model.a), "h": float(self.model.h),
                "scheme": self.model.scheme, "views": self.controls.views(),
                "x_range": [float(x0), float(x1)], "y_range": [float(y0), float(y1)]}

    def restore(self, state: dict[str, Any]) -> None:
        """Put the lab back as ``state`` describes (values already checked)."""
        if "function" in state:
            self.editor.set_text(str(state["function"]))
        if "views" in state:
            self.controls.set_views(list(state["views"]))
        if "h" in state or "scheme" in state:
            self.model.set_step(float(state.get("h", self.model.h)),
                                state.get("scheme", self.model.scheme))
        if "x_range" in state:
            self.canvas.plot.getViewBox().setXRange(*state["x_range"], padding=0)
        if "y_range" in state:
            self.canvas.plot.getViewBox().setYRange(*state["y_range"], padding=0)
        if "point" in state:
            self._set_point_value(state["point"])

    def _set_point_value(self, point: Any) -> None:
        try:
            a = read_number(str(point), "the point a") if isinstance(point, str) else float(point)
        except InputProblem as problem:
            self.controls.show_point_problem(str(problem))
            return
        if not self.move_point(a):
            self.model.set_point(a)  # shown with its message, as asked
        self._show_x(a)

    def apply_try_it(self, params: dict[str, Any]) -> None:
        """A lesson's "try it": function, point, h, scheme (see resources/lessons/README.md)."""
        self.secant.pause()
        state = {k: params[k] for k in ("function", "h", "scheme") if k in params}
        self.restore(state)
        if "point" in params:
            self._set_point_value(params["point"])
            if isinstance(params["point"], str):
                self._point_text = params["point"]
                self.controls.point_field.setText(params["point"])
        if "scheme" in params:
            self.show_view("error")
        elif "h" in params:
            self.show_view("secant")
        else:
            self.show_view("tangent")
            self.show_view("steps")

    def figures(self) -> list[tuple[str, QWidget]]:
        """The main plot, the plot of f' and the error plot."""
        return [("function", self.canvas.plot), ("derivative", self.tangent.df_plot),
                ("error", self.error.plot)]

    def derivation(self) -> DerivationView | None:
        """The derivative's steps, for export."""
        shown = self.shown_results().get("derive")  # only the derivative of the f on show
        if not isinstance(shown, DerivativeResult):
            return None
        return DerivationView(f"Derivative of {shown.text}", f"f'(x) = {shown.latex}",
                              list(shown.steps))

    def code_script(self) -> tuple[str, str] | None:
        """The script of what the lab shows, for the Code view (see ``ui.code_scripts``)."""
        from workbench.ui.code_scripts import derivatives_code

        return derivatives_code(self)

    def animation(self) -> Animation | None:
        """The secant sweep h -> 0."""
        return self.secant.animation

    def deactivate(self) -> None:
        """Hidden tab: stop the animation."""
        self.secant.pause()
