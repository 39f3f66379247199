"""A clean, labelled plot of one function, drawn offscreen and saved (``cli plot``).

The curve is sampled with the parser's own numpy evaluator (no sympy, no generated
code), broken where the function is undefined (NaN) and across poles, so 1/x or
tan x never get a false vertical line; the y range ignores the spikes near a pole.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from workbench.protocol.syntax import evaluate
from workbench.protocol.syntax.tree import Node

SAMPLES = 2001


def sample(tree: Node, var: str, lower: float, upper: float,
           samples: int = SAMPLES) -> tuple[np.ndarray, np.ndarray]:
    """x and y arrays of the function, NaN where it is undefined or jumps across a pole."""
    xs = np.linspace(lower, upper, samples)
    ys = np.asarray(evaluate(tree, {var: xs}), dtype=float)
    ys = np.broadcast_to(ys, xs.shape).copy()
    ys[~np.isfinite(ys)] = np.nan
    finite = ys[np.isfinite(ys)]
    if finite.size > 2:
        low, high = np.percentile(finite, [2, 98])
        span = max(high - low, 1e-12)
        jumps = np.abs(np.diff(ys)) > 4 * span
        # a jump of several times the usual range between neighbours is a pole: cut there
        cut = np.flatnonzero(jumps)
        ys[cut] = np.where(np.abs(ys[cut]) > np.abs(ys[cut + 1]), np.nan, ys[cut])
        ys[cut + 1] = np.where(np.isnan(ys[cut]), ys[cut + 1], np.nan)
    return xs, ys


def y_range(ys: np.ndarray) -> tuple[float, float]:
    """A view of the curve that keeps its shape visible, not the spikes at a pole."""
    finite = ys[np.isfinite(ys)]
    if finite.size == 0:
        return -1.0, 1.0
    low, high = np.percentile(finite, [1, 99])
    full_low, full_high = float(finite.min()), float(finite.max())
    span = high - low
    # keep the whole curve unless its extremes are far outside the bulk (a pole)
    if full_high - full_low <= 3 * max(span, 1e-12):
        low, high = full_low, full_high
    if high - low < 1e-9:
        low, high = low - 1.0, high + 1.0
    pad = 0.06 * (high - low)
    return float(low - pad), float(high + pad)


def clip_to(ys: np.ndarray, low: float, high: float) -> np.ndarray:
    """The curve cut at the edges of the view: points outside become NaN, except the
    first one past each edge, which is pulled onto it, so the line reaches the edge.

    Doing it in the data (rather than leaving it to the view's clip) keeps SVG files
    right in renderers without clip-path support, such as Qt's own.
    """
    out = ys.copy()
    outside = (ys < low) | (ys > high)
    inside = np.isfinite(ys) & ~outside
    neighbour = np.zeros_like(inside)
    neighbour[1:] |= inside[:-1]
    neighbour[:-1] |= inside[1:]
    keep = outside & neighbour
    out[keep] = np.clip(ys[keep], low, high)
    out[outside & ~keep] = np.nan
    return out


def draw_function(tree: Node, var: str, label: str, lower: float, upper: float,
                  path: str | Path, width: int, height: int) -> None:
    """Plot the function on [lower, upper] and save it as PNG or SVG (by extension)."""
    import pyqtgraph as pg
    from PySide6.QtWidgets import QApplication

    from workbench.export.plots import export_plot_png, export_plot_svg

    app = QApplication.instance() or QApplication([])  # noqa: F841 - keeps Qt alive
    xs, ys = sample(tree, var, lower, upper)
    widget = pg.PlotWidget(background="w")
    widget.resize(width, height)
    item = widget.getPlotItem()
    item.setTitle(f"y = {label}", color="#222", size="13pt")
    item.setLabel("bottom", var, color="#222")
    item.setLabel("left", "y", color="#222")
    for axis in ("bottom", "left"):
        item.getAxis(axis).setPen(pg.mkPen("#444"))
        item.getAxis(axis).setTextPen(pg.mkPen("#222"))
    item.showGrid(x=True, y=True, alpha=0.25)
    item.addLine(y=0, pen=pg.mkPen("#999", width=1))
    low, high = y_range(ys)
    item.plot(xs, clip_to(ys, low, high), pen=pg.mkPen("#1f5fbf", width=2.5), connect="finite")
    item.setXRange(lower, upper, padding=0.02)
    item.setYRange(low, high, padding=0)
    item.getViewBox().setMouseEnabled(False, False)
    if Path(path).suffix.lower() == ".svg":
        export_plot_svg(widget, path, width, height, title=f"y = {label}")
    else:
        export_plot_png(widget, path, width, height)
    widget.deleteLater()
