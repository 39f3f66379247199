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
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QLineEdit,
                               QSizePolicy, QSpinBox, QSplitter, QVBoxLayout, QWidget)

from workbench.protocol.jobs.core import Job
from workbench.protocol.jobs.mlabs import SeriesJob
from workbench.protocol.results import Result, SeriesResult
from workbench.protocol.syntax import Node, symbols_of
from workbench.ui.derivation_panel import DerivationPanel
from workbench.ui.editor import ExpressionEditor
from workbench.ui.labs.player import FrameAnimation, FramePlayer, number_text
from workbench.ui.labs.base import Animation, DerivationView, Lab
from workbench.ui.labs.series.drawing import PartialSumsDrawing
from workbench.ui.labs.series.numbers import (LimitError, Limits, first_undefined, frame_sizes,
                                              partial_values, read_limits)

OPERATIONS = {"sum": "\u03a3  sum", "product": "\u03a0  product"}


def _field(name: str, text: str, width: int, parent: QWidget) -> QLineEdit:
    edit = QLineEdit(text, parent)
    edit.setObjectName(f"series_{name}")
    edit.setAccessibleName({"index": "Index", "lo": "Lower limit", "hi": "Upper limit"}[name])
    edit.setFixedWidth(width)
    return edit


class SeriesLab(PartialSumsDrawing, Lab):
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

    def on_failure(self, purpose: str, error: Any) -> None:
        """Say why there is no exact value; the partial sums stay."""
        self.panel.clear(f"No exact value: {getattr(error, 'message', error)}")

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
