"""``JacobianPage``: the Jacobian of a vector function f: ℝⁿ → ℝᵐ, one row per component.

The student types the components ("[x*y, x + y^2]"), the variables and, if wanted, a
point; the page builds the :class:`~workbench.protocol.jobs.layers.JacobianJob` its
inputs ask for (the lab sends it) and shows the matrix, its value at the point, and one
step per component in a :class:`~workbench.ui.derivation_panel.DerivationPanel`.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout,
                               QWidget)

from workbench.protocol.jobs.layers import JacobianJob
from workbench.protocol.layer_results import JacobianResult
from workbench.ui.derivation_panel import DerivationPanel
from workbench.ui.labs.player import number_text
from workbench.ui.math_view import MathLabel

DEFAULT = ("[x*y, x + y^2, sin(x)]", "x, y", "1, 2")
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")


def split_list(text: str) -> tuple[str, ...]:
    """"x, y" or "x y" as ("x", "y")."""
    return tuple(part for part in re.split(r"[,\s]+", text.strip()) if part)


def steps_panel(parent: QWidget) -> DerivationPanel:
    """A derivation panel for steps only: the lab typesets the result above it, and there
    is no plot for a step to draw on (so neither its heading nor its plot hint)."""
    panel = DerivationPanel(parent)
    panel.heading_area.setVisible(False)
    hint = panel.findChild(QLabel, "derivation_hint")
    if hint is not None:
        hint.setText("▸ shows a step's reasons. Right-click a step, or press Ctrl+C, "
                     "to copy its LaTeX.")
    return panel


def value_text(result: JacobianResult) -> str:
    """f and J at the point, in numbers, one line each."""
    if result.value is None:
        return ""
    point = ", ".join(result.request.at)
    f = ", ".join(number_text(v) for v in (result.function_value or ()))
    rows = "; ".join("[" + ", ".join(number_text(v) for v in row) + "]" for row in result.value)
    return f"At ({point}): f = [{f}], J = [{rows}]"


class JacobianPage(QWidget):
    """Inputs of a Jacobian and its answer: the matrix, its value and the steps."""

    edited = Signal()
    compute_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("layers_jacobian")
        self.setAccessibleName("Jacobian of a vector function")
        self.function = self._field("layers_jacobian_f", "Components of f", DEFAULT[0])
        self.variables = self._field("layers_jacobian_vars", "Variables", DEFAULT[1])
        self.point = self._field("layers_jacobian_at", "Point (optional)", DEFAULT[2])
        self.compute_button = QPushButton("Co&mpute", self)
        self.compute_button.setObjectName("layers_jacobian_compute")
        self.compute_button.setAccessibleName("Compute the Jacobian")
        self.compute_button.clicked.connect(self.compute_requested.emit)
        self.problem = QLabel(self)
        self.problem.setObjectName("layers_jacobian_problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color:#c62828;")
        self.matrix = MathLabel("", 17.0, self, fit=True)
        self.matrix.setObjectName("layers_jacobian_matrix")
        self.matrix.setAccessibleName("The Jacobian matrix")
        self.value = QLabel(self)
        self.value.setObjectName("layers_jacobian_value")
        self.value.setAccessibleName("The Jacobian's value at the point")
        self.value.setWordWrap(True)
        self.panel = steps_panel(self)
        self._lay_out()

    def _field(self, name: str, accessible: str, text: str) -> QLineEdit:
        field = QLineEdit(text, self)
        field.setObjectName(name)
        field.setAccessibleName(accessible)
        field.textEdited.connect(lambda _t: self.edited.emit())
        field.returnPressed.connect(self.compute_requested.emit)
        return field

    def _lay_out(self) -> None:
        form = QFormLayout()
        for text, field in (("&f =", self.function), ("&Variables:", self.variables),
                            ("At &point:", self.point)):
            label = QLabel(text, self)
            label.setBuddy(field)
            form.addRow(label, field)
        form.addRow("", self.compute_button)
        column = QVBoxLayout(self)
        column.addWidget(QLabel("<b>Jacobian</b> of f: \u211d\u207f \u2192 \u211d\u1d50: "
                                "J<sub>ij</sub> = \u2202f<sub>i</sub>/\u2202v<sub>j</sub>, "
                                "one row per component.", self))
        column.addLayout(form)
        column.addWidget(self.problem)
        column.addWidget(self.matrix)
        column.addWidget(self.value)
        column.addWidget(self.panel, 1)

    def inputs(self) -> dict[str, str]:
        """The three fields' texts (for the session)."""
        return {"text": self.function.text(), "vars": self.variables.text(),
                "at": self.point.text()}

    def set_inputs(self, text: str, variables: str, at: str) -> None:
        """Fill the fields (the lab then computes)."""
        self.function.setText(text)
        self.variables.setText(variables)
        self.point.setText(at)

    def job(self, kind: str) -> JacobianJob | None:
        """The job the fields ask for, or None after saying what is wrong with them."""
        names, at = split_list(self.variables.text()), split_list(self.point.text())
        problem = ""
        if not self.function.text().strip():
            problem = "Type the components of f, e.g. [x*y, x + y^2]."
        elif not names or not all(_NAME.match(n) for n in names):
            problem = "Name the variables, separated by commas, e.g. x, y."
        elif at and len(at) != len(names):
            problem = f"The point needs {len(names)} numbers, one per variable."
        self.problem.setText(problem)
        if problem:
            return None
        return JacobianJob(self.function.text().strip(), names, at, kind=kind)

    def show_result(self, result: JacobianResult) -> None:
        """Draw the matrix, its value and its rows' steps."""
        self.problem.setText("")
        self.set_current()
        self.matrix.set_latex(result.latex)
        self.value.setText(value_text(result))
        self.panel.set_result("", result.latex, list(result.steps))

    def mark_stale(self, result: JacobianResult) -> None:
        """The answer on show is for other inputs: grey it under a banner."""
        self.panel.mark_stale(result.request.text, "recomputed when you pause typing")
        self.matrix.setEnabled(False)
        self.value.setEnabled(False)

    def set_current(self) -> None:
        """Un-grey the answer (a new one has been drawn)."""
        self.matrix.setEnabled(True)
        self.value.setEnabled(True)

    def show_failure(self, message: str) -> None:
        """Say why there is no Jacobian, and clear the old one."""
        self.problem.setText(message)
        self.matrix.set_latex("")
        self.value.setText("")
        self.panel.clear()
