"""``PartialSumsDrawing``: the plot half of the Sums lab.

The partial sums (or products) as bars, or past ``BAR_LIMIT`` as a line, revealed frame
by frame by a clip whose edge moves; the terms as dots, the closed form F(n) as a dashed
curve, the exact value as a dotted line, and the read-out under the plot. ``SeriesLab``
mixes this in; it owns the inputs, the engine's answers and the steps.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGraphicsItem

from workbench.protocol.syntax import Node
from workbench.ui.labs.player import number_text
from workbench.ui.legends import keep_clear, show_in_legend
from workbench.ui.plot_cache import cache_static
from workbench.ui.reveal import RevealClip
from workbench.ui.sampling import evaluate_on

BAR_LIMIT = 200  # more partial sums than this are drawn as a line, not bars
SUMS_NAME = "partial sums S\u2099"
PRODUCTS_NAME = "partial products P\u2099"


class PartialSumsDrawing:
    """Draws ``self.data`` = (n, terms, partial values) of a ``SeriesLab``.

    Expects of the lab: ``data``, ``sizes``, ``limits``, ``_payload``, ``readout``,
    ``operation_key()`` and ``truncated()``.
    """

    def _build_plot(self) -> None:
        self.plot = pg.PlotWidget(self, background="w")
        self.plot.setObjectName("series_plot")
        self.plot.setAccessibleName("Partial sums against n")
        item = self.plot.getPlotItem()
        # a GridItem, not the axes' grid: the axes repaint their whole grid whenever
        # anything in the plot changes, several times the cost of a frame
        grid = pg.GridItem(pen=pg.mkPen("#dddddd"), textPen=None)
        grid.setZValue(-10)
        # the grid changes only when the range does: keep it as a pixmap between frames
        grid.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        item.addItem(grid, ignoreBounds=True)
        item.setLabel("bottom", "n (upper limit)")
        item.setMenuEnabled(False)
        self.legend = item.addLegend(offset=(10, 10), labelTextColor="#222222")
        self.legend.setBrush(pg.mkBrush(255, 255, 255, 230))
        self.bars = pg.BarGraphItem(x=[0], height=[0], width=0.8, brush="#90caf9",
                                    pen=pg.mkPen("#1565c0"), name=SUMS_NAME)
        self.line = pg.PlotDataItem(pen=pg.mkPen("#1565c0", width=2))
        self.terms = pg.PlotDataItem(pen=None, symbol="o", symbolSize=6, symbolBrush="#e65100",
                                     symbolPen=None, name="terms a\u2099")
        self.closed = pg.PlotDataItem(pen=pg.mkPen("#2e7d32", width=2, style=Qt.PenStyle.DashLine),
                                      name="closed form F(n)")
        self.current = pg.ScatterPlotItem(size=13, brush=pg.mkBrush("#c62828"), pen=pg.mkPen("w"))
        self.limit_line = pg.InfiniteLine(angle=0, pen=pg.mkPen("#6a1b9a", width=2,
                                                                style=Qt.PenStyle.DotLine),
                                          label="exact value", labelOpts={
                                              "color": "#6a1b9a", "position": 0.98,
                                              # its right end at the position: never cut
                                              # by the plot's right edge
                                              "anchors": [(1, 1), (1, 0)]})
        # the bars are all drawn once (and cached); a frame only moves the clip's edge
        self.reveal = RevealClip()
        item.addItem(self.reveal, ignoreBounds=True)
        self.reveal.hold(self.bars, self.line)  # (listed in the legend while drawn)
        self.legend.addItem(self.bars, SUMS_NAME)  # first in the legend
        for thing in (self.terms, self.closed):
            item.addItem(thing)
        item.addItem(self.current)
        item.addItem(self.limit_line, ignoreBounds=True)
        self.limit_line.setVisible(False)
        # still while the sums play: the bars (or the line), the closed form, the exact
        # value's line, the legend
        cache_static(self.bars, self.line, self.closed, self.limit_line, self.legend)

    def _draw_bars(self) -> None:
        """All the partial sums, once: as bars, or past BAR_LIMIT as a line (thousands of
        bars would be a blur). A frame only reveals them up to its n."""
        n, _values, running = self.data
        bars = len(n) <= BAR_LIMIT
        if bars:
            self.bars.setOpts(x=n, height=running, width=0.8)
            self.line.setData([], [])
        else:
            self.bars.setOpts(x=[], height=[], width=0.8)
            self.line.setData(n, running, connect="finite")
        finite = running[np.isfinite(running)]
        low, high = (min(0.0, float(finite.min())), max(0.0, float(finite.max()))) \
            if finite.size else (0.0, 1.0)
        margin = high - low or 1.0
        self.reveal.cover(float(n[0]) - 1.0, low - margin, high + margin)
        # the legend names what is drawn: bars and dots, or the line (no dots then)
        name = self.partials_name()
        for item, shown in ((self.bars, bars), (self.line, not bars)):
            show_in_legend(self.legend, item, shown, name)
            label = self.legend.getLabel(item)
            if label is not None and label.text != name:
                label.setText(name)
        show_in_legend(self.legend, self.terms, bars)

    def partials_name(self) -> str:
        """What the bars are: partial sums, or in Π mode partial products."""
        return SUMS_NAME if self.operation_key() == "sum" else PRODUCTS_NAME

    def _place_legend(self) -> None:
        """The legend to the corner where it hides the fewest partial sums and terms."""
        n, values, running = self.data
        if len(n) <= BAR_LIMIT:  # a bar covers all of its span from 0: sample the span
            heights = (running[:, None] * np.linspace(0.0, 1.0, 9)).ravel()
            xs, ys = np.concatenate([np.repeat(n, 9), n]), np.concatenate([heights, values])
        else:
            xs, ys = n, running
        keep_clear(self.legend, self.plot.getPlotItem().getViewBox(), xs, ys)

    def shown_bars(self) -> tuple[np.ndarray, np.ndarray]:
        """(n, partial sum) of the bars on show in this frame (left of the clip's edge)."""
        x, height = (np.asarray(self.bars.opts[key], dtype=float) for key in ("x", "height"))
        keep = x < self.reveal.right()
        return x[keep], height[keep]

    def _fit_view(self, extra: float | None = None) -> None:
        n, values, running = self.data
        ys = np.concatenate([running, values, [0.0] if extra is None else [0.0, extra]])
        ys = ys[np.isfinite(ys)]
        low, high = (float(ys.min()), float(ys.max())) if ys.size else (0.0, 1.0)
        pad = 0.08 * (high - low or 1.0)
        self.plot.getPlotItem().getViewBox().setRange(
            xRange=(n[0] - 0.8, n[-1] + 0.8), yRange=(low - pad, high + pad), padding=0)
        self._place_legend()

    def _draw_closed(self, tree: Node | None, symbol: str) -> None:
        if tree is None or self.data is None:
            self.closed.setData([], [])
            return
        n = self.data[0]
        self.closed.setData(n, evaluate_on(tree, symbol, n), connect="finite")

    def show_frame(self, index: int) -> None:
        """Draw the first ``sizes[index]`` partial sums."""
        if self.data is None:
            return
        n, values, running = self.data
        shown = self.sizes[min(max(index, 0), len(self.sizes) - 1)]
        bars = len(n) <= BAR_LIMIT
        # bars: the edge halfway between the last bar shown and the next, all of the one
        # and none of the other (bars are 0.8 wide, on whole n); a line ends at its point
        self.reveal.reveal_to(float(n[shown - 1]) + (0.5 if bars else 0.0))
        # thousands of dots would be a blur and cost a frame's budget: terms only with bars
        self.terms.setData(n[:shown] if bars else [], values[:shown] if bars else [])
        self.current.setData([n[shown - 1]], [running[shown - 1]])
        self.readout.setText(self._readout(n, running, shown))

    def _readout(self, n: np.ndarray, running: np.ndarray, shown: int) -> str:
        name = "S" if self.operation_key() == "sum" else "P"
        value_now = number_text(running[shown - 1], 10)
        text = (f"After {shown} term{'s' if shown > 1 else ''} ({self.limits.index} = "
                f"{n[0]:g} \u2026 {n[shown - 1]:g}): {name} = {value_now}")
        if self.limits.symbol is not None and self._payload is not None and \
                self._payload.closed_tree is not None:
            closed = evaluate_on(self._payload.closed_tree, self._payload.limit_symbol,
                                 n[shown - 1:shown])[0]
            return text + (f";  the closed form at {self.limits.symbol} = {n[shown - 1]:g} "
                           f"gives {number_text(closed, 10)}")
        if self.truncated():
            return text + f";  the plot stops there, the sum runs on to {self.limits.hi:,}"
        if self._payload is not None:
            value = float(self._payload.value)
            if math.isfinite(value):
                text += (f";  the exact value is {number_text(value, 10)}, still "
                         f"{number_text(abs(value - running[shown - 1]), 3)} away")
            elif math.isinf(value):
                text += ";  it diverges: the partial values grow without bound"
            elif self._payload.convergent is False:
                text += ";  the series diverges: the partial sums never settle"
        return text
