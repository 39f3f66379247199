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
from workbench.ui.legends import keep_clear


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
        # names each racer's colour; the PNG/SVG exports grab the plot, legend included
        self.legend = self.plot.addLegend(offset=(-10, 4), labelTextSize="9pt",
                                          labelTextColor="#222222")
        self.legend.setBrush(pg.mkBrush(255, 255, 255, 225))  # readable over the curves
        self.plot.getViewBox().sigResized.connect(self._place_legend)
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
                           "loss f(θ) (linear scale: it goes to 0 or below)", size="10pt")
        for run in runs:
            curve = self.plot.plot(np.arange(run.length), run.losses,
                                   pen=pg.mkPen(run.colour, width=2), connect="finite",
                                   name=LABELS[run.name])
            # the curves stay put while the step line moves over them: blit, don't redraw
            curve.curve.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
            self._curves[run.name] = curve
        # one row, whatever the number of racers: a short plot has no room for a column
        self.legend.setColumnCount(max(1, len(runs)))
        self.plot.enableAutoRange()
        self._place_legend()

    def _place_legend(self, *_args: object) -> None:
        """Put the legend in the corner where it hides the least of the curves (a slow
        racer's flat line runs along the top, a fast one drops through the bottom)."""
        view_box = self.plot.getViewBox()
        view_box.updateAutoRange()
        xs, ys = [], []
        for curve in self._curves.values():
            x, y = curve.getData()  # as drawn: log10 of the losses on a log scale
            keep = np.isfinite(y)
            if keep.sum() < 2:
                continue
            # sampled along the line, so a long straight stretch still counts where it runs
            dense = np.linspace(x[keep][0], x[keep][-1], 400)
            xs.append(dense)
            ys.append(np.interp(dense, x[keep], y[keep]))
        if xs:
            keep_clear(self.legend, view_box, np.concatenate(xs), np.concatenate(ys))

    def legend_names(self) -> list[str]:
        """The names the legend shows, top to bottom."""
        return [label.text for _sample, label in self.legend.items]

    def curve(self, name: str) -> pg.PlotDataItem:
        """The loss curve of racer ``name``."""
        return self._curves[name]

    def show_frame(self, frame: int) -> None:
        """Move the step line to ``frame``."""
        self.cursor.setValue(frame)
