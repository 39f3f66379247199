"""``LabTabs``: the tab bar of the main window, creating each lab on first use.

The first tab is the Explore view; every other tab is a lab from
``workbench.ui.labs.LABS``, built only when the student first opens it (or a lesson
or a session asks for it), so no lab slows the first window.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QTabWidget, QWidget

from workbench.ui.heap import freeze_when_idle
from workbench.ui.labs import LABS, available_labs, lab_class


class LabTabs(QTabWidget):
    """Tabs for Explore and the labs; labs are created lazily."""

    lab_created = Signal(str, QObject)  # kind, the new lab
    status_message = Signal(str)

    def __init__(self, client: QObject, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lab_tabs")
        self.setAccessibleName("Labs")
        self.setDocumentMode(True)
        self.client = client
        self._labs: dict[str, Any] = {}
        self._placeholders: dict[str, QWidget] = {}
        self._current: Any = None
        self.currentChanged.connect(self._on_current_changed)

    def add_explore(self, widget: QWidget) -> None:
        """The Explore view as the first tab, then a placeholder tab per installed lab."""
        self.insertTab(0, widget, "Explore")
        for kind in available_labs():
            placeholder = QWidget(self)
            placeholder.setObjectName(f"placeholder_{kind}")
            self._placeholders[kind] = placeholder
            self.addTab(placeholder, LABS[kind][0])

    def kinds(self) -> list[str]:
        """The lab kinds offered, in tab order."""
        return list(self._placeholders)

    def labs(self) -> dict[str, Any]:
        """The labs created so far, by kind."""
        return dict(self._labs)

    def lab(self, kind: str) -> Any:
        """Lab ``kind``, created now if needed (without switching to it)."""
        if kind not in self._labs:
            if kind not in self._placeholders:
                raise KeyError(f"there is no lab called {kind!r}")
            self._create(kind)
        return self._labs[kind]

    def open_lab(self, kind: str) -> Any:
        """Lab ``kind``, created if needed, and shown."""
        lab = self.lab(kind)
        self.setCurrentWidget(lab)
        return lab

    def _create(self, kind: str) -> None:
        placeholder = self._placeholders[kind]
        index = self.indexOf(placeholder)
        lab = lab_class(kind)(self.client, self)
        lab.status_message.connect(self.status_message)
        self._labs[kind] = lab
        blocked = self.blockSignals(True)  # swapping widgets must not look like a tab change
        self.removeTab(index)
        self.insertTab(index, lab, LABS[kind][0])
        self.blockSignals(blocked)
        placeholder.deleteLater()
        self._placeholders[kind] = lab
        self.lab_created.emit(kind, lab)
        freeze_when_idle()  # a lab, once built, stays for the session

    def _on_current_changed(self, index: int) -> None:
        widget = self.widget(index)
        kind = next((k for k, w in self._placeholders.items() if w is widget), None)
        if kind is not None and kind not in self._labs:
            self._create(kind)
            self.setCurrentIndex(index)
            return
        if self._current is not widget:
            self.status_message.emit("")  # a lab's last message belongs to its own tab
        if self._current is not None and self._current is not widget:
            self._current.deactivate()
        self._current = self._labs.get(kind) if kind else None
        if self._current is not None:
            self._current.activate()
