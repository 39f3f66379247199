"""``Settings``: one small typed wrapper over ``QSettings``, versioned and migrated.

Every value the window remembers between runs goes through here, so keys and
types live in one place. A schema version is stored with the values; older
layouts are migrated before anything is read.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

DEFAULT_FUNCTION = "x^2 sin(x)"
SCHEMA_VERSION = 2
HISTORY_LIMIT = 50


def stored_json_list(store: QSettings, key: str, max_chars: int) -> list[Any]:
    """The list stored as JSON text under ``key`` (JSON reads back the same from every
    QSettings backend); [] when it is missing, damaged, longer than ``max_chars`` or not
    a list: a bad value is forgotten, never fatal."""
    raw = store.value(key)
    if not isinstance(raw, str) or len(raw) > max_chars:
        return []
    try:
        items = json.loads(raw)
    except (ValueError, RecursionError):
        return []
    return items if isinstance(items, list) else []


class Settings:
    """Typed access to the window's remembered state.

    Without ``path`` the platform's QSettings store for the application is used
    (the app sets organisation and application names first); tests pass a file path
    (an INI file) so they never touch the student's real settings.
    """

    def __init__(self, path: str | Path | None = None) -> None:
        if path is None:
            self._store = QSettings()
        else:
            self._store = QSettings(str(path), QSettings.Format.IniFormat)
        self.migrate()

    # ---------------------------------------------------------------- schema
    @property
    def schema_version(self) -> int:
        """The schema the stored values follow (0 when nothing was ever stored)."""
        return _as_int(self._store.value("schema"), 0)

    def migrate(self) -> None:
        """Bring values stored by an older version to the current schema."""
        version = self.schema_version
        if version < 1 and self._store.contains("function"):
            # Version 0 kept the last function under a bare "function" key.
            self._store.setValue("editor/last_function", self._store.value("function"))
            self._store.remove("function")
        if version < 2 and self._store.contains("editor/history"):
            # Version 1 stored the history as a native list, which INI files flatten
            # to a string when it has one item; version 2 stores JSON text.
            raw = self._store.value("editor/history")
            items = [raw] if isinstance(raw, str) else list(raw or [])
            self._store.setValue("editor/history_json", json.dumps([str(i) for i in items]))
            self._store.remove("editor/history")
        if version != SCHEMA_VERSION:
            self._store.setValue("schema", SCHEMA_VERSION)

    def sync(self) -> None:
        """Write pending changes to disk now."""
        self._store.sync()

    # ---------------------------------------------------------------- values
    @property
    def last_function(self) -> str:
        """The function shown when the window last closed (default ``x^2 sin(x)``)."""
        value = self._store.value("editor/last_function")
        return value if isinstance(value, str) and value.strip() else DEFAULT_FUNCTION

    @last_function.setter
    def last_function(self, text: str) -> None:
        self._store.setValue("editor/last_function", str(text))

    @property
    def history(self) -> list[str]:
        """Functions the student computed, oldest first (at most ``HISTORY_LIMIT``)."""
        items = stored_json_list(self._store, "editor/history_json", HISTORY_JSON_LIMIT)
        return [i for i in items if isinstance(i, str) and len(i) <= 2000][-HISTORY_LIMIT:]

    @history.setter
    def history(self, items: list[str]) -> None:
        self._store.setValue("editor/history_json", json.dumps(list(items)[-HISTORY_LIMIT:]))

    @property
    def geometry(self) -> QByteArray | None:
        """The main window's saved geometry (``QWidget.saveGeometry``), if any."""
        value = self._store.value("window/geometry")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._store.setValue("window/geometry", value)

    @property
    def splitter_state(self) -> QByteArray | None:
        """The plot/derivation splitter's saved state, if any."""
        value = self._store.value("window/splitter")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    @splitter_state.setter
    def splitter_state(self, value: QByteArray) -> None:
        self._store.setValue("window/splitter", value)

    @property
    def show_second_derivative(self) -> bool:
        """Whether the plot shows f'' too."""
        return _as_bool(self._store.value("plot/second_derivative"), False)

    @show_second_derivative.setter
    def show_second_derivative(self, value: bool) -> None:
        self._store.setValue("plot/second_derivative", bool(value))


HISTORY_JSON_LIMIT = 1_000_000  # characters; a real history is a few kilobytes


def _as_int(value: object, default: int) -> int:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default


def _as_bool(value: object, default: bool) -> bool:
    # INI files hand booleans back as the strings "true"/"false".
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value.lower() in ("true", "1", "yes")
    return default
