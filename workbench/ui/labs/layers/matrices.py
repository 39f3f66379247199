"""Typeset matrices with their shapes: the layer as W·x + b = z → y = σ(z), and each stage of
the backward pass as a product whose every operand is labelled with its shape.

``MatrixStrip`` shows a row of terms: operators ("·", "+", "=") and matrices, each matrix a
typeset ``pmatrix`` above its name and shape ("W  3×2"). What a term shows comes from a
:class:`~workbench.protocol.layer_outcome.LayerOutcome` (``quantity_latex``).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from workbench.protocol.layer_outcome import LayerOutcome
from workbench.protocol.layers import Operand, Stage
from workbench.ui.math_view import MathLabel

MATRIX_SIZE = 15.0
UNKNOWN = r"\;?\;"  # the result of a stage not computed yet in the animation


@dataclass(frozen=True)
class Term:
    """One matrix of a strip: its name on screen, its LaTeX and its shape (rows, columns)."""

    name: str
    latex: str
    shape: tuple[int, int]
    lit: bool = False  # the term the current frame is about


def shape_text(shape: tuple[int, ...]) -> str:
    """"3×2" (a number has the shape 1×1)."""
    rows, columns = (tuple(shape) + (1, 1))[:2] if shape else (1, 1)
    return f"{rows}\u00d7{columns}"


def pmatrix(rows: tuple[tuple[str, ...], ...]) -> str:
    """Rows of LaTeX entries as a ``pmatrix``."""
    body = r" \\ ".join(" & ".join(row) for row in rows)
    return rf"\begin{{pmatrix}}{body}\end{{pmatrix}}"


def quantity_latex(outcome: LayerOutcome, field: str, transposed: bool = False) -> str:
    """The quantity ``field`` of ``outcome`` as a typeset matrix (transposed if asked)."""
    rows = outcome.quantity(field).latex
    if transposed:
        rows = tuple(zip(*rows))
    return pmatrix(rows) if len(rows) > 1 or len(rows[0]) > 1 else rows[0][0]


def operand_term(outcome: LayerOutcome, operand: Operand) -> Term:
    """A stage's operand as a term: its values (transposed as the product takes them)."""
    return Term(operand.name, quantity_latex(outcome, operand.field, operand.transposed),
                operand.shape)


def stage_terms(outcome: LayerOutcome, stage: Stage, solved: bool) -> list[Term | str]:
    """A stage as strip items: operands with "·", "+ b", "=", and the result (or "?")."""
    items: list[Term | str] = []
    for k, operand in enumerate(stage.operands):
        if k:
            items.append("\u00b7")
        items.append(operand_term(outcome, operand))
    if stage.plus is not None:
        items += ["+", operand_term(outcome, stage.plus)]
    name = stage.label.partition(" =")[0]
    latex = quantity_latex(outcome, stage.field) if solved else UNKNOWN
    return items + ["=", Term(name, latex, stage.shape, lit=True)]


def layer_terms(outcome: LayerOutcome) -> list[Term | str]:
    """The forward pass: W · x + b = z, then y = σ(z) (the loss is shown on its own line)."""
    m, n = outcome.problem.m, outcome.problem.n

    def term(field: str, name: str, shape: tuple[int, int]) -> Term:
        return Term(name, quantity_latex(outcome, field), shape)

    return [term("W", "W", (m, n)), "\u00b7", term("x", "x", (n, 1)), "+",
            term("b", "b", (m, 1)), "=", term("z", "z", (m, 1)),
            "\u2192 y = \u03c3(z) =", term("y", "y", (m, 1))]


class MatrixStrip(QWidget):
    """A row of typeset matrices with their shapes under them, joined by operators."""

    def __init__(self, name: str, accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(accessible)
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(4, 4, 4, 4)
        self._row.setSpacing(6)
        self._row.addStretch(1)
        self._items: list[Term | str] = []
        self.boxes: list[QWidget] = []
        self.math_size = MATRIX_SIZE

    def items(self) -> list[Term | str]:
        """What the strip shows."""
        return list(self._items)

    def set_math_size(self, size: float) -> None:
        """Typeset the matrices at ``size`` points (larger on a large window)."""
        if size != self.math_size:
            self.math_size = size
            items, self._items = self._items, []
            self.set_items(items)

    def set_items(self, items: list[Term | str]) -> None:
        """Show ``items`` (terms and operator texts), replacing what was shown."""
        if items == self._items:
            return
        self._items = list(items)
        for box in self.boxes:
            self._row.removeWidget(box)
            box.hide()  # gone at once, not only when the deferred delete runs
            box.deleteLater()
        self.boxes = [self._box(item) if isinstance(item, Term) else self._operator(item)
                      for item in items]
        for box in self.boxes:  # before the closing stretch
            self._row.insertWidget(self._row.count() - 1, box, 0, Qt.AlignmentFlag.AlignVCenter)
            box.show()
        described = ", ".join(f"{i.name} ({shape_text(i.shape)})" if isinstance(i, Term) else i
                              for i in items)
        self.setAccessibleDescription(described)

    def _operator(self, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setStyleSheet(f"font-size:{round(self.math_size)}pt; color:#37474f;")
        return label

    def _box(self, term: Term) -> QWidget:
        box = QFrame(self)
        box.setObjectName("layers_term")  # plain ASCII: the style sheet selects by it
        border = "2px solid #ef6c00" if term.lit else "1px solid #cfd8dc"
        box.setStyleSheet(f"QFrame#layers_term {{ border:{border}; border-radius:4px;"
                          " background:#ffffff; }")
        column = QVBoxLayout(box)
        column.setContentsMargins(4, 2, 4, 2)
        column.setSpacing(1)
        math = MathLabel(term.latex, self.math_size, box)
        math.setAlignment(Qt.AlignmentFlag.AlignCenter)
        caption = QLabel(f"<b>{term.name}</b>&nbsp;&nbsp;{shape_text(term.shape)}", box)
        caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        caption.setStyleSheet("color:#455a64;")
        box.setAccessibleName(f"{term.name}, {shape_text(term.shape)}")
        column.addWidget(math, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addWidget(caption)
        return box
