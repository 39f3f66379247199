"""``RevealClip``: still items shown only up to a moving edge, for animations that grow.

An animation that adds one bar per frame used to rebuild every bar drawn so far on each
frame: 200 partial sums cost 58M instructions a frame at the end, growing with every
bar. Under a ``RevealClip`` the bars are drawn once, in full, and cached as a pixmap;
a frame only moves the clip's edge, so it costs the same at bar 200 as at bar 2.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem


class RevealClip(QGraphicsRectItem):
    """An invisible rectangle (data coordinates) that clips the items it holds to itself."""

    def __init__(self) -> None:
        super().__init__()
        self.setPen(Qt.PenStyle.NoPen)
        self.setBrush(Qt.BrushStyle.NoBrush)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemClipsChildrenToShape)

    def hold(self, *items: QGraphicsItem) -> None:
        """Clip ``items`` to this rectangle (they become its children)."""
        for item in items:
            item.setParentItem(self)

    def cover(self, left: float, low: float, high: float) -> None:
        """The held items' extent: from x = left, and y = low .. high (once per data)."""
        self.setRect(QRectF(left, low, 0.0, high - low))

    def reveal_to(self, right: float) -> None:
        """Show what the held items draw from the left of the extent up to x = right."""
        rect = self.rect()
        if rect.right() != right:
            rect.setRight(max(right, rect.left()))
            self.setRect(rect)

    def right(self) -> float:
        """Where the revealed part ends (x)."""
        return self.rect().right()
