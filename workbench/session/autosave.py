"""Autosave and crash recovery, without Qt: the window owns the timer and the folder.

The autosave file exists only while the application runs with unsaved work; a clean
exit removes it. Finding one at start-up therefore means the last run ended
abnormally, and its content is offered back to the student.
"""

from __future__ import annotations

import os
from pathlib import Path

from workbench.session.errors import SessionError
from workbench.session.model import Session
from workbench.session.storage import load_session, write_json_atomic

AUTOSAVE_NAME = "autosave.calcwb"
DEFAULT_INTERVAL_S = 30


class Autosave:
    """The autosave slot in the application's data folder."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)
        self.path = self.folder / AUTOSAVE_NAME

    def write(self, session: Session) -> None:
        """Save ``session`` to the slot atomically (the previous autosave stays until replaced)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        write_json_atomic(session.to_data(), self.path)

    def recoverable(self) -> Session | None:
        """The session a crashed run left behind, or None (a damaged slot counts as none)."""
        if not os.path.lexists(self.path):
            return None
        try:
            return load_session(self.path)
        except SessionError:
            return None

    def clear(self) -> None:
        """Forget the slot: after a clean exit or once the student chose recover or discard.

        Something that is no file (a folder put there by hand) is left alone: start-up
        must not fail on it, and the next autosave will say why it can't write.
        """
        try:
            self.path.unlink(missing_ok=True)
        except OSError:
            pass
