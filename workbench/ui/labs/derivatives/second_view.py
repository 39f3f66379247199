"""Second derivative: f'' over f, critical and inflection points marked and labelled,
concave-up and concave-down stretches shaded lightly.

The points come from the engine (``critical_points``, ``inflection_points``, run in the
worker by the lab); the shading is the sign of f'' sampled over the visible range.
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from workbench.protocol.results import PointsResult
from workbench.ui.canvas import PlotCanvas
from workbench.ui.legends import show_in_legend
from workbench.ui.labs.derivatives.model import DerivativesModel
from workbench.ui.labs.derivatives.numeric import concavity_stretches
from workbench.ui.plot_cache import cache_static

KIND_STYLE = {"minimum": ("#2e7d32", "t1", "minimum"), "maximum": ("#c62828", "t", "maximum"),
              "inconclusive": ("#6d4c41", "d", "neither max nor min"),
              "saddle": ("#6d4c41", "d", "neither max nor min"),
              "inflection": ("#6a1b9a", "s", "inflection")}
# Opaque tints under the grid: blending a translucent band over the whole plot cost
# ~10 ms a frame while dragging (measured offscreen); an opaque fill is a plain blit.
UP_BRUSH = pg.mkBrush(231, 243, 232)  # concave up: light green
DOWN_BRUSH = pg.mkBrush(251, 234, 234)  # concave down: light red
MAX_LABELS = 12


def _grouped(points: list[tuple[float, float, str]]) -> list[tuple[float, float, list[str]]]:
    """Points at the same place as one entry with every kind (a flat inflection point is
    both critical and an inflection point: one label, not two on top of each other)."""
    groups: list[tuple[float, float, list[str]]] = []
    for x, y, kind in sorted(points):
        if groups and abs(groups[-1][0] - x) < 1e-9 * max(1.0, abs(x)):
            groups[-1][2].append(kind)
        else:
            groups.append((x, y, [kind]))
    return groups


class SecondView(QWidget):
    """The f'' overlay, the labelled points and the concavity shading (all on the main plot)."""

    def __init__(self, model: DerivativesModel, canvas: PlotCanvas,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("second_view")
        self.model, self.canvas = model, canvas
        self.shown = False
        self.points: list[tuple[float, float, str]] = []  # (x, f(x), kind)
        self.note = ""
        self._regions: list[pg.LinearRegionItem] = []
        self._labels: list[pg.TextItem] = []
        item = canvas.plot.getPlotItem()
        self.markers = pg.ScatterPlotItem(size=12, pen=pg.mkPen("w", width=1.5))
        self.markers.setZValue(6)
        cache_static(self.markers)
        item.addItem(self.markers, ignoreBounds=True)
        # Legend swatches for the shading (empty items, only their names are listed).
        self.up_key = pg.PlotDataItem([], [], pen=pg.mkPen((200, 230, 201), width=8),
                                      name="concave up")
        self.down_key = pg.PlotDataItem([], [], pen=pg.mkPen((246, 205, 205), width=8),
                                        name="concave down")
        self._shade_timer = QTimer(self, singleShot=True, interval=60)
        self._shade_timer.timeout.connect(self._shade)
        self._shade_timer.timeout.connect(self._draw_points)  # label what is in view
        canvas.plot.getViewBox().sigXRangeChanged.connect(lambda *_: self._shade_timer.start())
        model.function_changed.connect(self._on_model_function_changed)
        model.derivatives_changed.connect(self.refresh)

    # ---------------------------------------------------------------- public API
    def set_shown(self, shown: bool) -> None:
        """Switch the whole view on or off."""
        self.shown = shown
        for key in (self.up_key, self.down_key):
            show_in_legend(self.canvas.legend, key, shown)
        self.refresh()

    def set_points(self, result: PointsResult, kind_override: str | None = None,
                   replace: str | None = None) -> None:
        """Take an engine answer (critical or inflection points) and mark its points.

        ``replace`` drops the points of that family first ("critical" or "inflection").
        """
        if replace == "critical":
            self.points = [p for p in self.points if p[2] == "inflection"]
        elif replace == "inflection":
            self.points = [p for p in self.points if p[2] != "inflection"]
        for point in result.points:
            if math.isfinite(point.x):
                self.points.append((point.x, self.model.f_at(point.x),
                                    kind_override or point.kind or "inconclusive"))
        self.note = result.note
        self._draw_points()

    def refresh(self) -> None:
        """Draw or hide f'', the points and the shading for the current f."""
        self.canvas.set_derivatives(None, self.model.d2f)
        self.canvas.set_second_derivative_visible(self.shown and self.model.d2f is not None)
        self._draw_points()
        self._shade()

    # ---------------------------------------------------------------- drawing
    def _on_model_function_changed(self) -> None:
        self.points, self.note = [], ""
        self.refresh()

    def _draw_points(self) -> None:
        for label in self._labels:
            self.canvas.plot.getPlotItem().removeItem(label)
        self._labels = []
        shown = [p for p in self.points if math.isfinite(p[1])] if self.shown else []
        self.markers.setData([{"pos": (x, y), "brush": pg.mkBrush(KIND_STYLE[k][0]),
                               "symbol": KIND_STYLE[k][1]} for x, y, k in shown])
        (x_min, x_max), _ = self.canvas.plot.getViewBox().viewRange()
        for x, y, kinds in _grouped([p for p in shown if x_min <= p[0] <= x_max])[:MAX_LABELS]:
            colour = KIND_STYLE.get(kinds[0], KIND_STYLE["inconclusive"])[0]
            words = "; ".join(KIND_STYLE.get(k, KIND_STYLE["inconclusive"])[2] for k in kinds)
            label = pg.TextItem(f"{words} ({x:.3g}, {y:.3g})", color=colour,
                                anchor=(0.5, -0.35 if kinds[0] == "minimum" else 1.3),
                                fill=pg.mkBrush(255, 255, 255, 200))
            label.setPos(x, y)
            label.setZValue(7)
            self.canvas.plot.getPlotItem().addItem(label, ignoreBounds=True)
            cache_static(label)
            self._labels.append(label)

    def _shade(self) -> None:
        plot = self.canvas.plot.getPlotItem()
        for region in self._regions:
            plot.removeItem(region)
        self._regions = []
        if not self.shown or self.model.d2f is None:
            return
        (x_min, x_max), _ = self.canvas.plot.getViewBox().viewRange()
        for start, end, sign in concavity_stretches(self.model.d2f, x_min, x_max):
            region = pg.LinearRegionItem((start, end), movable=False,
                                         brush=UP_BRUSH if sign > 0 else DOWN_BRUSH,
                                         pen=pg.mkPen(None))
            region.setZValue(-20)  # below the grid (-10)
            plot.addItem(region, ignoreBounds=True)
            cache_static(region)
            self._regions.append(region)

    def kinds(self) -> list[str]:
        """The kinds of the points marked (for tests and screen readers)."""
        return [kind for _x, _y, kind in self.points]
