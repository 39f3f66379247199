"""Cache the still parts of a plot as pixmaps, so that a moving point repaints cheaply.

When something moves on a plot (a dragged point, a tangent following it), Qt repaints
every item under the area that changed. Curves with hundreds of antialiased segments,
shaded regions, grids, axes and legends then stroke their paths again although they did
not move: measured on the Derivatives lab's tangent drag, about 30% of each frame.
``QGraphicsItem.DeviceCoordinateCache`` keeps each such item as a pixmap of its look on
screen, which Qt simply copies while the item and the view stay unchanged; any change
(new data, pan, zoom, resize) renders it afresh once.

Only for items that change seldom: an item that changes every frame would pay for
rendering into its pixmap and copying it.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtWidgets import QGraphicsItem

_CACHE = QGraphicsItem.CacheMode.DeviceCoordinateCache


def cache_static(*items: QGraphicsItem) -> None:
    """Draw each of ``items`` (and the parts it paints with) from a pixmap cache.

    A ``PlotDataItem`` paints through its curve and scatter children, a ``TextItem``
    through its text child and a legend through its samples and labels, so the cache
    goes on those too.
    """
    for item in items:
        for part in _painting_parts(item):
            part.setCacheMode(_CACHE)


def refresh_caches(*items: QGraphicsItem) -> None:
    """Make the next paint draw ``items`` afresh, not from their pixmaps.

    After the view moves without rescaling (a pan, a panel opening beside an
    aspect-locked plot) Qt shifts a cached pixmap instead of drawing the item again, and
    an item given new data at the same time could stay drawn where it had been (a curve
    off its axes after a pan). Switching the cache off and on empties it.
    """
    for item in items:
        for part in _painting_parts(item):
            if part.cacheMode() == _CACHE:
                part.setCacheMode(QGraphicsItem.CacheMode.NoCache)
                part.setCacheMode(_CACHE)


def _painting_parts(item: QGraphicsItem) -> list[QGraphicsItem]:
    if isinstance(item, pg.PlotDataItem):
        return [item.curve, item.scatter]
    if isinstance(item, pg.TextItem):
        return [item, item.textItem]
    if isinstance(item, pg.LegendItem):
        return [item, *_descendants(item)]
    return [item]


def _descendants(item: QGraphicsItem) -> list[QGraphicsItem]:
    found = []
    for child in item.childItems():
        found.append(child)
        found.extend(_descendants(child))
    return found


def cache_plot_frame(plot_item: pg.PlotItem) -> None:
    """Cache a plot's axes (ticks, numbers and labels): they change only with the view."""
    cache_static(*(axis["item"] for axis in plot_item.axes.values()))
