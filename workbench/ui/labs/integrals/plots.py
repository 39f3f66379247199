"""Plot helpers shared by the Integrals lab's views (pyqtgraph, no mathematics)."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from workbench.protocol.syntax import EvaluationError, Node
from workbench.ui.plot_cache import cache_plot_frame, cache_static
from workbench.ui.sampling import robust_span, sample_curve

F_COLOUR = "#1565c0"
ACCUMULATION_COLOUR = "#6a1b9a"
# Opaque fills: blending a translucent brush over a large area costs several ms a frame,
# and nothing needs to show through (the curves are drawn on top).
POSITIVE_BRUSH = (165, 214, 167, 255)  # green: area above the axis counts plus
NEGATIVE_BRUSH = (239, 154, 154, 255)  # red: area below the axis counts minus
PIECES_BRUSH = (255, 204, 128, 255)
PIECES_PEN = "#e65100"


def make_plot(name: str, accessible: str, left: str, bottom: str = "x",
              axis_line: bool = True, grid: bool = False) -> pg.PlotWidget:
    """A white plot with labelled axes, the line y = 0, no context menu; a grid if asked.

    Animated plots go without a grid: pyqtgraph's GridItem replays its picture on every
    paint (about 6 ms per plot, measured), a third of a frame's budget.
    """
    plot = pg.PlotWidget(background="w")
    plot.setObjectName(name)
    plot.setAccessibleName(accessible)
    item = plot.getPlotItem()
    if grid:
        lines = pg.GridItem(pen=pg.mkPen("#e0e0e0"), textPen=None)
        lines.setZValue(-10)
        cache_static(lines)  # a moving bound or sweep repaints over it from a pixmap
        item.addItem(lines, ignoreBounds=True)
    for side in ("left", "bottom"):
        axis = item.getAxis(side)
        axis.enableAutoSIPrefix(False)  # "(x0.001)" after a formula label reads as nonsense
        axis.setPen(pg.mkPen("#444444"))
        axis.setTextPen(pg.mkPen("#222222"))
    item.setLabel("left", left)
    item.setLabel("bottom", bottom)
    item.setMenuEnabled(False)
    item.hideButtons()
    if axis_line:
        item.addItem(pg.InfiniteLine(pos=0, angle=0, pen=pg.mkPen("#757575", width=1)),
                     ignoreBounds=True)
    cache_plot_frame(item)
    return plot


def curve_item(colour: str, width: float = 2.2, name: str | None = None,
               style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> pg.PlotDataItem:
    """A curve drawn with ``connect="finite"`` so NaN breaks it (poles, jumps)."""
    return pg.PlotDataItem(name=name, pen=pg.mkPen(colour, width=width, style=style),
                           antialias=True, connect="finite")


def fill_item(brush: tuple[int, int, int, int], name: str | None = None) -> pg.PlotDataItem:
    """A filled region between a polyline and y = 0, with no outline of its own.

    Every edge of the region is drawn by something else (f over the top, the axis along
    y = 0, the lines of a and b at the sides); an outline would only repaint them in a
    darker shade of the fill, at the cost of stroking the whole polyline every frame.
    """
    return pg.PlotDataItem(name=name, pen=None, fillLevel=0.0, brush=pg.mkBrush(*brush))


def draw_function(item: pg.PlotDataItem, tree: Node | None, var: str,
                  x_min: float, x_max: float, y_range: tuple[float, float] | None) -> None:
    """Sample ``tree`` adaptively over [x_min, x_max] into ``item`` (empty when impossible)."""
    if tree is None or not (math.isfinite(x_min) and math.isfinite(x_max)) or x_min >= x_max:
        item.setData([], [])
        return
    try:
        curve = sample_curve(tree, var, x_min, x_max, y_range=y_range)
    except (EvaluationError, ArithmeticError):
        item.setData([], [])
        return
    item.setData(curve.x, curve.y, connect="finite")


def span_with_zero(values: np.ndarray, robust: bool = True) -> tuple[float, float]:
    """A y-range showing the bulk of ``values`` (all of them unless ``robust``) and y = 0."""
    finite = values[np.isfinite(values)]
    lo, hi = robust_span(values)
    if finite.size and (not robust or finite.max() - finite.min() <= 4 * (hi - lo)):
        # no pole stretches the range: show all of it (a steep end is not cut off)
        lo, hi = float(finite.min()), float(finite.max())
    lo, hi = min(lo, 0.0), max(hi, 0.0)
    pad = 0.06 * (hi - lo or 1.0)
    return lo - pad, hi + pad


def nice_step(width: float) -> float:
    """A round step about 1/200 of ``width`` (0.01, 0.02, 0.05, ...) for snapping drags."""
    raw = max(abs(width), 1e-9) / 200
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def fmt(value: float, digits: int = 6) -> str:
    """A number as a student reads it: ``digits`` significant digits, no float noise."""
    if not math.isfinite(value):
        return "undefined" if math.isnan(value) else ("\u221e" if value > 0 else "\u2212\u221e")
    if value == 0 or 1e-4 <= abs(value) < 1e7:
        text = f"{value:.{digits}g}"
    else:
        text = f"{value:.{digits - 2}e}"
    return text.replace("-", "\u2212")


def snapped_text(value: float, step: float) -> str:
    """A dragged bound as short text, rounded to the snapping ``step``."""
    decimals = max(0, -math.floor(math.log10(step))) if step < 1 else 0
    text = f"{round(value / step) * step:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")  # 3.00 -> 3, 2.50 -> 2.5
    return "0" if float(text) == 0 else text
