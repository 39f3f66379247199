"""Secant to tangent: the secant through a and a + h, the table of difference quotients
converging to f'(a), and the animation that shrinks h towards 0.

The secant is drawn on the lab's main plot; the panel (play controls, table, exact
value) sits beside it. Frames are precomputed steps h, so play, pause, step and scrub
(the h slider) all show the same pictures.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont, QImage
from PySide6.QtWidgets import (QHBoxLayout, QHeaderView, QPushButton, QSizePolicy,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from workbench.ui.canvas import PlotCanvas
from workbench.ui.legends import show_in_legend
from workbench.ui.math_view import MathLabel
from workbench.ui.labs.base import Animation
from workbench.ui.labs.derivatives.controls import PER_DECADE, slider_h, slider_position
from workbench.ui.labs.derivatives.model import DerivativesModel
from workbench.ui.labs.derivatives.numeric import TABLE_H, quotient, secant_points
from workbench.ui.stable_label import StableLabel
from workbench.protocol.wording import with_decimal
from workbench.ui.labs.player import PAUSE_TEXT

SECANT_COLOUR = "#c62828"
# The animation runs h from where it is down to 1e-6, two slider ticks a frame.
ANIMATION_END = -6 * PER_DECADE
FRAME_STRIDE = 2
FRAME_MS = 40
TABLE_SETTLE_MS = 120
HIGHLIGHT = QColor("#ffe0b2")


def fmt(value: float, digits: int = 8) -> str:
    """A number for the table: ``digits`` significant digits, 'undefined' for NaN."""
    return f"{value:.{digits}g}" if math.isfinite(value) else "undefined"


class SecantAnimation(Animation):
    """h shrinking towards 0, one precomputed step per frame."""

    frame_interval_ms = FRAME_MS

    def __init__(self, view: SecantView) -> None:
        self.view = view
        self.steps: list[float] = []
        self.rebuild()

    def rebuild(self) -> None:
        """Frames from the current h (or 1, if h is already tiny) down to 1e-6."""
        start = slider_position(self.view.model.h)
        if start <= ANIMATION_END + FRAME_STRIDE:
            start = 0
        self.steps = [slider_h(p) for p in range(start, ANIMATION_END - 1, -FRAME_STRIDE)]

    def frame_count(self) -> int:
        """How many frames the sweep has."""
        return len(self.steps)

    def show_frame(self, index: int) -> None:
        """Set h to the frame's step (every view follows)."""
        self.view.model.set_step(self.steps[index])

    def render_frame(self, index: int) -> QImage:
        """The main plot in frame ``index``."""
        self.show_frame(index)
        return self.view.canvas.plot.grab().toImage()


class SecantView(QWidget):
    """The secant overlay on the main plot and the panel of controls and quotients."""

    def __init__(self, model: DerivativesModel, canvas: PlotCanvas,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("secant_view")
        self.setAccessibleName("Secant to tangent")
        self.model, self.canvas = model, canvas
        self._build_items()
        self._build_panel()
        self._table_key: tuple | None = None
        self._resting = True  # False while a moves (set by the model's point signal)
        self._table_timer = QTimer(self, singleShot=True, interval=TABLE_SETTLE_MS)
        self._table_timer.timeout.connect(self._on_table_timer_timeout)
        self.animation = SecantAnimation(self)
        self._frame = 0
        self.timer = QTimer(self, interval=FRAME_MS)
        self.timer.timeout.connect(self._on_timer_timeout)
        model.function_changed.connect(self.refresh)
        model.derivatives_changed.connect(self.refresh)
        model.point_changed.connect(self._on_model_point_changed)
        model.step_changed.connect(self.refresh)

    def _build_items(self) -> None:
        item = self.canvas.plot.getPlotItem()
        self.line = pg.PlotDataItem(name="secant", pen=pg.mkPen(SECANT_COLOUR, width=2),
                                    antialias=True)
        self.points = pg.ScatterPlotItem(size=9, brush=pg.mkBrush(SECANT_COLOUR),
                                         pen=pg.mkPen("w"))
        self.label = pg.TextItem("", color=SECANT_COLOUR, anchor=(0, 1.2))
        for thing in (self.line, self.points, self.label):
            item.addItem(thing, ignoreBounds=True)
            thing.setZValue(5)

    def _build_panel(self) -> None:
        self.play_button = QPushButton("\u25b6 Play h \u2192 0", self)
        self.play_button.setObjectName("secant_play")
        self.play_button.setAccessibleName("Play the secant animation (Space)")
        self.play_button.setToolTip("Shrink h towards 0 and watch the secant turn into the "
                                    "tangent (Space plays and pauses)")
        self.play_button.clicked.connect(self.toggle_play)
        self.step_button = QPushButton("Step \u25b8", self)
        self.step_button.setObjectName("secant_step")
        self.step_button.setAccessibleName("Next frame of the secant animation")
        self.step_button.clicked.connect(self.step_forward)
        self.summary = StableLabel(3, self)  # new text every frame, no re-layout
        self.summary.setObjectName("secant_summary")
        self.summary.setAccessibleName("Secant slope and exact derivative")
        self.exact = MathLabel("", 16.0, self, fit=True)
        self.exact.setObjectName("exact_slope")
        self.exact.setAccessibleName("The exact derivative at a, from the rules")
        self.exact.setFixedHeight(44)
        self.exact.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.table = QTableWidget(len(TABLE_H) + 1, 3, self)
        self.table.setTabKeyNavigation(False)  # Tab moves on to the next control; arrows move
        self.table.setObjectName("secant_table")
        self.table.setAccessibleName("Difference quotients for shrinking h")
        self.table.setHorizontalHeaderLabels(["h", "quotient", "error"])
        self.table.horizontalHeaderItem(1).setToolTip("The difference quotient for this h")
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        # every digit shown: columns as wide as their numbers (the table scrolls sideways
        # in a narrow panel) rather than stretched to the panel and elided with "…"
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.play_button)
        buttons.addWidget(self.step_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.summary)
        layout.addWidget(self.exact)
        layout.addWidget(self.table, 1)

    # ---------------------------------------------------------------- animation
    def is_playing(self) -> bool:
        """Whether the sweep is running."""
        return self.timer.isActive()

    def toggle_play(self) -> None:
        """Play from the current h, or pause."""
        if self.timer.isActive():
            self.pause()
            return
        self.animation.rebuild()
        self._frame = 0
        self.timer.start()
        self.play_button.setText(PAUSE_TEXT)

    def pause(self) -> None:
        """Stop the sweep where it is."""
        self.timer.stop()
        self.play_button.setText("\u25b6 Play h \u2192 0")

    def step_forward(self) -> None:
        """One frame further (h one step smaller)."""
        self.pause()
        self.animation.rebuild()
        if self.animation.frame_count() > 1:
            self.animation.show_frame(1)

    def _on_timer_timeout(self) -> None:
        if self._frame >= self.animation.frame_count():
            self.pause()
            return
        self.animation.show_frame(self._frame)
        self._frame += 1

    # ---------------------------------------------------------------- drawing
    def set_shown(self, shown: bool) -> None:
        """Show or hide the overlay (the panel is shown by the lab)."""
        for thing in (self.line, self.points, self.label):
            thing.setVisible(shown)
        show_in_legend(self.canvas.legend, self.line, shown)
        if not shown:
            self.pause()

    def refresh(self) -> None:
        """Redraw the secant, the summary and the table for the model's a, h and scheme."""
        model = self.model
        if model.f is None:
            self._clear()
            return
        x1, x2, _width = secant_points(model.a, model.h, model.scheme)
        y1, y2 = model.f_at(x1), model.f_at(x2)
        slope = float(quotient(model.f, model.a, model.h, model.scheme))
        if not (math.isfinite(y1) and math.isfinite(y2) and math.isfinite(slope)):
            self._clear("f is not defined at both ends of the secant: try another a or h.")
            return
        self._draw_line(x1, x2, y1, slope)
        exact = model.exact_slope(model.a)
        self._write_summary(slope, exact)
        self._fill_table(exact)

    def _draw_line(self, x1: float, x2: float, y1: float, slope: float) -> None:
        (x_min, x_max), _ = self.canvas.plot.getViewBox().viewRange()
        reach = 0.3 * (x_max - x_min)
        xs = np.array([min(x1, x2) - reach, max(x1, x2) + reach])
        self.line.setData(xs, y1 + slope * (xs - x1))
        ends = [(x, self.model.f_at(x)) for x in (x1, x2) if x != self.model.a]
        self.points.setData([p[0] for p in ends], [p[1] for p in ends])
        x_far, y_far = ends[-1]
        self.label.setText({"forward": "a + h", "backward": "a \u2212 h",
                            "central": "a \u00b1 h"}[self.model.scheme])
        self.label.setPos(x_far, y_far)

    def _on_model_point_changed(self) -> None:
        self._resting = False
        self.refresh()

    def _on_table_timer_timeout(self) -> None:
        self._resting = True
        self.refresh()

    def _write_summary(self, slope: float, exact: float) -> None:
        model = self.model
        formula = {"forward": "(f(a+h) \u2212 f(a)) / h",
                   "backward": "(f(a) \u2212 f(a\u2212h)) / h",
                   "central": "(f(a+h) \u2212 f(a\u2212h)) / 2h"}[model.scheme]
        exact_text = (f"<b>{fmt(exact, 10)}</b> (the formula for f\u2032, in float64)"
                      if math.isfinite(exact) else
                      ("does not exist here (a corner, or f\u2032 undefined)"
                       if self.model.df is not None else "working it out\u2026"))
        gap = f"&nbsp;&nbsp;gap {abs(slope - exact):.2e}" if math.isfinite(exact) else ""
        self.summary.setText(
            f"a = {fmt(model.a, 6)}, h = {fmt(model.h, 4)}<br>"
            f"<span style='color:{SECANT_COLOUR}'>slope of the secant {formula} = "
            f"<b>{fmt(slope, 10)}</b></span>{gap}<br>"
            f"exact f\u2032(a) = {exact_text}")

    def _fill_table(self, exact: float) -> None:
        """The current h first (highlighted), then h = 1, 0.1, ..., 1e-8."""
        model = self.model
        # Only the first row follows h; the decades change with f, a and the scheme.
        # While a is dragged the decades wait until it rests (the row of the current h
        # follows at once): rewriting thirty cells every frame is paint the drag can't spare.
        key = (model.f, model.a, model.scheme, exact)
        full = key != self._table_key and (self._table_key is None or self._resting)
        if key != self._table_key and not full:
            self._table_timer.start()
        steps = np.array((model.h, *TABLE_H)) if full else np.array([model.h])
        if full:
            self._table_key = key
        slopes = quotient(model.f, model.a, steps, model.scheme)
        bold = QFont()
        bold.setBold(True)
        for row, (h, slope) in enumerate(zip(steps, slopes)):
            error = abs(slope - exact) if math.isfinite(exact) else math.nan
            cells = (f"{h:.4g}" if row == 0 else f"{h:.0e}", fmt(float(slope), 12),
                     f"{error:.2e}" if math.isfinite(error) else "\u2014")
            for column, text in enumerate(cells):
                cell = self.table.item(row, column)
                if cell is None:  # made once; later frames only change the text
                    cell = QTableWidgetItem()
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                    if row == 0:
                        cell.setBackground(QBrush(HIGHLIGHT))
                        cell.setFont(bold)
                        cell.setToolTip("The h on the slider now")
                    self.table.setItem(row, column, cell)
                if cell.text() != text:
                    cell.setText(text)

    def _clear(self, message: str = "") -> None:
        self.line.setData([], [])
        self.points.setData([], [])
        self.label.setText("")
        self.summary.setText(f"<span style='color:#c62828'>{message}</span>" if message else "")
        self.table.clearContents()
        self._table_key = None

    def show_exact(self, slope_latex: str | None, problem: str = "") -> None:
        """The exact f'(a) from the engine (None: on its way; "": none, ``problem`` says why)."""
        if slope_latex:
            self.exact.setToolTip("")
            # the engine's exact value with its decimal (f' evaluated at a) beside it
            shown = with_decimal(slope_latex, self.model.exact_slope(self.model.a))
            self.exact.set_latex(rf"\text{{exactly: }} f'(a) = {shown}")
        else:
            self.exact.set_latex(r"\text{no exact } f'(a) \text{ here}" if problem else "")
            self.exact.setToolTip(problem)

    def slope(self) -> float:
        """The slope of the secant as drawn (from the line's own data)."""
        xs, ys = self.line.getData()
        if xs is None or len(xs) < 2:
            return math.nan
        return float((ys[1] - ys[0]) / (xs[1] - xs[0]))
