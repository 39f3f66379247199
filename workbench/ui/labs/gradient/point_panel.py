"""``PointPanel``: the partial derivatives, gradient, directional derivative and Hessian
at the point the student clicked (or typed), computed in the window with numpy."""

from __future__ import annotations

import math

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QDoubleSpinBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QVBoxLayout, QWidget)

from workbench.ui.labs.gradient.field import PointAnalysis
from workbench.ui.math_view import MathLabel


def fmt(value: float) -> str:
    """A number for the readouts; "undefined" for NaN and infinities."""
    return f"{value:.4g}" if math.isfinite(value) else "undefined"


def curvature_words(eigen: tuple[float, ...]) -> str:
    """What the Hessian's eigenvalues (f'' for one variable) say about f near the point."""
    if not eigen or not all(math.isfinite(v) for v in eigen):
        return "The second derivatives are undefined here."
    if len(eigen) == 1:
        return {True: "f″ > 0: f curves upwards here (convex, like a bowl).",
                False: "f″ < 0: f curves downwards here (concave)."}.get(
            eigen[0] > 0 if eigen[0] != 0 else None, "f″ = 0: no curvature to second order.")
    if all(v > 0 for v in eigen):
        return "All eigenvalues > 0: f curves upwards in every direction (a bowl)."
    if all(v < 0 for v in eigen):
        return "All eigenvalues < 0: f curves downwards in every direction (a dome)."
    if min(eigen) < 0 < max(eigen):
        return "Eigenvalues of both signs: up in one direction, down in another (a saddle)."
    return "An eigenvalue is 0: f is flat in some direction to second order."


class PointPanel(QWidget):
    """Typed point and direction, and everything f's derivatives say there."""

    point_edited = Signal(list)
    direction_edited = Signal(float, float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("point_panel")
        self.x_input = self._input("point_x", "Point x")
        self.y_input = self._input("point_y", "Point y")
        self.angle = QDoubleSpinBox(self)
        self.angle.setObjectName("direction_angle")
        self.angle.setAccessibleName("Direction angle in degrees")
        self.angle.setRange(-360, 360)
        self.angle.setDecimals(1)
        self.angle.setSuffix("°")
        self.angle.setWrapping(True)
        self.problem = QLabel(self)
        self.problem.setObjectName("point_problem")
        self.problem.setStyleSheet("color: #c62828;")
        self.problem.setWordWrap(True)
        self.readout = QLabel(self)
        self.readout.setObjectName("point_readout")
        self.readout.setAccessibleName("Derivatives at the point")
        self.readout.setWordWrap(True)
        self.directional = QLabel(self)
        self.directional.setObjectName("directional_readout")
        self.directional.setAccessibleName("Directional derivative")
        self.directional.setWordWrap(True)
        self.hessian = MathLabel("", 15.0, self, fit=True)
        self.hessian.setObjectName("hessian_math")
        self.hessian.setAccessibleName("Hessian at the point")
        self.curvature = QLabel(self)
        self.curvature.setObjectName("curvature_words")
        self.curvature.setWordWrap(True)
        self._build()
        self.problem.hide()
        self.x_input.editingFinished.connect(self._on_input_editing_finished)
        self.y_input.editingFinished.connect(self._on_input_editing_finished)
        self.angle.valueChanged.connect(self._on_angle_value_changed)

    def _build(self) -> None:
        row = QHBoxLayout()
        row.addWidget(QLabel("x", self))
        row.addWidget(self.x_input)
        row.addWidget(QLabel("y", self))
        row.addWidget(self.y_input)
        form = QFormLayout()
        form.addRow("Point", row)
        form.addRow("Direction u", self.angle)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(form)
        self.hint = QLabel("Click the plot to move the point; drag the ring to turn u.", self)
        self.hint.setObjectName("point_hint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #616161;")
        layout.addWidget(self.hint)
        for widget in (self.problem, self.readout, self.directional, self.hessian,
                       self.curvature):
            layout.addWidget(widget)
        layout.addStretch(1)

    def _input(self, name: str, accessible: str) -> QLineEdit:
        field = QLineEdit(self)
        field.setObjectName(name)
        field.setAccessibleName(accessible)
        field.setMaximumWidth(90)
        return field

    def set_dimension(self, dimension: int) -> None:
        """Hide what has no meaning for f(x): y and the direction."""
        self.y_input.setEnabled(dimension == 2)
        self.angle.setEnabled(dimension == 2)
        self.hint.setText("Click the plot to move the point; drag the ring to turn u."
                          if dimension == 2 else "Click the curve to move the point.")
        if dimension == 1:
            self.y_input.setText("")

    def show_analysis(self, a: PointAnalysis) -> None:
        """Write the derivatives at ``a.point``."""
        for field, value in zip((self.x_input, self.y_input), a.point):
            field.setText(f"{value:.4g}")
        self.problem.hide()
        if len(a.point) == 1:
            self.readout.setText(f"At x = {fmt(a.point[0])}: f = {fmt(a.value)}, "
                                 f"f′(x) = {fmt(a.gradient[0])} (the slope of the tangent)")
            self.directional.setText("")
            self.hessian.set_latex(rf"f''(x) = {_tex(a.hessian[0][0])}")
        else:
            gx, gy = a.gradient
            self.readout.setText(
                f"At ({fmt(a.point[0])}, {fmt(a.point[1])}): f = {fmt(a.value)}\n"
                f"∂f/∂x = {fmt(gx)},  ∂f/∂y = {fmt(gy)}\n"
                f"∇f = ({fmt(gx)}, {fmt(gy)}), |∇f| = {fmt(math.hypot(gx, gy))} "
                "(red arrow: the steepest way up)")
            self.show_directional(a)
            (hxx, hxy), (_, hyy) = a.hessian
            eig = ", ".join(_tex(v) for v in a.eigenvalues)
            self.hessian.set_latex(rf"H = \begin{{pmatrix}}{_tex(hxx)} & {_tex(hxy)} \\ "
                                   rf"{_tex(hxy)} & {_tex(hyy)}\end{{pmatrix}},\quad "
                                   rf"\lambda = {eig}")
        self.curvature.setText(curvature_words(a.eigenvalues))

    def show_directional(self, a: PointAnalysis) -> None:
        """The directional derivative line (cheap: it follows the dragged handle)."""
        ux, uy = (a.direction + (math.nan,))[:2]
        self.directional.setText(
            f"Along u = ({fmt(ux)}, {fmt(uy)}): D_u f = ∇f · u = {fmt(a.directional)} "
            "(purple dashed arrow)")
        if math.isfinite(ux) and math.isfinite(uy):
            blocked = self.angle.blockSignals(True)
            self.angle.setValue(math.degrees(math.atan2(uy, ux)))
            self.angle.blockSignals(blocked)

    def show_problem(self, text: str) -> None:
        """A problem with the typed point, in words."""
        self.problem.setText(text)
        self.problem.show()

    def _on_input_editing_finished(self) -> None:
        fields = (self.x_input, self.y_input) if self.y_input.isEnabled() else (self.x_input,)
        try:
            values = [float(f.text()) for f in fields]
        except ValueError:
            self.show_problem("Type the point as numbers, e.g. x = 1.5, y = -2.")
            return
        if not all(math.isfinite(v) and abs(v) < 1e9 for v in values):
            self.show_problem("The point must have finite coordinates (below 1e9).")
            return
        self.point_edited.emit(values)

    def _on_angle_value_changed(self, degrees: float) -> None:
        self.direction_edited.emit(math.cos(math.radians(degrees)),
                                   math.sin(math.radians(degrees)))


def _tex(value: float) -> str:
    return f"{value:.4g}" if math.isfinite(value) else r"\text{undefined}"
