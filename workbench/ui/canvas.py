"""``PlotCanvas``: f, f' and (on request) f'' drawn with pyqtgraph, with a crosshair readout.

The canvas only draws plain trees: f comes straight from the editor's parse (no
worker round trip), the derivatives from the worker's result. Sampling is the pure
numpy code in :mod:`workbench.ui.sampling`; curves are redrawn for the visible range
whenever the student pans or zooms (throttled, so dragging stays smooth).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from workbench.protocol.syntax import EvaluationError, Node, symbols_of
from workbench.ui.legends import show_in_legend
from workbench.ui.moving_point import MovingPoint
from workbench.ui.plot_cache import cache_plot_frame, cache_static, refresh_caches
from workbench.ui.features import Feature, curves_view_range
from workbench.ui.sampling import Curve, evaluate_on, sample_curve
from workbench.ui.stable_label import StableLabel

DEFAULT_X_RANGE = (-2 * math.pi, 2 * math.pi)
RESAMPLE_MS = 40
# The curves' names (legend, readout) and colours; chosen to stay distinct for
# colour-blind students (blue / orange / green differ in lightness too).
CURVES = {
    "f": ("f(x)", "#1565c0"),
    "df": ("f\u2032(x)", "#e65100"),
    "d2f": ("f\u2033(x)", "#2e7d32"),
}
# Pens of the guides a selected step draws (its function, its result, a chain rule's parts).
GUIDE_PENS = (("#6a1b9a", Qt.PenStyle.DashLine), ("#00838f", Qt.PenStyle.DashLine),
              ("#5d4037", Qt.PenStyle.DotLine), ("#ad1457", Qt.PenStyle.DotLine))


READOUT_HINT = "Move the mouse over the plot to read values."


class PlotCanvas(QWidget):
    """The plot of f and its derivatives, with a legend, axis labels and a crosshair readout."""

    second_derivative_toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("plot_canvas")
        self.setAccessibleName("Plot of the function and its derivatives")
        self.var = "x"
        self._trees: dict[str, Node | None] = {"f": None, "df": None, "d2f": None}
        self._show_d2f = False
        self._auto_fit = True  # cleared when the student pans or zooms by hand
        self._guides: list[tuple[Node, str, pg.PlotDataItem]] = []
        self._features: list[Feature] = []
        self._build()
        self._resample_timer = QTimer(self, singleShot=True, interval=RESAMPLE_MS)
        self._resample_timer.timeout.connect(self._resample)
        self.plot.getViewBox().sigRangeChanged.connect(self._on_view_range_changed)
        self.plot.getViewBox().sigRangeChangedManually.connect(self._on_view_changed_manually)
        self.plot.scene().sigMouseMoved.connect(self._on_scene_mouse_moved)

    def _build(self) -> None:
        self.plot = pg.PlotWidget(self, background="w")
        self.plot.setObjectName("plot_widget")
        self.plot.setAccessibleName("Plot area")
        item = self.plot.getPlotItem()
        # A GridItem, not the axes' own grid: it paints in ~6 ms where the axis grid takes
        # ~30 ms (measured offscreen at 840x620), which would blow the keystroke budget.
        grid = pg.GridItem(pen=pg.mkPen("#b0b0b0"), textPen=None)
        # Two levels of lines, not three: the finest level cost ~17 ms of paint per frame.
        grid.setTickSpacing(x=[None, None], y=[None, None])
        grid.setZValue(-10)
        item.addItem(grid, ignoreBounds=True)
        for side in ("left", "bottom"):
            axis = item.getAxis(side)
            axis.setPen(pg.mkPen("#444444"))
            axis.setTextPen(pg.mkPen("#222222"))
        item.setLabel("bottom", "x")
        item.setLabel("left", "y")
        item.setMenuEnabled(False)
        self.legend = item.addLegend(offset=(10, 10), labelTextColor="#222222")
        # An opaque, framed legend stays readable where a curve runs behind it.
        self.legend.setBrush(pg.mkBrush(255, 255, 255, 230))
        self.legend.setPen(pg.mkPen("#bdbdbd"))
        self.curves: dict[str, pg.PlotDataItem] = {}
        for key, (name, colour) in CURVES.items():
            curve = pg.PlotDataItem(name=name, pen=pg.mkPen(colour, width=2.2), antialias=True,
                                    connect="finite")
            self.curves[key] = curve
            item.addItem(curve)
        self.legend.removeItem(self.curves["d2f"])  # listed only while f'' is shown
        self.crosshair = pg.InfiniteLine(
            angle=90, pen=pg.mkPen("#9e9e9e", style=Qt.PenStyle.DashLine))
        self.crosshair.setVisible(False)
        item.addItem(self.crosshair, ignoreBounds=True)
        # One marker per curve, moved (not rebuilt) as the mouse moves: see MovingPoint.
        self.markers: dict[str, MovingPoint] = {}
        for key, (_name, colour) in CURVES.items():
            marker = MovingPoint(size=8, pen=pg.mkPen("w"), brush=pg.mkBrush(colour))
            item.addItem(marker, ignoreBounds=True)
            self.markers[key] = marker
        # The tangent at the crosshair: its slope is the value of f' there. A bare curve
        # item: a PlotDataItem's setData costs several times more on every mouse move.
        self.tangent = pg.PlotCurveItem(pen=pg.mkPen("#37474f", width=1.4), antialias=True)
        item.addItem(self.tangent, ignoreBounds=True)
        item.getViewBox().setRange(xRange=DEFAULT_X_RANGE, yRange=(-1, 1), padding=0)
        # Curves, grid, axes and legend repaint from pixmaps while the crosshair, a
        # tangent or a dragged point moves over them (see workbench.ui.plot_cache).
        cache_static(grid, *self.curves.values(), self.legend)
        cache_plot_frame(item)
        self._build_controls()

    def _build_controls(self) -> None:
        # new text on every mouse move: drawn without re-laying the window out (StableLabel)
        self.readout = StableLabel(1, self)
        self.readout.setText(READOUT_HINT)
        self.readout.setObjectName("plot_readout")
        self.readout.setAccessibleName("Values under the mouse")
        self.second_box = QCheckBox("Show f\u2033", self)
        self.second_box.setObjectName("show_second_derivative")
        self.second_box.setAccessibleName("Show the second derivative")
        self.second_box.toggled.connect(self.set_second_derivative_visible)
        self.reset_button = QPushButton("Fit view", self)
        self.reset_button.setObjectName("fit_view")
        self.reset_button.setAccessibleName("Fit the view to the curves")
        self.reset_button.clicked.connect(self._on_fit_clicked)
        # The notice floats over the plot (outside any layout), so showing it never
        # resizes the plot: a resize repaints axes and grid, far beyond a keystroke's budget.
        self.notice = QLabel(self.plot)
        self.notice.setObjectName("plot_notice")
        self.notice.setAccessibleName("Plot notice")
        self.notice.setStyleSheet("color:#4e342e; background:#fff8e1; border:1px solid #ffcc80;"
                                  "border-radius:4px; padding:4px 8px;")
        self.notice.setVisible(False)
        row = QHBoxLayout()
        row.addWidget(self.readout, 1)
        row.addWidget(self.second_box)
        row.addWidget(self.reset_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot, 1)
        layout.addLayout(row)

    # ---------------------------------------------------------------- public API
    def set_function(self, tree: Node | None, var: str = "x", fit: bool = True) -> None:
        """Draw f from ``tree`` at once; derivatives of an older f are taken away."""
        changed = tree != self._trees["f"] or var != self.var
        self.var = var
        self._trees["f"] = tree
        if changed:
            self.set_guides([])
            self._trees["df"] = self._trees["d2f"] = None
            self.curves["df"].setData([], [])
            self.curves["d2f"].setData([], [])
        if changed and self.plot.getPlotItem().getAxis("bottom").labelText != var:
            self.plot.getPlotItem().setLabel("bottom", var)
            self._rename_curves()
        if fit and changed:
            self.refit()  # first, so f is sampled for the range it is shown in
        self._draw("f")
        if changed:
            self._refresh_cursor()  # the read-out and markers were of the earlier f

    def curve_name(self, key: str) -> str:
        """The name of curve ``key`` in the plot's variable: "f(t)", "f′(t)", ..."""
        return CURVES[key][0].replace("(x)", f"({self.var})")

    def _rename_curves(self) -> None:
        for key, curve in self.curves.items():
            curve.opts["name"] = self.curve_name(key)
            label = self.legend.getLabel(curve)
            if label is not None:
                label.setText(self.curve_name(key))

    def refit(self) -> None:
        """Frame the curves again unless the student zoomed by hand, or they already fit.

        Sticky, because every change of range repaints axes and grid (tens of ms):
        the window calls this in a pause of typing, not on every keystroke.
        """
        if self._auto_fit:
            self.fit_view(x_too=False, sticky=True)

    def set_derivatives(self, df: Node | None, d2f: Node | None = None) -> None:
        """Draw f' (and f'' when shown) from the worker's trees."""
        self._trees["df"], self._trees["d2f"] = df, d2f
        self.refit()
        self._draw("df")
        self._draw("d2f")
        self._refresh_cursor()

    def set_guides(self, guides: Sequence[tuple[str, Node]]) -> None:
        """Draw helper curves, dashed and named in the legend ([] removes them).

        A guide in one variable other than the plot's (a chain rule's outer f(u)) is
        drawn with that variable along the horizontal axis.
        """
        for _tree, _var, item in self._guides:
            self.plot.getPlotItem().removeItem(item)
        self._guides = []
        # A guide that is f or f' itself (the first step's function and result) would
        # only hide the solid curve under a dashed one.
        guides = [(label, tree) for label, tree in guides if not self._already_drawn(tree)]
        for (label, tree), (colour, style) in zip(guides, GUIDE_PENS):
            item = pg.PlotDataItem(name=label, pen=pg.mkPen(colour, width=1.6, style=style),
                                   antialias=True, connect="finite")
            self.plot.getPlotItem().addItem(item)
            cache_static(item)
            names = symbols_of(tree)
            self._guides.append((tree, next(iter(names)) if len(names) == 1 else self.var, item))
        self._draw_guides()

    def _already_drawn(self, tree: Node) -> bool:
        """True when ``tree`` agrees with f or f' (numerically, at a few points)."""
        probe = np.linspace(-2.9, 3.1, 13)  # away from 0 and the integers, where poles hide
        try:
            values = evaluate_on(tree, self.var, probe)
        except EvaluationError:
            return False
        for key in ("f", "df"):
            drawn = self._values(key, probe) if self._trees[key] is not None else None
            if drawn is not None and np.array_equal(np.isnan(drawn), np.isnan(values)) and \
                    np.allclose(drawn, values, rtol=1e-9, atol=1e-12, equal_nan=True):
                return True
        return False

    def guides(self) -> list[tuple[str, pg.PlotDataItem]]:
        """The guides drawn: (legend name, plot item)."""
        return [(item.name(), item) for _tree, _var, item in self._guides]

    def tree(self, key: str) -> Node | None:
        """The tree drawn as ``key`` ("f", "df" or "d2f"), or None."""
        return self._trees[key]

    def is_second_derivative_visible(self) -> bool:
        """Whether f'' is drawn."""
        return self._show_d2f

    def set_second_derivative_visible(self, visible: bool) -> None:
        """Show or hide f''."""
        if visible == self._show_d2f:
            return
        self._show_d2f = bool(visible)
        self.second_box.setChecked(self._show_d2f)
        # The legend lists only what is drawn.
        show_in_legend(self.legend, self.curves["d2f"], self._show_d2f, self.curve_name("d2f"))
        self.fit_view(x_too=False, sticky=True)  # f'' may reach beyond the curves shown
        self._draw("d2f")
        self.second_derivative_toggled.emit(self._show_d2f)

    def fit_view(self, x_too: bool = True, sticky: bool = False) -> None:
        """Frame the curves: the default x-range (if ``x_too``) and a y-range that shows
        every feature of the drawn curves (zeros, extrema, inflection points, the edges of
        asymptotes) without being stretched by poles or explosive growth.

        ``sticky`` keeps the current y-range when it already shows every feature and the
        curves fill a good part of it. Called with ``x_too`` (the Fit view button), new
        functions are framed again even after the student zoomed by hand.
        """
        box = self.plot.getViewBox()
        if x_too:
            self._auto_fit = True
            box.setXRange(*DEFAULT_X_RANGE, padding=0)
        x_min, x_max = box.viewRange()[0]
        (lo, hi), self._features = curves_view_range(self._drawn_curves(), self.var, x_min, x_max)
        if sticky and _sits_well(box.viewRange()[1], lo, hi):
            return
        box.setYRange(lo, hi, padding=0)

    def _drawn_curves(self) -> list[tuple[Node, Node | None, Node | None]]:
        """Each drawn curve with the trees of its first two derivatives (None if unknown)."""
        f, df, d2f = self._trees["f"], self._trees["df"], self._trees["d2f"]
        curves = [] if f is None else [(f, df, d2f)]
        if df is not None:
            curves.append((df, d2f, None))
        if d2f is not None and self._show_d2f:
            curves.append((d2f, None, None))
        return curves

    def features(self) -> list[Feature]:
        """The features of the drawn curves found when the view was last framed."""
        return list(self._features)

    def readout_at(self, x: float) -> str:
        """The crosshair text for ``x``: x and the value of every drawn curve there."""
        return self._readout_text(x, self._values_at(x))

    def _values_at(self, x: float) -> dict[str, float]:
        """The value of every drawn curve at ``x`` (each tree evaluated once per move)."""
        point = np.array([x])
        return {key: float(self._values(key, point)[0]) for key in self._visible_keys()}

    def _readout_text(self, x: float, values: dict[str, float]) -> str:
        parts = [f"{self.var} = {_fmt(x)}"]
        for key, value in values.items():
            name, colour = self.curve_name(key), CURVES[key][1]
            shown = _fmt(value) if math.isfinite(value) else "undefined"
            if key == "df" and math.isfinite(value):
                shown += " (slope of the tangent)"
            parts.append(f"<span style='color:{colour}'>{name} = {shown}</span>")
        return "&nbsp;&nbsp;&nbsp;".join(parts)

    def set_cursor_x(self, x: float) -> None:
        """Put the crosshair at ``x`` and update the readout and markers."""
        self.crosshair.setPos(x)
        self.crosshair.setVisible(True)
        values = self._values_at(x)
        self.readout.setText(self._readout_text(x, values))
        for key, marker in self.markers.items():
            marker.move_to(x, values.get(key, math.nan))
        self._draw_tangent(x, values)

    def marker_points(self) -> list[tuple[float, float]]:
        """Where the curves' markers are drawn (for tests)."""
        return [(float(xs[0]), float(ys[0])) for marker in self.markers.values()
                for xs, ys in [marker.getData()] if len(xs)]

    def _hide_cursor_items(self) -> None:
        for marker in self.markers.values():
            marker.move_to(math.nan, math.nan)
        self.tangent.setData([], [])

    def _refresh_cursor(self) -> None:
        """Recompute the read-out, markers and tangent for the curves drawn now."""
        if self.crosshair.isVisible():
            self.set_cursor_x(float(self.crosshair.value()))
        else:
            self.readout.setText(READOUT_HINT)
            self._hide_cursor_items()

    def _draw_tangent(self, x: float, values: dict[str, float]) -> None:
        """The tangent to f at ``x``: slope f'(x), the link between the two curves."""
        f_x, slope = values.get("f", math.nan), values.get("df", math.nan)
        if not (math.isfinite(f_x) and math.isfinite(slope)):
            self.tangent.setData([], [])
            return
        x_min, x_max = self.plot.getViewBox().viewRange()[0]
        half = 0.12 * (x_max - x_min)
        xs = np.array([x - half, x + half])
        self.tangent.setData(xs, f_x + slope * (xs - x))

    # ---------------------------------------------------------------- drawing
    def _visible_keys(self) -> list[str]:
        keys = [k for k in ("f", "df") if self._trees[k] is not None]
        if self._show_d2f and self._trees["d2f"] is not None:
            keys.append("d2f")
        return keys

    def _values(self, key: str, xs: np.ndarray) -> np.ndarray:
        try:
            return evaluate_on(self._trees[key], self.var, xs)
        except EvaluationError:
            return np.full(xs.shape, np.nan)

    def _draw(self, key: str) -> None:
        curve, tree = self.curves[key], self._trees[key]
        if tree is None or (key == "d2f" and not self._show_d2f):
            curve.setData([], [])
            return
        try:
            sampled = self._sample_visible(tree, self.var)
        except (EvaluationError, ArithmeticError) as problem:
            self._show_notice(key, problem)
            sampled = Curve(np.array([]), np.array([]))
        else:
            if key == "f":
                self.notice.setVisible(False)
        curve.setData(sampled.x, sampled.y, connect="finite")

    def _sample_visible(self, tree: Node, var: str) -> Curve:
        box = self.plot.getViewBox()
        (x_min, x_max), y_range = box.viewRange()
        margin = 0.05 * (x_max - x_min)  # a little beyond the edges, so a small pan shows no gap
        return sample_curve(tree, var, x_min - margin, x_max + margin, y_range=tuple(y_range))

    def _draw_guides(self) -> None:
        for tree, var, item in self._guides:
            try:
                sampled = self._sample_visible(tree, var)
            except (EvaluationError, ArithmeticError):  # e.g. a guide needing other letters
                item.setData([], [])
            else:
                item.setData(sampled.x, sampled.y, connect="finite")

    def show_notice(self, text: str) -> None:
        """Float a short message over the top of the plot (until f is next drawn)."""
        self.notice.setText(text)
        self.notice.adjustSize()
        self.notice.move(max((self.plot.width() - self.notice.width()) // 2, 4), 8)
        self.notice.setVisible(True)
        self.notice.raise_()

    def _show_notice(self, key: str, problem: Exception) -> None:
        if key == "f":
            self.show_notice(f"This function cannot be plotted against {self.var}: {problem}.")

    def _resample(self) -> None:
        for key in ("f", "df", "d2f"):
            self._draw(key)
        self._draw_guides()
        refresh_caches(*self.curves.values())

    def _on_view_range_changed(self, *_args: object) -> None:
        # Throttle (not debounce): while the student drags, redraw every RESAMPLE_MS.
        if not self._resample_timer.isActive():
            self._resample_timer.start()

    def _on_fit_clicked(self) -> None:
        self.fit_view(x_too=True)  # not connected directly: clicked(bool) would set x_too

    def _on_view_changed_manually(self, *_args: object) -> None:
        self._auto_fit = False

    def _on_scene_mouse_moved(self, position: QPointF) -> None:
        box = self.plot.getViewBox()
        if not box.sceneBoundingRect().contains(position):
            self.crosshair.setVisible(False)
            self._hide_cursor_items()
            return
        self.set_cursor_x(box.mapSceneToView(position).x())


def _sits_well(view: list[float], lo: float, hi: float) -> bool:
    """True when [lo, hi] lies inside the view's y-range and fills a good part of it."""
    view_lo, view_hi = view
    height = view_hi - view_lo
    slack = 0.02 * height
    inside = lo >= view_lo - slack and hi <= view_hi + slack
    return inside and (hi - lo) >= 0.35 * height


def _fmt(value: float) -> str:
    """A number as a student reads it: 4 significant digits, no float noise."""
    if value == 0 or 1e-4 <= abs(value) < 1e6:
        return f"{value:.4g}"
    return f"{value:.3e}"
