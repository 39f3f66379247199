"""The computational graph as the Backprop lab draws and animates it (Qt-free).

``GraphModel`` is built from the engine's ``backprop`` payload: its ``nodes`` (name, op,
value, grad, parents, latex, local), rebuilt as the engine's sympy-free ``GraphNode``.
It lays the nodes out in layers, knows each node's children, and describes every
animation frame: which values and gradients are known yet, which node is lit, and
the arithmetic of that node in numbers
(the forward formula, or grad = sum of child.grad x local).
"""

from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Sequence
from typing import Any

from workbench.protocol.graph_nodes import GraphNode, children_of
from workbench.ui.labs.player import number_text

_SYMBOL = {"add": " + ", "mul": " \u00b7 "}


@dataclass(frozen=True)
class Frame:
    """What frame ``index`` shows: how many values/gradients are known and which node is lit."""

    index: int
    values_known: int  # the first this-many nodes (topological order) have their value
    grads_known: int  # the last this-many nodes have their gradient
    lit: str | None  # the node being computed in this frame
    phase: str  # "start", "forward" or "backward"
    text: str  # the arithmetic of this frame, in numbers


def _paren(value: float) -> str:
    text = number_text(value)
    return f"({text})" if value < 0 else text


class GraphModel:
    """Nodes in topological order (output last), their layers, children and frames."""

    def __init__(self, nodes: Sequence[GraphNode | dict[str, Any]]) -> None:
        self.nodes = [n if isinstance(n, GraphNode) else GraphNode.from_dict(n) for n in nodes]
        self.by_name = {n.name: n for n in self.nodes}
        self.children = children_of(self.nodes)
        self.layers = self._layers()

    def _layers(self) -> dict[str, int]:
        """Rows top to bottom: every node as low as it can go, one row above its nearest
        child (inputs sit just above their first use), so that edges rarely cross a row."""
        layer: dict[str, int] = {}
        for node in self.nodes:
            layer[node.name] = 1 + max((layer[p] for p in node.parents), default=-1)
        for node in reversed(self.nodes[:-1]):
            below = [layer[c.name] for c, _ in self.children[node.name]]
            if below:
                layer[node.name] = min(below) - 1
        low = min(layer.values())
        return {name: row - low for name, row in layer.items()}

    def rows(self) -> list[list[str]]:
        """Node names row by row, each row ordered by where its children sit (fewer crossings)."""
        by_row: dict[int, list[str]] = {}
        for node in self.nodes:
            by_row.setdefault(self.layers[node.name], []).append(node.name)
        place: dict[str, float] = {}
        ordered: dict[int, list[str]] = {}
        for row in sorted(by_row, reverse=True):
            names = by_row[row]

            def centre(name: str, names: list[str] = names) -> tuple[float, int]:
                """The mean column of a node's children (ties: graph order)."""
                kids = [place[c.name] for c, _ in self.children[name] if c.name in place]
                return (sum(kids) / len(kids) if kids else 0.0, names.index(name))
            names = sorted(names, key=centre)
            for column, name in enumerate(names):
                place[name] = column - (len(names) - 1) / 2
            ordered[row] = names
        return [ordered[row] for row in sorted(ordered)]

    @property
    def output(self) -> GraphNode:
        """The output node (the loss)."""
        return self.nodes[-1]

    def inputs(self) -> list[GraphNode]:
        """The input nodes (the variables), in the engine's order."""
        return [n for n in self.nodes if n.op == "input"]

    def frame_count(self) -> int:
        """A start frame, one frame per node forwards, one per node backwards."""
        return 2 * len(self.nodes) + 1

    def frame(self, index: int) -> Frame:
        """The state of animation frame ``index``."""
        count = len(self.nodes)
        index = min(max(index, 0), 2 * count)
        if index == 0:
            return Frame(0, 0, 0, None, "start", "Press Play: the forward pass works out every "
                         "value from the inputs, then the backward pass sends gradients back.")
        if index <= count:
            node = self.nodes[index - 1]
            return Frame(index, index, 0, node.name, "forward", self.forward_text(node))
        done = index - count
        node = self.nodes[count - done]
        return Frame(index, count, done, node.name, "backward", self.backward_text(node))

    def forward_text(self, node: GraphNode) -> str:
        """``u2 = b + u1 = (-1) + 1 = 0``: a node's value from its parents' values."""
        if node.op == "input":
            return f"Forward: the input {node.name} = {number_text(node.value)}"
        if node.op == "const":
            return f"Forward: the constant {node.name} = {number_text(node.value)}"
        names = list(node.parents)
        values = [_paren(self.by_name[p].value) for p in names]
        if node.op in _SYMBOL:
            formula, numbers = _SYMBOL[node.op].join(names), _SYMBOL[node.op].join(values)
        elif node.op == "neg":
            formula, numbers = f"\u2212{names[0]}", f"\u2212{values[0]}"
        else:
            formula = f"{node.op}({', '.join(names)})"
            numbers = f"{node.op}({', '.join(values)})"
        return f"Forward: {node.name} = {formula} = {numbers} = {number_text(node.value)}"

    def backward_text(self, node: GraphNode) -> str:
        """``df/du2 = df/du3 x du3/du2 = (-1) x 0.25 = -0.25``: a gradient from its children."""
        if node is self.output:
            return (f"Backward: start at the output {node.name}: \u2202f/\u2202{node.name} = 1")
        via = self.children[node.name]
        if not via:
            return f"Backward: {node.name} feeds nothing, so \u2202f/\u2202{node.name} = 0"
        symbolic = " + ".join(f"\u2202f/\u2202{c.name} \u00d7 \u2202{c.name}/\u2202{node.name}"
                              for c, _ in via)
        numbers = " + ".join(f"{_paren(c.grad)} \u00d7 {_paren(local)}" for c, local in via)
        lead = "add up what flows back along each edge: " if len(via) > 1 else ""
        return (f"Backward: {lead}\u2202f/\u2202{node.name} = {symbolic} = {numbers} = "
                f"{number_text(node.grad)}")
