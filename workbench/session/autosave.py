"""Autosave and crash recovery, without Qt: the window owns the timer and the folder.

The autosave file exists only while the application runs with unsaved work; a clean
exit removes it. Finding one at start-up therefore means the last run ended
abnormally, and its content is offered back to the student.

The slot also names the session file the work belongs to (when it had one), inside the
same JSON object, so that the session and its file are written together in one atomic
replace; recovered work then goes back to that file instead of becoming untitled.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbench.session.errors import SessionError
from workbench.session.model import Session
from workbench.session.storage import read_json, session_of, write_json_atomic

AUTOSAVE_NAME = "autosave.calcwb"
DEFAULT_INTERVAL_S = 30
ORIGIN_KEY = "autosave_of"  # the session file the autosaved work belongs to
MAX_PATH_CHARS = 4096


@dataclass(frozen=True)
class Recovery:
    """What a crashed run left: its session, and the file it belonged to (None: untitled)."""

    session: Session
    origin: Path | None


def origin_of(data: Any) -> Path | None:
    """The file named in an autosave's data, if it is a sane absolute path whose folder
    still exists (anything else, from a damaged or hand-made slot, counts as none)."""
    value = data.get(ORIGIN_KEY) if isinstance(data, dict) else None
    if not isinstance(value, str) or not 0 < len(value) <= MAX_PATH_CHARS or "\0" in value:
        return None
    path = Path(value)
    return path if path.is_absolute() and path.parent.is_dir() else None


class Autosave:
    """The autosave slot in the application's data folder."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)
        self.path = self.folder / AUTOSAVE_NAME

    def write(self, session: Session, origin: str | os.PathLike[str] | None = None) -> None:
        """Save ``session`` to the slot atomically (the previous autosave stays until replaced);
        ``origin`` is the session file it is unsaved work of, if any."""
        self.folder.mkdir(parents=True, exist_ok=True)
        data = session.to_data()
        if origin is not None:
            data[ORIGIN_KEY] = str(Path(origin).absolute())
        write_json_atomic(data, self.path)

    def recover(self) -> Recovery | None:
        """The session a crashed run left behind and its file, or None (a damaged slot
        counts as none)."""
        if not os.path.lexists(self.path):
            return None
        try:
            data = read_json(self.path)
            return Recovery(session_of(data, self.path.name), origin_of(data))
        except SessionError:
            return None

    def recoverable(self) -> Session | None:
        """The session a crashed run left behind, or None (a damaged slot counts as none)."""
        found = self.recover()
        return found.session if found is not None else None

    def clear(self) -> None:
        """Forget the slot: after a clean exit or once the student chose recover or discard.

        Something that is no file (a folder put there by hand) is left alone: start-up
        must not fail on it, and the next autosave will say why it can't write.
        """
        try:
            self.path.unlink(missing_ok=True)
        except OSError:
            pass
