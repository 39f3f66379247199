"""Help → Functions and syntax: every name the parser accepts, with an example, searchable.

The rows come from :mod:`workbench.protocol.function_reference`, which is built from the
parser's own vocabulary, so the page lists exactly what the editor accepts.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QHeaderView, QLabel, QLineEdit,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from workbench.protocol.function_reference import SYNTAX, constants, functions, greek_letters

COLUMNS = ("Name", "Also typed as", "What it is", "Example", "Group")


def reference_rows() -> list[tuple[str, str, str, str, str]]:
    """One row per function and constant: name, other spellings, what, example, group."""
    rows = [(f.name, ", ".join(s for s in f.spellings if s != f.name), f.description,
             f.example, f.group) for f in functions()]
    rows += [(c.name, ", ".join(s for s in c.spellings if s != c.name), c.description,
              c.example, "Constants") for c in constants()]
    return rows


class FunctionHelp(QDialog):
    """A searchable table of the functions and constants, then the notation and Greek names."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("function_help")
        self.setWindowTitle("Functions and syntax")
        self.setAccessibleName("Functions and syntax")
        self.search = QLineEdit(self)
        self.search.setObjectName("function_search")
        self.search.setAccessibleName("Search the functions")
        self.search.setPlaceholderText("Search: a name, a word (e.g. log, activation)…")
        self.search.setClearButtonEnabled(True)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setTabKeyNavigation(False)
        self.table.setObjectName("function_table")
        self.table.setAccessibleName("Functions and constants the editor accepts")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        self._fill(reference_rows())
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        notation = QLabel(self._notation_html(), self)
        notation.setObjectName("syntax_notes")
        notation.setWordWrap(True)
        notation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(notation)
        self.search.textChanged.connect(self.filter)
        self.resize(860, 640)

    def _fill(self, rows: list[tuple[str, ...]]) -> None:
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                if c in (0, 3):  # names and examples are what is typed: monospace
                    font = item.font()
                    font.setFamily("monospace")
                    item.setFont(font)
                self.table.setItem(r, c, item)

    @staticmethod
    def _notation_html() -> str:
        items = "".join(f"<li><code>{example}</code>: {what}</li>" for example, what in SYNTAX)
        return (f"<b>Notation</b><ul>{items}</ul><b>Greek names</b> (as variables): "
                f"{', '.join(greek_letters())}")

    def filter(self, text: str) -> None:
        """Show only the rows whose cells contain ``text`` (case-insensitive)."""
        needle = text.strip().lower()
        for r in range(self.table.rowCount()):
            cells = (self.table.item(r, c).text().lower() for c in range(len(COLUMNS)))
            self.table.setRowHidden(r, bool(needle) and not any(needle in c for c in cells))

    def visible_names(self) -> list[str]:
        """The names of the rows on show."""
        return [self.table.item(r, 0).text() for r in range(self.table.rowCount())
                if not self.table.isRowHidden(r)]


def show_function_help(window: QWidget) -> FunctionHelp:
    """Open (or raise) ``window``'s Functions and syntax page, non-modal."""
    page = window.findChild(FunctionHelp, "function_help")
    if page is None:
        page = FunctionHelp(window)
    page.show()
    page.raise_()
    page.activateWindow()
    return page
