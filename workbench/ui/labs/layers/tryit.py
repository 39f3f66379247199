"""``TryItPanel``: the student writes a gradient as a matrix product and is told whether it is
right, has the wrong numbers, or does not fit (which sizes disagree, which order would).

The check is the outcome's own (``LayerOutcome.check``: the matrix grammar and numpy, no
engine), so it answers at once, for the layer whose outcome is on show.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QVBoxLayout, QWidget)

from workbench.protocol.layer_outcome import LayerOutcome
from workbench.protocol.layers import TARGETS

RIGHT_STYLE = "color:#2e7d32;"
WRONG_STYLE = "color:#c62828;"
NAMES_HINT = ("Names: W, x, b, t, z, y, delta (δ), dL_dy (∂L/∂y), J (∂y/∂z); "
              "transpose with ^T or ᵀ; products by a space or *.")


class TryItPanel(QWidget):
    """A target chooser, an answer field, a Check button and the verdict."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("layers_try_it")
        self.setAccessibleName("Try it yourself")
        self._outcome: LayerOutcome | None = None
        self.target = QComboBox(self)
        self.target.setObjectName("layers_try_target")
        self.target.setAccessibleName("Which gradient to write")
        for field, (label, _answer) in TARGETS.items():
            self.target.addItem(label, field)
        self.target.currentIndexChanged.connect(lambda _i: self.verdict.setText(""))
        self.answer = QLineEdit(self)
        self.answer.setObjectName("layers_try_answer")
        self.answer.setAccessibleName("Your expression")
        self.answer.setPlaceholderText("e.g. delta x^T")
        self.answer.returnPressed.connect(self.check)
        self.answer.textEdited.connect(lambda _t: self.verdict.setText(""))
        self.check_button = QPushButton("&Check", self)
        self.check_button.setObjectName("layers_try_check")
        self.check_button.setAccessibleName("Check my expression")
        self.check_button.clicked.connect(self.check)
        self.verdict = QLabel(self)
        self.verdict.setObjectName("layers_try_verdict")
        self.verdict.setAccessibleName("Verdict")
        self.verdict.setWordWrap(True)
        self._lay_out()

    def _lay_out(self) -> None:
        row = QHBoxLayout()
        label = QLabel("W&rite", self)
        label.setBuddy(self.target)
        row.addWidget(label)
        row.addWidget(self.target)
        row.addWidget(QLabel("as a product:", self))
        row.addStretch(1)
        answer_row = QHBoxLayout()
        equals = QLabel("=", self)
        equals.setBuddy(self.answer)
        answer_row.addWidget(equals)
        answer_row.addWidget(self.answer, 1)
        answer_row.addWidget(self.check_button)
        hint = QLabel(NAMES_HINT, self)
        hint.setWordWrap(True)
        hint.setStyleSheet("color:#555555;")
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 4, 4, 4)
        heading = QLabel("<b>Try it yourself</b>: write the gradient as a product of the "
                         "layer's quantities.", self)
        heading.setWordWrap(True)
        column.addWidget(heading)
        column.addLayout(row)
        column.addLayout(answer_row)
        column.addWidget(hint)
        column.addWidget(self.verdict)
        column.addStretch(1)

    def set_outcome(self, outcome: LayerOutcome | None) -> None:
        """The layer answers are checked against (None: none on show)."""
        self._outcome = outcome
        self.verdict.setText("")

    def target_field(self) -> str:
        """The engine field the student is writing (``grad_W``, ``grad_x``, …)."""
        return str(self.target.currentData())

    def set_target(self, field: str) -> None:
        """Choose the gradient to write by its field name."""
        self.target.setCurrentIndex(max(0, self.target.findData(field)))

    def check(self) -> Any:
        """Check the answer against the layer on show; show and return the verdict."""
        text = self.answer.text().strip()
        if not text:
            self._say("Type an expression first, e.g. delta x^T.", False)
            return None
        if self._outcome is None:
            self._say("There is no worked layer to check against yet (fix the layer, or wait "
                      "for it to be worked out).", False)
            return None
        result = self._outcome.check(text, self.target_field())
        self._say(result.message, result.correct)
        return result

    def _say(self, text: str, right: bool) -> None:
        self.verdict.setStyleSheet(RIGHT_STYLE if right else WRONG_STYLE)
        self.verdict.setText(("\u2714 " if right else "\u2718 ") + text)
