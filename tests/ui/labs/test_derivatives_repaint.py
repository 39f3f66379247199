"""What a tangent drag repaints: the moving things, not the whole lab.

A drag frame must stay cheap (issue 3: 16 ms at the 95th percentile). Two mistakes made
it expensive before and are guarded here: a still label set again every frame, which
re-laid out and repainted the whole side panel (tab bar, buttons, table frame), and
still curves stroked again under every moving item instead of copied from a cache.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QGraphicsItem

from tests.ui.labs.test_derivatives import make_lab
from workbench.ui.plot_cache import cache_static

CACHED = QGraphicsItem.CacheMode.DeviceCoordinateCache


class PaintCounter(QObject):
    """Counts paint events per widget object name."""

    def __init__(self) -> None:
        super().__init__()
        self.counts: Counter[str] = Counter()

    def eventFilter(self, obj, event):  # Qt's name
        if event.type() == QEvent.Type.Paint:
            self.counts[obj.objectName() or type(obj).__name__] += 1
        return False


def test_a_drag_repaints_the_plots_and_the_changing_texts_only(qtbot):
    lab = make_lab(qtbot)
    lab.show_view("secant")
    lab.handle.dragged.emit(0.5)
    QApplication.processEvents()
    counter = PaintCounter()
    QApplication.instance().installEventFilter(counter)
    try:
        for x in np.linspace(-1.5, 1.5, 12):
            lab.handle.dragged.emit(float(x))
            QApplication.processEvents()
    finally:
        QApplication.instance().removeEventFilter(counter)
    assert counter.counts["secant_summary"] == 12 and counter.counts["tangent_equation"] == 12
    assert counter.counts["point_field"] == 12
    # Still things stay as they were painted: not one repaint in twelve frames.
    for still in ("exact_slope", "secant_play", "secant_step", "secant_table", "QTabBar"):
        assert counter.counts[still] == 0, (still, counter.counts)


def test_the_still_plot_items_are_cached_and_the_moving_ones_are_not(qtbot):
    lab = make_lab(qtbot)
    lab.show_view("second")
    qtbot.waitUntil(lambda: bool(lab.second._regions), timeout=15000)
    still = [lab.canvas.curves["f"].curve, lab.tangent.df_curve.curve, *lab.second._regions]
    assert all(item.cacheMode() == CACHED for item in still)
    moving = [lab.tangent.line.curve, lab.secant.line.curve, lab.handle, lab.tangent.df_marker]
    assert all(item.cacheMode() == QGraphicsItem.CacheMode.NoCache for item in moving)


def test_cache_static_reaches_the_items_that_paint(qtbot):
    curve = pg.PlotDataItem([0, 1], [1, 0])
    label = pg.TextItem("hi")
    legend = pg.LegendItem()
    legend.addItem(curve, "f")
    cache_static(curve, label, legend)
    assert curve.curve.cacheMode() == CACHED and curve.scatter.cacheMode() == CACHED
    assert label.textItem.cacheMode() == CACHED
    assert all(part.cacheMode() == CACHED for part in legend.childItems())
