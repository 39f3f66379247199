"""``BackpropLab``: a small network as a computational graph, forwards and backwards.

The student types an expression (a neuron with its loss), gives every variable a
number, and the engine's ``backprop`` returns the graph with every value, gradient and
local derivative. The lab draws it and animates the forward pass (values, node by
node) and the backward pass (each gradient as the sum of child.grad x local, in numbers).
"""

from __future__ import annotations

import html
import math
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QHBoxLayout, QHeaderView, QLabel, QPushButton, QSplitter,
                               QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout,
                               QWidget)

from workbench.protocol.jobs.calls import BackpropJob
from workbench.protocol.jobs.core import Job
from workbench.protocol.results import BackpropResult, Result
from workbench.protocol.syntax import Node, symbols_of
from workbench.ui.derivation_panel import stale_text
from workbench.ui.editor import ExpressionEditor
from workbench.protocol.jobs.ml import NetworkJob
from workbench.protocol.ml_results import DepthResult, NetworkResult
from workbench.ui.labs.backprop.depth_view import DepthView
from workbench.ui.labs.backprop.graph import GraphView
from workbench.ui.labs.backprop.network_form import NetworkForm
from workbench.ui.labs.backprop.model import GraphModel
from workbench.ui.labs.player import FrameAnimation, FramePlayer, number_text
from workbench.ui.labs.base import Animation, DerivationView, Lab
from workbench.ui.math_view import MathLabel
from workbench.ui.stable_label import StableLabel

DEFAULT_EXPRESSION = "(y - sigmoid(w x + b))^2"
DEFAULT_VALUES = {"w": 0.5, "x": 2.0, "b": -1.0, "y": 1.0}
ERROR_STYLE = "color:#c62828;"


def _table(name: str, headers: list[str], parent: QWidget) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setTabKeyNavigation(False)  # Tab moves on to the next control; arrows move
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    table.setSizeAdjustPolicy(QTableWidget.SizeAdjustPolicy.AdjustToContents)
    return table


class BackpropLab(Lab):
    """Open a small neural network and see each gradient as a chain-rule product of numbers."""

    kind = "backprop"
    title = "Backprop"

    def __init__(self, client: Any, parent: QWidget | None = None) -> None:
        super().__init__(client, parent)
        self.model: GraphModel | None = None
        self._payload: BackpropResult | None = None
        self._values: dict[str, float] = dict(DEFAULT_VALUES)
        self._filling = False
        self._sent_text = ""
        self._build()
        self.editor.set_text(DEFAULT_EXPRESSION)
        self._on_editor_tree_changed(self.editor.tree())
        self.compute()

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        self.editor = ExpressionEditor(self)
        self.editor.setAccessibleName("Network expression")
        self.editor.input_field.setPlaceholderText("A network with its loss, e.g. "
                                                   "(y - sigmoid(w x + b))^2")
        self.editor.findChild(QLabel, "expression_prompt").setText("f =")
        self.editor.tree_changed.connect(self._on_editor_tree_changed)
        self.editor.text_edited.connect(lambda _text: self.check_currency())
        self.editor.expression_changed.connect(self._on_editor_expression_changed)
        self.editor.compute_requested.connect(lambda _text: self.compute())
        self.inputs = _table("backprop_inputs", ["variable", "value"], self)
        self.inputs.setAccessibleName("Input values")
        self.inputs.itemChanged.connect(self._on_inputs_item_changed)
        self.problem = QLabel(self)
        self.problem.setObjectName("backprop_problem")
        self.problem.setAccessibleName("Input problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(ERROR_STYLE)
        self.gradients = _table("backprop_gradients", ["input", "\u2202f/\u2202input"], self)
        self.gradients.setAccessibleName("Final gradients")
        self.gradients.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.output_label = QLabel(self)
        self.output_label.setObjectName("backprop_output")
        self.output_label.setAccessibleName("Output value")
        self.network_button = QPushButton("Network\u2026", self)
        self.network_button.setObjectName("network_button")
        self.network_button.setAccessibleName("Build a small network from a form")
        self.network_button.clicked.connect(self.open_network_form)
        self.depth = DepthView(self)
        self.depth.changed.connect(self.show_depth)
        self._build_animation()
        self._layout()
        # Space plays, Left / Right step, on the graph, its arithmetic and the player; the
        # inputs and the gradient table keep their keys
        self.player.add_shortcuts(self.graph, self.step_label, self.player)

    def _build_animation(self) -> None:
        """The graph, the arithmetic of the frame on show and the player."""
        self.graph = GraphView(self)
        self.fit_button = QPushButton("Fit", self)
        self.fit_button.setObjectName("backprop_fit")
        self.fit_button.setAccessibleName("Fit the graph into the view")
        self.fit_button.setToolTip("Show the whole graph (wheel zooms, drag pans)")
        self.fit_button.clicked.connect(self.graph.fit)
        self.actual_size = QPushButton("100 %", self)
        self.actual_size.setObjectName("backprop_actual_size")
        self.actual_size.setAccessibleName("Show the graph at 100 percent")
        self.actual_size.clicked.connect(lambda: self.graph.set_zoom(1.0))
        # new text every frame: drawn without re-laying the lab out (see StableLabel)
        self.step_label = StableLabel(1, self, boxed=True, point_size=13.0)
        self.step_label.setObjectName("backprop_step")
        self.step_label.setAccessibleName("What this frame computes")
        self.node_math = MathLabel("", 16.0, self, fit=True)
        self.node_math.setObjectName("backprop_node_math")
        self.node_math.setAccessibleName("The lit node as a formula")
        self.player = FramePlayer("backprop", self, interval_ms=700)
        self.player.frame_changed.connect(self._on_player_frame_changed)

    def _layout(self) -> None:
        side = QWidget(self)
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLabel("<b>Inputs</b> (a number for every variable)", side))
        column.addWidget(self.inputs)
        column.addWidget(self.problem)
        column.addWidget(self.output_label)
        column.addWidget(QLabel("<b>Final gradients</b>", side))
        column.addWidget(self.gradients)
        column.addStretch(1)
        legend = QLabel("Boxes: <span style='background:#fff59d'>&nbsp;forward&nbsp;</span> "
                        "<span style='background:#ffcc80'>&nbsp;backward&nbsp;</span> "
                        "<span style='background:#e8f5e9'>&nbsp;gradient known&nbsp;</span>. "
                        "Edge labels are the local derivatives. Space plays or pauses, "
                        "\u2190 \u2192 step.", side)
        legend.setWordWrap(True)
        legend.setStyleSheet("color:#555555;")
        column.addWidget(legend)
        main = QWidget(self)
        right = QVBoxLayout(main)
        right.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Wheel: zoom, drag: pan", main))
        bar.addStretch(1)
        bar.addWidget(self.fit_button)
        bar.addWidget(self.actual_size)
        right.addLayout(bar)
        right.addWidget(self.graph, 1)
        # the caption and the lit node's formula one above the other, each the full width
        # (side by side, the caption wrapped word by word in a narrow window)
        right.addWidget(self.step_label)
        right.addWidget(self.node_math)
        right.addWidget(self.player)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("backprop_tabs")
        self.tabs.setAccessibleName("Graph or gradients by depth")
        self.tabs.addTab(main, "Computational graph")
        self.tabs.addTab(self.depth, "Vanishing and exploding gradients")
        self.tabs.currentChanged.connect(lambda index: self.show_depth() if index == 1 and
                                         not self.shown_results().get("depth") else None)
        splitter = QSplitter(self)
        splitter.addWidget(side)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([330, 900])
        layout = QVBoxLayout(self)
        heading = QHBoxLayout()
        heading.addWidget(QLabel("<b>Network and loss</b>: type f of the weights, inputs and "
                                 "target; every gradient is \u2202f/\u2202(variable)", self), 1)
        heading.addWidget(self.network_button)
        layout.addLayout(heading)
        layout.addWidget(self.editor)
        layout.addWidget(splitter, 1)
        # Tab: the formula, then the form that writes one, then the inputs (as on screen)
        QWidget.setTabOrder(self.editor.input_field, self.network_button)
        QWidget.setTabOrder(self.network_button, self.inputs)

    # ------------------------------------------------------------------ inputs
    def variables(self) -> list[str]:
        """The variables of the expression, in table order."""
        return [self.inputs.item(r, 0).text() for r in range(self.inputs.rowCount())]

    def _on_editor_tree_changed(self, tree: Node | None) -> None:
        if tree is None:
            return
        known = list(self._values)  # variables keep the order they were first given in
        names = sorted(symbols_of(tree),
                       key=lambda n: (known.index(n) if n in known else len(known), n))
        self._remember_values()
        self._filling = True
        self.inputs.setRowCount(len(names))
        for row, name in enumerate(names):
            label = QTableWidgetItem(name)
            label.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.inputs.setItem(row, 0, label)
            value = self._values.get(name, 1.0)
            self.inputs.setItem(row, 1, QTableWidgetItem(number_text(value, 12)
                                                         .replace("\u2212", "-")))
        self._filling = False

    def _remember_values(self) -> None:
        for row in range(self.inputs.rowCount()):
            name, cell = self.inputs.item(row, 0), self.inputs.item(row, 1)
            if name is not None and cell is not None:
                try:
                    self._values[name.text()] = float(cell.text())
                except ValueError:
                    pass

    def set_values(self, values: dict[str, float]) -> None:
        """Put ``values`` in the input table (variables not in the expression are kept aside)."""
        self._values.update({k: float(v) for k, v in values.items()})
        self._filling = True
        for row in range(self.inputs.rowCount()):
            name = self.inputs.item(row, 0).text()
            if name in values:
                self.inputs.item(row, 1).setText(f"{float(values[name]):.12g}")
        self._filling = False

    def _on_inputs_item_changed(self, item: QTableWidgetItem) -> None:
        if not self._filling and item.column() == 1:
            self.compute()

    def checked_values(self) -> dict[str, float] | None:
        """The input values, or None after showing what is wrong with them."""
        values, problems = {}, []
        for row in range(self.inputs.rowCount()):
            name = self.inputs.item(row, 0).text()
            cell = self.inputs.item(row, 1)
            text = cell.text().strip().replace("\u2212", "-") if cell else ""
            try:
                value = float(text)
            except ValueError:
                problems.append(f"{name}: give a number" if not text
                                else f"{name}: '{text[:20]}' is not a number")
                continue
            if not math.isfinite(value):
                problems.append(f"{name}: give a finite number")
                continue
            values[name] = value
        self.problem.setText("; ".join(problems))
        return None if problems else values

    # ------------------------------------------------------------------ engine
    def _on_editor_expression_changed(self, text: str) -> None:
        if text != self._sent_text:  # a text the lab set itself has been sent already
            self.compute()

    def compute(self) -> None:
        """Ask the engine for the graph of the expression at the input values."""
        if self.editor.tree() is None:
            self.problem.setText("Fix the expression first (see the message under it).")
            return
        values = self.checked_values()
        if values is None:
            return
        self._values.update(values)
        self._sent_text = self.editor.text()
        self.submit("graph", BackpropJob(self._sent_text, tuple(values.items()),
                                         kind=self.job_kind("graph")))
        self.check_currency()
        self.state_changed.emit()

    def current_request(self, purpose: str) -> Job | None:
        """The graph last asked for, while the formula on screen is the one it was for
        (a network or a depth profile: the one last asked for)."""
        if purpose != "graph":
            return super().current_request(purpose)
        return self.asked_while_typed(purpose, self.editor)

    # ------------------------------------------------------------------ network and depth
    def open_network_form(self) -> None:
        """The "Network…" form; Build sends it to the worker."""
        form = NetworkForm(self)
        if form.exec() and (job := form.job()) is not None:
            self.build_network(job)

    def build_network(self, job: NetworkJob) -> None:
        """Ask the worker for the network's expression and values."""
        self.submit("network", job)

    def show_depth(self) -> None:
        """Ask for |∂f/∂w_k| of the stack the depth controls describe."""
        self.submit("depth", self.depth.job())

    def on_stale(self, purpose: str, result: Result) -> None:
        """The graph on show is of an earlier formula or values: say so, drop its formulas."""
        if purpose != "graph":
            return
        self.node_math.set_latex("")
        earlier = getattr(result.request, "text", "")
        self.output_label.setText(stale_text(earlier, "press Enter or pause to recompute"))
        self.step_label.setText("")

    def on_result(self, purpose: str, result: Any) -> None:
        """Draw the graph, the gradients table and the last frame (or a network's expression
        into the editor, or a depth profile)."""
        if isinstance(result, NetworkResult):
            self.restore({"expression": result.text, "inputs": result.values})
            self.tabs.setCurrentIndex(0)
            return
        if isinstance(result, DepthResult):
            self.depth.show_result(result)
            return
        if not isinstance(result, BackpropResult):
            return
        self._payload = result
        self.model = GraphModel(result.nodes)
        self.graph.set_model(self.model)
        self.output_label.setText(f"Output f = {number_text(result.value)}")
        grads = result.gradients
        self.gradients.setRowCount(len(grads))
        for row, (name, grad) in enumerate(grads.items()):
            self.gradients.setItem(row, 0, QTableWidgetItem(f"\u2202f/\u2202{name}"))
            self.gradients.setItem(row, 1, QTableWidgetItem(number_text(grad)))
        self.problem.setText("")
        self.player.set_count(self.model.frame_count())
        self._on_player_frame_changed(self.player.frame())  # the caption's formula is this graph's

    def on_failure(self, purpose: str, error: Any) -> None:
        """Say why the graph (network, depth profile) could not be built, in place."""
        message = getattr(error, "message", str(error))
        if purpose == "depth":
            self.depth.clear(message)
        else:
            self.problem.setText(message)

    def _on_player_frame_changed(self, index: int) -> None:
        if self.model is None:
            return
        frame = self.model.frame(index)
        self.graph.show_frame(frame)
        self.step_label.setText(html.escape(frame.text, quote=False))
        self._show_known_gradients(frame.grads_known)
        node = self.model.by_name.get(frame.lit) if frame.lit else None
        self.node_math.set_latex(f"{node.name[0]}_{{{node.name[1:]}}} = {node.latex}"
                                 if node is not None and node.op not in ("input", "const")
                                 else "")

    def _show_known_gradients(self, known: int) -> None:
        """The final-gradients table fills in as the backward pass reaches each input."""
        order = {n.name: i for i, n in enumerate(self.model.nodes)}
        count = len(self.model.nodes)
        grads = self._payload.gradients
        for row, name in enumerate(grads):
            cell = self.gradients.item(row, 1)
            reached = name not in order or order[name] >= count - known
            cell.setText(number_text(grads[name]) if reached else "? (not reached yet)")

    # ------------------------------------------------------------------ hooks
    def state(self) -> dict[str, Any]:
        """Expression, input values and the frame on show."""
        self._remember_values()
        names = set(self.variables())
        # a half-typed formula is not saved: the session keeps the last one that was sent
        text = self.editor.text() if self.editor.tree() is not None else \
            (self._sent_text or DEFAULT_EXPRESSION)
        return {"expression": text,
                "inputs": {k: v for k, v in self._values.items() if k in names},
                "frame": self.player.frame()}

    def restore(self, state: dict[str, Any]) -> None:
        """Put the expression and values back and recompute."""
        given = {str(k): float(v) for k, v in state.get("inputs", {}).items()}
        # the given values first, so the table lists the variables in the order given
        self._values = {**given, **{k: v for k, v in self._values.items() if k not in given}}
        self.editor.set_text(str(state.get("expression", DEFAULT_EXPRESSION)))
        self._on_editor_tree_changed(self.editor.tree())
        self.set_values(state.get("inputs", {}))
        self.compute()

    def apply_try_it(self, params: dict[str, Any]) -> None:
        """A lesson's try-it: ``expression`` and ``inputs`` (name -> number)."""
        self.restore({"expression": params["expression"], "inputs": params.get("inputs", {})})
        self.player.pause()

    def figures(self) -> list[tuple[str, QWidget]]:
        """The graph view."""
        return [("computational graph", self.graph)]

    def derivation(self) -> DerivationView | None:
        """The backward pass as steps (one per node)."""
        shown = self.shown_results().get("graph")  # never the graph of an earlier formula
        if not isinstance(shown, BackpropResult):
            return None
        return DerivationView("Backpropagation", shown.latex, list(shown.steps))

    def code_script(self) -> tuple[str, str] | None:
        """The script of what the lab shows, for the Code view (see ``ui.code_scripts``)."""
        from workbench.ui.code_scripts import backprop_code

        return backprop_code(self)

    def animation(self) -> Animation | None:
        """Forward then backward pass, one node per frame."""
        return FrameAnimation(self.player, lambda: self.graph, 700) if self.model else None

    def deactivate(self) -> None:
        """Pause when the tab is hidden."""
        self.player.pause()
