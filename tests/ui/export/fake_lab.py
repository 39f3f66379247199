"""A lab with two plot figures, a derivation and an animation, for the export tests."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QVBoxLayout

from tests.export.steps_sample import LATEX, TITLE, sample_steps
from workbench.ui.labs.base import Animation, DerivationView, Lab

FRAMES = 8


def make_plot(name: str, colour: str) -> pg.PlotWidget:
    """A white plot of a sine wave kept well inside its axes."""
    plot = pg.PlotWidget(background="w")
    plot.setObjectName(name)
    x = np.linspace(-3, 3, 200)
    plot.plot(x, np.sin(x), pen=pg.mkPen(colour, width=3))
    plot.setRange(xRange=(-3.5, 3.5), yRange=(-1.5, 1.5), padding=0)
    plot.getPlotItem().setTitle(name)
    return plot


class SweepAnimation(Animation):
    """A marker sweeping along the first plot's curve, one position per frame."""

    frame_interval_ms = 50

    def __init__(self, lab: "FakeExportLab") -> None:
        self.lab = lab
        self.count = FRAMES
        self.shown: list[int] = []

    def frame_count(self) -> int:
        return self.count

    def show_frame(self, index: int) -> None:
        x = -3 + 6 * index / (self.count - 1)
        self.lab.marker.setData([x], [np.sin(x)])
        self.shown.append(index)

    def render_frame(self, index: int) -> QImage:
        self.show_frame(index)
        return self.lab.curve_plot.grab().toImage()


class FakeExportLab(Lab):
    kind = "fakeexport"
    title = "Fake export"

    def __init__(self, client, parent=None):
        super().__init__(client, parent)
        self.curve_plot = make_plot("Curve", "#1565c0")
        self.marker = pg.ScatterPlotItem(size=14, brush=pg.mkBrush("#c62828"))
        self.curve_plot.addItem(self.marker)
        self.other_plot = make_plot("Other", "#2e7d32")
        layout = QVBoxLayout(self)
        layout.addWidget(self.curve_plot)
        layout.addWidget(self.other_plot)
        self.sweep = SweepAnimation(self)
        self.with_derivation = True

    def figures(self):
        return [("Curve", self.curve_plot), ("Other", self.other_plot)]

    def derivation(self):
        return DerivationView(TITLE, LATEX, sample_steps()) if self.with_derivation else None

    def animation(self):
        return self.sweep
