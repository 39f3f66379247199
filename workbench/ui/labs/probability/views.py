"""The plots of the Probability lab: the density with its shaded area, and Monte Carlo.

``DensityPlot`` draws the pdf and shades P(a <= X <= b). ``MonteCarloView`` draws a
histogram of the first n samples over the pdf and the running mean of g(X) against n;
its frames only slice precomputed arrays (one ``np.histogram`` per frame).
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGraphicsItem, QLabel, QSizePolicy, QVBoxLayout, QWidget

from workbench.ui.labs.player import FramePlayer, number_text
from workbench.ui.labs.probability.density import Density, frame_sizes

CURVE_POINTS = 800
BINS = 50
MEAN_POINTS = 400  # the running mean is drawn at this many (log-spaced) sample counts


def _plot(name: str, accessible: str, parent: QWidget) -> pg.PlotWidget:
    plot = pg.PlotWidget(parent, background="w")
    plot.setObjectName(name)
    plot.setAccessibleName(accessible)
    item = plot.getPlotItem()
    # a GridItem, not the axes' grid: the axes repaint their whole grid whenever
    # anything in the plot changes, several times the cost of a frame
    grid = pg.GridItem(pen=pg.mkPen("#dddddd"), textPen=None)
    grid.setZValue(-10)
    # the grid changes only when the range does: keep it as a pixmap between frames
    grid.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
    item.addItem(grid, ignoreBounds=True)
    item.setMenuEnabled(False)
    for side in ("left", "bottom"):
        item.getAxis(side).enableAutoSIPrefix(False)  # 0.4, not "400 (x0.001)"
    legend = item.addLegend(offset=(-10, 10), labelTextColor="#222222")
    legend.setBrush(pg.mkBrush(255, 255, 255, 230))
    return plot


class DensityPlot(QWidget):
    """The pdf, and the area between a and b shaded."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = _plot("probability_plot", "Density with the shaded probability", self)
        self.plot.getPlotItem().setLabel("bottom", "x")
        self.plot.getPlotItem().setLabel("left", "f(x)")
        self.curve = pg.PlotDataItem(pen=pg.mkPen("#1565c0", width=2.4), name="density f(x)")
        self.area = pg.PlotDataItem(pen=pg.mkPen("#ef6c00", width=1), fillLevel=0.0,
                                    brush=pg.mkBrush(255, 152, 0, 110),
                                    name="P(a \u2264 X \u2264 b)")
        self.plot.addItem(self.area)
        self.plot.addItem(self.curve)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)

    def draw(self, density: Density, a: float, b: float) -> None:
        """Draw ``density`` over its view range with [a, b] shaded."""
        left, right = density.view_range()
        xs = np.linspace(left, right, CURVE_POINTS)
        xs = np.union1d(xs, [v for v in (density.lo, density.hi) if left < v < right])
        self.curve.setData(xs, density(xs))
        lo, hi = max(a, left), min(b, right)
        if lo < hi:
            inside = np.linspace(lo, hi, 400)
            self.area.setData(inside, density(inside))
        else:
            self.area.setData([], [])
        top = float(np.max(density(xs), initial=0.0))
        self.plot.getPlotItem().getViewBox().setRange(xRange=(left, right),
                                                      yRange=(0, 1.3 * top or 1.0), padding=0)


class MonteCarloView(QWidget):
    """A growing sample: its histogram against the pdf, and the running mean of g(X)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.samples = np.empty(0)
        self.g_values = np.empty(0)
        self.inside_counts = np.empty(0)
        self.probability = math.nan
        self.normalising = ""  # a note when the density is divided by its area
        self.sizes: list[int] = [1]
        self.target = math.nan
        self.hist_plot = _plot("monte_carlo_histogram", "Histogram of the samples", self)
        self.hist_plot.getPlotItem().setLabel("bottom", "x")
        self.bars = pg.BarGraphItem(x=[0], height=[0], width=1, brush="#a5d6a7",
                                    pen=pg.mkPen("#2e7d32"), name="histogram of the samples")
        self.pdf_curve = pg.PlotDataItem(pen=pg.mkPen("#1565c0", width=2.4), name="density f(x)")
        self.hist_plot.addItem(self.bars)
        self.hist_plot.addItem(self.pdf_curve)
        self.mean_plot = _plot("monte_carlo_mean", "Running sample mean of g(X)", self)
        self.mean_plot.getPlotItem().setLabel("bottom", "samples n (log scale)")
        # x is log10(n) drawn on a linear axis, ticked at the powers of ten only
        self.mean_plot.getPlotItem().getAxis("bottom").setTicks(
            [[(k, f"{10 ** k:,}") for k in range(7)], []])
        self.mean_curve = pg.PlotDataItem(pen=pg.mkPen("#6a1b9a", width=2),
                                          name="running mean of g(X)")
        self.target_line = pg.InfiniteLine(angle=0, pen=pg.mkPen("#ef6c00", width=2,
                                                                 style=Qt.PenStyle.DashLine),
                                           label="E[g(X)]", labelOpts={"color": "#ef6c00",
                                                                      "position": 0.08})
        self.mean_plot.addItem(self.mean_curve)
        self.mean_plot.addItem(self.target_line, ignoreBounds=True)
        self.readout = QLabel(self)
        self.readout.setObjectName("monte_carlo_readout")
        self.readout.setAccessibleName("Sample count and mean")
        self.readout.setWordWrap(True)
        # a fixed height: a label that grows while playing would resize (repaint) both plots
        self.readout.setFixedHeight(2 * self.readout.fontMetrics().lineSpacing() + 6)
        self.readout.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.player = FramePlayer("monte_carlo", self, interval_ms=80)
        self.player.frame_changed.connect(self.show_frame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.hist_plot, 3)
        layout.addWidget(self.mean_plot, 2)
        layout.addWidget(self.readout)
        layout.addWidget(self.player)

    def set_samples(self, density: Density, samples: np.ndarray, g_values: np.ndarray,
                    bounds: tuple[float, float] = (-math.inf, math.inf)) -> None:
        """Use these samples (and g at them); histogram bins span the density's view range.

        ``bounds`` (a, b): the running share of samples inside them estimates P(a <= X <= b).
        """
        self.player.set_unavailable("")
        self.samples, self.g_values = samples, g_values
        inside = (samples >= bounds[0]) & (samples <= bounds[1])
        self.inside_counts = np.cumsum(inside)
        self.probability = density.area(*bounds) / density.total
        # sampling divides by the area whatever it is; say so, as the exact panel does
        self.normalising = "" if abs(density.total - 1) < 1e-3 else (
            f"  Not a density (area {number_text(density.total, 4)}): the samples come from "
            "it divided by its area, and P and E are for that density.")
        left, right = density.view_range()
        # bins stop at the ends of the support, so no bar straddles a jump of the density
        self.edges = np.linspace(max(left, density.lo), min(right, density.hi), BINS + 1)
        xs = np.linspace(left, right, CURVE_POINTS)
        self.pdf_curve.setData(xs, density(xs) / density.total)
        top = float(np.max(density(xs), initial=0.0)) / density.total
        self.sizes = frame_sizes(len(samples))
        # one y range for every frame (the axes stay still while playing), tall enough for
        # the noisy early histograms but never squashing the density below half the plot
        tallest = max(self._heights(count).max(initial=0.0) for count in self.sizes)
        high = min(max(1.25 * top, 1.05 * tallest), 2.0 * top) or 1.0
        self.hist_plot.getPlotItem().getViewBox().setRange(xRange=(left, right),
                                                           yRange=(0, high), padding=0)
        with np.errstate(all="ignore"):
            running = np.cumsum(g_values) / np.arange(1, len(g_values) + 1)
        picks = np.unique(np.round(np.geomspace(1, len(g_values), MEAN_POINTS)).astype(int)) - 1
        self.mean_n, self.mean_y = picks + 1.0, running[picks]
        self.mean_plot.getPlotItem().setXRange(0, math.log10(len(g_values)), padding=0.02)
        self.player.set_count(len(self.sizes))

    def set_unavailable(self, reason: str) -> None:
        """No samples: clear the plots and say why."""
        self.samples, self.g_values = np.empty(0), np.empty(0)
        self.inside_counts = np.empty(0)
        self.bars.setOpts(x=[], height=[], width=1)
        self.pdf_curve.setData([], [])
        self.mean_curve.setData([], [])
        self.target_line.setVisible(False)
        self.sizes = [1]
        self.player.set_count(1)
        self.readout.setText(reason)
        # the player's buttons and keys go dead too, rather than doing nothing when used
        self.player.set_unavailable("Nothing to play: no samples (see above).")

    def set_target(self, value: float) -> None:
        """The expectation the running mean should approach."""
        self.target = value
        self.target_line.setVisible(math.isfinite(value) and bool(self.samples.size))
        if math.isfinite(value):
            self.target_line.setValue(value)
            self.target_line.label.setFormat(f"E[g(X)] = {number_text(value)}")
        self.show_frame(self.player.frame())

    def show_frame(self, index: int) -> None:
        """The histogram and running mean of the first ``sizes[index]`` samples."""
        if not self.samples.size:
            return
        count = self.sizes[min(max(index, 0), len(self.sizes) - 1)]
        width = self.edges[1] - self.edges[0]
        self.bars.setOpts(x=self.edges[:-1] + width / 2, height=self._heights(count),
                          width=width)
        keep = self.mean_n <= count
        self.mean_curve.setData(np.log10(self.mean_n[keep]), self.mean_y[keep])
        mean = float(np.mean(self.g_values[:count]))
        share = float(self.inside_counts[count - 1]) / count
        text = (f"n = {count} samples:  share in [a, b] = {number_text(share, 4)} "
                f"(P = {number_text(self.probability, 4)});  mean of g(X) = {number_text(mean)}")
        if math.isfinite(self.target):
            gap = number_text(abs(mean - self.target), 3)
            text += f",  E[g(X)] = {number_text(self.target)},  off by {gap}"
        self.readout.setText(text + self.normalising)

    def _heights(self, count: int) -> np.ndarray:
        """Bar heights of the first ``count`` samples, scaled like a density (area 1)."""
        heights, edges = np.histogram(self.samples[:count], bins=self.edges)
        return heights / (count * (edges[1] - edges[0]))

    def histogram(self) -> tuple[np.ndarray, np.ndarray]:
        """The bar centres and heights on show (for tests)."""
        opts = self.bars.opts
        return np.asarray(opts["x"]), np.asarray(opts["height"])
