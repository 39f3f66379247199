"""``GraphView``: the computational graph drawn as labelled boxes joined by lines.

Each node is a box with its name and operation, its value and its gradient; each
edge carries the local derivative of the child with respect to the parent. A frame of
the animation only changes texts and colours, so it costs well under a millisecond.
The boxes live in a pyqtgraph ``ViewBox`` (y down, aspect locked), so the application's
plot exporters (PNG, SVG) take it; the wheel zooms, a drag pans, ``fit`` shows it all.
One scene unit is one pixel at 100 % zoom, and the boxes are sized from the application
font, so the text is the application's size at 100 % and ``fit`` never enlarges past it.
Each edge label slides along its edge to the first place where it overlaps no box and
no other label.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPen
from PySide6.QtWidgets import QApplication
from PySide6.QtWidgets import QGraphicsLineItem, QGraphicsRectItem, QGraphicsSimpleTextItem, QWidget

from workbench.ui.labs.backprop.model import Frame, GraphModel
from workbench.ui.labs.player import number_text

#: The smallest zoom a new graph is shown at: below it the text is too small to read, and
#: the view shows the inputs first and follows the lit node (Fit still shows it all).
READABLE_ZOOM = 0.8
#: Where along its edge a label may sit (from the parent's end), tried in this order.
LABEL_PLACES = (0.78, 0.62, 0.46, 0.3, 0.86, 0.7, 0.54, 0.38, 0.22)
COLOURS = {"idle": "#f5f5f5", "value": "#e3f2fd", "forward": "#fff59d", "grad": "#e8f5e9",
           "backward": "#ffcc80"}
OP_WORDS = {"input": "input", "const": "constant", "add": "add +", "mul": "multiply \u00b7",
            "neg": "negate \u2212", "pow": "power", "sqrt": "square root"}


def _pen(colour: str, width: float) -> QPen:
    """A pen of ``width`` screen pixels, whatever the zoom."""
    pen = QPen(QColor(colour), width)
    pen.setCosmetic(True)
    return pen


#: The look of a box in each state and of an edge ("flowing": the gradient leaves through
#: it, "feeding": a value enters the lit node through it), made once, not every frame.
BRUSHES = {state: QBrush(QColor(colour)) for state, colour in COLOURS.items()}
EDGE_PENS = {"flowing": _pen("#ef6c00", 3.0), "feeding": _pen("#1565c0", 3.0),
             "idle": _pen("#90a4ae", 1.6)}


class _NodeItem:
    """The box and the three lines of text of one node."""

    def __init__(self, view: pg.ViewBox, name: str, op: str, at: QPointF,
                 size: tuple[float, float], line: float) -> None:
        self.box = QGraphicsRectItem(QRectF(at.x(), at.y(), *size))
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
        self.value.setPos(at.x() + 8, at.y() + 4 + line)
        self.grad = QGraphicsSimpleTextItem("", self.box)
        self.grad.setBrush(QBrush(QColor("#2e7d32")))
        self.grad.setPos(at.x() + 8, at.y() + 4 + 2 * line)

    def texts(self) -> list[QGraphicsSimpleTextItem]:
        """The three lines of text."""
        return [self.title, self.value, self.grad]


class GraphView(pg.GraphicsView):
    """Draws a ``GraphModel`` and shows one animation frame at a time."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="w")
        self.setObjectName("backprop_graph")
        self.setAccessibleName("Computational graph")
        self.setAntialiasing(True)
        self.view = pg.ViewBox(invertY=True, lockAspect=True, enableMouse=True,
                               enableMenu=False)
        self.setCentralItem(self.view)
        self.box_size = (150.0, 66.0)
        # a ViewBox keeps its range when resized, which would scale the text with the window
        self.view.sigResized.connect(lambda _view: self.default_view())
        self.model: GraphModel | None = None
        self.items: dict[str, _NodeItem] = {}
        self.edges: list[tuple[str, str, QGraphicsLineItem, QGraphicsSimpleTextItem]] = []
        self.current: Frame | None = None
        self._looks: dict[object, tuple] = {}
        self._texts: dict[str, tuple[str, str]] = {}

    def set_model(self, model: GraphModel | None) -> None:
        """Draw ``model`` (or nothing) from scratch."""
        self.view.clear()
        self.items, self.edges, self.model, self.current = {}, [], model, None
        self._looks: dict[object, tuple] = {}  # what each node and edge shows now
        if model is None:
            return
        self._texts = {node.name: (f"value {number_text(node.value, 5)}",
                                   f"grad {number_text(node.grad, 5)}") for node in model.nodes}
        metrics = QFontMetricsF(QApplication.font())
        line = metrics.lineSpacing() + 2
        self.box_size = (self._box_width(model, metrics), 3 * line + 8)
        positions = self._positions(model, metrics)
        for node in model.nodes:
            self.items[node.name] = _NodeItem(self.view, node.name, node.op,
                                              positions[node.name], self.box_size, line)
        taken = [item.box.rect() for item in self.items.values()]
        for node in model.nodes:
            for slot, (parent, local) in enumerate(zip(node.parents, node.local)):
                share = (slot + 1) / (len(node.parents) + 1)
                self._add_edge(parent, node.name, positions, local, share, taken)
        self.default_view()

    def default_view(self) -> None:
        """All of the graph if it is readable so (at most 100 %), else READABLE_ZOOM from
        the inputs down (the lit node is followed as the animation runs)."""
        self.fit()
        if self.items and self.zoom() < READABLE_ZOOM:
            self.set_zoom(READABLE_ZOOM)
            shown = self.view.viewRect()
            self.view.translateBy(y=self.view.childrenBoundingRect().top() - shown.top())
        if self.current is not None:
            self._follow(self.current.lit)

    @staticmethod
    def _box_width(model: GraphModel, metrics: QFontMetricsF) -> float:
        """Wide enough for the longest line any box will show (bold titles a little wider)."""
        lines = [f"{n.name}  {OP_WORDS.get(n.op, n.op)}" for n in model.nodes]
        lines += [f"value {number_text(n.value, 5)}" for n in model.nodes]
        lines += [f"grad {number_text(n.grad, 5)}" for n in model.nodes]
        return max(metrics.horizontalAdvance(text) for text in lines) * 1.12 + 18

    def _positions(self, model: GraphModel, metrics: QFontMetricsF) -> dict[str, QPointF]:
        """Row ``i`` of the model at height ``i``; each row centred. Between two rows there
        is room for a few labels one above the other; between two boxes, for one label."""
        rows = model.rows()
        widest = max(len(names) for names in rows)
        width, height = self.box_size
        column = width + metrics.horizontalAdvance("\u2202u10/\u2202u10 = -0.0000") * 0.6
        row = height + (metrics.lineSpacing() + 4) * 3.5
        out = {}
        for layer, names in enumerate(rows):
            shift = (widest - len(names)) * column / 2
            for index, name in enumerate(names):
                out[name] = QPointF(shift + index * column, layer * row)
        return out

    def _add_edge(self, parent: str, child: str, positions: dict[str, QPointF],
                  local: float, share: float, taken: list[QRectF]) -> None:
        """An edge into the child's top edge at ``share`` of its width (fan-in spreads out),
        its label at the first place along it that overlaps nothing in ``taken``."""
        width, height = self.box_size
        start = positions[parent] + QPointF(width / 2, height)
        end = positions[child] + QPointF(width * share, 0)
        line = QGraphicsLineItem(start.x(), start.y(), end.x(), end.y())
        line.setPen(EDGE_PENS["idle"])
        self.view.addItem(line)
        label = QGraphicsSimpleTextItem(f"\u2202{child}/\u2202{parent} = {number_text(local, 4)}")
        label.setBrush(QBrush(QColor("#6a1b9a")))
        label.setZValue(2)
        size = label.boundingRect().size()
        rect = QRectF()
        for fraction in LABEL_PLACES:  # first choice: near the child, where edges fan apart
            place = start + (end - start) * fraction
            rect = QRectF(place.x() + 4, place.y() - size.height() / 2, size.width(),
                          size.height())
            room = rect.adjusted(-10, -2, 10, 2)  # a gap, so two labels never read as one
            if not any(room.intersects(other) for other in taken):
                break
        label.setPos(rect.topLeft())
        taken.append(rect)
        self.view.addItem(label)
        self.edges.append((parent, child, line, label))

    def fit(self) -> None:
        """Show the whole graph, at most at 100 % (text no larger than the application's)."""
        if not self.items:
            return
        self.view.autoRange(padding=0.04)
        if self.zoom() > 1.0:
            self.set_zoom(1.0)

    def _follow(self, name: str | None) -> None:
        """Bring the lit node into view when it is outside (a graph larger than the view)."""
        item = self.items.get(name) if name else None
        if item is None:
            return
        shown, box = self.view.viewRect(), item.box.rect()
        if not shown.contains(box):
            # the least move that shows it with a margin: centring it would scroll past the
            # graph's edge (empty space above the inputs)
            margin = 0.08 * min(shown.width(), shown.height())
            self.view.translateBy(x=_least_move(box.left(), box.right(), shown.left(),
                                                 shown.right(), margin),
                                  y=_least_move(box.top(), box.bottom(), shown.top(),
                                                shown.bottom(), margin))

    def zoom(self) -> float:
        """Screen pixels per scene unit (1.0 is 100 %: text at the application's size)."""
        size = self.view.viewPixelSize()[0]
        return 1.0 / size if size > 0 else 1.0

    def set_zoom(self, zoom: float) -> None:
        """Zoom to ``zoom`` (1.0: 100 %) about the centre of the view."""
        rect = self.view.viewRect()
        scale = self.zoom() / zoom
        centre = rect.center()
        self.view.setRange(QRectF(centre.x() - rect.width() * scale / 2,
                                  centre.y() - rect.height() * scale / 2,
                                  rect.width() * scale, rect.height() * scale), padding=0)

    def label_rects(self) -> list[QRectF]:
        """Every edge label's rectangle in scene units (for tests)."""
        return [label.mapRectToParent(label.boundingRect()) for *_, label in self.edges]

    def text_rects(self) -> list[QRectF]:
        """Every node's box and text rectangles in scene units (for tests)."""
        return [item.box.rect() for item in self.items.values()] + [
            text.mapRectToParent(text.boundingRect())
            for item in self.items.values() for text in item.texts()]

    def show_frame(self, frame: Frame) -> None:
        """Colour and fill in the boxes as they are at ``frame``.

        Only what changed since the frame on show is touched: with a graph of a hundred
        boxes, a frame changes two or three of them.
        """
        if self.model is None:
            return
        self.current = frame
        count = len(self.model.nodes)
        for index, node in enumerate(self.model.nodes):
            has_value = index < frame.values_known or node.op in ("input", "const")
            has_grad = index >= count - frame.grads_known
            state = "grad" if has_grad else "value" if has_value else "idle"
            look = (has_value, has_grad, frame.phase if node.name == frame.lit else state)
            if self._looks.get(node.name) != look:
                self._looks[node.name] = look
                item, (value, grad) = self.items[node.name], self._texts[node.name]
                item.value.setText(value if has_value else "value ?")
                item.grad.setText(grad if has_grad else "grad ?")
                item.box.setBrush(BRUSHES[look[2]])
        self._follow(frame.lit)
        for parent, child, line, _label in self.edges:
            flowing = frame.phase == "backward" and parent == frame.lit
            feeding = frame.phase == "forward" and child == frame.lit
            look = ("flowing" if flowing else "feeding" if feeding else "idle",)
            if self._looks.get(line) != look:
                self._looks[line] = look
                line.setPen(EDGE_PENS[look[0]])

    def node_text(self, name: str) -> tuple[str, str]:
        """The value and grad lines shown in node ``name`` (for tests)."""
        item = self.items[name]
        return item.value.text(), item.grad.text()


def _least_move(low: float, high: float, shown_low: float, shown_high: float,
                margin: float) -> float:
    """How far to move a view [shown_low, shown_high] so that [low, high] is inside it,
    ``margin`` from its edges where there is room (0 when it already is)."""
    margin = min(margin, max(0.0, (shown_high - shown_low - (high - low)) / 2))
    if low - margin < shown_low:
        return low - margin - shown_low
    if high + margin > shown_high:
        return high + margin - shown_high
    return 0.0
