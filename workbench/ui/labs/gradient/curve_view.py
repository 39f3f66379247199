"""``CurveView``: the one-variable case, f(x) as a curve with a ball rolling down it.

The curriculum's first descent example is f(x) = x^2 from x = 5; here the point
shows its tangent line, and each racer is a ball on the curve with its path of steps.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from workbench.ui.labs.gradient.field import PointAnalysis
from workbench.ui.labs.gradient.runs import RunPath
from workbench.ui.labs.gradient.views_base import FieldPlotView

SAMPLES = 1200
CURVE_COLOUR = "#263238"
POINT_COLOUR = "#b71c1c"


class CurveView(FieldPlotView):
    """f(x) with the point's tangent, the start and the balls of the racers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("curve_view", parent)
        self.plot.setLabel("bottom", "x")
        self.plot.setLabel("left", "f(x)")
        self.curve = pg.PlotDataItem(pen=pg.mkPen(CURVE_COLOUR, width=2), connect="finite")
        self.tangent = pg.PlotDataItem(pen=pg.mkPen(POINT_COLOUR, width=1.5,
                                                    style=pg.QtCore.Qt.PenStyle.DashLine))
        self.point_marker = pg.ScatterPlotItem(size=11, pen=pg.mkPen("w", width=1.5),
                                               brush=pg.mkBrush(POINT_COLOUR))
        self.start_marker = pg.ScatterPlotItem(size=18, symbol="star", pen=pg.mkPen("k"),
                                               brush=pg.mkBrush("#ffd600"))
        for z, item in enumerate((self.curve, self.tangent, self.point_marker,
                                  self.start_marker)):
            item.setZValue(z)
            self.plot.addItem(item)
        self._point: PointAnalysis | None = None

    def refresh(self) -> None:
        """Resample f over the visible x range (gaps where it is undefined)."""
        if self.functions is None:
            self.curve.setData([], [])
            return
        x_range, _ = self.view_range()
        xs = np.linspace(x_range[0], x_range[1], SAMPLES)
        self.curve.setData(xs, self.functions.values("f", xs))
        self.show_point(self._point)

    def show_point(self, analysis: PointAnalysis | None) -> None:
        """The point on the curve and its tangent line."""
        self._point = analysis
        if analysis is None or not np.isfinite(analysis.value):
            self.point_marker.setData([], [])
            self.tangent.setData([], [])
            return
        x, y, slope = analysis.point[0], analysis.value, analysis.gradient[0]
        self.point_marker.setData([x], [y])
        x_range, _ = self.view_range()
        half = (x_range[1] - x_range[0]) * 0.15
        if np.isfinite(slope):
            self.tangent.setData([x - half, x + half], [y - slope * half, y + slope * half])
        else:
            self.tangent.setData([], [])

    def show_start(self, start: list[float] | None) -> None:
        """The star on the curve where descent starts."""
        if not start or self.functions is None:
            self.start_marker.setData([], [])
            return
        value = float(self.functions.values("f", start[0]))
        self.start_marker.setData([start[0]], [value] if np.isfinite(value) else [0.0])

    def _plot_points(self, run: RunPath, count: int) -> tuple[np.ndarray, np.ndarray]:
        return run.points[:count, 0], run.losses[:count]
