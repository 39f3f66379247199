"""``LossView``: each racer's loss against the step, on a log scale, with the current step.

A log scale shows linear convergence as a straight line. When some loss is zero or
negative (a saddle, a function unbounded below) a log scale cannot show it, so the
view switches to a linear scale and says so in its title.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QGraphicsItem, QVBoxLayout, QWidget

from workbench.ui.labs.gradient.runs import LABELS, RunPath


class LossView(QWidget):
    """Loss against step for every racer, and a line at the frame on show."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("loss_view")
        self.plot = pg.PlotWidget(self, background="w")
        self.plot.setObjectName("loss_plot")
        self.plot.setAccessibleName("Loss against step")
        self.plot.setMenuEnabled(False)
        self.plot.setLabel("bottom", "step")
        # no grid: pyqtgraph replays the axes' grid picture on every frame (~25 ms each)
        self.cursor = pg.InfiniteLine(angle=90, pen=pg.mkPen("#9e9e9e", width=1))
        self.plot.addItem(self.cursor)
        # Names each racer's colour, in the title's row (title left, legend right): inside
        # the axes it hid some curve whatever the corner, the plot being short. The PNG/SVG
        # exports and the GIF draw the plot item, legend included.
        plot_item = self.plot.getPlotItem()
        self.legend = pg.LegendItem(labelTextSize="9pt", labelTextColor="#222222",
                                    verSpacing=-4, horSpacing=14)
        self.legend.setParentItem(plot_item)
        self.legend.anchor(itemPos=(1, 0), parentPos=(1, 0), offset=(-8, 1))
        plot_item.legend = self.legend  # plot() lists named curves in it
        plot_item.vb.sigResized.connect(self._fit_legend)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self.log_scale = True
        self._curves: dict[str, pg.PlotDataItem] = {}
        self.set_runs([])

    def set_runs(self, runs: list[RunPath]) -> None:
        """Draw the losses of ``runs`` (finite values only)."""
        for curve in self._curves.values():
            self.plot.removeItem(curve)
        self._curves.clear()
        finite = np.concatenate([r.losses[np.isfinite(r.losses)] for r in runs] or [[]])
        self.log_scale = bool(finite.size == 0 or finite.min() > 0)
        self.plot.setLogMode(x=False, y=self.log_scale)
        self.plot.setTitle("loss f(θ) (log scale)" if self.log_scale else
                           "loss f(θ) (linear scale: it goes to 0 or below)", size="10pt",
                           justify="left")
        for run in runs:
            curve = self.plot.plot(np.arange(run.length), run.losses,
                                   pen=pg.mkPen(run.colour, width=2), connect="finite",
                                   name=LABELS[run.name])
            # the curves stay put while the step line moves over them: blit, don't redraw
            curve.curve.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
            self._curves[run.name] = curve
        self.plot.enableAutoRange()
        self._fit_legend()

    def _fit_legend(self, *_args: object) -> None:
        """Where the legend goes, never inside the axes: in the title's row when all its
        names fit there in one row; else in one column right of the axes when that is no
        taller than the axes and leaves them half the width or more (a second legend row
        above a short plot left its curves a sliver); else in the title's row, in as many
        columns as fit, the row as tall as the legend."""
        plot_item = self.plot.getPlotItem()
        count = len(self._curves)
        if not count:
            return
        title = plot_item.titleLabel.item.boundingRect().width() + 24
        widest = max(label.boundingRect().width() for _sample, label in self.legend.items)
        whole = plot_item.boundingRect()
        room = whole.width() - title
        if room >= count * (widest + 46):
            self._legend_in_title_row(plot_item, count)
            return
        self._set_columns(1)
        column = self.legend.boundingRect()
        if column.height() <= whole.height() - 32 and column.width() <= 0.5 * whole.width():
            self._legend_beside_axes(plot_item)
        else:
            self._legend_in_title_row(plot_item, max(1, min(count, int(room // (widest + 46)))))

    def _set_columns(self, columns: int) -> None:
        if self.legend.columnCount != columns:
            self.legend.setColumnCount(columns)
        self.legend.updateSize()

    def _legend_in_title_row(self, plot_item: pg.PlotItem, columns: int) -> None:
        plot_item.hideAxis("right")
        self._set_columns(columns)
        self.legend.anchor(itemPos=(1, 0), parentPos=(1, 0), offset=(-8, 1))
        height = max(30.0, self.legend.boundingRect().height() + 2)  # setTitle makes it 30
        plot_item.titleLabel.setMaximumHeight(height)
        plot_item.layout.setRowFixedHeight(0, height)

    def _legend_beside_axes(self, plot_item: pg.PlotItem) -> None:
        plot_item.titleLabel.setMaximumHeight(30.0)
        plot_item.layout.setRowFixedHeight(0, 30.0)
        # an empty right axis as wide as the legend keeps the axes clear of it (the legend
        # may reach down beside the bottom axis: that axis ends where the axes do)
        margin = plot_item.getAxis("right")
        margin.setStyle(showValues=False, tickLength=0)
        margin.setPen(pg.mkPen(None))
        margin.setWidth(int(self.legend.boundingRect().width()) + 6)
        plot_item.showAxis("right")
        self.legend.anchor(itemPos=(1, 0), parentPos=(1, 0), offset=(-2, 30))

    def legend_names(self) -> list[str]:
        """The names the legend shows, top to bottom."""
        return [label.text for _sample, label in self.legend.items]

    def curve(self, name: str) -> pg.PlotDataItem:
        """The loss curve of racer ``name``."""
        return self._curves[name]

    def show_frame(self, frame: int) -> None:
        """Move the step line to ``frame``."""
        self.cursor.setValue(frame)
