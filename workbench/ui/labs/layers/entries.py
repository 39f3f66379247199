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


LONG_LINE = 70  # LaTeX characters past which a sum is set one term per line


def split_top(latex: str, sign: str = " = ") -> list[str]:
    """``latex`` cut at ``sign`` where it stands outside braces and brackets: a chain of
    equalities as its members (or a sum as its terms), to set one per line."""
    parts, depth, start = [], 0, 0
    for k, char in enumerate(latex):
        depth += {"{": 1, "}": -1, "(": 1, ")": -1}.get(char, 0)
        if depth == 0 and latex.startswith(sign, k):
            parts.append(latex[start:k])
            start = k + len(sign)
    parts.append(latex[start:])
    return [part for part in parts if part.strip()]


def path_lines(latex: str) -> list[str]:
    """A chain rule's LaTeX as lines: "∂L/∂w = Σ …", then "= …" for each further member,
    a long sum continued term by term ("+ …")."""
    parts = split_top(latex)
    if len(parts) < 2:
        return parts
    lines = [f"{parts[0]} = {parts[1]}"]
    for part in parts[2:]:
        terms = split_top(part, " + ") if len(part) > LONG_LINE else [part]
        lines += [f"= {terms[0]}"] + [f"+ {term}" for term in terms[1:]]
    return lines


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
        self.path_math = QWidget(self)  # one typeset line per member of the chain
        self.path_math.setObjectName("layers_path_math")
        self.path_math.setAccessibleName("The chosen weight's chain rule")
        self._path_column = QVBoxLayout(self.path_math)
        self._path_column.setContentsMargins(0, 0, 0, 0)
        self._path_lines: list[MathLabel] = []
        self._path_latex = ""
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
        heading = QLabel("<b>\u2202L/\u2202W</b>, entry by entry: click one (or Tab to it and "
                         "press Space) to see its chain rule.", self)
        heading.setWordWrap(True)
        column.addWidget(heading)
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
            self._show_path("")
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
        name = f"\u2202L/\u2202w{subscript(i, j)}"
        # a symbolic entry is typeset below when chosen; its LaTeX source is no label
        text = f"{name} = {number_text(values[i][j])}" if values is not None else name
        if values is not None and self._outcome.problem.n > 2:
            text = text.replace(" = ", "\n")  # narrower buttons, so four fit side by side
        button = QPushButton(text, self)
        button.setObjectName(f"layers_entry_{i + 1}{j + 1}")
        button.setAccessibleName(text if values is not None else f"{name} = {latex}")
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
        self._show_path(path.latex)
        self.matrix_form.setText(matrix_form_text(self._outcome, i, j))
        self.agreement.setText(self._agreement(path))
        self.entry_chosen.emit(i, j)

    def path_latex(self) -> str:
        """The LaTeX of the chain rule on show ("" if none)."""
        return self._path_latex

    def _show_path(self, latex: str) -> None:
        self._path_latex = latex
        self.path_math.setAccessibleDescription(latex)
        lines = path_lines(latex)
        while len(self._path_lines) < len(lines):
            label = MathLabel("", 15.0, self.path_math, fit=True)
            self._path_column.addWidget(label)
            self._path_lines.append(label)
        for k, label in enumerate(self._path_lines):
            label.set_latex(lines[k] if k < len(lines) else "")
            label.setVisible(k < len(lines))

    def _agreement(self, path: WeightPath) -> str:
        grad = self._outcome.quantity("grad_W").values
        if path.value is None or grad is None:
            return ""
        same = abs(path.value - grad[path.i][path.j]) <= 1e-9 * max(1.0, abs(path.value))
        return ("The chain rule and the matrix form give the same number."
                if same else "The two numbers differ: please report this.")
