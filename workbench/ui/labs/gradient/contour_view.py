"""``ContourView``: f(x, y) as filled contours with labelled isolines and gradient arrows.

The bands, isolines and arrows are recomputed on a 400 x 400 grid whenever the view
is panned or zoomed. x and y keep the same scale, so the gradient arrows cross the
isolines at right angles, as they should. The examined point carries its gradient
arrow and a draggable handle giving the direction of the directional derivative.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Signal
from PySide6.QtWidgets import QGraphicsItem, QWidget

from workbench.ui.labs.gradient.field import (PointAnalysis, arrow_segments, band_image,
                                              contour_levels, gradient_arrows, isolines_all)
from workbench.ui.labs.gradient.runs import RunPath
from workbench.ui.labs.gradient.views_base import FieldPlotView
from workbench.ui.plot_cache import refresh_caches

GRID = 400
LABELS = 12
ISOLINE_COLOUR = "#546e7a"
POINT_COLOUR = "#b71c1c"
DIRECTION_COLOUR = "#4a148c"
CACHED = QGraphicsItem.CacheMode.DeviceCoordinateCache


def level_text(value: float) -> str:
    """An isoline's value, without exponents between 0.001 and a million."""
    if value != 0 and not 1e-3 <= abs(value) < 1e6:
        return f"{value:.2g}"
    return np.format_float_positional(value, precision=3, fractional=False, trim="-")


def label_spot(line: tuple[np.ndarray, np.ndarray], low: np.ndarray, span: np.ndarray,
               placed: list[np.ndarray]) -> np.ndarray | None:
    """The point of an isoline (in data units) farthest from the view's edges and from
    the labels already placed, among up to 200 candidates; None if it is all near edges."""
    points = np.column_stack(line)[:: max(1, len(line[0]) // 200)]
    rel = (points - low) / span  # 0..1 across the view
    edge = np.min(np.column_stack([rel, 1 - rel]), axis=1)
    score = np.where(edge > 0.06, edge.clip(max=0.25), -1.0)
    for spot in placed:
        score = np.minimum(score, np.hypot(*((points - spot) / span).T))
    best = int(np.argmax(score))
    return points[best] if score[best] > 0.02 else None


class ContourView(FieldPlotView):
    """Filled contours of f(x, y) with isolines, arrows, the point, the start and the paths."""

    direction_dragged = Signal(float, float)  # the new direction vector
    _cached: tuple[QGraphicsItem, ...] = ()  # the field's items, kept as pixmaps

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("contour_view", parent)
        self.plot.setAspectLocked(True)
        self.plot.setLabel("bottom", "x")
        self.plot.setLabel("left", "y")
        self.levels = np.array([])
        self.image = pg.ImageItem(axisOrder="col-major")
        self.isolines = pg.PlotDataItem(pen=pg.mkPen(ISOLINE_COLOUR, width=1), connect="pairs")
        self.arrows = pg.PlotDataItem(pen=pg.mkPen("#37474f", width=1), connect="pairs")
        self.point_arrow = pg.PlotDataItem(pen=pg.mkPen(POINT_COLOUR, width=3), connect="pairs")
        self.direction_arrow = pg.PlotDataItem(pen=pg.mkPen(DIRECTION_COLOUR, width=2.5,
                                                            style=pg.QtCore.Qt.PenStyle.DashLine),
                                               connect="pairs")
        self.point_marker = pg.ScatterPlotItem(size=11, pen=pg.mkPen("w", width=1.5),
                                               brush=pg.mkBrush(POINT_COLOUR))
        self.start_marker = pg.ScatterPlotItem(size=18, symbol="star", pen=pg.mkPen("k"),
                                               brush=pg.mkBrush("#ffd600"))
        self.handle = pg.TargetItem(size=14, symbol="o", movable=True,
                                    pen=pg.mkPen(DIRECTION_COLOUR, width=2),
                                    brush=pg.mkBrush(255, 255, 255, 200))
        self.handle.setVisible(False)
        for z, item in enumerate((self.image, self.isolines, self.arrows, self.direction_arrow,
                                  self.point_arrow, self.point_marker, self.start_marker)):
            item.setZValue(z)
            self.plot.addItem(item)
        self.plot.addItem(self.handle)
        self.handle.setZValue(30)
        # The field only changes on pan/zoom: keep it as a pixmap so that animation frames,
        # which repaint the regions the markers move through, only blit it.
        self._cached = (self.image, self.isolines.curve, self.arrows.curve)
        for item in self._cached:
            item.setCacheMode(CACHED)
        self.view_box.sigResized.connect(self._drop_cached_pictures)
        self.labels = [pg.TextItem(color="#263238", anchor=(0.5, 0.5)) for _ in range(LABELS)]
        for label in self.labels:
            label.setZValue(8)
            self.plot.addItem(label)
        self._point: PointAnalysis | None = None
        self._moving_handle = False
        self._dragging = False
        self.handle.sigPositionChanged.connect(self._on_handle_position_changed)

    # ------------------------------------------------------------ field
    def _drop_cached_pictures(self, *_args: object) -> None:
        """Make the next paint draw the field afresh.

        When a resize or a panel moves the plot without rescaling it, Qt keeps the cached
        pixmaps and shifts them; the bands and isolines were then drawn where they had been,
        off the axes and off each other. Switching the cache off and on empties it.
        """
        refresh_caches(*self._cached)

    def _on_view_range_changed(self, *args: object) -> None:
        self._drop_cached_pictures()
        super()._on_view_range_changed(*args)

    def refresh(self) -> None:
        """Bands, isolines with labels and gradient arrows over the visible range."""
        self._drop_cached_pictures()
        x_range, y_range = self.view_range()
        if self.functions is None:
            self.image.clear()
            self.isolines.setData([], [])
            self.arrows.setData([], [])
            self._place_labels([], [])
            return
        xs, ys, z = self.functions.grid(x_range, y_range, GRID)
        self.levels = contour_levels(z)
        self.image.setImage(band_image(z, self.levels), autoLevels=False)
        dx, dy = (xs[1] - xs[0]), (ys[1] - ys[0])
        self.image.setRect(QRectF(xs[0] - dx / 2, ys[0] - dy / 2, xs[-1] - xs[0] + dx,
                                  ys[-1] - ys[0] + dy))
        # isolines on every other grid line: half the cost, no visible difference
        lines = isolines_all(xs[::2], ys[::2], z[::2, ::2], self.levels)
        self.isolines.setData(np.concatenate([lx for lx, _ in lines] or [[]]),
                              np.concatenate([ly for _, ly in lines] or [[]]))
        self._place_labels(self.levels, lines)
        self.arrows.setData(*gradient_arrows(self.functions, x_range, y_range))
        self.show_point(self._point)  # its arrows are sized to the view

    def _place_labels(self, levels: np.ndarray, lines: list) -> None:
        """One label per isoline, kept off the edges and away from the other labels."""
        x_range, y_range = self.view_range()
        span = np.array([x_range[1] - x_range[0], y_range[1] - y_range[0]])
        low = np.array([x_range[0], y_range[0]])
        placed: list[np.ndarray] = []
        for k, label in enumerate(self.labels):
            spot = None
            if k < len(levels) and len(lines[k][0]):
                spot = label_spot(lines[k], low, span, placed)
            if spot is None:
                label.setVisible(False)
                continue
            placed.append(spot)
            label.setText(level_text(levels[k]))
            label.setPos(float(spot[0]), float(spot[1]))
            label.setVisible(True)

    def label_texts(self) -> list[str]:
        """The isoline labels on show."""
        return [label.toPlainText() for label in self.labels if label.isVisible()]

    # ------------------------------------------------------------ point and start
    def show_point(self, analysis: PointAnalysis | None) -> None:
        """The point, its gradient arrow and the direction handle (None hides them)."""
        self._point = analysis
        if analysis is None or len(analysis.point) != 2:
            for item in (self.point_marker, self.point_arrow, self.direction_arrow):
                item.setData([], [])
            self.handle.setVisible(False)
            return
        (px, py), (gx, gy) = analysis.point, analysis.gradient
        self.point_marker.setData([px], [py])
        length = self._arrow_length()
        norm = float(np.hypot(gx, gy))
        if np.isfinite(norm) and norm > 0:
            self.point_arrow.setData(*arrow_segments(px, py, gx / norm * length,
                                                     gy / norm * length, head=0.25))
        else:
            self.point_arrow.setData([], [])
        ux, uy = analysis.direction if len(analysis.direction) == 2 else (np.nan, np.nan)
        if np.isfinite(ux) and np.isfinite(uy):
            self.direction_arrow.setData(*arrow_segments(px, py, ux * length * 0.8,
                                                         uy * length * 0.8, head=0.25))
            if not self._dragging:  # never pull the handle from under the mouse
                self._moving_handle = True
                self.handle.setPos(px + ux * length * 0.8, py + uy * length * 0.8)
                self._moving_handle = False
            self.handle.setVisible(True)

    def _arrow_length(self) -> float:
        x_range, y_range = self.view_range()
        return 0.18 * min(x_range[1] - x_range[0], y_range[1] - y_range[0])

    def show_start(self, start: list[float] | None) -> None:
        """The star where descent starts."""
        if start is None or len(start) != 2:
            self.start_marker.setData([], [])
        else:
            self.start_marker.setData([start[0]], [start[1]])

    def _on_handle_position_changed(self, *_args: object) -> None:
        if self._moving_handle or self._point is None:
            return
        where = self.handle.pos()
        px, py = self._point.point
        self._dragging = True
        try:
            self.direction_dragged.emit(float(where.x() - px), float(where.y() - py))
        finally:
            self._dragging = False

    def _plot_points(self, run: RunPath, count: int) -> tuple[np.ndarray, np.ndarray]:
        return run.points[:count, 0], run.points[:count, 1]
