"""The Area view: the signed area between f and the axis from a to b, and F(x) = ∫_a^x f.

Dragging a or b reshades at once (numpy in the window); Play sweeps b from a to its
value and draws the accumulation function as the area grows, so F' = f can be seen:
where f is above the axis F climbs, where it is below F falls, and F is steepest where
f is largest. The exact value comes from the worker and is shown when it arrives.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QVBoxLayout, QWidget

from workbench.protocol.syntax import Node
from workbench.ui.labs.base import Animation
from workbench.ui.labs.integrals.controls import NOTE_STYLE, make_label, readout
from workbench.ui.labs.integrals.improper import ImproperMarks, improper_text, verdict_text
from workbench.ui.labs.integrals.numerics import (
    Accumulation, accumulate, blows_up, improper_window, is_improper, orientation_note,
    visible_interval)
from workbench.ui.labs.player import FramePlayer
from workbench.ui.labs.integrals.plots import (
    ACCUMULATION_COLOUR, F_COLOUR, NEGATIVE_BRUSH, POSITIVE_BRUSH, curve_item, draw_function,
    fill_item, fmt, make_plot, nice_step, span_with_zero)
from workbench.ui.math_view import MathLabel
from workbench.ui.plot_cache import cache_static

SWEEP_FRAMES = 61


class AreaView(QWidget):
    """f with its area from a to b shaded (green above, red below) and F underneath."""

    bound_dragged = Signal(str, float)  # "a" or "b", the new value (while dragging)
    bound_drag_finished = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("integrals_area")
        self.setAccessibleName("Area under the curve")
        self.tree: Node | None = None
        self.var = "x"
        self.a, self.b = 0.0, 1.0
        self.acc: Accumulation | None = None
        self.frame = SWEEP_FRAMES - 1
        self.improper = False
        self._shown = self._shown_F = np.arange(0)
        self._full_drawn = False
        self._build()
        self._resample = QTimer(self, singleShot=True, interval=40)
        self._resample.timeout.connect(self._on_resample_timeout)
        self.plot.getViewBox().sigRangeChangedManually.connect(lambda *_: self._resample.start())
        # an infinite end is shaded to the view's edge: follow the edge when it moves
        self.plot.getViewBox().sigXRangeChanged.connect(
            lambda *_: self._resample.start() if self.improper else None)

    def _build(self) -> None:
        self._build_area_plot()
        self._build_accumulation_plot()
        self.player = FramePlayer("area", self, interval_ms=40,
                                  what="the sweep of b from a to its value")
        self.player.set_count(SWEEP_FRAMES, notify=False)
        self.player.frame_changed.connect(self.show_frame)
        self.numbers = readout(self, "area_numbers", "The areas as numbers")
        self.exact = MathLabel("", 17.0, self, fit=True)  # a long answer never widens the window
        self.exact.setObjectName("area_exact")
        self.exact.setAccessibleName("The exact value from the engine")
        self.note = make_label(self, "area_note", "What the bounds mean", style=NOTE_STYLE)
        self.improper_note = make_label(self, "area_improper", "The improper integral",
                                        rich=True)
        self.improper_note.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget, stretch in ((self.plot, 3), (self.acc_plot, 2), (self.player, 0),
                                (self.numbers, 0), (self.exact, 0), (self.improper_note, 0),
                                (self.note, 0)):
            layout.addWidget(widget, stretch)
        # Space plays, Left / Right step, with the focus anywhere in this view
        self.player.add_shortcuts(self)

    def _build_area_plot(self) -> None:
        self.plot = make_plot("area_plot", "The function and the shaded area", "f(x)")
        item = self.plot.getPlotItem()
        # no legend over the plot (it hid the bound a): the numbers below name the colours
        self.f_curve = curve_item(F_COLOUR, name="f(x)")
        self.fill_pos = fill_item(POSITIVE_BRUSH, name="area above the axis (+)")
        self.fill_neg = fill_item(NEGATIVE_BRUSH, name="area below the axis (\u2212)")
        for thing in (self.fill_pos, self.fill_neg, self.f_curve):
            item.addItem(thing)
        self.lines = {}
        for which in ("a", "b"):
            line = pg.InfiniteLine(angle=90, movable=True, label=which,
                                   pen=pg.mkPen("#37474f", width=2),
                                   hoverPen=pg.mkPen("#ff6f00", width=3),
                                   labelOpts={"position": 0.06, "color": "#37474f",
                                              "fill": (255, 255, 255, 200)})
            line.setToolTip(f"Drag to move {which}")
            line.sigPositionChanged.connect(lambda ln, w=which: self._on_line_moved(w, ln))
            line.sigPositionChangeFinished.connect(lambda _ln: self.bound_drag_finished.emit())
            item.addItem(line, ignoreBounds=True)
            self.lines[which] = line
        self.marks = ImproperMarks(item, (self.fill_pos, self.fill_neg))
        cache_static(self.f_curve)  # still while the area sweeps or a bound is dragged

    def _build_accumulation_plot(self) -> None:
        self.acc_plot = make_plot("accumulation_plot", "The accumulation function F",
                                  "F(x) = \u222b\u2090\u02e3 f(t) dt")
        self.acc_plot.setXLink(self.plot)
        self.F_full = curve_item("#b39ddb", 1.5, style=Qt.PenStyle.DashLine)
        self.F_full.opts["antialias"] = False  # a faint guide: antialiasing costs a frame
        self.F_curve = curve_item(ACCUMULATION_COLOUR, 2.4)
        self.F_marker = pg.ScatterPlotItem(size=9, brush=pg.mkBrush(ACCUMULATION_COLOUR),
                                           pen=pg.mkPen("w"))
        self.sweep_line = pg.InfiniteLine(angle=90, pen=pg.mkPen("#9e9e9e",
                                                                 style=Qt.PenStyle.DotLine))
        for thing in (self.F_full, self.F_curve, self.F_marker):
            self.acc_plot.getPlotItem().addItem(thing)
        self.acc_plot.getPlotItem().addItem(self.sweep_line, ignoreBounds=True)
        cache_static(self.F_full)

    # ---------------------------------------------------------------- public API
    def set_problem(self, tree: Node | None, a: float, b: float, fit: bool = True) -> None:
        """Show ∫_a^b f: recompute the accumulation and draw the last frame.

        An infinite a or b (an improper integral) is shaded to the edge of the view, with
        marks saying the area goes on; the sweep needs a finite interval and says so.
        """
        self.player.pause()
        self.tree, self.a, self.b = tree, a, b
        self.improper = is_improper(a, b)
        self.sweep_line.setVisible(True)
        self.acc_plot.setVisible(True)
        for which, value in (("a", a), ("b", b)):
            line = self.lines[which]
            line.setVisible(math.isfinite(value))  # no line can stand at infinity
            if math.isfinite(value):
                blocked = line.blockSignals(True)
                line.setValue(value)
                line.blockSignals(blocked)
        self.player.set_unavailable(improper_text(a, b, "sweep") if self.improper else "")
        self.improper_note.setVisible(self.improper)
        self.set_verdict(None)
        if self.improper and fit:
            self.plot.setXRange(*improper_window(a, b), padding=0)
        self._accumulate()
        self.note.setText(self._note_text())
        if fit:
            self.fit()
        self.player.set_count(SWEEP_FRAMES, notify=False)
        self.show_frame(SWEEP_FRAMES - 1)

    def show_curve_only(self, tree: Node | None) -> None:
        """No bounds (the indefinite integral): f alone, nothing shaded and no sweep, and no
        word about an interval that is not there any more."""
        self.player.pause()
        self.tree, self.improper = tree, False
        for line in (*self.lines.values(), self.sweep_line):
            line.setVisible(False)
        self.acc_plot.setVisible(False)  # F from a needs an a: f gets the room
        self.acc, self._shown, self._shown_F = None, np.arange(0), np.arange(0)
        self.improper_note.setVisible(False)
        self.player.set_unavailable("no bounds: give a and b to sweep an area")
        self.show_frame(SWEEP_FRAMES - 1)  # clears the shading, F and the numbers
        self.marks.hide()
        self.note.setText("")
        self.numbers.setText("No bounds: the curve of f alone. The antiderivative F and its "
                             "steps are below; give a and b to shade an area.")
        self._draw_f()

    def shaded_interval(self) -> tuple[float, float]:
        """The ends of the shading: a and b, an infinite one cut at the view's edge."""
        if not self.improper:
            return self.a, self.b
        x_min, x_max = self.plot.getViewBox().viewRange()[0]
        return visible_interval(self.a, self.b, x_min, x_max)

    def _accumulate(self) -> None:
        if self.tree is None:
            self.acc, self._shown, self._shown_F = None, np.arange(0), np.arange(0)
            return
        self.acc = accumulate(self.tree, self.var, *self.shaded_interval())
        self._shown = _drawn_points(self.acc)
        self._shown_F = _drawn_points(self.acc, F_DRAWN_POINTS, crossings=False)
        self._full_drawn = False  # F_full gets this F when a sweep frame first shows it

    def fit(self) -> None:
        """Frame [a, b] with a margin (an infinite end: a stretch towards it), f and F."""
        if self.improper:
            self.plot.setXRange(*improper_window(self.a, self.b), padding=0)
            self._accumulate()
        else:
            lo, hi = min(self.a, self.b), max(self.a, self.b)
            margin = 0.2 * (hi - lo) if hi > lo else 1.0
            self.plot.setXRange(lo - margin, hi + margin, padding=0)
        if self.acc is not None:
            self.plot.setYRange(*span_with_zero(self.acc.y), padding=0)
            self.acc_plot.setYRange(*span_with_zero(self.acc.F, robust=False), padding=0)
        self._draw_f()

    def _on_resample_timeout(self) -> None:
        if self.improper and self.acc is not None:
            ends = (float(self.acc.x[0]), float(self.acc.x[-1]))
            if ends != self.shaded_interval():  # the edge moved: shade up to it again
                self._accumulate()
                self.show_frame(SWEEP_FRAMES - 1)
        self._draw_f()

    def sweep_x(self, frame: int) -> float:
        """Where the moving bound is in frame ``frame`` (a at 0, b at the last frame)."""
        return self.a + (self.b - self.a) * frame / (SWEEP_FRAMES - 1)

    def show_frame(self, frame: int) -> None:
        """Shade from a to the sweep's position in ``frame`` and draw F that far."""
        self.frame = frame
        if self.player.frame() != frame:  # shown from outside (export, benchmark)
            self.player.sync_frame(frame)
        acc = self.acc
        if acc is None:
            for thing in (self.fill_pos, self.fill_neg, self.F_curve, self.F_full):
                thing.setData([], [])
            self.F_marker.setData([], [])
            self.numbers.setText("")
            return
        if frame < SWEEP_FRAMES - 1 and not self.improper:
            k = max(acc.index_at(self.sweep_x(frame)), 1)
        else:
            k = len(acc.x)
        # draw a thinned copy (every few points, crossings kept, ending exactly at k - 1):
        # a frame must paint in a few ms; the numbers use every point
        shown, shown_F = (np.append(ks[:np.searchsorted(ks, k - 1)], k - 1)
                          for ks in (self._shown, self._shown_F))
        self._show_full_guide(k < len(acc.x))
        self.fill_pos.setData(acc.x[shown], acc.positive[shown])
        self.fill_neg.setData(acc.x[shown], acc.negative[shown])
        self.F_curve.setData(acc.x[shown_F], acc.F[shown_F])
        self.F_marker.setData([acc.x[k - 1]], [acc.F[k - 1]])
        self.sweep_line.setValue(acc.x[k - 1])
        self.numbers.setText(self._numbers_text(acc, k))
        self._mark_improper()

    def _show_full_guide(self, wanted: bool) -> None:
        # the faint whole of F matters only mid-sweep: on the last frame F covers it, so
        # a drag of a bound (always the last frame) neither rebuilds nor paints it
        if wanted and not self._full_drawn:
            self.F_full.setData(self.acc.x[self._shown_F], self.acc.F[self._shown_F])
            self._full_drawn = True
        self.F_full.setVisible(wanted)

    def _mark_improper(self) -> None:
        if not self.improper or self.acc is None:
            self.marks.hide()
            return
        acc, view = self.acc, self.plot.getViewBox().viewRange()
        ends = {"left": acc.y[int(np.argmin(acc.x))], "right": acc.y[int(np.argmax(acc.x))]}
        self.marks.show(self.a, self.b, (tuple(view[0]), tuple(view[1])),
                        {side: float(np.nan_to_num(y)) for side, y in ends.items()})

    def set_verdict(self, value: float | None, note: str = "") -> None:
        """The engine's value of an improper integral (None: not known yet), in words."""
        if self.improper:
            self.improper_note.setText(verdict_text(self.a, self.b, value, note))

    def set_exact(self, latex: str) -> None:
        """The engine's statement of the integral and its exact value ("" clears it)."""
        self.exact.set_latex(latex)

    def fill_data(self) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """The shaded polylines as drawn: {"positive": (x, y), "negative": (x, y)}."""
        return {"positive": self.fill_pos.getData(), "negative": self.fill_neg.getData()}

    # ---------------------------------------------------------------- drawing
    def _draw_f(self) -> None:
        (x_min, x_max), y_range = self.plot.getViewBox().viewRange()
        margin = 0.1 * (x_max - x_min)
        draw_function(self.f_curve, self.tree, self.var, x_min - margin, x_max + margin,
                      tuple(y_range))

    def _numbers_text(self, acc: Accumulation, k: int) -> str:
        if self.improper:
            start = "" if math.isfinite(self.a) else (" (F here starts at the view's left "
                                                      "edge, not at \u2212\u221e)")
            return (f"Shaded: the part on show, from {fmt(acc.x[0], 4)} to {fmt(acc.x[-1], 4)}"
                    f": \u2248 <b>{fmt(acc.signed, 6)}</b> <span style='color:#666'>(numeric)"
                    f"{start}. Pan or zoom out to shade more of it.</span>")
        if k < len(acc.x):  # mid-sweep: only F at the moving bound
            return (f"Sweeping: F({fmt(acc.x[k - 1], 4)}) = \u222b from a to "
                    f"{fmt(acc.x[k - 1], 4)} of f \u2248 <b>{fmt(acc.F[k - 1], 5)}</b><br>"
                    "<span style='color:#666'>F rises where f is above the axis and falls "
                    "where it is below: F\u2032 = f.</span>")
        flip = " (a &gt; b: sign flipped)" if self.a > self.b else ""
        return (f"<span style='color:#2e7d32'>\u25a0 Area above the axis (counts +): "
                f"<b>{fmt(acc.above, 5)}</b></span> &nbsp; <span style='color:#c62828'>\u25a0 "
                f"Area below the axis (counts \u2212): <b>{fmt(acc.below, 5)}</b></span><br>"
                f"Signed total{flip} = above \u2212 below: <b>{fmt(acc.signed, 6)}</b> "
                "<span style='color:#666'>(numeric, trapezoids on 2000 pieces; the exact "
                "value from the engine is below)</span>")

    def _note_text(self) -> str:
        note = orientation_note(self.a, self.b)
        if self.acc is not None and (self.acc.undefined or blows_up(self.acc.y)):
            note += (" f is undefined or blows up inside the interval: the shading leaves "
                     "those points out, the numbers here are not to be trusted, and the "
                     "integral may not exist there (an improper integral).")
        return note.strip()

    def _on_line_moved(self, which: str, line: pg.InfiniteLine) -> None:
        lo, hi = self.plot.getViewBox().viewRange()[0]
        step = nice_step(hi - lo)
        value = round(line.value() / step) * step
        self.bound_dragged.emit(which, value)


class AreaSweep(Animation):
    """Export/benchmark handle on the area sweep (b moving from a to its value)."""

    frame_interval_ms = 40

    def __init__(self, view: AreaView) -> None:
        self.view = view

    def frame_count(self) -> int:
        """Frames of the sweep."""
        return SWEEP_FRAMES

    def show_frame(self, index: int) -> None:
        """Shade up to the sweep's position in frame ``index``."""
        self.view.show_frame(index)

    def render_frame(self, index: int) -> QImage:
        """Frame ``index`` as an image of the two plots."""
        self.view.show_frame(index)
        return self.view.grab().toImage()



DRAWN_POINTS = 700  # the shading: about one point per pixel of a wide plot
F_DRAWN_POINTS = 250  # F is smooth (an integral): a point every few pixels draws it alike


def _drawn_points(acc: Accumulation, points: int = DRAWN_POINTS,
                  crossings: bool = True) -> np.ndarray:
    """Indices of the grid worth drawing: about ``points`` evenly, the last one, and every
    zero crossing of f (where the shading changes colour) with ``crossings``."""
    wanted = np.zeros(len(acc.x), dtype=bool)  # a mask: sorted and unique at no cost
    wanted[np.linspace(0, len(acc.x) - 1, min(points, len(acc.x))).round().astype(int)] = True
    if crossings:
        wanted |= acc.y == 0
    return np.flatnonzero(wanted)
