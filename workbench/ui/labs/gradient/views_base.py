"""``FieldPlotView``: what the contour view (f(x, y)) and the curve view (f(x)) share.

A pyqtgraph plot that recomputes its picture when the student pans or zooms (after
a short debounce), reports clicks in data coordinates, and draws the optimizers'
paths and moving markers. Animation frames only re-slice precomputed arrays.
"""

from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from workbench.ui.labs.gradient.field import FieldFunctions, PointAnalysis, path_in_sight
from workbench.ui.labs.gradient.runs import RunPath

RECOMPUTE_MS = 15


class FieldPlotView(QWidget):
    """Base of the two 2-D plots; subclasses implement ``refresh`` and ``_plot_points``."""

    clicked = Signal(float, float, bool)  # x, y in data units, shift held
    recomputed = Signal(float)  # milliseconds the last recomputation took

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.plot = pg.PlotWidget(self, background="w")
        self.plot.setObjectName(f"{name}_plot")
        self.plot.setAccessibleName(name.replace("_", " "))
        self.plot.setMenuEnabled(False)
        # no grid: pyqtgraph replays the axes' grid picture on every frame (~25 ms each)
        self.view_box = self.plot.getViewBox()
        self.view_box.disableAutoRange()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self.functions: FieldFunctions | None = None
        self.runs: list[RunPath] = []
        self.frame = 0
        self.last_recompute_ms = 0.0
        self._paths: dict[str, pg.PlotCurveItem] = {}
        self._brushes: list = []
        self._head_at: dict[str, tuple[float, float]] = {}
        self._in_sight: dict[str, int] = {}
        self.heads = pg.ScatterPlotItem(size=13, pen=pg.mkPen("w", width=1.5))
        self.heads.setZValue(21)
        self.plot.addItem(self.heads)
        self._timer = QTimer(self, singleShot=True, interval=RECOMPUTE_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self.view_box.sigRangeChanged.connect(self._on_view_range_changed)
        self.plot.scene().sigMouseClicked.connect(self._on_scene_mouse_clicked)

    # ------------------------------------------------------------ ranges
    def view_range(self) -> tuple[list[float], list[float]]:
        """The visible x and y ranges."""
        (x0, x1), (y0, y1) = self.view_box.viewRange()
        return [float(x0), float(x1)], [float(y0), float(y1)]

    def set_view_range(self, x_range: list[float], y_range: list[float]) -> None:
        """Show exactly these ranges (the picture is recomputed)."""
        self.view_box.setRange(xRange=x_range, yRange=y_range, padding=0)
        self.recompute()

    def recompute(self) -> None:
        """Recompute the picture for the visible range now, and time it."""
        self._timer.stop()
        started = time.perf_counter()
        self._in_sight.clear()
        self.refresh()
        self.show_frame(self.frame)
        self.last_recompute_ms = (time.perf_counter() - started) * 1000
        self.recomputed.emit(self.last_recompute_ms)

    def refresh(self) -> None:
        """Redraw what depends on the function and the visible range (override)."""

    def set_functions(self, functions: FieldFunctions | None, redraw: bool = True) -> None:
        """The function (and derivatives) to draw; ``redraw=False`` when a new range follows."""
        self.functions = functions
        if redraw:
            self.recompute()

    def show_point(self, analysis: PointAnalysis | None) -> None:
        """Mark the examined point (override)."""

    def show_start(self, start: list[float] | None) -> None:
        """Mark the descent start (override)."""

    # ------------------------------------------------------------ runs
    def set_runs(self, runs: list[RunPath]) -> None:
        """Replace the racers' paths (drawn up to the current frame)."""
        for item in self._paths.values():
            self.plot.removeItem(item)
        self._paths.clear()
        self.runs = list(runs)
        for run in self.runs:
            # PlotCurveItem, not PlotDataItem: a frame's setData is several times cheaper
            path = pg.PlotCurveItem(pen=pg.mkPen(run.colour, width=2.2))
            path.setZValue(20)
            self.plot.addItem(path)
            self._paths[run.name] = path
        self._brushes = [pg.mkBrush(run.colour) for run in self.runs]
        self._in_sight.clear()
        self.show_frame(self.frame)

    def path_item(self, name: str) -> pg.PlotCurveItem:
        """The path item of racer ``name`` (tests read its data)."""
        return self._paths[name]

    def head_position(self, name: str) -> tuple[float, float] | None:
        """Where racer ``name``'s marker is drawn (None when it is not)."""
        return self._head_at.get(name)

    def show_frame(self, frame: int) -> None:
        """Draw every path up to step ``frame`` and its marker at that step.

        All markers are one scatter item (one update per frame, not one per racer).
        """
        self.frame = max(0, int(frame))
        heads_x, heads_y, brushes, symbols = [], [], [], []
        self._head_at = {}
        for run, brush in zip(self.runs, self._brushes):
            count = min(run.upto(self.frame), self._sight(run))
            xs, ys = self._plot_points(run, count)
            self._paths[run.name].setData(xs, ys)
            if count == 0:
                continue
            heads_x.append(float(xs[-1]))
            heads_y.append(float(ys[-1]))
            brushes.append(brush)
            ended_badly = run.status == "diverged" and self.frame >= run.length - 1
            symbols.append("x" if ended_badly else "o")
            self._head_at[run.name] = (heads_x[-1], heads_y[-1])
        self.heads.setData(heads_x, heads_y, brush=brushes, symbol=symbols)

    def _sight(self, run: RunPath) -> int:
        """How many points of ``run`` stay near the view (cached until the view changes)."""
        if run.name not in self._in_sight:
            self._in_sight[run.name] = path_in_sight(run.points, *self.view_range())
        return self._in_sight[run.name]

    def _plot_points(self, run: RunPath, count: int) -> tuple[np.ndarray, np.ndarray]:
        """The first ``count`` points of ``run`` in plot coordinates (override)."""
        raise NotImplementedError

    # ------------------------------------------------------------ events
    def _on_view_range_changed(self, *_args: object) -> None:
        self._timer.start()

    def _on_timer_timeout(self) -> None:
        self.recompute()

    def _on_scene_mouse_clicked(self, event: object) -> None:
        if event.button() != Qt.MouseButton.LeftButton or event.double():
            return
        if not self.view_box.sceneBoundingRect().contains(event.scenePos()):
            return
        where = self.view_box.mapSceneToView(event.scenePos())
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        self.clicked.emit(float(where.x()), float(where.y()), shift)
