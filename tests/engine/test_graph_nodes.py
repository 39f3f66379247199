"""GraphNode: the one node type the engine's backprop and the Backprop lab share.

It must stay sympy-free (the window rebuilds nodes from payloads), write the same
dict the engine's results always wrote, and pickle.
"""

from __future__ import annotations

import json
import math
import pickle
from dataclasses import fields

import pytest

from tests.fresh_interpreter import packages_loaded_by
from workbench.engine.backpropagation import GraphNode as FromBackprop
from workbench.engine.backpropagation import backprop
from workbench.protocol.graph_nodes import GraphNode, children_of
from workbench.engine.results import jsonable


def test_backprop_builds_the_shared_node_type():
    result = backprop("(y - sigmoid(w x + b))^2", {"w": 2, "x": -1, "b": 0.5, "y": 1})
    assert FromBackprop is GraphNode
    assert all(type(n) is GraphNode for n in result.nodes)


def test_to_dict_is_what_result_fields_always_gave():
    """The payload the lab reads is unchanged: every field through the engine's jsonable."""
    result = backprop("x^x + sin(x y)", {"x": 1.5, "y": -2})
    for node in result.nodes:
        expected = {"type": "GraphNode", **{f.name: jsonable(getattr(node, f.name))
                                            for f in fields(node)}}
        assert node.to_dict() == expected
    payload = result.to_dict()
    assert payload["nodes"] == [n.to_dict() for n in result.nodes]


def test_dict_json_and_pickle_round_trips():
    result = backprop("relu(a - 3) + sqrt(a)", {"a": 4})
    for node in result.nodes:
        again = GraphNode.from_dict(json.loads(json.dumps(node.to_dict())))
        assert again == node
        assert pickle.loads(pickle.dumps(node)) == node
    assert pickle.loads(pickle.dumps(result)).nodes == result.nodes


def test_from_dict_makes_plain_numbers_and_tolerates_missing_latex():
    node = GraphNode.from_dict({"name": "u1", "op": "mul", "value": 6, "grad": 1,
                                "parents": ["x", "y"], "local": [3, 2]})
    assert node == GraphNode("u1", "mul", 6.0, 1.0, ("x", "y"), "", (3.0, 2.0))
    assert all(isinstance(v, float) for v in (node.value, node.grad, *node.local))


def test_children_carry_the_chain_rule():
    """Every node's gradient is the sum over its children of child.grad x local."""
    result = backprop("x^x + exp(x) y", {"x": 0.7, "y": 3})
    children = children_of(result.nodes)
    assert set(children) == {n.name for n in result.nodes}
    assert children[result.nodes[-1].name] == []
    for node in result.nodes[:-1]:
        total = math.fsum(child.grad * local for child, local in children[node.name])
        assert total == pytest.approx(node.grad, rel=1e-12)


def test_a_node_used_twice_by_one_child_gets_both_edges():
    result = backprop("x^x", {"x": 2})
    x_children = children_of(result.nodes)["x"]
    assert [c.name for c, _ in x_children] == [result.nodes[-1].name] * 2
    # d(x^x)/dx = x^x (ln x + 1): one edge brings x·x^(x-1), the other x^x·ln x
    assert math.fsum(local for _, local in x_children) == pytest.approx(4 * (math.log(2) + 1))


def test_the_node_module_loads_nothing_heavy():
    loaded = packages_loaded_by("import workbench.protocol.graph_nodes")
    assert not loaded & {"sympy", "scipy", "mpmath", "numpy", "PySide6"}
