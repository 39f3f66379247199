"""Legends: list an item only while it is drawn, and put the legend where it hides least.

A legend fixed in the top-left corner sat right on a convergent series: the partial sums
of 1/k² climb to the top of the plot at once and run along it. The data is known before
it is drawn, so the legend goes to the corner where the fewest of its points would be
under it.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from workbench.ui.plot_cache import cache_static

CORNERS = ("top-left", "top-right", "bottom-right", "bottom-left")  # ties: earliest wins
MARGIN = 10  # pixels between the legend and the edge of the plot


def show_in_legend(legend: pg.LegendItem, item: pg.GraphicsObject, shown: bool,
                   name: str | None = None) -> None:
    """List ``item`` in the legend (as ``name``, else its own name) only while it is drawn.

    A newly listed entry is cached like the rest of the legend (see plot_cache).
    """
    listed = legend.getLabel(item) is not None
    if shown and not listed:
        legend.addItem(item, name or item.name())
        cache_static(legend)
    elif not shown and listed:
        legend.removeItem(item)


def quiet_corner(x: np.ndarray, y: np.ndarray, view: tuple[tuple[float, float],
                                                              tuple[float, float]],
                 box: tuple[float, float]) -> str:
    """The corner of ``view`` ((x_min, x_max), (y_min, y_max)) whose ``box`` (a width
    and height in data units) holds the fewest of the points (x, y)."""
    (x_min, x_max), (y_min, y_max) = view
    width, height = box
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)

    def count(left: bool, top: bool) -> int:
        x_in = (x <= x_min + width) if left else (x >= x_max - width)
        y_in = (y >= y_max - height) if top else (y <= y_min + height)
        return int(np.count_nonzero(x_in & y_in))

    counts = {"top-left": count(True, True), "top-right": count(False, True),
              "bottom-right": count(False, False), "bottom-left": count(True, False)}
    return min(CORNERS, key=lambda corner: counts[corner])


def legend_box(legend: pg.LegendItem, view_box: pg.ViewBox) -> tuple[float, float]:
    """The legend's width and height in the view's data units (with the margin)."""
    pixel_x, pixel_y = view_box.viewPixelSize()
    rect = legend.boundingRect()
    return ((rect.width() + 2 * MARGIN) * pixel_x, (rect.height() + 2 * MARGIN) * pixel_y)


def place_legend(legend: pg.LegendItem, corner: str) -> None:
    """Anchor ``legend`` in ``corner`` of its plot, MARGIN pixels in from the edges."""
    right, bottom = corner.endswith("right"), corner.startswith("bottom")
    anchor = (1.0 if right else 0.0, 1.0 if bottom else 0.0)
    legend.anchor(itemPos=anchor, parentPos=anchor,
                  offset=(-MARGIN if right else MARGIN, -MARGIN if bottom else MARGIN))


def keep_clear(legend: pg.LegendItem, view_box: pg.ViewBox, x: np.ndarray,
               y: np.ndarray) -> str:
    """Place ``legend`` in the corner of ``view_box``'s current range that hides the
    fewest of the points (x, y); returns the corner."""
    corner = quiet_corner(x, y, view_box.viewRange(), legend_box(legend, view_box))
    place_legend(legend, corner)
    return corner

