"""One undo history: Ctrl+Z and Ctrl+Shift+Z in a text field walk the window's history.

A text field (the function input, a lab's point or bound, the practice answer) has
an undo history of its own and takes the undo keys before the window's Edit menu
sees them, so the same key would undo different things depending on where the focus
is. ``UndoKeys`` sits in front of every text field of the window and sends the keys
to the application's ``QUndoStack`` instead: the one history a student sees in the
Edit menu, which already holds every function edit (merged into bursts) and every
lab change. Fields are covered as they appear (labs and docks are built lazily).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (QAbstractSpinBox, QApplication, QLineEdit, QMainWindow,
                               QPlainTextEdit, QTextEdit, QWidget)

TEXT_FIELDS = (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox)


def is_text_field(widget: QObject | None) -> bool:
    """True for a widget that edits text and so has undo keys of its own."""
    if not isinstance(widget, TEXT_FIELDS):
        return False
    return not (isinstance(widget, (QPlainTextEdit, QTextEdit)) and widget.isReadOnly())


class UndoKeys(QObject):
    """Routes the undo and redo keys typed in the window's text fields to ``stack``.

    ``before`` runs first (the editor commits a pending edit, so undo never skips the
    edit just typed).
    """

    def __init__(self, window: QMainWindow, stack: QUndoStack,
                 before: Callable[[], None] | None = None) -> None:
        super().__init__(window)
        self.window, self.stack, self.before = window, stack, before
        self.cover(window)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_app_focus_changed)

    def cover(self, root: QWidget) -> None:
        """Route the keys of every text field in ``root`` (call for widgets built later)."""
        fields = [root] if is_text_field(root) else []
        for field in fields + root.findChildren(QWidget):
            if is_text_field(field):
                field.installEventFilter(self)  # installing twice keeps one filter
                if isinstance(field, (QPlainTextEdit, QTextEdit)):
                    field.setUndoRedoEnabled(False)  # no second history in its menu

    def undo(self) -> None:
        """Step back in the window's history."""
        if self.before is not None:
            self.before()
        self.stack.undo()

    def redo(self) -> None:
        """Step forward in the window's history."""
        if self.before is not None:
            self.before()
        self.stack.redo()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Take the undo keys from a text field: the window's history answers them."""
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) or \
                not isinstance(event, QKeyEvent):
            return False
        action = self._action(event)
        if action is None:
            return False
        if kind == QEvent.Type.ShortcutOverride:
            event.accept()  # the key press comes to the field (and so here), not a shortcut
            return True
        action()
        return True

    def _action(self, event: QKeyEvent) -> Callable[[], None] | None:
        if event.matches(QKeySequence.StandardKey.Undo):
            return self.undo
        if event.matches(QKeySequence.StandardKey.Redo):
            return self.redo
        return None

    def _on_app_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and is_text_field(new) and self.window.isAncestorOf(new):
            self.cover(new)
