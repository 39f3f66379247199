"""``DepthView``: vanishing and exploding gradients - |∂f/∂w_k| by layer on a log scale.

A stack of 2-20 units a_k = act(w·a_{k-1}); the worker's ``gradient_by_depth`` gives each
layer's gradient and the sentence of why (σ′ ≤ 1/4 for the sigmoid). The controls are
here; the lab sends the job and hands the answer to ``show``.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QComboBox, QDoubleSpinBox, QHBoxLayout, QLabel, QSpinBox,
                               QVBoxLayout, QWidget)

from workbench.protocol.jobs.ml import DepthJob
from workbench.protocol.ml_results import DepthResult


class DepthView(QWidget):
    """Depth, activation and weight controls, the log-scale plot and the sentence."""

    changed = Signal()  # a control changed: the lab sends ``job()``

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("depth_view")
        self.depth = QSpinBox(self)
        self.depth.setObjectName("depth_units")
        self.depth.setAccessibleName("Number of stacked units")
        self.depth.setRange(2, 20)
        self.depth.setValue(10)
        self.activation = QComboBox(self)
        self.activation.setObjectName("depth_activation")
        self.activation.setAccessibleName("Activation of every unit")
        self.activation.addItems(["sigmoid", "tanh", "relu"])
        self.weight = QDoubleSpinBox(self)
        self.weight.setObjectName("depth_weight")
        self.weight.setAccessibleName("Weight of every unit")
        self.weight.setRange(-10.0, 10.0)
        self.weight.setSingleStep(0.25)
        self.weight.setValue(1.0)
        self.plot = pg.PlotWidget(self, background="w")
        self.plot.setObjectName("depth_plot")
        self.plot.setAccessibleName("Gradient size by layer, log scale")
        self.plot.setMenuEnabled(False)
        self.plot.setLogMode(x=False, y=True)
        self.plot.setLabel("bottom", "layer k (1 = nearest the input)")
        self.plot.setLabel("left", "|∂f/∂w_k|")
        self.curve = self.plot.plot([], [], pen=pg.mkPen("#1565c0", width=2), symbol="o",
                                    symbolSize=7, symbolBrush="#1565c0")
        self.sentence = QLabel(self)
        self.sentence.setObjectName("depth_sentence")
        self.sentence.setAccessibleName("Why the gradients shrink or grow")
        self.sentence.setWordWrap(True)
        self._layout()
        for signal in (self.depth.valueChanged, self.activation.currentIndexChanged,
                       self.weight.valueChanged):
            signal.connect(lambda *_: self.changed.emit())

    def _layout(self) -> None:
        row = QHBoxLayout()
        for text, widget in (("Units", self.depth), ("Activation", self.activation),
                             ("Weight w", self.weight)):
            label = QLabel(text, self)
            label.setBuddy(widget)
            row.addWidget(label)
            row.addWidget(widget)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(QLabel("A stack of units a<sub>k</sub> = act(w·a<sub>k−1</sub>), "
                                "f = a<sub>n</sub>: how big is each layer's gradient?", self))
        layout.addLayout(row)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.sentence)

    def job(self) -> DepthJob:
        """The stack the controls describe."""
        return DepthJob(self.depth.value(), self.activation.currentText(), self.weight.value())

    def show_result(self, result: DepthResult) -> None:
        """Plot |∂f/∂w_k| (zeros left out: a log scale has no 0) and say why."""
        grads = np.array(result.gradients, dtype=float)
        layers = np.arange(1, len(grads) + 1)
        keep = np.isfinite(grads) & (grads > 0)
        self.curve.setData(layers[keep], grads[keep])
        self.plot.setTitle(f"{len(grads)} {result.request.activation} units, w = "
                           f"{result.request.weight:g}", size="10pt")
        gone = int((~keep).sum())
        extra = f" ({gone} layer{'s' if gone > 1 else ''} with gradient 0 not drawn.)" \
            if gone else ""
        self.sentence.setText(result.sentence + extra)

    def clear(self, message: str = "") -> None:
        """No plot (an earlier stack, or a failure), with ``message``."""
        self.curve.setData([], [])
        self.sentence.setText(message)

    def plotted(self) -> tuple[np.ndarray, np.ndarray]:
        """The points drawn (layer, |gradient|), for tests."""
        x, y = self.curve.getOriginalDataset()  # not the log10 the plot draws
        return (np.array([] if x is None else x), np.array([] if y is None else y))

