"""Numeric vs exact: |difference quotient - f'(a)| against h on log-log axes.

Forward, backward and central differences are computed here in float64 from the
plain tree, exactly as a student's code would; the exact f'(a) comes from the
worker's derivative tree. Truncation error falls like h (slope 1) or h^2 (slope 2)
while round-off, about eps/h, rises at small h; the best h of each scheme is marked.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from workbench.ui.labs.derivatives.model import DerivativesModel
from workbench.ui.labs.derivatives.numeric import (
    SCHEMES, ErrorCurves, error_curves, theoretical_best_h)

SCHEME_STYLE = {"forward": ("#1565c0", Qt.PenStyle.SolidLine),
                "backward": ("#8e24aa", Qt.PenStyle.DashLine),
                "central": ("#2e7d32", Qt.PenStyle.SolidLine)}
REFERENCE_PEN = pg.mkPen("#757575", width=1.2, style=Qt.PenStyle.DotLine)
# Where the reference slopes are pinned to the curves: well inside the truncation range.
ANCHOR_H = {"forward": 1e-3, "central": 1e-2}
SETTLE_MS = 120


def _sci(value: float) -> str:
    return f"{value:.1e}" if math.isfinite(value) else "\u2014"


class ErrorView(QWidget):
    """The finite-difference error plot and a sentence about the best h."""

    def __init__(self, model: DerivativesModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("error_view")
        self.setAccessibleName("Numeric versus exact derivative")
        self.model = model
        self.data: ErrorCurves | None = None
        self._build()
        model.function_changed.connect(self.refresh)
        model.derivatives_changed.connect(self.refresh)
        # While a is dragged the plot follows once the point rests (it is not the view the
        # student is watching then, and its 600 evaluations would eat the frame).
        self._settle = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._settle.timeout.connect(self.refresh)
        model.point_changed.connect(self._settle.start)
        model.step_changed.connect(self._mark_current_h)

    def _build(self) -> None:
        self.plot = pg.PlotWidget(self, background="w")
        self.plot.setObjectName("error_plot")
        self.plot.setAccessibleName("Error of the difference quotients against h, log-log")
        item = self.plot.getPlotItem()
        item.setLogMode(True, True)
        item.showGrid(True, True, alpha=0.25)
        item.setLabel("bottom", "step h")
        item.setLabel("left", "|quotient \u2212 f\u2032(a)|")
        item.setMenuEnabled(False)
        self.legend = item.addLegend(labelTextColor="#222222")
        self.legend.setBrush(pg.mkBrush(255, 255, 255, 230))
        # Top middle: the error is smallest around the best h, so no curve runs there.
        self.legend.anchor(itemPos=(0.5, 0), parentPos=(0.62, 0), offset=(0, 4))
        self.curves: dict[str, pg.PlotDataItem] = {}
        for scheme in SCHEMES:
            colour, style = SCHEME_STYLE[scheme]
            self.curves[scheme] = item.plot([], [], name=scheme, connect="finite",
                                            pen=pg.mkPen(colour, width=2, style=style))
        self.slope_one = item.plot([], [], pen=REFERENCE_PEN, name="slope 1: O(h)")
        self.slope_two = item.plot([], [], pen=pg.mkPen("#424242", width=1.2,
                                                       style=Qt.PenStyle.DashDotLine),
                                   name="slope 2: O(h\u00b2)")
        self.best = pg.ScatterPlotItem(size=11, symbol="star", pen=pg.mkPen("#212121"))
        item.addItem(self.best)
        self.best_labels = {s: pg.TextItem("", color=SCHEME_STYLE[s][0], anchor=(0.5, -0.4))
                            for s in ("forward", "central")}
        for label in self.best_labels.values():
            item.addItem(label)
        self.current = pg.InfiniteLine(angle=90, pen=pg.mkPen("#ef6c00", width=1.2))
        item.addItem(self.current, ignoreBounds=True)
        self.caption = QLabel(self)
        self.caption.setObjectName("error_caption")
        self.caption.setAccessibleName("Best step sizes")
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.caption)

    def refresh(self) -> None:
        """Recompute the curves for the model's f, a and exact f'(a)."""
        model = self.model
        exact = model.exact_slope(model.a)
        if model.f is None or not math.isfinite(exact) or not math.isfinite(model.f_at(model.a)):
            self._clear("The error plot needs f\u2032(a): " + (
                "working it out\u2026" if model.f is not None and model.df is None else
                "pick a point where f has a derivative."))
            return
        self.data = error_curves(model.f, model.a, exact)
        for scheme, curve in self.curves.items():
            curve.setData(self.data.h, self.data.errors[scheme], connect="finite")
        self._draw_references()
        self._draw_best()
        self._mark_current_h()

    def _draw_references(self) -> None:
        for scheme, item, power in (("forward", self.slope_one, 1), ("central", self.slope_two, 2)):
            h0 = ANCHOR_H[scheme]
            index = int(np.argmin(np.abs(self.data.h - h0)))
            e0 = self.data.errors[scheme][index]
            if not math.isfinite(e0):  # no truncation error to follow (e.g. central on x^2)
                item.setData([], [])
                continue
            hs = np.logspace(math.log10(h0) - 3 + power, 0, 20)
            item.setData(hs, e0 * (hs / h0) ** power * 3.0)  # a little above, not on top

    def _draw_best(self) -> None:
        spots, lines = [], []
        for scheme in ("forward", "central"):
            h = self.data.best_h[scheme]
            if not math.isfinite(h):
                self.best_labels[scheme].setText("")
                continue
            error = self.data.errors[scheme][int(np.argmin(np.abs(self.data.h - h)))]
            spots.append({"pos": (math.log10(h), math.log10(error)),
                          "brush": pg.mkBrush(SCHEME_STYLE[scheme][0])})
            self.best_labels[scheme].setText(f"best h \u2248 {_sci(h)}")
            self.best_labels[scheme].setPos(math.log10(h), math.log10(error))
            root = "\u221b" if scheme == "central" else "\u221a"
            lines.append(f"<span style='color:{SCHEME_STYLE[scheme][0]}'>{scheme}: best h "
                         f"\u2248 {_sci(h)} (theory {root}\u03b5 \u2248 "
                         f"{_sci(theoretical_best_h(scheme))})</span>")
        self.best.setData(spots)
        self.caption.setText(
            "Right of the best h the truncation error falls as h shrinks (slope 1 for forward "
            "and backward, slope 2 for central); left of it, round-off (about \u03b5/h) takes "
            "over and the error climbs again. The orange line is the h on the slider.<br>"
            + "&nbsp;&nbsp;&nbsp;".join(lines))

    def _mark_current_h(self) -> None:
        self.current.setPos(math.log10(self.model.h))

    def _clear(self, message: str) -> None:
        self.data = None
        for curve in (*self.curves.values(), self.slope_one, self.slope_two):
            curve.setData([], [])
        self.best.setData([])
        for label in self.best_labels.values():
            label.setText("")
        self.caption.setText(f"<span style='color:#c62828'>{message}</span>")
