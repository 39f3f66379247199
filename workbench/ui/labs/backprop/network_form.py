"""``NetworkForm``: build a 2-2-1 or 2-3-1 network from sizes, activation, loss and numbers.

The form only gathers the choices; the lab sends them to the worker (``network``), whose
expression and values go into the expression field and the input table.
"""

from __future__ import annotations

import math

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QLineEdit, QWidget)

from workbench.protocol.jobs.ml import NetworkJob

SIZES = {"2-2-1": (2, 2, 1), "2-3-1": (2, 3, 1)}
ACTIVATIONS = ("sigmoid", "tanh", "relu")
LOSSES = {"squared error (t − ŷ)²": "mse", "cross-entropy (binary)": "bce"}


def _combo(parent: QWidget, name: str, accessible: str, items: list[str]) -> QComboBox:
    combo = QComboBox(parent)
    combo.setObjectName(name)
    combo.setAccessibleName(accessible)
    combo.addItems(items)
    return combo


def _field(parent: QWidget, name: str, accessible: str, text: str) -> QLineEdit:
    field = QLineEdit(text, parent)
    field.setObjectName(name)
    field.setAccessibleName(accessible)
    return field


class NetworkForm(QDialog):
    """Sizes, activation, loss, the two inputs and the target; ``job()`` once accepted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("network_form")
        self.setWindowTitle("Build a small network")
        self.setAccessibleName("Build a small network")
        self.sizes = _combo(self, "network_sizes", "Layer sizes", list(SIZES))
        self.activation = _combo(self, "network_activation", "Hidden activation",
                                 list(ACTIVATIONS))
        self.loss = _combo(self, "network_loss", "Loss", list(LOSSES))
        self.x1 = _field(self, "network_x1", "Input x1", "1")
        self.x2 = _field(self, "network_x2", "Input x2", "0.5")
        self.target = _field(self, "network_target", "Target t", "1")
        self.problem = QLabel(self)
        self.problem.setObjectName("network_problem")
        self.problem.setStyleSheet("color:#c62828;")
        self.problem.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Build")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(QLabel("Inputs x1, x2 → hidden units → one output ŷ; the weights are "
                           "named w_ji (input i to hidden j), b_j, v_j and c.", self))
        for label, widget in (("Sizes", self.sizes), ("Hidden activation", self.activation),
                              ("Loss", self.loss), ("x1", self.x1), ("x2", self.x2),
                              ("Target t", self.target)):
            form.addRow(label, widget)
        form.addRow(self.problem)
        form.addRow(buttons)

    def job(self) -> NetworkJob | None:
        """The network asked for, or None after saying which number is wrong."""
        values = []
        for name, field in (("x1", self.x1), ("x2", self.x2), ("t", self.target)):
            try:
                value = float(field.text().replace("\u2212", "-"))
            except ValueError:
                value = math.nan
            if not math.isfinite(value):
                self.problem.setText(f"{name}: give a finite number.")
                return None
            values.append(value)
        self.problem.setText("")
        return NetworkJob(SIZES[self.sizes.currentText()], self.activation.currentText(),
                          LOSSES[self.loss.currentText()], tuple(values[:2]), values[2])

    def accept(self) -> None:
        """Close only with numbers that make a network."""
        if self.job() is not None:
            super().accept()
