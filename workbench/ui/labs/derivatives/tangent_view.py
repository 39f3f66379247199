"""The tangent line: drag the point along the curve and the tangent, its equation and
its slope follow; below, the same x is marked on the curve of f', whose height there is
that slope."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from workbench.ui.canvas import CURVES, PlotCanvas
from workbench.ui.legends import show_in_legend
from workbench.ui.labs.derivatives.model import DerivativesModel
from workbench.ui.labs.derivatives.numeric import values
from workbench.ui.stable_label import StableLabel
from workbench.ui.moving_point import MovingPoint
from workbench.ui.plot_cache import cache_plot_frame, cache_static
from workbench.ui.sampling import robust_span, sample_curve

TANGENT_COLOUR = "#37474f"
POINT_COLOUR = "#1565c0"
DF_COLOUR = CURVES["df"][1]


class CurveHandle(MovingPoint):
    """The point a on the curve: drag it sideways and it stays on f."""

    dragged = Signal(float)

    def mouseDragEvent(self, event) -> None:  # noqa: N802 - pyqtgraph's name
        """Report the x under the mouse while the left button drags the point."""
        if event.button() != Qt.MouseButton.LeftButton:
            event.ignore()
            return
        event.accept()
        x = self.getViewBox().mapSceneToView(event.scenePos()).x()
        self.dragged.emit(float(x))


def _num(value: float) -> str:
    return f"{value:.4g}"


def line_equation(slope: float, a: float, fa: float) -> str:
    """y = m x + b in plain text with tidy signs."""
    intercept = fa - slope * a
    if _num(slope) == "0":
        return f"y = {_num(intercept)}".replace("-", "\u2212")
    slope_text = {"1": "", "-1": "\u2212"}.get(_num(slope), _num(slope).replace("-", "\u2212"))
    if _num(intercept) in ("0", "-0"):
        return f"y = {slope_text}x"
    sign = "\u2212" if intercept < 0 else "+"
    return f"y = {slope_text}x {sign} {_num(abs(intercept))}"


class TangentView(QWidget):
    """The tangent overlay on the main plot, its equation, and the plot of f' below."""

    def __init__(self, model: DerivativesModel, canvas: PlotCanvas,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tangent_view")
        self.setAccessibleName("Tangent line and the derivative")
        self.model, self.canvas = model, canvas
        self._build_items()
        self._build_derivative_plot()
        self._resample = QTimer(self, singleShot=True, interval=40)
        self._resample.timeout.connect(self._draw_derivative_curve)
        self.df_plot.getViewBox().sigXRangeChanged.connect(lambda *_: self._resample.start())
        model.function_changed.connect(self.refresh_all)
        model.derivatives_changed.connect(self.refresh_all)
        model.point_changed.connect(self.refresh)

    def _build_items(self) -> None:
        item = self.canvas.plot.getPlotItem()
        # Solid pens: dashed and dotted lines cost several ms a frame to stroke.
        self.line = pg.PlotDataItem(name="tangent", pen=pg.mkPen(TANGENT_COLOUR, width=2),
                                    antialias=True)
        self.guide = pg.InfiniteLine(angle=90, pen=pg.mkPen("#cfd8dc", width=1))
        for thing in (self.line, self.guide):
            item.addItem(thing, ignoreBounds=True)
            thing.setZValue(4)
        self.equation = StableLabel(1, self)  # new text every drag frame, no re-layout
        self.equation.setObjectName("tangent_equation")
        self.equation.setAccessibleName("Equation and slope of the tangent")

    def _build_derivative_plot(self) -> None:
        self.df_plot = pg.PlotWidget(self, background="w")
        self.df_plot.setObjectName("derivative_plot")
        self.df_plot.setAccessibleName("Plot of f\u2032 with the slope at a marked")
        plot = self.df_plot.getPlotItem()
        grid = pg.GridItem(pen=pg.mkPen("#c8c8c8"), textPen=None)
        grid.setTickSpacing(x=[None, None], y=[None, None])  # the finest level is slow to paint
        grid.setZValue(-10)
        plot.addItem(grid, ignoreBounds=True)
        plot.setLabel("left", "f\u2032(x)")
        plot.setMenuEnabled(False)
        plot.setXLink(self.canvas.plot.getPlotItem())
        self.df_curve = pg.PlotDataItem(pen=pg.mkPen(DF_COLOUR, width=2), antialias=True,
                                        connect="finite")
        self.df_marker = MovingPoint(size=10, brush=pg.mkBrush(DF_COLOUR), pen=pg.mkPen("w"))
        self.df_guide = pg.InfiniteLine(angle=90, pen=pg.mkPen("#cfd8dc", width=1))
        self.df_label = pg.TextItem("", color=DF_COLOUR, anchor=(-0.05, 1.1))
        plot.addItem(self.df_curve)
        cache_static(grid, self.df_curve)  # the marker, guide and label move over them
        cache_plot_frame(plot)
        for thing in (self.df_marker, self.df_guide, self.df_label):
            plot.addItem(thing, ignoreBounds=True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.equation)
        layout.addWidget(self.df_plot, 1)

    # ---------------------------------------------------------------- drawing
    def set_shown(self, shown: bool) -> None:
        """Show or hide the tangent overlay and the f' plot."""
        self.line.setVisible(shown)
        self.guide.setVisible(shown)
        show_in_legend(self.canvas.legend, self.line, shown)
        self.setVisible(shown)

    def refresh_all(self) -> None:
        """A new f or new derivatives: resample f' and redraw the tangent."""
        self._draw_derivative_curve()
        self._fit_derivative_plot()
        self.refresh()

    def refresh(self) -> None:
        """Redraw the tangent at a, its equation and the mark on f' (every drag frame)."""
        model = self.model
        a, fa, slope = model.a, model.f_at(model.a), model.exact_slope(model.a)
        self.guide.setPos(a)
        self.df_guide.setPos(a)
        if not (math.isfinite(fa) and math.isfinite(slope)):
            self.line.setData([], [])
            self.df_marker.move_to(math.nan, math.nan)
            self.df_label.setText("")
            self.equation.setText(self._no_tangent_reason(fa))
            return
        (x_min, x_max), _ = self.canvas.plot.getViewBox().viewRange()
        half = 0.22 * (x_max - x_min)
        xs = np.array([a - half, a + half])
        self.line.setData(xs, fa + slope * (xs - a))
        self.df_marker.move_to(a, slope)
        self.df_label.setText(f"f\u2032({_num(a)}) = {_num(slope)}")
        self.df_label.setPos(a, slope)
        self.equation.setText(
            f"<span style='color:{TANGENT_COLOUR}'>Tangent at a = {_num(a)}: "
            f"<b>{line_equation(slope, a, fa)}</b></span>&nbsp;&nbsp;&nbsp;"
            f"<span style='color:{DF_COLOUR}'>slope = f\u2032({_num(a)}) = <b>{_num(slope)}</b>"
            "</span>&nbsp;&nbsp;(the height of f\u2032 below)")

    def _no_tangent_reason(self, fa: float) -> str:
        red = "<span style='color:#c62828'>{}</span>"
        if self.model.f is None:
            return ""
        if not math.isfinite(fa):
            return red.format(f"f is not defined at a = {_num(self.model.a)}, so there is no "
                              "tangent there.")
        if self.model.df is None:
            return "Working out f\u2032\u2026"
        corner = self.model.corner(self.model.a)
        if corner is not None:
            return red.format(f"f has a corner at a = {_num(self.model.a)}: the slope is "
                              f"{_num(corner[0])} from the left and {_num(corner[1])} from the "
                              "right, so f has no derivative and no tangent there.")
        return red.format(f"f has no derivative at a = {_num(self.model.a)} (a corner, a cusp "
                          "or the edge of its domain), so there is no tangent line.")

    def _draw_derivative_curve(self) -> None:
        df = self.model.df
        if df is None:
            self.df_curve.setData([], [])
            return
        (x_min, x_max), y_range = self.df_plot.getViewBox().viewRange()
        margin = 0.05 * (x_max - x_min)
        curve = sample_curve(df, "x", x_min - margin, x_max + margin, y_range=tuple(y_range))
        self.df_curve.setData(curve.x, curve.y, connect="finite")

    def _fit_derivative_plot(self) -> None:
        if self.model.df is None:
            return
        (x_min, x_max), _ = self.canvas.plot.getViewBox().viewRange()
        lo, hi = robust_span(values(self.model.df, np.linspace(x_min, x_max, 400)))
        self.df_plot.getViewBox().setYRange(lo, hi, padding=0)
        self._draw_derivative_curve()

    def slope(self) -> float:
        """The slope of the tangent as drawn (from the line's own data)."""
        xs, ys = self.line.getData()
        if xs is None or len(xs) < 2:
            return math.nan
        return float((ys[1] - ys[0]) / (xs[1] - xs[0]))
