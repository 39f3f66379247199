"""Plots to PNG and SVG, both painted by the plot's own scene.

pyqtgraph's own ``SVGExporter`` fails on Qt 6.12 (Qt now closes paths with a bare
``Z``, pyqtgraph issue #3485), so the SVG is painted by the scene itself into a
``QSvgGenerator``. Its resolution must be the screen's logical dpi: at the default 72
dpi, items that scale with the device (axes, grid) land in the wrong place. It writes
SVG 1.1, whose ``<clipPath>`` keeps curves inside the axes in browsers and editors
(Qt's own ``QSvgRenderer`` ignores clip paths, so a curve running off the view shows
past the axes there; Qt's ``<mask>`` support can't stand in: it drops large groups).

Both take a ``PlotWidget``, a ``GraphicsLayoutWidget``, any pyqtgraph ``GraphicsView``
or a ``PlotItem``. A requested size lays the plot out at that size for the export
(axes and labels rearranged, not stretched) and restores it afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsItem, QGraphicsView, QGraphicsWidget, QWidget

from workbench.export.svg_cleanup import clean_plot_svg

_SCREEN_DPI = 96.0


def plot_item_of(target: Any) -> QGraphicsWidget:
    """The graphics item that holds the whole plot (axes, title, view box)."""
    if isinstance(target, QGraphicsWidget):
        return target
    if isinstance(target, pg.PlotWidget):
        return target.getPlotItem()
    if isinstance(target, pg.GraphicsView) and target.centralWidget is not None:
        return target.centralWidget
    if isinstance(target, QWidget):  # a panel that holds the plot (the window's canvas)
        view = target.findChild(pg.GraphicsView)
        if view is not None:
            return plot_item_of(view)
    raise TypeError(f"can't export a {type(target).__name__}: give a plot widget or plot item")


def _background(target: Any, item: QGraphicsWidget) -> QColor:
    """The colour behind the plot on screen (pyqtgraph sets it on the view)."""
    view = target if isinstance(target, QGraphicsView) else None
    if view is None and item.scene() is not None and item.scene().views():
        view = item.scene().views()[0]
    if view is None:
        return QColor(Qt.GlobalColor.white)
    return view.backgroundBrush().color()


@contextmanager
def _laid_out(item: QGraphicsWidget, size: QSizeF | None) -> Iterator[QRectF]:
    """Lay ``item`` out at ``size`` (logical pixels) for the duration; yields its scene rect.

    Items the window caches as pixmaps (see ``workbench.ui.plot_cache``) are drawn
    afresh for the duration: an SVG must get their paths, not pictures of them, and a
    PNG at another size their strokes at that size.
    """
    old = item.geometry()
    if size is not None and (abs(size.width() - old.width()) > 0.5
                             or abs(size.height() - old.height()) > 0.5):
        item.setGeometry(QRectF(old.topLeft(), size))
        _activate(item)
    cached = [(thing, thing.cacheMode()) for thing in item.scene().items()
              if thing.cacheMode() != QGraphicsItem.CacheMode.NoCache]
    for thing, _mode in cached:
        thing.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    try:
        yield item.sceneBoundingRect()
    finally:
        for thing, mode in cached:
            thing.setCacheMode(mode)
        if item.geometry() != old:
            item.setGeometry(old)
            _activate(item)


def _activate(item: QGraphicsWidget) -> None:
    """Re-lay the item out now (PlotItem shadows ``layout()`` with an attribute)."""
    layout = QGraphicsWidget.layout(item)
    if layout is not None:
        layout.activate()


def export_plot_png(target: Any, path: str | Path, width: int | None = None,
                    height: int | None = None, dpi: float = _SCREEN_DPI) -> QImage:
    """Write the plot to a PNG of ``width`` x ``height`` pixels and return the image.

    ``dpi`` works as in print: the plot is laid out at (width, height) / (dpi / 96)
    screen pixels and drawn at the full size, so 192 dpi gives text twice as many
    pixels; the PNG records the dpi. A size left out keeps the plot's current size.
    """
    item = plot_item_of(target)
    scale = dpi / _SCREEN_DPI
    current = item.geometry().size()
    out_w = int(width or round(current.width() * scale))
    out_h = int(height or round(current.height() * scale))
    logical = QSizeF(out_w / scale, out_h / scale)
    with _laid_out(item, logical) as source:
        # Drawn into an image with a device pixel ratio, so that text, the legend and
        # cosmetic pens all scale with the dpi (pyqtgraph's ImageExporter leaves the
        # legend at screen size).
        image = QImage(out_w, out_h, QImage.Format.Format_ARGB32)
        image.setDevicePixelRatio(scale)
        image.fill(_background(target, item))
        painter = QPainter(image)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            item.scene().render(painter, QRectF(0, 0, logical.width(), logical.height()), source)
        finally:
            painter.end()
    image.setDevicePixelRatio(1.0)
    dots_per_metre = round(dpi / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    if not image.save(str(path), "PNG"):
        raise OSError(f"could not write {path}")
    return image


def export_plot_svg(target: Any, path: str | Path, width: int | None = None,
                    height: int | None = None, title: str = "Plot", clean: bool = True) -> None:
    """Write the plot as an SVG file, drawn by the scene itself so it matches the screen.

    ``clean`` tidies Qt's output so browsers and librsvg draw it as Qt does (see
    :func:`workbench.export.svg_cleanup.clean_plot_svg`).
    """
    item = plot_item_of(target)
    current = item.geometry().size()
    size = QSizeF(width or current.width(), height or current.height())
    with _laid_out(item, size) as source:
        # SVG 1.1 (not the default Tiny 1.2) keeps clip paths: curves stay inside the axes
        generator = QSvgGenerator(QSvgGenerator.SvgVersion.Svg11)
        generator.setFileName(str(path))
        generator.setSize(size.toSize())
        generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
        generator.setResolution(int(_SCREEN_DPI))  # see the module docstring
        generator.setTitle(title)
        generator.setDescription("Exported from Calculus Workbench")
        painter = QPainter(generator)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            target_rect = QRectF(0, 0, size.width(), size.height())
            painter.fillRect(target_rect, _background(target, item))
            item.scene().render(painter, target_rect, source)
        finally:
            painter.end()
    if not Path(path).exists():
        raise OSError(f"could not write {path}")
    if clean:
        clean_plot_svg(path)
