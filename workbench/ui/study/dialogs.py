"""The study session's questions to the student: save changes? recover the autosave?

Each is a small function around ``QMessageBox`` so that tests can answer it (by
patching the function, or by clicking the dialog's buttons) and so the wording
lives in one place.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

Button = QMessageBox.StandardButton


def ask_save_changes(parent: QWidget, name: str) -> Button:
    """Save, Discard or Cancel for unsaved changes in session ``name``."""
    return QMessageBox.question(
        parent, "Unsaved changes",
        f"The study session \u201c{name}\u201d has changes that are not saved.\n"
        "Save them before closing?",
        Button.Save | Button.Discard | Button.Cancel, Button.Save)


def show_problem(parent: QWidget, title: str, text: str) -> None:
    """Tell the student what went wrong with a file (and that nothing was lost)."""
    QMessageBox.warning(parent, title, text)


class RecoveryDialog(QMessageBox):
    """Offers the work a crashed run left in the autosave: Recover or Discard."""

    def __init__(self, parent: QWidget | None, autosave: Path,
                 origin: Path | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recovery_dialog")
        self.setAccessibleName("Recover unsaved work")
        self.setIcon(QMessageBox.Icon.Question)
        self.setWindowTitle("Recover unsaved work?")
        when = ""
        try:
            when = datetime.fromtimestamp(autosave.stat().st_mtime).strftime(" (%d %b %Y, %H:%M)")
        except OSError:
            pass
        self.setText("The workbench did not close normally last time.")
        whose = f" on {origin.name}" if origin is not None else ""
        self.setInformativeText(f"Your unsaved work{whose} was autosaved{when}. Recover it?")
        self.recover_button = self.addButton("Recover", QMessageBox.ButtonRole.AcceptRole)
        self.recover_button.setObjectName("recover_button")
        self.discard_button = self.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
        self.discard_button.setObjectName("discard_button")
        self.setDefaultButton(self.recover_button)

    def choose(self) -> bool:
        """Ask (modal); True when the student chose Recover."""
        self.exec()
        return self.clickedButton() is self.recover_button
