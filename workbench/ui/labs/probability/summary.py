"""The density's summary beside the area: E[X], Var X and σ (the worker's ``moments``),
the CDF F(x) plotted with the median and a chosen percentile (``distribution``).

The widgets only; the lab sends the jobs and hands the answers to ``show_moments`` and
``show_distribution``.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from workbench.protocol.ml_results import DistributionResult, MomentsResult
from workbench.ui.labs.player import number_text
from workbench.ui.math_view import MathLabel
from workbench.ui.sampling import evaluate_on


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


class SummaryView(QWidget):
    """Moments (typeset), the percentile chooser, the quantiles and the CDF plot."""

    percentile_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("probability_summary")
        self.moments_math = MathLabel("", 16.0, self, fit=True)
        self.moments_math.setObjectName("probability_moments")
        self.moments_math.setAccessibleName("Mean, variance and standard deviation")
        self.percentile = QSpinBox(self)
        self.percentile.setObjectName("probability_percentile")
        self.percentile.setAccessibleName("Percentile to find")
        self.percentile.setRange(1, 99)
        self.percentile.setValue(90)
        self.percentile.setSuffix(" %")
        self.percentile.valueChanged.connect(lambda _v: self.percentile_changed.emit())
        self.quantiles = QLabel(self)
        self.quantiles.setObjectName("probability_quantiles")
        self.quantiles.setAccessibleName("Median and percentile")
        self.quantiles.setWordWrap(True)
        self.cdf_plot = pg.PlotWidget(self, background="w")
        self.cdf_plot.setObjectName("probability_cdf")
        self.cdf_plot.setAccessibleName("Cumulative distribution function")
        self.cdf_plot.setMenuEnabled(False)
        self.cdf_plot.setLabel("bottom", "x")
        self.cdf_plot.setTitle("CDF F(x) = P(X ≤ x);  dashed: the median (green) and the "
                               "percentile (red)", size="9pt")
        self.cdf_curve = self.cdf_plot.plot([], [], pen=pg.mkPen("#1565c0", width=2))
        self.marks = {key: pg.InfiniteLine(angle=90, pen=pg.mkPen(colour, width=1.5,
                                                                  style=Qt.PenStyle.DashLine))
                      for key, colour in (("median", "#2e7d32"), ("percentile", "#c62828"))}
        for mark in self.marks.values():
            mark.hide()
            self.cdf_plot.addItem(mark, ignoreBounds=True)
        row = QHBoxLayout()
        label = QLabel("Percentile", self)
        label.setBuddy(self.percentile)
        row.addWidget(label)
        row.addWidget(self.percentile)
        row.addWidget(self.quantiles, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)  # (the lab puts moments_math beside the expectation)
        layout.addWidget(self.cdf_plot, 1)

    def levels(self) -> tuple[float, ...]:
        """The quantile levels to ask for: the median and the chosen percentile."""
        return (0.5, self.percentile.value() / 100)

    def show_moments(self, result: MomentsResult) -> None:
        """E[X], Var X and σ, typeset."""
        self.moments_math.set_latex(result.latex)

    def show_distribution(self, result: DistributionResult, x_range: tuple[float, float]
                          ) -> None:
        """F over ``x_range``, the median and the percentile as lines and in words."""
        if result.cdf_tree is not None:
            x = np.linspace(*x_range, 400)
            self.cdf_curve.setData(x, evaluate_on(result.cdf_tree, result.request.var, x),
                                   connect="finite")
        else:
            self.cdf_curve.setData([], [])
        words = []
        for (p, _exact, value), key in zip(result.quantiles, ("median", "percentile")):
            name = "median" if key == "median" else f"{_ordinal(round(p * 100))} percentile"
            words.append(f"{name} = {number_text(value, 6)}")
            self.marks[key].setVisible(math.isfinite(value))
            if math.isfinite(value):
                self.marks[key].setValue(value)
        self.quantiles.setText(";  ".join(words))

    def clear(self, message: str = "") -> None:
        """Nothing on show (other inputs), with ``message`` in place of the quantiles."""
        self.moments_math.set_latex("")
        self.cdf_curve.setData([], [])
        for mark in self.marks.values():
            mark.hide()
        self.quantiles.setText(message)

    def clear_distribution(self, message: str = "") -> None:
        """The CDF and quantiles only."""
        self.cdf_curve.setData([], [])
        for mark in self.marks.values():
            mark.hide()
        self.quantiles.setText(message)
