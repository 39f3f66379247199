"""The Riemann sums view: rectangles, trapezoids or Simpson's parabolas under f, their sum
against the exact value, and a log-log plot of the error against n for every rule.

The pieces are computed in the window (the same ones the engine's ``riemann_sum``
makes), so moving n or playing the sweep is instant; the exact value comes from the
worker. On the log-log plot a rule whose error shrinks like 1/n^p is a line of slope −p.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSlider, QVBoxLayout, QWidget

from workbench.protocol.syntax import Node
from workbench.ui.labs.base import Animation
from workbench.ui.labs.integrals.controls import NOTE_STYLE, CheckedField, make_label, readout
from workbench.ui.labs.integrals.improper import improper_text
from workbench.ui.labs.integrals.numerics import (
    MAX_N, RULE_NAMES, RULE_ORDERS, RULES, blows_up, error_table, fitted_order, improper_window,
    is_improper, piece_outline, read_n, reference_value, riemann_pieces, riemann_value)
from workbench.ui.labs.integrals.plots import (
    F_COLOUR, PIECES_BRUSH, PIECES_PEN, curve_item, draw_function, fmt, make_plot,
    span_with_zero)
from workbench.ui.labs.player import FramePlayer
from workbench.ui.plot_cache import cache_static
from workbench.ui.sampling import evaluate_on

EDGES_UP_TO = 150  # pieces drawn with their edges up to this n; beyond, the fill alone
RULE_COLOURS = {"left": "#1e88e5", "right": "#00897b", "midpoint": "#8e24aa",
                "trapezoid": "#f4511e", "simpson": "#3949ab"}


POLE_NOTE = ("f blows up inside [a, b]: the sums need not settle on any value, and the "
             "integral may not exist (an improper integral).")


def sweep_ns(rule: str, frames: int = 60) -> list[int]:
    """The values of n the Play button steps through: 1 to 1000, spread on a log scale."""
    ns = np.unique(np.round(np.logspace(0, math.log10(MAX_N), frames)).astype(int))
    if rule == "simpson":
        ns = np.unique(np.clip(ns + ns % 2, 2, MAX_N))
    return [int(n) for n in ns]


class RiemannView(QWidget):
    """The pieces of a Riemann sum over f, the sum, the exact value and the error plot."""

    settings_changed = Signal()  # the rule or n changed (the session saves them)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("integrals_riemann")
        self.setAccessibleName("Riemann sums")
        self.tree: Node | None = None
        self.var = "x"
        self.a, self.b = 0.0, 1.0
        self.rule, self.n = "midpoint", 8
        self.exact: float | None = None
        self.exact_from_engine = False
        self.value = math.nan
        self.pieces: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self.pole = False
        self.improper = False
        self.errors: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self.ns = sweep_ns(self.rule)
        self._build()

    def _build(self) -> None:
        row = self._build_controls()
        self.plot = make_plot("riemann_plot", "The function and the pieces of the sum", "f(x)")
        self._edge_pen = pg.mkPen(PIECES_PEN, width=1)
        self.pieces_item = pg.PlotDataItem(pen=self._edge_pen, fillLevel=0.0,
                                           brush=pg.mkBrush(*PIECES_BRUSH))
        self.f_curve = curve_item(F_COLOUR)
        self.plot.addItem(self.pieces_item)
        self.plot.addItem(self.f_curve)
        cache_static(self.f_curve)  # the pieces change under it every frame, f does not
        self._build_error_plot()
        self.player = FramePlayer("riemann", self, interval_ms=40,
                                  what="the sweep of n from 1 to 1000")
        self.player.frame_changed.connect(self.show_frame)
        self.numbers = readout(self, "riemann_numbers", "The sum and the exact value")
        self.note = make_label(self, "riemann_note", "How fast each rule's error shrinks",
                               style=NOTE_STYLE)
        plots = QHBoxLayout()
        plots.addWidget(self.plot, 3)
        plots.addWidget(self.error_plot, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addLayout(plots, 1)
        for widget in (self.player, self.numbers, self.note):
            layout.addWidget(widget)
        self._sync_controls()
        # not the whole view: the arrows must still move the n slider and the rule menu
        self.player.add_shortcuts(self.plot, self.error_plot, self.player)

    def _build_controls(self) -> QHBoxLayout:
        self.rule_box = QComboBox(self)
        self.rule_box.setObjectName("riemann_rule")
        self.rule_box.setAccessibleName("Rule of the sum")
        for rule in RULES:
            self.rule_box.addItem(RULE_NAMES[rule], rule)
        self.rule_box.currentIndexChanged.connect(self._on_rule_changed)
        self.n_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.n_slider.setObjectName("riemann_n_slider")
        self.n_slider.setAccessibleName("Number of pieces")
        self.n_slider.setRange(1, MAX_N)
        self.n_slider.valueChanged.connect(self._on_n_slider_moved)
        self.n_field = CheckedField("n =", "riemann_n", "Number of pieces n",
                                    lambda text: read_n(text, self.rule), width=60)
        self.n_field.value_changed.connect(lambda n: self.set_n(n, from_field=True))
        row = QHBoxLayout()
        row.addWidget(QLabel("Rule:", self))
        row.addWidget(self.rule_box)
        row.addWidget(self.n_field)
        row.addWidget(self.n_slider, 1)
        return row

    def _build_error_plot(self) -> None:
        self.error_plot = make_plot("riemann_error_plot", "Error of each rule against n",
                                    "|sum \u2212 exact|", "n (pieces)", axis_line=False)
        self.error_plot.setLogMode(True, True)
        # room for the widest tick ("0.0001") beside the axis title: grown on demand, the
        # axis met such a tick only after it had been laid out, and the two overlapped
        self.error_plot.getAxis("left").setWidth(68)
        self.error_plot.setXRange(0, 3, padding=0.03)  # log10 n: 1 … 1000
        # the y-range follows the error curves (set with them), never the moving marker
        self.error_plot.getPlotItem().getViewBox().enableAutoRange(x=False, y=False)
        self.error_legend = self.error_plot.getPlotItem().addLegend(
            offset=(-10, 10), labelTextColor="#222222")
        self.error_legend.setBrush(pg.mkBrush(255, 255, 255, 230))
        self.error_curves = {rule: curve_item(RULE_COLOURS[rule], 1.4, name=rule)
                             for rule in RULES}
        for curve in self.error_curves.values():
            self.error_plot.addItem(curve)
        cache_static(*self.error_curves.values(), self.error_legend)
        # "you are here" on the curve of the rule in use: a data item, so the plot's log
        # axes place it as they place the curves; its symbol must not move the range
        self.error_marker = pg.PlotDataItem(pen=None, symbol="o", symbolSize=10,
                                            symbolBrush=pg.mkBrush("#000000"))
        self.error_plot.addItem(self.error_marker, ignoreBounds=True)

    # ---------------------------------------------------------------- public API
    def set_problem(self, tree: Node | None, a: float, b: float) -> None:
        """A new f or new bounds: numeric reference until the engine's exact value arrives."""
        self.player.pause()
        self.tree, self.a, self.b = tree, a, b
        self.exact, self.exact_from_engine = None, False
        self.improper = is_improper(a, b)
        reason = improper_text(a, b, "riemann") if self.improper else ""
        self.player.set_unavailable(reason)
        for widget in (self.n_slider, self.n_field, self.rule_box):
            widget.setEnabled(not reason)
        if self.improper:  # nothing to cut into pieces: f alone, and why
            self.pole = False
            self._fit()
            self._update_errors()
            self._draw()
            return
        self.pole = tree is not None and blows_up(evaluate_on(tree, self.var,
                                                              np.linspace(a, b, 2001)))
        if tree is not None and a != b and not self.pole:
            reference = reference_value(tree, self.var, a, b)
            self.exact = reference if math.isfinite(reference) else None
        elif tree is not None and a == b:
            self.exact = 0.0
        self._fit()
        self._update_errors()
        self._draw()

    def set_exact(self, value: float) -> None:
        """The engine's value of ∫_a^b f (exact when it found one)."""
        if not math.isfinite(value) or self.improper:
            return
        self.exact, self.exact_from_engine = value, True
        self._update_errors()
        self._draw()

    def forget_exact(self) -> None:
        """The engine's value was for another integral: back to the numeric reference."""
        if self.exact_from_engine:
            self.set_problem(self.tree, self.a, self.b)

    def set_rule(self, rule: str) -> None:
        """Choose the rule; Simpson's rule moves an odd n up to the next even one."""
        if rule not in RULES:
            raise ValueError(f"unknown rule {rule!r}")
        self.rule = rule
        if rule == "simpson" and self.n % 2:
            self.n = min(self.n + 1, MAX_N)
        self.ns = sweep_ns(rule)
        self._sync_controls()
        self._update_error_marker_styles()
        self._draw()
        self.settings_changed.emit()

    def set_n(self, n: int, from_field: bool = False) -> None:
        """Use ``n`` pieces (1 … 1000; Simpson needs it even: odd n moves up by one)."""
        n = int(min(max(n, 1), MAX_N))
        if self.rule == "simpson" and n % 2:
            n = n + 1 if n < MAX_N else n - 1
        if n == self.n and not from_field:
            return
        self.n = n
        self._sync_controls(keep_field=from_field)
        self._draw()
        self.settings_changed.emit()

    def show_frame(self, frame: int) -> None:
        """Frame ``frame`` of the sweep: n = the frame's value in :func:`sweep_ns`."""
        if 0 <= frame < len(self.ns):
            self.set_n(self.ns[frame])

    # ---------------------------------------------------------------- drawing
    def _sync_controls(self, keep_field: bool = False) -> None:
        for widget, setter, value in ((self.rule_box, self.rule_box.setCurrentIndex,
                                       RULES.index(self.rule)),
                                      (self.n_slider, self.n_slider.setValue, self.n)):
            blocked = widget.blockSignals(True)
            setter(value)
            widget.blockSignals(blocked)
        if not keep_field:
            blocked = self.n_field.blockSignals(True)
            self.n_field.set_text(str(self.n))
            self.n_field.blockSignals(blocked)
            self.n_field.show_problem("")
        # the player follows n (moved by hand or by a frame); it must not set n back
        self.player.set_count(len(self.ns), int(np.searchsorted(self.ns, self.n)), notify=False)

    def _fit(self) -> None:
        if self.improper:
            lo, hi = improper_window(self.a, self.b)
            margin = 0.0
        else:
            lo, hi = min(self.a, self.b), max(self.a, self.b)
            margin = 0.1 * (hi - lo) if hi > lo else 1.0
        self.plot.setXRange(lo - margin, hi + margin, padding=0)
        if self.tree is not None:
            ys = evaluate_on(self.tree, self.var, np.linspace(lo - margin, hi + margin, 400))
            self.plot.setYRange(*span_with_zero(ys), padding=0)
        (x_min, x_max), y_range = self.plot.getViewBox().viewRange()
        draw_function(self.f_curve, self.tree, self.var, x_min, x_max, tuple(y_range))

    def _draw(self) -> None:
        if self.improper:
            self.pieces, self.value = None, math.nan
            self.pieces_item.setData([], [])
            self.error_marker.setData([], [])
            self.numbers.setText("No sum to show: an infinite interval can't be cut into "
                                 "n pieces of equal width.")
            return
        if self.tree is None or self.a == self.b:
            self.pieces, self.value = None, (0.0 if self.tree is not None else math.nan)
            self.pieces_item.setData([], [])
            self.error_marker.setData([], [])
            self.numbers.setText("a = b: there is nothing to cut into pieces; the sum is 0."
                                 if self.tree is not None else "")
            return
        self.pieces = riemann_pieces(self.tree, self.var, self.a, self.b, self.n, self.rule)
        self.value = riemann_value(*self.pieces)
        # past ~150 pieces the edges are under a pixel apart: fill only, which paints faster,
        # and from an outline that does not drop to 0 between pieces (half the points)
        edges = self.n <= EDGES_UP_TO
        xs, ys = piece_outline(self.tree, self.var, *self.pieces, self.rule, separate=edges)
        self.pieces_item.setData(xs, ys, pen=self._edge_pen if edges else None)
        self.numbers.setText(self._numbers_text())
        gap = abs(self.value - self.exact) if self.exact is not None else math.nan
        shown = math.isfinite(gap) and gap > 1e-13 * max(1.0, abs(self.exact or 0.0))
        self.error_marker.setData([self.n] if shown else [], [gap] if shown else [])

    def _numbers_text(self) -> str:
        name = RULE_NAMES[self.rule].lower()
        text = f"Sum with n = {self.n} ({name}): <b>{fmt(self.value, 8)}</b>"
        if not math.isfinite(self.value):
            return text + " \u2014 f is undefined at a sample point, so this sum has no value."
        if self.exact is None:
            return text
        source = "the engine" if self.exact_from_engine else "a fine numeric reference"
        text += f" &nbsp; Exact: <b>{fmt(self.exact, 10)}</b> <span style='color:#666'>" \
                f"(from {source})</span>"
        return text + f" &nbsp; Error: <b>{fmt(self.value - self.exact, 3)}</b>"

    def _update_errors(self) -> None:
        if self.tree is None or self.exact is None or self.a == self.b or self.improper:
            self.errors = {}
            for curve in self.error_curves.values():
                curve.setData([], [])
            self.note.setText(POLE_NOTE if self.pole else "")
            if self.improper:
                self.note.setText("No error plot either: it compares sums over a finite "
                                  "interval with their exact value.")
            return
        self.errors = error_table(self.tree, self.var, self.a, self.b, self.exact)
        for rule, (ns, errors) in self.errors.items():
            order = fitted_order(ns, errors)
            if order is not None:
                label = f"{rule}: slope {fmt(-order, 2)}"
            else:
                label = f"{rule}: exact here" if np.all(np.isnan(errors)) else rule
            self.error_curves[rule].setData(ns, errors)
            self.error_legend.getLabel(self.error_curves[rule]).setText(label)
        self._fit_error_range()
        expected = ", ".join(f"{r} 1/n^{p}" for r, p in RULE_ORDERS.items())
        self.note.setText((POLE_NOTE + " ") * self.pole +
                          f"On the log-log plot an error \u221d 1/n^p is a line of slope \u2212p. "
                          f"For a smooth f expect {expected}.")
        self._update_error_marker_styles()

    def _fit_error_range(self) -> None:
        """Show every error of every rule (log10 units), with a margin for the marker."""
        logs = np.concatenate([np.log10(errors[np.isfinite(errors) & (errors > 0)])
                               for _ns, errors in self.errors.values()])
        if logs.size:
            low, high = float(logs.min()), float(logs.max())
            pad = 0.06 * max(high - low, 1.0)
            self.error_plot.setYRange(low - pad, high + pad, padding=0)

    def _update_error_marker_styles(self) -> None:
        for rule, curve in self.error_curves.items():
            width = 3.2 if rule == self.rule else 1.2
            curve.setPen(pg.mkPen(RULE_COLOURS[rule], width=width))

    def _on_rule_changed(self, index: int) -> None:
        self.player.pause()
        self.set_rule(RULES[index])

    def _on_n_slider_moved(self, value: int) -> None:
        self.set_n(value)


class RiemannSweep(Animation):
    """Export/benchmark handle on the n sweep of the Riemann view."""

    frame_interval_ms = 80

    def __init__(self, view: RiemannView) -> None:
        self.view = view

    def frame_count(self) -> int:
        """Frames of the sweep (one per n of :func:`sweep_ns`)."""
        return len(self.view.ns)

    def show_frame(self, index: int) -> None:
        """Draw the pieces for the frame's n."""
        self.view.show_frame(index)

    def render_frame(self, index: int) -> QImage:
        """Frame ``index`` as an image of the view."""
        self.view.show_frame(index)
        return self.view.grab().toImage()
