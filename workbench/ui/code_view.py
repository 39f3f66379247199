"""``CodeView``: a lab's generated script, read-only, with Copy and Save as .py.

The lab hands it the text from :mod:`workbench.codegen` (built in the worker or in
process: the code view itself imports no mathematics). Python is highlighted with a
small :class:`PythonHighlighter`. Ctrl+Shift+C copies the whole script and
Ctrl+Shift+S saves it (Ctrl+C still copies a selection); the result of either shows
in the message line under the buttons.
"""

from __future__ import annotations

import keyword
import re
from pathlib import Path

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QKeySequence,
    QShortcut,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

_IN_DOCSTRING = 1


def _format(color: str, bold: bool = False, italic: bool = False) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(color))
    if bold:
        fmt.setFontWeight(QFont.Weight.Bold)
    fmt.setFontItalic(italic)
    return fmt


class PythonHighlighter(QSyntaxHighlighter):
    """Keywords, names being defined, numbers, strings, comments and docstrings.

    Rules apply in order, later ones over earlier ones (a keyword inside a string or
    a comment ends up coloured as the string or comment). Triple-quoted strings may
    span lines: the block state remembers an open one.
    """

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        words = "|".join(sorted(keyword.kwlist, key=len, reverse=True))
        self.string_format = _format("#a31515")
        self.rules: list[tuple[QRegularExpression, QTextCharFormat, int]] = [
            (QRegularExpression(rf"\b({words})\b"), _format("#0000c0", bold=True), 0),
            (QRegularExpression(r"\b(def|class)\s+(\w+)"), _format("#795e26", bold=True), 2),
            (QRegularExpression(r"\b(np|sp|integrate|stats|special|torch)\b"),
             _format("#267f99"), 0),
            (QRegularExpression(r"\b[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?\b"),
             _format("#098658"), 0),
            (QRegularExpression(r"[rfRF]?\"[^\"\n]*\"|[rfRF]?'[^'\n]*'"), self.string_format, 0),
            (QRegularExpression(r"#[^\n]*"), _format("#008000", italic=True), 0),
        ]
        self.triple = QRegularExpression('"""')

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt's name
        """Colour one line (Qt calls this for every changed block)."""
        for pattern, fmt, group in self.rules:
            matches = pattern.globalMatch(text)
            while matches.hasNext():
                match = matches.next()
                self.setFormat(match.capturedStart(group), match.capturedLength(group), fmt)
        self._docstrings(text)

    def _docstrings(self, text: str) -> None:
        self.setCurrentBlockState(0)
        start = 0 if self.previousBlockState() == _IN_DOCSTRING else -1
        position = 0
        while True:
            found = self.triple.match(text, position)
            if not found.hasMatch():
                break
            if start < 0:
                start = found.capturedStart()
            else:
                end = found.capturedEnd()
                self.setFormat(start, end - start, self.string_format)
                start = -1
            position = found.capturedEnd()
        if start >= 0:
            self.setFormat(start, len(text) - start, self.string_format)
            self.setCurrentBlockState(_IN_DOCSTRING)


class CodeView(QWidget):
    """A read-only script with Copy and Save as .py buttons and a message line.

    Call :meth:`set_script` with the generated text and a file stem for saving.
    ``copied`` fires after a copy; ``saved`` with the path after a save.
    """

    copied = Signal()
    saved = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("codeView")
        self.setAccessibleName("Code")
        self._stem = "script"
        self._folder = ""
        self.editor = QPlainTextEdit(self)
        self.editor.setObjectName("codeText")
        self.editor.setAccessibleName("Python script")
        self.editor.setAccessibleDescription(
            "A script that reproduces this computation with NumPy, SciPy and SymPy")
        self.editor.setReadOnly(True)
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.editor.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                            | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.highlighter = PythonHighlighter(self.editor.document())
        self.copy_button = self._button("Copy", "codeCopy", "Copy the whole script",
                                        "Ctrl+Shift+C", self.copy_script)
        self.save_button = self._button("Save as .py\u2026", "codeSave",
                                        "Save the script as a Python file", "Ctrl+Shift+S",
                                        self.save_script)
        self.message = QLabel(self)
        self.message.setObjectName("codeMessage")
        self.message.setAccessibleName("Code message")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self._layout()
        self.set_script("")

    def _button(self, text: str, name: str, tip: str, keys: str, slot) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAccessibleName(tip)
        button.setToolTip(f"{tip} ({QKeySequence(keys).toString(QKeySequence.NativeText)})")
        button.clicked.connect(slot)
        shortcut = QShortcut(QKeySequence(keys), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)
        return button

    def _layout(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.editor, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)

    # ------------------------------------------------------------------ public
    def set_script(self, text: str, stem: str = "script") -> None:
        """Show ``text``; ``stem`` names the file Save proposes (``derivative`` ->
        ``derivative.py``). An empty text disables the buttons."""
        self.editor.setPlainText(text)
        self._stem = re.sub(r"[^A-Za-z0-9_-]+", "_", stem).strip("_") or "script"
        has_text = bool(text.strip())
        self.copy_button.setEnabled(has_text)
        self.save_button.setEnabled(has_text)
        self.set_message("" if has_text else "No code for this computation yet.")

    def script(self) -> str:
        """The script shown."""
        return self.editor.toPlainText()

    def set_message(self, text: str, error: bool = False) -> None:
        """Show ``text`` under the buttons (in the error colour when ``error``)."""
        self.message.setText(text)
        self.message.setProperty("error", error)
        self.message.setStyleSheet("color: #b00020;" if error else "")

    def copy_script(self) -> None:
        """Put the whole script on the clipboard."""
        if not self.script().strip():
            return
        QGuiApplication.clipboard().setText(self.script())
        self.set_message("Copied the script: paste it into a .py file or a notebook cell.")
        self.copied.emit()

    def save_script(self) -> str | None:
        """Ask for a file name and write the script there atomically; the path, or None."""
        if not self.script().strip():
            return None
        start = str(Path(self._folder or Path.home()) / f"{self._stem}.py")
        path, _ = QFileDialog.getSaveFileName(self, "Save script as", start,
                                              "Python scripts (*.py)")
        if not path:
            return None
        target = Path(path) if path.endswith(".py") else Path(path + ".py")
        text = self.script() if self.script().endswith("\n") else self.script() + "\n"
        try:
            from workbench.export.report import write_atomic

            write_atomic(target, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))
        except OSError as problem:
            from workbench.ui.export.errors import describe_write_error

            self.set_message(describe_write_error(problem, target), error=True)
            return None
        self._folder = str(target.parent)
        self.set_message(f"Saved {target.name}. Run it with: python {target.name}")
        self.saved.emit(str(target))
        return str(target)
