"""The gradient lab's widgets and where they sit (kept apart from the wiring in ``lab``).

Top: the function and the view buttons. Left: the contour (or curve) view with the
3-D surface beside it, the playback controls and the loss plot. Right: tabs for
"Descent" and "At a point", scrollable so nothing is clipped on small screens.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QPushButton, QScrollArea,
                               QSplitter, QStackedWidget, QTabWidget, QVBoxLayout, QWidget)

from workbench.ui.editor import ExpressionEditor
from workbench.ui.labs.gradient.contour_view import ContourView
from workbench.ui.labs.gradient.curve_view import CurveView
from workbench.ui.labs.gradient.descent_panel import DescentPanel
from workbench.ui.labs.gradient.loss_view import LossView
from workbench.ui.labs.gradient.partials import partials_panel
from workbench.ui.labs.gradient.point_panel import PointPanel
from workbench.ui.labs.gradient.surface_view import SurfaceView
from workbench.ui.labs.player import FramePlayer
from workbench.ui.math_view import MathLabel


def _named(widget: Any, name: str, accessible: str) -> Any:
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    return widget


def _scrolled(widget: QWidget, parent: QWidget) -> QScrollArea:
    area = QScrollArea(parent)
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setMinimumWidth(290)  # with the plots, fits 1024 pixels beside the Lessons panel
    return area


def _top_row(lab: Any) -> QHBoxLayout:
    lab.editor = ExpressionEditor(lab)
    prompt = lab.editor.findChild(QLabel, "expression_prompt")
    if prompt is not None:
        prompt.setText("f(x, y) =")
    lab.editor.input_field.setPlaceholderText("A function of x and y, e.g. x^2 + 3y^2")
    lab.click_mode = _named(QComboBox(lab), "click_mode", "What a click on the plot sets")
    lab.click_mode.addItem("Click sets the point", "point")
    lab.click_mode.addItem("Click sets the start", "start")
    lab.surface_button = _named(QPushButton("3-D surface", lab), "surface_button",
                                "Show the 3-D surface")
    lab.surface_button.setCheckable(True)
    lab.fit_button = _named(QPushButton("Fit view", lab), "fit_button", "Fit the view")
    row = QHBoxLayout()
    row.addWidget(lab.editor, 1)
    for widget in (lab.click_mode, lab.surface_button, lab.fit_button):
        row.addWidget(widget, 0, Qt.AlignmentFlag.AlignTop)
    return row


def _left_column(lab: Any) -> QSplitter:
    """The plots above; the playback controls and the loss plot below."""
    left = QSplitter(Qt.Orientation.Vertical, lab)
    left.addWidget(lab.plots)
    controls = QWidget(lab)
    column = QVBoxLayout(controls)
    column.setContentsMargins(0, 0, 0, 0)
    column.addWidget(lab.player)
    column.addWidget(lab.loss, 1)
    left.addWidget(controls)
    left.setStretchFactor(0, 3)
    left.setStretchFactor(1, 1)
    return left


def build_layout(lab: Any) -> None:
    """Create the lab's widgets as attributes of ``lab`` and lay them out."""
    top = _top_row(lab)
    lab.contour, lab.curve = ContourView(lab), CurveView(lab)
    lab.views = QStackedWidget(lab)
    lab.views.addWidget(lab.contour)
    lab.views.addWidget(lab.curve)
    lab.surface = SurfaceView(lab)
    lab.surface.hide()
    lab.plots = _named(QSplitter(Qt.Orientation.Horizontal, lab), "plots", "Plots")
    lab.plots.addWidget(lab.views)
    lab.plots.addWidget(lab.surface)
    # one tick per step at 1x (120 ms), with a speed menu: races run to thousands of steps
    lab.player = FramePlayer("gradient", lab, interval_ms=120, unit="step", speeds=True)
    lab.loss = LossView(lab)
    lab.formulas = _named(MathLabel("", 15.0, lab, fit=True), "formulas",
                          "Gradient and Hessian of f")
    lab.timing = _named(QLabel(lab), "timing", "Time of the last recomputation")
    lab.timing.setStyleSheet("color: #757575;")
    left = _left_column(lab)
    lab.descent, lab.point_panel = DescentPanel(lab), PointPanel(lab)
    lab.side = _named(QTabWidget(lab), "gradient_side_tabs", "Descent and point tabs")
    lab.side.addTab(_scrolled(lab.descent, lab), "Descent")
    lab.side.addTab(_scrolled(lab.point_panel, lab), "At a point")
    lab.partials = partials_panel(lab)
    lab.side.addTab(lab.partials, "∂f/∂x, ∂f/∂y")
    body = QSplitter(Qt.Orientation.Horizontal, lab)
    body.addWidget(left)
    body.addWidget(lab.side)
    body.setStretchFactor(0, 3)
    body.setStretchFactor(1, 1)
    body.setSizes([900, 420])
    layout = QVBoxLayout(lab)
    layout.setContentsMargins(6, 6, 6, 6)
    layout.addLayout(top)
    layout.addWidget(lab.formulas)
    layout.addWidget(body, 1)
    layout.addWidget(lab.timing)
