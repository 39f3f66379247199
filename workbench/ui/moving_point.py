"""``MovingPoint``: one marker on a plot that follows the mouse or an animation cheaply.

``ScatterPlotItem.setData`` rebuilds the item's spot table, style and bounds on every
call (about 0.1 ms in Python), which at drag rates, for a couple of markers, is a
sizeable part of a 16 ms frame. A single marker can instead keep one spot at the
origin and move the whole item: ``setPos`` is a transform change that Qt handles alone.
"""

from __future__ import annotations

import math
import numpy as np
import pyqtgraph as pg


class MovingPoint(pg.ScatterPlotItem):
    """A scatter item for one point at a time; :meth:`move_to` moves it."""

    def move_to(self, x: float, y: float) -> None:
        """Show the point at (x, y), or no point when either is not finite."""
        placed = len(self.data) == 1
        if not (math.isfinite(x) and math.isfinite(y)):
            if placed:
                self.setData([], [])
            return
        if not placed or self.data["x"][0] != 0.0 or self.data["y"][0] != 0.0:
            self.setData([0.0], [0.0])
        self.setPos(x, y)

    def getData(self) -> tuple[np.ndarray, np.ndarray]:  # noqa: N802 - pyqtgraph's name
        """The points shown, in the plot's data coordinates (the item's offset added)."""
        xs, ys = super().getData()
        return np.asarray(xs) + self.pos().x(), np.asarray(ys) + self.pos().y()
