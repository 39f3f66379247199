"""``ExpressionEditor``: where the student types a function.

The input is checked on every keystroke with the sympy-free grammar
(``parse_tree``, microseconds, no worker): a problem is underlined with a wavy red
line at the column the ``ParseError`` names, and explained in words below the
input and in its tooltip. A typeset preview of the function sits beside it.

Signals: ``tree_changed(tree)`` at once for every valid edit (the plot of f needs no
worker), ``expression_changed(text)`` after a short pause in typing (the derivation
job), ``compute_requested(text)`` on Enter.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QSizePolicy,
                               QTextEdit, QVBoxLayout, QWidget)

from workbench.protocol.function_reference import HELP_TOPIC
from workbench.protocol.syntax import Node, ParseError, parse_tree, tree_to_latex
from workbench.ui.function_help import show_function_help
from workbench.ui.math_view import MathLabel

DEBOUNCE_MS = 150
PREVIEW_MS = 60
PREVIEW_HEIGHT = 56
ERROR_COLOUR = QColor("#c62828")


class FormulaInput(QPlainTextEdit):
    """A one-line plain-text input (QPlainTextEdit, so errors can be underlined in place)."""

    enter_pressed = Signal()
    history_requested = Signal(int)  # -1 older, +1 newer

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("expression_input")
        self.setAccessibleName("Function input")
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTabChangesFocus(True)
        self.setPlaceholderText("Type a function of x, e.g. x^2 sin(x)")
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.setFont(font)
        self.document().setDocumentMargin(4)
        height = self.fontMetrics().lineSpacing() + 2 * 4 + 2 * self.frameWidth() + 4
        self.setFixedHeight(height)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Enter computes, Up/Down walk the history; everything else edits the line."""
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.enter_pressed.emit()
            return
        if key == Qt.Key.Key_Up:
            self.history_requested.emit(-1)
            return
        if key == Qt.Key.Key_Down:
            self.history_requested.emit(+1)
            return
        if key == Qt.Key.Key_Escape:
            event.ignore()  # let the window cancel the running job
            return
        super().keyPressEvent(event)

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802 - Qt's name
        """Pasted text stays on one line."""
        text = " ".join(source.text().split())
        self.textCursor().insertText(text)


class ExpressionEditor(QWidget):
    """The function input with live validation, history, a typeset preview and debounce."""

    tree_changed = Signal(object)
    text_edited = Signal(str)  # every change of the text, valid or not, once parsed
    expression_changed = Signal(str)
    compute_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None, variables: tuple[str, ...] = ()) -> None:
        super().__init__(parent)
        self.setObjectName("expression_editor")
        self.setAccessibleName("Function editor")
        self.variables = tuple(variables)
        self._tree: Node | None = None
        self._error: ParseError | None = None
        self._history: list[str] = []
        self._history_index: int | None = None
        self._draft = ""
        self._build()
        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self._on_debounce_timeout)
        self._preview_timer = QTimer(self, singleShot=True, interval=PREVIEW_MS)
        self._preview_timer.timeout.connect(self._on_preview_timeout)
        self.input_field.textChanged.connect(self._on_input_text_changed)
        self.input_field.enter_pressed.connect(self._on_input_enter_pressed)
        self.input_field.history_requested.connect(self._on_input_history_requested)

    def _build(self) -> None:
        self.input_field = FormulaInput(self)
        prompt = QLabel("f(x) =", self)
        prompt.setObjectName("expression_prompt")
        prompt.setBuddy(self.input_field)
        prompt.setFont(self.input_field.font())
        self.preview = MathLabel("", 20.0, self, fit=True)
        self.preview.setObjectName("expression_preview")
        self.preview.setAccessibleName("Function preview")
        self.preview.setMinimumWidth(120)
        # The preview takes the room its stretch gives it and shrinks its formula to fit;
        # it must never push the row wider than the window.
        self.preview.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.preview.setFixedHeight(PREVIEW_HEIGHT)  # tall formulas shrink, the row does not grow
        self.message = QLabel(self)
        self.message.setObjectName("expression_message")
        self.message.setAccessibleName("Input problem")
        self.message.setStyleSheet(f"color: {ERROR_COLOUR.name()};")
        # One line of fixed height (the full message is also the input's tooltip): the
        # editor never changes height while typing, so the plot below is never resized.
        self.message.setFixedHeight(self.message.fontMetrics().lineSpacing() + 2)
        self.message.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        # a message that names "Help → Functions and syntax" gets a button that opens it
        self.help_button = QPushButton("Functions and syntax\u2026", self)
        self.help_button.setObjectName("function_help_button")
        self.help_button.setAccessibleName("Open the list of functions and syntax")
        self.help_button.setFlat(True)
        self.help_button.setStyleSheet("QPushButton { color: #1565c0; text-decoration: underline;"
                                       " border: none; padding: 0 4px; }")
        self.help_button.setFixedHeight(self.message.fontMetrics().lineSpacing() + 2)
        self.help_button.hide()
        self.help_button.clicked.connect(lambda: show_function_help(self.window()))
        row = QHBoxLayout()
        row.addWidget(prompt)
        row.addWidget(self.input_field, 3)
        row.addSpacing(16)
        row.addWidget(self.preview, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        problem_row = QHBoxLayout()
        problem_row.addWidget(self.message, 1)
        problem_row.addWidget(self.help_button)
        layout.addLayout(problem_row)

    # ---------------------------------------------------------------- public API
    def text(self) -> str:
        """The text in the input."""
        return self.input_field.toPlainText()

    def set_text(self, text: str) -> None:
        """Replace the input (validates and, after the pause, emits like typing would)."""
        self.input_field.setPlainText(text)
        self.input_field.moveCursor(QTextCursor.MoveOperation.End)

    def tree(self) -> Node | None:
        """The parsed tree of the input, or None while it does not parse."""
        return self._tree

    def error(self) -> ParseError | None:
        """The current problem with the input, or None."""
        return self._error

    def error_position(self) -> int | None:
        """The column underlined in the input, or None when nothing is."""
        selections = self.input_field.extraSelections()
        return selections[0].cursor.selectionStart() if selections else None

    def show_error(self, message: str, position: int | None) -> None:
        """Point at a problem found elsewhere (e.g. by the worker's parser)."""
        self._show_problem(ParseError(message, position))

    def compute_now(self) -> None:
        """What Enter does: emit ``compute_requested`` for valid input and remember it."""
        if self._tree is None:
            return
        text = self.text().strip()
        self._debounce.stop()
        self.add_to_history(text)
        self.compute_requested.emit(text)

    def flush(self) -> None:
        """Emit a pending ``expression_changed`` now (before an undo, so the edit just
        typed is in the history and undo steps back over it, not past it)."""
        if self._debounce.isActive():
            self._debounce.stop()
            self._on_debounce_timeout()

    def history(self) -> list[str]:
        """Computed functions, oldest first."""
        return list(self._history)

    def set_history(self, items: list[str]) -> None:
        """Replace the history (e.g. from settings)."""
        self._history = [str(i) for i in items if str(i).strip()]
        self._history_index = None

    def add_to_history(self, text: str) -> None:
        """Append ``text`` (moving it to the end if it is already there)."""
        if text in self._history:
            self._history.remove(text)
        self._history.append(text)
        self._history_index = None

    # ---------------------------------------------------------------- slots
    def _on_input_text_changed(self) -> None:
        text = self.text()
        try:
            tree = parse_tree(text, self.variables)
        except ParseError as problem:
            self._tree = None
            self._debounce.stop()
            self._show_problem(problem)
            self.text_edited.emit(text)
            return
        self._tree = tree
        self._clear_problem()
        self.text_edited.emit(text)
        self.tree_changed.emit(tree)
        self._debounce.start()
        # Typesetting takes 15-30 ms: done in a pause of typing, so keys stay instant.
        self._preview_timer.start()

    def _on_preview_timeout(self) -> None:
        if self._tree is not None:
            self.preview.set_latex(tree_to_latex(self._tree))

    def _on_debounce_timeout(self) -> None:
        text = self.text().strip()
        # No "same as last time" check: typing x then deleting it must still bring the
        # derivative back, since the plot dropped it when f changed in between.
        if self._tree is None:
            return
        self.expression_changed.emit(text)

    def _on_input_enter_pressed(self) -> None:
        self.compute_now()

    def _on_input_history_requested(self, step: int) -> None:
        if not self._history:
            return
        if self._history_index is None:
            if step > 0:
                return  # already at the newest (the draft)
            self._draft = self.text()
            index = len(self._history) - 1
        else:
            index = self._history_index + step
        if index >= len(self._history):
            self._history_index = None
            self.set_text(self._draft)
            return
        self._history_index = max(index, 0)
        self.set_text(self._history[self._history_index])

    # ---------------------------------------------------------------- drawing
    def _show_problem(self, problem: ParseError) -> None:
        self._error = problem
        self._set_message(problem.message)
        self.input_field.setToolTip(problem.message)
        self.input_field.setAccessibleDescription(problem.message)
        text = self.text()
        if problem.position is None or not text:
            self.input_field.setExtraSelections([])
            return
        # An error "at the end" has no character of its own: underline the last one.
        start = min(max(problem.position, 0), len(text) - 1)
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.input_field.document())
        cursor.setPosition(start)
        cursor.setPosition(start + 1, QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        fmt = QTextCharFormat()
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        fmt.setUnderlineColor(ERROR_COLOUR)
        fmt.setBackground(QColor(198, 40, 40, 40))
        selection.format = fmt
        self.input_field.setExtraSelections([selection])

    def _set_message(self, message: str) -> None:
        self.message.setText(message)
        self.help_button.setVisible(HELP_TOPIC in message)

    def _clear_problem(self) -> None:
        self._error = None
        self._set_message("")
        self.input_field.setToolTip("")
        self.input_field.setAccessibleDescription("")
        self.input_field.setExtraSelections([])
