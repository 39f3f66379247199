"""``GraphView``: the computational graph drawn as labelled boxes joined by lines.

Each node is a box with its name and operation, its value and its gradient; each
edge carries the local derivative of the child with respect to the parent. A frame of
the animation only changes texts and colours, so it costs well under a millisecond.
The boxes live in a pyqtgraph ``ViewBox`` (y down, aspect locked, no mouse), so the
graph scales with the window and the application's plot exporters (PNG, SVG) take it.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QBrush, QColor, QFont, QPen
from PySide6.QtWidgets import QGraphicsLineItem, QGraphicsRectItem, QGraphicsSimpleTextItem, QWidget

from workbench.ui.labs.backprop.model import Frame, GraphModel
from workbench.ui.labs.player import number_text

BOX_W, BOX_H = 150.0, 66.0
COLUMN, ROW = 200.0, 132.0  # layers run top (inputs) to bottom (output)
COLOURS = {"idle": "#f5f5f5", "value": "#e3f2fd", "forward": "#fff59d", "grad": "#e8f5e9",
           "backward": "#ffcc80"}
OP_WORDS = {"input": "input", "const": "constant", "add": "add +", "mul": "multiply \u00b7",
            "neg": "negate \u2212", "pow": "power", "sqrt": "square root"}


def _pen(colour: str, width: float) -> QPen:
    """A pen of ``width`` screen pixels, whatever the zoom."""
    pen = QPen(QColor(colour), width)
    pen.setCosmetic(True)
    return pen


class _NodeItem:
    """The box and the three lines of text of one node."""

    def __init__(self, view: pg.ViewBox, name: str, op: str, at: QPointF) -> None:
        self.box = QGraphicsRectItem(QRectF(at.x(), at.y(), BOX_W, BOX_H))
        pen = QPen(QColor("#546e7a"), 1.4)
        pen.setCosmetic(True)
        self.box.setPen(pen)
        self.box.setZValue(1)
        view.addItem(self.box)
        bold = QFont()
        bold.setBold(True)
        self.title = QGraphicsSimpleTextItem(f"{name}  {OP_WORDS.get(op, op)}", self.box)
        self.title.setFont(bold)
        self.title.setPos(at.x() + 8, at.y() + 4)
        self.value = QGraphicsSimpleTextItem("", self.box)
        self.value.setPos(at.x() + 8, at.y() + 24)
        self.grad = QGraphicsSimpleTextItem("", self.box)
        self.grad.setBrush(QBrush(QColor("#2e7d32")))
        self.grad.setPos(at.x() + 8, at.y() + 44)


class GraphView(pg.GraphicsView):
    """Draws a ``GraphModel`` and shows one animation frame at a time."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="w")
        self.setObjectName("backprop_graph")
        self.setAccessibleName("Computational graph")
        self.setAntialiasing(True)
        self.view = pg.ViewBox(invertY=True, lockAspect=True, enableMouse=False,
                               enableMenu=False)
        self.setCentralItem(self.view)
        self.model: GraphModel | None = None
        self.items: dict[str, _NodeItem] = {}
        self.edges: list[tuple[str, str, QGraphicsLineItem, QGraphicsSimpleTextItem]] = []
        self.current: Frame | None = None

    def set_model(self, model: GraphModel | None) -> None:
        """Draw ``model`` (or nothing) from scratch."""
        self.view.clear()
        self.items, self.edges, self.model, self.current = {}, [], model, None
        if model is None:
            return
        positions = self._positions(model)
        for node in model.nodes:
            for slot, (parent, local) in enumerate(zip(node.parents, node.local)):
                share = (slot + 1) / (len(node.parents) + 1)
                self._add_edge(parent, node.name, positions, local, share)
        for node in model.nodes:
            self.items[node.name] = _NodeItem(self.view, node.name, node.op,
                                              positions[node.name])
        self.fit()

    def _positions(self, model: GraphModel) -> dict[str, QPointF]:
        """Row ``i`` of the model at height ``i``; each row centred."""
        rows = model.rows()
        widest = max(len(names) for names in rows)
        out = {}
        for layer, names in enumerate(rows):
            shift = (widest - len(names)) * COLUMN / 2
            for column, name in enumerate(names):
                out[name] = QPointF(shift + column * COLUMN, layer * ROW)
        return out

    def _add_edge(self, parent: str, child: str, positions: dict[str, QPointF],
                  local: float, share: float) -> None:
        """An edge into the child's top edge at ``share`` of its width (fan-in spreads out)."""
        start = positions[parent] + QPointF(BOX_W / 2, BOX_H)
        end = positions[child] + QPointF(BOX_W * share, 0)
        line = QGraphicsLineItem(start.x(), start.y(), end.x(), end.y())
        line.setPen(_pen("#90a4ae", 1.6))
        self.view.addItem(line)
        label = QGraphicsSimpleTextItem(f"\u2202{child}/\u2202{parent} = {number_text(local, 4)}")
        label.setBrush(QBrush(QColor("#6a1b9a")))
        label.setZValue(2)
        # just above the child, where edges into one child fan apart most
        place = start + (end - start) * 0.78
        label.setPos(place.x() + 4, place.y() - label.boundingRect().height() / 2)
        self.view.addItem(label)
        self.edges.append((parent, child, line, label))

    def fit(self) -> None:
        """Scale the whole graph into the view."""
        if self.items:
            self.view.autoRange(padding=0.04)

    def show_frame(self, frame: Frame) -> None:
        """Colour and fill in the boxes as they are at ``frame``."""
        if self.model is None:
            return
        self.current = frame
        count = len(self.model.nodes)
        for index, node in enumerate(self.model.nodes):
            item = self.items[node.name]
            has_value = index < frame.values_known or node.op in ("input", "const")
            has_grad = index >= count - frame.grads_known
            item.value.setText(f"value {number_text(node.value, 5)}" if has_value else "value ?")
            item.grad.setText(f"grad {number_text(node.grad, 5)}" if has_grad else "grad ?")
            state = "grad" if has_grad else "value" if has_value else "idle"
            if node.name == frame.lit:
                state = frame.phase
            item.box.setBrush(QBrush(QColor(COLOURS[state])))
        for parent, child, line, _label in self.edges:
            flowing = frame.phase == "backward" and parent == frame.lit
            feeding = frame.phase == "forward" and child == frame.lit
            colour = "#ef6c00" if flowing else "#1565c0" if feeding else "#90a4ae"
            line.setPen(_pen(colour, 3.0 if flowing or feeding else 1.6))

    def node_text(self, name: str) -> tuple[str, str]:
        """The value and grad lines shown in node ``name`` (for tests)."""
        item = self.items[name]
        return item.value.text(), item.grad.text()
