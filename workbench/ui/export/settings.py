"""``ExportSettings``: the last folder, format and sizes each export dialog used (QSettings)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths


class ExportSettings:
    """Typed access to what the export dialogs remember between runs.

    ``what`` names the dialog ("figure", "derivation", "animation", "report").
    Without ``path`` the application's QSettings store is used; tests pass an INI file.
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self._store = (QSettings() if path is None
                       else QSettings(str(path), QSettings.Format.IniFormat))

    def folder(self, what: str) -> str:
        """The folder the ``what`` dialog last saved in (documents folder at first)."""
        value = self._store.value(f"export/{what}/folder")
        if isinstance(value, str) and Path(value).is_dir():
            return value
        home = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation)
        return home if home and Path(home).is_dir() else str(Path.home())

    def set_folder(self, what: str, folder: str | Path) -> None:
        """Remember the folder of the last save."""
        self._store.setValue(f"export/{what}/folder", str(folder))

    def format(self, what: str, default: str) -> str:
        """The format the ``what`` dialog last used."""
        value = self._store.value(f"export/{what}/format")
        return value if isinstance(value, str) and value else default

    def set_format(self, what: str, fmt: str) -> None:
        """Remember the format of the last save."""
        self._store.setValue(f"export/{what}/format", fmt)

    def number(self, key: str, default: int) -> int:
        """A remembered whole number (figure width, height, dpi)."""
        try:
            return int(self._store.value(f"export/{key}", default))
        except (TypeError, ValueError):
            return default

    def set_number(self, key: str, value: int) -> None:
        """Remember a whole number."""
        self._store.setValue(f"export/{key}", int(value))

    def sync(self) -> None:
        """Write pending values to disk now."""
        self._store.sync()
