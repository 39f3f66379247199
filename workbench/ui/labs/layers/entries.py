"""``WeightPathView``: ∂L/∂W as a grid of entries; clicking one shows its scalar chain rule.

Each entry ∂L/∂w_ij is a button with its value; the chosen one's path
(Σ_k ∂L/∂y_k · ∂y_k/∂z_i · x_j, from the outcome's ``WeightPath``) is typeset below,
next to the same entry of the matrix form δ·xᵀ (δ_i · x_j), so the two numbers can be
compared.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from workbench.protocol.layer_outcome import LayerOutcome, WeightPath
from workbench.ui.labs.player import number_text
from workbench.ui.math_view import MathLabel

SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
SELECTED_STYLE = "QPushButton { background:#ffe0b2; border:2px solid #ef6c00; }"


def subscript(i: int, j: int | None = None) -> str:
    """"₁₂" for (0, 1): 1-based indices as subscripts."""
    text = f"{i + 1}" if j is None else f"{i + 1}{j + 1}"
    return text.translate(SUBSCRIPTS)


def matrix_form_text(outcome: LayerOutcome, i: int, j: int) -> str:
    """The entry (i, j) of δ·xᵀ in numbers: δ_i · x_j = value (or its symbols)."""
    name = f"(\u03b4\u00b7x\u1d40){subscript(i, j)} = \u03b4{subscript(i)} \u00b7 x{subscript(j)}"
    delta, x = outcome.quantity("delta").values, outcome.quantity("x").values
    grad = outcome.quantity("grad_W").values
    if delta is None or x is None or grad is None:
        return f"Matrix form: {name}, the same expression in symbols."
    return (f"Matrix form: {name} = {number_text(delta[i][0])} \u00b7 "
            f"{number_text(x[j][0])} = {number_text(grad[i][j])}")


class WeightPathView(QWidget):
    """The entries of ∂L/∂W as buttons and the chain rule of the chosen one."""

    entry_chosen = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("layers_paths")
        self.setAccessibleName("Chain rule of one weight")
        self._outcome: LayerOutcome | None = None
        self._chosen = (0, 0)
        self.buttons: dict[tuple[int, int], QPushButton] = {}
        self._grid = QGridLayout()
        self._grid.setSpacing(3)
        self.path_math = MathLabel("", 15.0, self, fit=True)
        self.path_math.setObjectName("layers_path_math")
        self.path_math.setAccessibleName("The chosen weight's chain rule")
        self.matrix_form = QLabel(self)
        self.matrix_form.setObjectName("layers_path_matrix_form")
        self.matrix_form.setAccessibleName("The same entry from the matrix form")
        self.matrix_form.setWordWrap(True)
        self.agreement = QLabel(self)
        self.agreement.setObjectName("layers_path_agreement")
        self.agreement.setWordWrap(True)
        self.agreement.setStyleSheet("color:#2e7d32;")
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 4, 4, 4)
        column.addWidget(QLabel("<b>\u2202L/\u2202W</b>, entry by entry: click one (or Tab to "
                                "it and press Space) to see its chain rule.", self))
        column.addLayout(self._grid)
        column.addWidget(self.path_math)
        column.addWidget(self.matrix_form)
        column.addWidget(self.agreement)
        column.addStretch(1)

    def chosen(self) -> tuple[int, int]:
        """The (row, column) of the entry on show, 0-based."""
        return self._chosen

    def set_outcome(self, outcome: LayerOutcome | None) -> None:
        """Show ``outcome``'s ∂L/∂W entries (None: clear)."""
        self._outcome = outcome
        for button in self.buttons.values():
            self._grid.removeWidget(button)
            button.hide()
            button.deleteLater()
        self.buttons = {}
        if outcome is None:
            self.path_math.set_latex("")
            self.matrix_form.setText("")
            self.agreement.setText("")
            return
        grad = outcome.quantity("grad_W")
        for i in range(outcome.problem.m):
            for j in range(outcome.problem.n):
                self.buttons[(i, j)] = self._button(i, j, grad.values, grad.latex[i][j])
        m, n = outcome.problem.m, outcome.problem.n
        i, j = self._chosen
        self.choose(min(i, m - 1), min(j, n - 1))

    def _button(self, i: int, j: int, values, latex: str) -> QPushButton:
        value = number_text(values[i][j]) if values is not None else latex
        name = f"\u2202L/\u2202w{subscript(i, j)}"
        button = QPushButton(f"{name} = {value}", self)
        button.setObjectName(f"layers_entry_{i + 1}{j + 1}")
        button.setAccessibleName(f"{name} = {value}")
        button.setToolTip(f"The chain rule of w{subscript(i, j)}")
        button.clicked.connect(lambda _c=False, i=i, j=j: self.choose(i, j))
        self._grid.addWidget(button, i, j)
        button.show()
        return button

    def choose(self, i: int, j: int) -> None:
        """Show the chain rule of w_ij (0-based)."""
        self._chosen = (i, j)
        for key, button in self.buttons.items():
            button.setStyleSheet(SELECTED_STYLE if key == (i, j) else "")
        outcome = self._outcome
        if outcome is None or i >= outcome.problem.m or j >= outcome.problem.n:
            return  # kept for the layer being worked out (a restored session's)
        path = outcome.path(i, j)
        self.path_math.set_latex(path.latex)
        self.matrix_form.setText(matrix_form_text(self._outcome, i, j))
        self.agreement.setText(self._agreement(path))
        self.entry_chosen.emit(i, j)

    def _agreement(self, path: WeightPath) -> str:
        grad = self._outcome.quantity("grad_W").values
        if path.value is None or grad is None:
            return ""
        same = abs(path.value - grad[path.i][path.j]) <= 1e-9 * max(1.0, abs(path.value))
        return ("The chain rule and the matrix form give the same number."
                if same else "The two numbers differ: please report this.")
