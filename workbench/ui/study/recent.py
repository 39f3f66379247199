"""``RecentFiles``: the recently opened or saved session files, kept in QSettings."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QSettings

from workbench.ui.settings import stored_json_list

RECENT_KEY = "study/recent_files_json"
AUTOSAVE_KEY = "study/autosave_seconds"
RECENT_LIMIT = 8
DEFAULT_AUTOSAVE_S = 30


class RecentFiles:
    """Typed access to the study settings: recent files (newest first) and the autosave interval.

    Values are stored as JSON text, which reads back the same from every QSettings
    backend (INI files flatten one-item lists to plain strings).
    """

    def __init__(self, store: QSettings) -> None:
        self._store = store

    def paths(self) -> list[Path]:
        """The recent session files, newest first."""
        items = stored_json_list(self._store, RECENT_KEY, 100_000)
        return [Path(item) for item in items if isinstance(item, str) and item][:RECENT_LIMIT]

    def add(self, path: Path) -> None:
        """Put ``path`` first (moving it up when it is already listed)."""
        path = Path(path).absolute()
        items = [path, *(p for p in self.paths() if p != path)][:RECENT_LIMIT]
        self._write(items)

    def remove(self, path: Path) -> None:
        """Forget ``path`` (it was moved or deleted)."""
        self._write([p for p in self.paths() if p != Path(path).absolute()])

    def _write(self, items: list[Path]) -> None:
        self._store.setValue(RECENT_KEY, json.dumps([str(p) for p in items]))
        self._store.sync()

    @property
    def autosave_seconds(self) -> int:
        """How often unsaved work is autosaved (5 s to 1 h; default 30 s)."""
        try:
            value = int(self._store.value(AUTOSAVE_KEY, DEFAULT_AUTOSAVE_S))
        except (TypeError, ValueError):
            return DEFAULT_AUTOSAVE_S
        return min(max(value, 5), 3600)

    @autosave_seconds.setter
    def autosave_seconds(self, value: int) -> None:
        self._store.setValue(AUTOSAVE_KEY, int(value))
