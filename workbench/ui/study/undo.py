"""Undo and redo of function and lab edits, with Qt's undo framework.

``UndoTracker`` watches the editor (``expression_changed``) and every lab
(``state_changed``) and pushes a command holding the state before and after each
change. Edits following each other quickly merge into one command (``id`` /
``mergeWith``), so undo steps back over a burst of typing or a slider drag at once,
never one character or one pixel at a time.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QMainWindow

# Edits closer together than this (seconds) are one undo step.
MERGE_WINDOW_S = 1.5
FUNCTION_EDIT_ID = 1000
LAB_EDIT_ID = 2000


class FunctionEdit(QUndoCommand):
    """The Explore function changed from ``old`` to ``new``."""

    def __init__(self, tracker: UndoTracker, old: str, new: str) -> None:
        super().__init__()
        self.tracker, self.old, self.new = tracker, old, new
        self.when = time.monotonic()
        self._done = True  # the edit already happened when the command is pushed
        self._describe()

    def _describe(self) -> None:
        self.setText(f"edit of f(x) to {self.new[:30]}")

    def id(self) -> int:  # Qt's name
        """One id for all function edits, so consecutive ones can merge."""
        return FUNCTION_EDIT_ID

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        """Absorb ``other`` when it follows this edit within the merge window."""
        if not isinstance(other, FunctionEdit) or other.when - self.when > MERGE_WINDOW_S:
            return False
        self.new, self.when = other.new, other.when
        self._describe()
        return True

    def redo(self) -> None:
        """Show ``new`` (skipped on push: the editor already shows it)."""
        if self._done:
            self._done = False
            return
        self.tracker.apply_function(self.new)

    def undo(self) -> None:
        """Show ``old`` again."""
        self.tracker.apply_function(self.old)


class LabEdit(QUndoCommand):
    """Lab ``kind``'s state changed from ``old`` to ``new`` (works for every lab)."""

    def __init__(self, tracker: UndoTracker, kind: str, old: dict[str, Any],
                 new: dict[str, Any]) -> None:
        super().__init__()
        self.tracker, self.kind, self.old, self.new = tracker, kind, old, new
        self.when = time.monotonic()
        self._done = True
        self.setText(f"change in the {tracker.lab_title(kind)} lab")

    def id(self) -> int:  # Qt's name
        """One id per lab kind: edits of one lab merge, edits of two labs never do."""
        return LAB_EDIT_ID + self.tracker.lab_number(self.kind)

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        """Absorb ``other`` when it is the same lab within the merge window."""
        if not isinstance(other, LabEdit) or other.kind != self.kind or \
                other.when - self.when > MERGE_WINDOW_S:
            return False
        self.new, self.when = other.new, other.when
        return True

    def redo(self) -> None:
        """Put ``new`` back (skipped on push: the lab already shows it)."""
        if self._done:
            self._done = False
            return
        self.tracker.apply_lab_state(self.kind, self.new)

    def undo(self) -> None:
        """Put ``old`` back."""
        self.tracker.apply_lab_state(self.kind, self.old)


class UndoTracker(QObject):
    """Turns edits in the window into undo commands on ``stack``."""

    def __init__(self, window: QMainWindow, stack: QUndoStack | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.stack = stack if stack is not None else QUndoStack(self)
        self._applying = False
        self._function = window.editor.text().strip()
        self._states: dict[str, dict[str, Any]] = {}
        self._numbers: dict[str, int] = {}
        window.editor.expression_changed.connect(self._on_editor_expression_changed)
        window.tabs.lab_created.connect(self._on_tabs_lab_created)
        for kind, lab in window.tabs.labs().items():
            self._on_tabs_lab_created(kind, lab)

    # ------------------------------------------------------------ queries
    def last_function(self) -> str:
        """The last function that parsed (what a session saves while the input is half typed)."""
        return self._function

    def lab_number(self, kind: str) -> int:
        """A small stable number per lab kind (part of its commands' id)."""
        return self._numbers.setdefault(kind, len(self._numbers))

    def lab_title(self, kind: str) -> str:
        """The lab's title for undo menu texts."""
        lab = self.window.tabs.labs().get(kind)
        return getattr(lab, "title", "") or kind

    # ------------------------------------------------------------ applying
    def apply_function(self, text: str) -> None:
        """Show ``text`` in the editor without recording it as a new edit."""
        self._function = text
        self.window.tabs.setCurrentIndex(0)
        self.window.editor.set_text(text)

    def apply_lab_state(self, kind: str, state: dict[str, Any]) -> None:
        """Put lab ``kind`` in ``state`` without recording it as a new edit."""
        lab = self.window.tabs.lab(kind)
        self._applying = True
        try:
            lab.restore(dict(state))
        finally:
            self._applying = False
        self._states[kind] = dict(lab.state())
        self.window.tabs.setCurrentWidget(lab)

    def resync(self) -> None:
        """Take the window as it is now as the starting point (after open, new, recover)."""
        self._function = self.window.editor.text().strip()
        for kind, lab in self.window.tabs.labs().items():
            self._states[kind] = dict(lab.state())

    # ------------------------------------------------------------ slots
    def _on_editor_expression_changed(self, text: str) -> None:
        text = text.strip()
        if text == self._function:
            return
        old, self._function = self._function, text
        self.stack.push(FunctionEdit(self, old, text))

    def _on_tabs_lab_created(self, kind: str, lab: QObject) -> None:
        self.lab_number(kind)
        self._states[kind] = dict(lab.state())
        lab.state_changed.connect(lambda kind=kind: self._on_lab_state_changed(kind))

    def _on_lab_state_changed(self, kind: str) -> None:
        if self._applying:
            return
        new = dict(self.window.tabs.labs()[kind].state())
        old = self._states.get(kind, {})
        if new == old:
            return
        self._states[kind] = new
        self.stack.push(LabEdit(self, kind, old, new))
