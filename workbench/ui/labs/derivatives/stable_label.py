"""``StableLabel``: a label whose text changes every frame without re-laying out the window.

A QLabel asks its parent's layout to recompute on every ``setText``; at animation
rates that re-lays out the whole lab (tens of ms a frame, measured). Here the label sits
alone in a holder of fixed height that has no layout and sizes the label itself, so the
request stops at the holder.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class StableLabel(QWidget):
    """A rich-text label of ``lines`` lines of fixed height; ``label`` is the QLabel inside."""

    def __init__(self, lines: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setFixedHeight(lines * self.label.fontMetrics().lineSpacing() + 6)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def setText(self, text: str) -> None:  # noqa: N802 - QLabel's name
        """Show ``text`` (rich text)."""
        self.label.setText(text)

    def text(self) -> str:
        """The text shown."""
        return self.label.text()

    def setObjectName(self, name: str) -> None:  # noqa: N802 - Qt's name
        """Name the holder and the label (tests and screen readers find either)."""
        super().setObjectName(name)
        self.label.setObjectName(f"{name}_text")

    def setAccessibleName(self, name: str) -> None:  # noqa: N802 - Qt's name
        """The accessible name goes on the label, which is what a screen reader reads."""
        super().setAccessibleName(name)
        self.label.setAccessibleName(name)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        """The label fills the holder."""
        super().resizeEvent(event)
        self.label.setGeometry(0, 0, self.width(), self.height())
