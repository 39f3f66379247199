"""``SeriesLab``: sums and products, their partial sums growing towards the value.

The student types a term, an index and its limits (the upper one may be oo). The
partial sums (or products) are worked out at once with numpy and drawn as bars
against n, with the exact value the engine finds and its closed form; the engine's
steps (Faulhaber, geometric, p-series, ...) fill a ``DerivationPanel``. The animation
lets n grow, one frame per partial sum.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QGraphicsItem, QHBoxLayout, QLabel, QLineEdit,
                               QSizePolicy, QSpinBox, QSplitter, QVBoxLayout, QWidget)

from workbench.protocol.jobs.core import Job
from workbench.protocol.jobs.mlabs import SeriesJob
from workbench.protocol.results import Result, SeriesResult
from workbench.protocol.syntax import Node, symbols_of
from workbench.ui.derivation_panel import DerivationPanel
from workbench.ui.editor import ExpressionEditor
from workbench.ui.labs.player import FrameAnimation, FramePlayer, number_text
from workbench.ui.labs.base import Animation, DerivationView, Lab
from workbench.ui.labs.series.numbers import (LimitError, Limits, first_undefined, frame_sizes,
                                              partial_values, read_limits)
from workbench.ui.legends import keep_clear, show_in_legend
from workbench.ui.plot_cache import cache_static
from workbench.ui.reveal import RevealClip
from workbench.ui.sampling import evaluate_on

OPERATIONS = {"sum": "\u03a3  sum", "product": "\u03a0  product"}
BAR_LIMIT = 200  # more partial sums than this are drawn as a line, not bars
SUMS_NAME = "partial sums S\u2099"
PRODUCTS_NAME = "partial products P\u2099"


def _field(name: str, text: str, width: int, parent: QWidget) -> QLineEdit:
    edit = QLineEdit(text, parent)
    edit.setObjectName(f"series_{name}")
    edit.setAccessibleName({"index": "Index", "lo": "Lower limit", "hi": "Upper limit"}[name])
    edit.setFixedWidth(width)
    return edit


class SeriesLab(Lab):
    """Sums and products: partial sums against n, the exact value and the steps."""

    kind = "series"
    title = "Sums"

    def __init__(self, client: Any, parent: QWidget | None = None) -> None:
        super().__init__(client, parent)
        self.limits: Limits | None = None
        self.data: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self.sizes: list[int] = [1]
        self._payload: SeriesResult | None = None
        self._drawn_text = ""
        self._build()
        self.editor.set_text("k^2")
        self.recompute()

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        self.editor = ExpressionEditor(self)
        self.editor.setAccessibleName("Term")
        self.editor.findChild(QLabel, "expression_prompt").setText("term =")
        self.editor.input_field.setPlaceholderText("The term, e.g. k^2 or (1/2)^k")
        self.editor.expression_changed.connect(self._on_editor_expression_changed)
        self.editor.text_edited.connect(lambda _text: self.check_currency())
        self.editor.compute_requested.connect(lambda _text: self.recompute())
        self.index_edit = _field("index", "k", 40, self)
        self.lo_edit = _field("lo", "1", 70, self)
        self.hi_edit = _field("hi", "10", 70, self)
        self.hi_edit.setToolTip("A whole number, oo for an infinite series, or a letter such "
                                "as n for the closed form in n")
        for edit in (self.index_edit, self.lo_edit, self.hi_edit):
            edit.editingFinished.connect(self.recompute)
        # with a letter as the upper limit, the plot shows the partial sums up to this n
        self.plot_n = QSpinBox(self)
        self.plot_n.setObjectName("series_plot_n")
        self.plot_n.setAccessibleName("Plot the partial sums up to n")
        self.plot_n.setRange(1, 10_000)
        self.plot_n.setValue(10)
        self.plot_n.setToolTip("With a letter as the upper limit: the n the plot runs to")
        self.plot_n.valueChanged.connect(lambda _n: self.recompute())
        self.operation = QComboBox(self)
        self.operation.setObjectName("series_operation")
        self.operation.setAccessibleName("Sum or product")
        for key, text in OPERATIONS.items():
            self.operation.addItem(text, key)
        self.operation.currentIndexChanged.connect(lambda _i: self.recompute())
        self.problem = QLabel(self)
        self.problem.setObjectName("series_problem")
        self.problem.setAccessibleName("Input problem")
        self.problem.setStyleSheet("color:#c62828;")
        self.readout = QLabel(self)
        self.readout.setObjectName("series_readout")
        self.readout.setAccessibleName("Partial sum on show")
        self.readout.setWordWrap(True)
        self.readout.setStyleSheet("font-size:12pt;")
        # a fixed height: a label that grows while playing would resize (repaint) the plot
        self.readout.setFixedHeight(2 * self.readout.fontMetrics().lineSpacing() + 10)
        self.readout.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._build_plot()
        self.panel = DerivationPanel(self)
        self.panel.clear("Steps appear when the engine has worked out the value.")
        self.panel.findChild(QLabel, "derivation_hint").setText(
            "Right-click a step, or press Ctrl+C, to copy its LaTeX.")
        self.player = FramePlayer("series", self, interval_ms=90)
        self.player.frame_changed.connect(self.show_frame)
        self._layout()
        # Space plays, Left / Right step, on the plot and the player; the term, the limits
        # and the steps keep their keys (Space types, arrows move the cursor)
        self.player.add_shortcuts(self.plot, self.player)

    def _build_plot(self) -> None:
        self.plot = pg.PlotWidget(self, background="w")
        self.plot.setObjectName("series_plot")
        self.plot.setAccessibleName("Partial sums against n")
        item = self.plot.getPlotItem()
        # a GridItem, not the axes' grid: the axes repaint their whole grid whenever
        # anything in the plot changes, several times the cost of a frame
        grid = pg.GridItem(pen=pg.mkPen("#dddddd"), textPen=None)
        grid.setZValue(-10)
        # the grid changes only when the range does: keep it as a pixmap between frames
        grid.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        item.addItem(grid, ignoreBounds=True)
        item.setLabel("bottom", "n (upper limit)")
        item.setMenuEnabled(False)
        self.legend = item.addLegend(offset=(10, 10), labelTextColor="#222222")
        self.legend.setBrush(pg.mkBrush(255, 255, 255, 230))
        self.bars = pg.BarGraphItem(x=[0], height=[0], width=0.8, brush="#90caf9",
                                    pen=pg.mkPen("#1565c0"), name=SUMS_NAME)
        self.line = pg.PlotDataItem(pen=pg.mkPen("#1565c0", width=2))
        self.terms = pg.PlotDataItem(pen=None, symbol="o", symbolSize=6, symbolBrush="#e65100",
                                     symbolPen=None, name="terms a\u2099")
        self.closed = pg.PlotDataItem(pen=pg.mkPen("#2e7d32", width=2, style=Qt.PenStyle.DashLine),
                                      name="closed form F(n)")
        self.current = pg.ScatterPlotItem(size=13, brush=pg.mkBrush("#c62828"), pen=pg.mkPen("w"))
        self.limit_line = pg.InfiniteLine(angle=0, pen=pg.mkPen("#6a1b9a", width=2,
                                                                style=Qt.PenStyle.DotLine),
                                          label="exact value", labelOpts={
                                              "color": "#6a1b9a", "position": 0.98,
                                              # its right end at the position: never cut
                                              # by the plot's right edge
                                              "anchors": [(1, 1), (1, 0)]})
        # the bars are all drawn once (and cached); a frame only moves the clip's edge
        self.reveal = RevealClip()
        item.addItem(self.reveal, ignoreBounds=True)
        self.reveal.hold(self.bars, self.line)  # (listed in the legend while drawn)
        self.legend.addItem(self.bars, SUMS_NAME)  # first in the legend
        for thing in (self.terms, self.closed):
            item.addItem(thing)
        item.addItem(self.current)
        item.addItem(self.limit_line, ignoreBounds=True)
        self.limit_line.setVisible(False)
        # still while the sums play: the bars (or the line), the closed form, the exact
        # value's line, the legend
        cache_static(self.bars, self.line, self.closed, self.limit_line, self.legend)

    def _layout(self) -> None:
        row = QHBoxLayout()
        for text, widget in (("index", self.index_edit), ("from", self.lo_edit),
                             ("to", self.hi_edit)):
            label = QLabel(text, self)
            label.setBuddy(widget)
            row.addWidget(label)
            row.addWidget(widget)
        self.plot_n_label = QLabel("plot to n =", self)
        self.plot_n_label.setBuddy(self.plot_n)
        row.addWidget(self.plot_n_label)
        row.addWidget(self.plot_n)
        row.addWidget(self.operation)
        row.addWidget(self.problem, 1)
        left = QWidget(self)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.plot, 1)
        column.addWidget(self.readout)
        column.addWidget(self.player)
        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([820, 480])
        layout = QVBoxLayout(self)
        layout.addWidget(self.editor)
        layout.addLayout(row)
        layout.addWidget(splitter, 1)

    # ------------------------------------------------------------------ inputs
    def operation_key(self) -> str:
        """"sum" or "product"."""
        return str(self.operation.currentData())

    def _checked(self) -> tuple[Node, Limits] | None:
        tree = self.editor.tree()
        if tree is None:
            self.problem.setText("Fix the term first (see the message under it).")
            return None
        try:
            limits = read_limits(self.index_edit.text(), self.lo_edit.text(),
                                 self.hi_edit.text(), self.plot_n.value())
        except LimitError as error:
            self.problem.setText(error.message)
            return None
        others = sorted(symbols_of(tree) - {limits.index})
        if others:
            self.problem.setText(f"The term may only use the index {limits.index} "
                                 f"(it uses {', '.join(others)})")
            return None
        return tree, limits

    def _on_editor_expression_changed(self, text: str) -> None:
        if text != self._drawn_text:  # a text the lab set itself is drawn already
            self.recompute()

    def recompute(self) -> None:
        """Partial sums now (numpy), exact value and steps from the engine."""
        checked = self._checked()
        if checked is None:
            return
        tree, limits = checked
        n, values, running = partial_values(tree, limits, self.operation_key())
        bad = first_undefined(n, values)
        if bad is not None:
            self.problem.setText(f"The term is undefined at {limits.index} = {bad:g}")
            return
        self.problem.setText("")
        self.limits, self.data, self._payload = limits, (n, values, running), None
        self.plot_n_label.setEnabled(limits.symbol is not None)
        self.plot_n.setEnabled(limits.symbol is not None)
        self._drawn_text = self.editor.text()
        self.closed.setData([], [])
        self.limit_line.setVisible(False)
        self.panel.clear("Working out the exact value\u2026")
        self.sizes = frame_sizes(len(n))
        self._draw_bars()
        self._fit_view()
        self.player.set_count(len(self.sizes))
        self.submit("series", SeriesJob(self.editor.text(), limits.index, limits.lo,
                                        limits.engine_hi(), self.operation_key()))
        self.check_currency()
        self.state_changed.emit()

    def current_request(self, purpose: str) -> Job | None:
        """The sum last asked for, while the term on screen is the one it was for."""
        return self.asked_while_typed(purpose, self.editor, "term")

    def _draw_bars(self) -> None:
        """All the partial sums, once: as bars, or past BAR_LIMIT as a line (thousands of
        bars would be a blur). A frame only reveals them up to its n."""
        n, _values, running = self.data
        bars = len(n) <= BAR_LIMIT
        if bars:
            self.bars.setOpts(x=n, height=running, width=0.8)
            self.line.setData([], [])
        else:
            self.bars.setOpts(x=[], height=[], width=0.8)
            self.line.setData(n, running, connect="finite")
        finite = running[np.isfinite(running)]
        low, high = (min(0.0, float(finite.min())), max(0.0, float(finite.max()))) \
            if finite.size else (0.0, 1.0)
        margin = high - low or 1.0
        self.reveal.cover(float(n[0]) - 1.0, low - margin, high + margin)
        # the legend names what is drawn: bars and dots, or the line (no dots then)
        name = self.partials_name()
        for item, shown in ((self.bars, bars), (self.line, not bars)):
            show_in_legend(self.legend, item, shown, name)
            label = self.legend.getLabel(item)
            if label is not None and label.text != name:
                label.setText(name)
        show_in_legend(self.legend, self.terms, bars)

    def partials_name(self) -> str:
        """What the bars are: partial sums, or in Π mode partial products."""
        return SUMS_NAME if self.operation_key() == "sum" else PRODUCTS_NAME

    def _place_legend(self) -> None:
        """The legend to the corner where it hides the fewest partial sums and terms."""
        n, values, running = self.data
        if len(n) <= BAR_LIMIT:  # a bar covers all of its span from 0: sample the span
            heights = (running[:, None] * np.linspace(0.0, 1.0, 9)).ravel()
            xs, ys = np.concatenate([np.repeat(n, 9), n]), np.concatenate([heights, values])
        else:
            xs, ys = n, running
        keep_clear(self.legend, self.plot.getPlotItem().getViewBox(), xs, ys)

    def shown_bars(self) -> tuple[np.ndarray, np.ndarray]:
        """(n, partial sum) of the bars on show in this frame (left of the clip's edge)."""
        x, height = (np.asarray(self.bars.opts[key], dtype=float) for key in ("x", "height"))
        keep = x < self.reveal.right()
        return x[keep], height[keep]

    def _fit_view(self, extra: float | None = None) -> None:
        n, values, running = self.data
        ys = np.concatenate([running, values, [0.0] if extra is None else [0.0, extra]])
        ys = ys[np.isfinite(ys)]
        low, high = (float(ys.min()), float(ys.max())) if ys.size else (0.0, 1.0)
        pad = 0.08 * (high - low or 1.0)
        self.plot.getPlotItem().getViewBox().setRange(
            xRange=(n[0] - 0.8, n[-1] + 0.8), yRange=(low - pad, high + pad), padding=0)
        self._place_legend()

    # ------------------------------------------------------------------ engine
    def on_stale(self, purpose: str, result: Result) -> None:
        """The value and steps were for another sum: off the plot, greyed in the steps."""
        self._payload = None
        self.limit_line.setVisible(False)
        self.closed.setData([], [])
        self.panel.mark_stale(getattr(result.request, "term", ""))

    def on_result(self, purpose: str, result: Any) -> None:
        """Steps, the exact value line and the closed form."""
        if not isinstance(result, SeriesResult):
            return
        self._payload = result
        self.panel.set_result("", result.latex, list(result.steps))
        self.panel.heading.set_latex(result.latex)
        value = float(result.value)
        # a plot cut short never gets near the full value: drawing it would flatten the bars
        shows_value = math.isfinite(value) and not self.truncated()
        self.limit_line.setVisible(shows_value)
        if shows_value:
            self.limit_line.setValue(value)
            self.limit_line.label.setFormat(f"exact value {number_text(value)}")
            self._fit_view(value)
        self._draw_closed(result.closed_tree, result.limit_symbol)
        self.show_frame(self.player.frame())

    def truncated(self) -> bool:
        """True when the plot stops before the upper limit (more than MAX_TERMS terms)."""
        return self.limits is not None and self.limits.hi is not None and \
            self.data is not None and self.limits.hi - self.limits.lo + 1 > len(self.data[0])

    def _draw_closed(self, tree: Node | None, symbol: str) -> None:
        if tree is None or self.data is None:
            self.closed.setData([], [])
            return
        n = self.data[0]
        self.closed.setData(n, evaluate_on(tree, symbol, n), connect="finite")

    def on_failure(self, purpose: str, error: Any) -> None:
        """Say why there is no exact value; the partial sums stay."""
        self.panel.clear(f"No exact value: {getattr(error, 'message', error)}")

    # ------------------------------------------------------------------ frames
    def show_frame(self, index: int) -> None:
        """Draw the first ``sizes[index]`` partial sums."""
        if self.data is None:
            return
        n, values, running = self.data
        shown = self.sizes[min(max(index, 0), len(self.sizes) - 1)]
        bars = len(n) <= BAR_LIMIT
        # bars: the edge halfway between the last bar shown and the next, all of the one
        # and none of the other (bars are 0.8 wide, on whole n); a line ends at its point
        self.reveal.reveal_to(float(n[shown - 1]) + (0.5 if bars else 0.0))
        # thousands of dots would be a blur and cost a frame's budget: terms only with bars
        self.terms.setData(n[:shown] if bars else [], values[:shown] if bars else [])
        self.current.setData([n[shown - 1]], [running[shown - 1]])
        self.readout.setText(self._readout(n, running, shown))

    def _readout(self, n: np.ndarray, running: np.ndarray, shown: int) -> str:
        name = "S" if self.operation_key() == "sum" else "P"
        value_now = number_text(running[shown - 1], 10)
        text = (f"After {shown} term{'s' if shown > 1 else ''} ({self.limits.index} = "
                f"{n[0]:g} \u2026 {n[shown - 1]:g}): {name} = {value_now}")
        if self.limits.symbol is not None and self._payload is not None and \
                self._payload.closed_tree is not None:
            closed = evaluate_on(self._payload.closed_tree, self._payload.limit_symbol,
                                 n[shown - 1:shown])[0]
            return text + (f";  the closed form at {self.limits.symbol} = {n[shown - 1]:g} "
                           f"gives {number_text(closed, 10)}")
        if self.truncated():
            return text + f";  the plot stops there, the sum runs on to {self.limits.hi:,}"
        if self._payload is not None:
            value = float(self._payload.value)
            if math.isfinite(value):
                text += (f";  the exact value is {number_text(value, 10)}, still "
                         f"{number_text(abs(value - running[shown - 1]), 3)} away")
            elif math.isinf(value):
                text += ";  it diverges: the partial values grow without bound"
            elif self._payload.convergent is False:
                text += ";  the series diverges: the partial sums never settle"
        return text

    # ------------------------------------------------------------------ hooks
    def state(self) -> dict[str, Any]:
        """Term, index, limits, operation and frame."""
        # a half-typed term is not saved: the session keeps the last one drawn
        term = self.editor.text() if self.editor.tree() is not None else \
            (self._drawn_text or "k^2")
        return {"term": term, "index": self.index_edit.text(),
                "lo": self.lo_edit.text(), "hi": self.hi_edit.text(),
                "operation": self.operation_key(), "frame": self.player.frame(),
                "plot_n": self.plot_n.value()}

    def restore(self, state: dict[str, Any]) -> None:
        """Put the inputs back and recompute."""
        self._set_inputs(state)
        self.recompute()
        if "frame" in state:
            self.player.set_frame(int(state["frame"]))

    def _set_inputs(self, state: dict[str, Any]) -> None:
        blocked = self.operation.blockSignals(True)
        self.operation.setCurrentIndex(max(0, self.operation.findData(
            state.get("operation", "sum"))))
        self.operation.blockSignals(blocked)
        blocked = self.plot_n.blockSignals(True)
        self.plot_n.setValue(int(state.get("plot_n", self.plot_n.value())))
        self.plot_n.blockSignals(blocked)
        self.index_edit.setText(str(state.get("index", "k")))
        self.lo_edit.setText(_limit_text(state.get("lo", 1)))
        self.hi_edit.setText(_limit_text(state.get("hi", 10)))
        self.editor.set_text(str(state["term"]))

    def apply_try_it(self, params: dict[str, Any]) -> None:
        """A lesson's try-it: ``term``, ``index``, ``lo``, ``hi``, ``operation``."""
        self.restore({key: value for key, value in params.items() if key != "frame"})

    def figures(self) -> list[tuple[str, QWidget]]:
        """The partial-sums plot."""
        return [("partial sums", self.plot)]

    def derivation(self) -> DerivationView | None:
        """The engine's steps for the value."""
        if self._payload is None:
            return None
        return DerivationView("Sum" if self.operation_key() == "sum" else "Product",
                              self._payload.latex, list(self._payload.steps))

    def code_script(self) -> tuple[str, str] | None:
        """The script of what the lab shows, for the Code view (see ``ui.code_scripts``)."""
        from workbench.ui.code_scripts import series_code

        return series_code(self)

    def animation(self) -> Animation | None:
        """n grows: one frame per partial sum."""
        return FrameAnimation(self.player, lambda: self.plot, 90) if self.data else None

    def deactivate(self) -> None:
        """Pause when the tab is hidden."""
        self.player.pause()


def _limit_text(value: Any) -> str:
    """A limit from a lesson or session as text: 3.0 -> "3", "oo" stays."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
