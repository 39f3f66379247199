"""``LayerForm``: the sizes, activation, loss and entries of a dense layer, as a student types them.

Sizes are 1 to 4 on each side; every entry is a small line edit (a number, a fraction such
as 1/2, or ``?`` / empty for a symbol the engine names). ``problem()`` reads the form as a
:class:`~workbench.protocol.layers.LayerProblem` (or raises ``LayerProblemError`` saying
what is wrong); ``edited`` fires on every change, so the lab can keep its currency.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QComboBox, QFormLayout, QGridLayout, QHBoxLayout, QLabel,
                               QLineEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget)

from workbench.protocol.layers import (ACTIVATIONS, LAB_MAX_SIZE, LOSSES, Entry, LayerProblem,
                                       LayerProblemError)

SYMBOL_TEXTS = ("", "?")  # what a student types for an entry left as a symbol
LOSS_NAMES = {"mse": "mean squared error", "cross_entropy": "cross-entropy",
              "bce": "binary cross-entropy"}
CELL_WIDTH = 54


def entry_text(entry: Entry) -> str:
    """How an entry appears in its cell: ``?`` for a symbol."""
    return "?" if entry is None else entry


def cell_entry(text: str) -> Entry:
    """A cell's text as an entry: None for a symbol, else the text (− read as -)."""
    text = text.strip().replace("\u2212", "-")
    return None if text in SYMBOL_TEXTS else text


class EntryGrid(QWidget):
    """A rows×columns grid of small line edits named ``name`` (W, b, x, t)."""

    edited = Signal()

    def __init__(self, name: str, rows: int, columns: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.setObjectName(f"layers_grid_{name}")
        self.setAccessibleName(f"Entries of {name}")
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(2)
        self.cells: list[list[QLineEdit]] = []
        self.resize_to(rows, columns)

    def resize_to(self, rows: int, columns: int) -> None:
        """Show rows×columns cells, keeping the text of the cells that stay."""
        old = [[c.text() for c in row] for row in self.cells]
        for row in self.cells:
            for cell in row:
                self._grid.removeWidget(cell)
                cell.hide()  # gone at once, not only when the deferred delete runs
                cell.deleteLater()
        self.cells = []
        for i in range(rows):
            row = []
            for j in range(columns):
                cell = QLineEdit(old[i][j] if i < len(old) and j < len(old[i]) else "0", self)
                index = f"{i + 1}{j + 1}" if columns > 1 else f"{i + 1}"
                cell.setObjectName(f"layers_{self.name}_{index}")
                cell.setAccessibleName(f"{self.name} entry {index}")
                cell.setToolTip("A number, a fraction such as 1/2, or ? for a symbol")
                cell.setFixedWidth(CELL_WIDTH)
                cell.textEdited.connect(lambda _t: self.edited.emit())
                self._grid.addWidget(cell, i, j)
                cell.show()
                row.append(cell)
            self.cells.append(row)
        self.setFocusProxy(self.cells[0][0])  # a label's buddy shortcut lands in the first cell

    def entries(self) -> tuple[tuple[Entry, ...], ...]:
        """The cells' entries row by row."""
        return tuple(tuple(cell_entry(c.text()) for c in row) for row in self.cells)

    def set_entries(self, rows: tuple[tuple[Entry, ...], ...]) -> None:
        """Fill the cells (the grid must already have the rows' shape)."""
        for cells, values in zip(self.cells, rows):
            for cell, value in zip(cells, values):
                cell.setText(entry_text(value))


def _labelled(text: str, grid: EntryGrid, parent: QWidget) -> QWidget:
    box = QWidget(parent)
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    label = QLabel(text, box)
    label.setBuddy(grid)
    column.addWidget(label)
    column.addWidget(grid, 0, Qt.AlignmentFlag.AlignLeft)
    column.addStretch(1)
    return box


class LayerForm(QWidget):
    """Sizes, activation, loss and the entries of W, b, x and t, with Randomise and Symbolic."""

    edited = Signal()  # any change of what the form asks for
    randomise_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("layers_form")
        self.setAccessibleName("The layer")
        self._filling = False
        self._build_choices()
        self.grids = {"W": EntryGrid("W", 3, 2, self), "b": EntryGrid("b", 3, 1, self),
                      "x": EntryGrid("x", 2, 1, self), "t": EntryGrid("t", 3, 1, self)}
        for grid in self.grids.values():
            grid.edited.connect(self._changed)
        self._build_buttons()
        self._lay_out()

    def _build_choices(self) -> None:
        self.rows = self._spin("layers_m", "Outputs m (rows of W)")
        self.columns = self._spin("layers_n", "Inputs n (columns of W)")
        self.activation = QComboBox(self)
        self.activation.setObjectName("layers_activation")
        self.activation.setAccessibleName("Activation")
        for name in ACTIVATIONS:
            self.activation.addItem(name, name)
        self.loss = QComboBox(self)
        self.loss.setObjectName("layers_loss")
        self.loss.setAccessibleName("Loss")
        for name in LOSSES:
            self.loss.addItem(LOSS_NAMES.get(name, name), name)
        self.activation.currentIndexChanged.connect(lambda _i: self._changed())
        self.loss.currentIndexChanged.connect(lambda _i: self._changed())

    def _spin(self, name: str, accessible: str) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setObjectName(name)
        spin.setAccessibleName(accessible)
        spin.setRange(1, LAB_MAX_SIZE)
        spin.valueChanged.connect(lambda _v: self._on_size_changed())
        return spin

    def _build_buttons(self) -> None:
        self.randomise = QPushButton("&Randomise", self)
        self.randomise.setObjectName("layers_randomise")
        self.randomise.setAccessibleName("Random entries")
        self.randomise.setToolTip("New random numbers for W, b, x and t (Alt+R)")
        self.randomise.clicked.connect(self.randomise_requested.emit)
        self.symbolic = QPushButton("S&ymbolic", self)
        self.symbolic.setObjectName("layers_symbolic")
        self.symbolic.setAccessibleName("Symbolic entries")
        self.symbolic.setToolTip("Leave W, b and x as symbols (w₁₁, b₁, x₁, …) (Alt+Y)")
        self.symbolic.clicked.connect(self.make_symbolic)
        self.problem_label = QLabel(self)
        self.problem_label.setObjectName("layers_form_problem")
        self.problem_label.setAccessibleName("What is wrong with the layer")
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet("color:#c62828;")

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        sizes = QHBoxLayout()
        sizes.addWidget(self.rows)
        sizes.addWidget(QLabel("\u00d7", self))
        sizes.addWidget(self.columns)
        sizes.addStretch(1)
        size_label = QLabel("W is &m \u00d7 n:", self)
        size_label.setBuddy(self.rows)
        form.addRow(size_label, sizes)
        for text, combo in (("&Activation \u03c3:", self.activation), ("&Loss:", self.loss)):
            label = QLabel(text, self)
            label.setBuddy(combo)
            form.addRow(label, combo)
        vectors = QHBoxLayout()
        for name, text in (("b", "&b"), ("x", "&x"), ("t", "&t (target)")):
            vectors.addWidget(_labelled(text, self.grids[name], self))
        vectors.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.randomise)
        buttons.addWidget(self.symbolic)
        buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(form)
        column.addWidget(_labelled("&W (weights)", self.grids["W"], self))
        column.addLayout(vectors)
        column.addLayout(buttons)
        hint = QLabel("Entries: numbers, fractions such as 1/2, or ? for a symbol.", self)
        hint.setWordWrap(True)
        hint.setStyleSheet("color:#555555;")
        column.addWidget(hint)
        column.addWidget(self.problem_label)
        column.addStretch(1)

    # ------------------------------------------------------------------ reading
    def sizes(self) -> tuple[int, int]:
        """(m, n): outputs and inputs."""
        return self.rows.value(), self.columns.value()

    def problem(self) -> LayerProblem:
        """The layer the form describes; LayerProblemError says what is wrong with it."""
        g = self.grids
        return LayerProblem(g["W"].entries(), tuple(r[0] for r in g["b"].entries()),
                            tuple(r[0] for r in g["x"].entries()),
                            tuple(r[0] for r in g["t"].entries()),
                            str(self.activation.currentData()), str(self.loss.currentData()))

    def checked_problem(self) -> LayerProblem | None:
        """The layer, or None after saying under the form what is wrong."""
        try:
            problem = self.problem()
        except LayerProblemError as error:
            self.problem_label.setText(str(error))
            return None
        self.problem_label.setText("")
        return problem

    # ------------------------------------------------------------------ writing
    def set_problem(self, problem: LayerProblem) -> None:
        """Show ``problem`` (sizes, choices and entries) without a storm of edits."""
        self._filling = True
        self.rows.setValue(problem.m)
        self.columns.setValue(problem.n)
        self._resize_grids(problem.m, problem.n)
        self.activation.setCurrentIndex(max(0, self.activation.findData(problem.activation)))
        self.loss.setCurrentIndex(max(0, self.loss.findData(problem.loss)))
        self.grids["W"].set_entries(problem.W)
        for name in ("b", "x", "t"):
            self.grids[name].set_entries(tuple((e,) for e in getattr(problem, name)))
        self._filling = False
        self._changed()

    def make_symbolic(self) -> None:
        """Leave every entry of W, b and x as a symbol (t keeps its numbers)."""
        self._filling = True
        for name in ("W", "b", "x"):
            for row in self.grids[name].cells:
                for cell in row:
                    cell.setText("?")
        self._filling = False
        self._changed()

    def _resize_grids(self, m: int, n: int) -> None:
        for name, (rows, columns) in {"W": (m, n), "b": (m, 1), "x": (n, 1),
                                      "t": (m, 1)}.items():
            self.grids[name].resize_to(rows, columns)
        self._order_tabs()

    def _order_tabs(self) -> None:
        """Tab goes through W, b, x and t cell by cell, then to the buttons: new cells
        would otherwise join the end of the focus chain, after everything else."""
        chain = [cell for name in ("W", "b", "x", "t")
                 for row in self.grids[name].cells for cell in row]
        chain += [self.randomise, self.symbolic]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    def _on_size_changed(self) -> None:
        if self._filling:
            return
        self._resize_grids(*self.sizes())
        self._changed()

    def _changed(self) -> None:
        if not self._filling:
            self.edited.emit()
