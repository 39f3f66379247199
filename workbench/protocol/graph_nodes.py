"""``GraphNode``: one node of a computational graph, as plain data (sympy-free).

The engine's ``backprop`` builds these and the Backprop lab draws them. The window
may not import the engine's symbolic modules, so the node type lives here, with
nothing heavier than the standard library: the lab rebuilds nodes from the payload's
dicts with :meth:`GraphNode.from_dict`, and both sides find a node's consumers with
:func:`children_of`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class GraphNode:
    """One node of the computational graph.

    ``name`` is the variable's name for an input, ``c1``, ``c2``, ... for constants and
    ``u1``, ``u2``, ... for operations; ``op`` is ``input``, ``const``, ``add``, ``mul``,
    ``neg``, ``pow``, ``sqrt`` or a function name (``sin``, ``exp``, ``tanh``,
    ``sigmoid``, ``relu``, ...); ``value`` is its value, ``grad`` the derivative of
    the output with respect to it, ``parents`` the names of its inputs and ``local``
    the derivatives of this node with respect to each parent, in the same order.
    """

    name: str
    op: str
    value: float
    grad: float
    parents: tuple[str, ...]
    latex: str
    local: tuple[float, ...]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict of every field (tuples as lists), tagged with the type name.

        The same dict the engine's results write for their fields, so a payload reads
        the same whether it came from here or from ``ResultMixin``.
        """
        return {"type": type(self).__name__, "name": self.name, "op": self.op,
                "value": self.value, "grad": self.grad, "parents": list(self.parents),
                "latex": self.latex, "local": list(self.local)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> GraphNode:
        """The node ``to_dict`` wrote (numbers made floats; ``latex`` may be missing)."""
        return cls(str(data["name"]), str(data["op"]), float(data["value"]),
                   float(data["grad"]), tuple(str(p) for p in data["parents"]),
                   str(data.get("latex", "")), tuple(float(v) for v in data["local"]))


def children_of(nodes: Iterable[GraphNode]) -> dict[str, list[tuple[GraphNode, float]]]:
    """Each node's name -> the nodes that consume it, each with its local derivative.

    In graph order; a node used twice by one child (x·x) lists that child twice, once
    per edge, because each edge carries its own share of the gradient.
    """
    nodes = list(nodes)
    children: dict[str, list[tuple[GraphNode, float]]] = {n.name: [] for n in nodes}
    for node in nodes:
        for parent, local in zip(node.parents, node.local):
            children[parent].append((node, local))
    return children
