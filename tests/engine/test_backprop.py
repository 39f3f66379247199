"""backprop(): the graph is topological and every gradient is the true derivative."""

from __future__ import annotations

import json
import math
import pickle

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.engine.backpropagation import backprop

# real symbols, so the reference derivative of |x| is sign(x)
x, y, z, w, b, w1, w2, b1, b2 = sympy.symbols("x y z w b w1 w2 b1 b2", real=True)


def sig(t):
    return 1 / (1 + sympy.exp(-t))


def assert_true_gradients(result, expected_expr, point):
    """Every input's gradient equals the sympy derivative, evaluated independently."""
    symbols = {k: sympy.Symbol(k, real=True) for k in point}
    subs = {symbols[k]: v for k, v in point.items()}
    assert result.value == pytest.approx(float(expected_expr.subs(subs)), rel=1e-12)
    for name, grad in result.gradients.items():
        exact = float(sympy.diff(expected_expr, symbols[name]).subs(subs))
        assert grad == pytest.approx(exact, rel=1e-10, abs=1e-12), name


def assert_topological(result):
    index = {n.name: i for i, n in enumerate(result.nodes)}
    assert len(index) == len(result.nodes)
    for i, node in enumerate(result.nodes):
        assert all(index[p] < i for p in node.parents)
        assert len(node.local) == len(node.parents)
    consumers = {p for n in result.nodes for p in n.parents}
    assert result.nodes[-1].name not in consumers
    assert all(n.name in consumers for n in result.nodes[:-1])


def test_one_neuron():
    point = {"w": 0.8, "x": 1.5, "b": -0.4}
    result = backprop("sigmoid(w x + b)", point)
    s = 1 / (1 + math.exp(-(0.8 * 1.5 - 0.4)))
    assert result.value == pytest.approx(s, rel=1e-14)
    assert result.gradients["w"] == pytest.approx(s * (1 - s) * 1.5, rel=1e-12)
    assert result.gradients["b"] == pytest.approx(s * (1 - s), rel=1e-12)
    assert_true_gradients(result, sig(w * x + b), point)
    assert_topological(result)
    ops = [n.op for n in result.nodes]
    assert ops[:3] == ["input"] * 3 and ops[-1] == "sigmoid" and "mul" in ops and "add" in ops
    assert [n.name for n in result.nodes[:3]] == ["w", "x", "b"]
    sigmoid_node = result.nodes[-1]
    assert sigmoid_node.local == pytest.approx((s * (1 - s),), rel=1e-12)
    assert sigmoid_node.grad == 1.0 and sigmoid_node.value == result.value


def test_two_layer_network_with_squared_loss():
    point = {"x": 0.5, "y": 1.0, "w1": 0.3, "b1": -0.1, "w2": 1.5, "b2": 0.2}
    result = backprop("(y - sigmoid(w2 tanh(w1 x + b1) + b2))^2", point)
    expected = (y - sig(w2 * sympy.tanh(w1 * x + b1) + b2)) ** 2
    assert_true_gradients(result, expected, point)
    assert_topological(result)
    assert {"tanh", "sigmoid", "pow", "add", "mul"} <= {n.op for n in result.nodes}


@pytest.mark.parametrize("text, expected", [
    ("x sin(x) + |x| + 2^x + x^y + sqrt(x)",
     x * sympy.sin(x) + sympy.Abs(x) + 2 ** x + x ** y + sympy.sqrt(x)),
    ("exp(x y) / (1 + x^2)", sympy.exp(x * y) / (1 + x ** 2)),
    ("relu(x - y) tanh(y) + softplus(z)",
     sympy.Max(0, x - y) * sympy.tanh(y) + sympy.log(1 + sympy.exp(z))),
    ("ln(x^2 + y^2) - cos(x z)", sympy.log(x ** 2 + y ** 2) - sympy.cos(x * z)),
    ("3", sympy.Integer(3)),
])
def test_gradients_at_random_points_equal_sympy(text, expected):
    rng = np.random.default_rng(7)
    for _ in range(5):
        point = {"x": float(rng.uniform(0.2, 2)), "y": float(rng.uniform(-2, -0.1)),
                 "z": float(rng.uniform(-1, 1))}
        result = backprop(text, point)
        assert_true_gradients(result, expected, point)
        assert_topological(result)


def test_a_shared_input_sums_both_paths():
    result = backprop("x sin(x)", {"x": 2.0})
    (node,) = [n for n in result.nodes if n.name == "x"]
    feeds = [n for n in result.nodes if "x" in n.parents]
    assert len(feeds) == 2
    via = sum(c.grad * c.local[c.parents.index("x")] for c in feeds)
    assert node.grad == pytest.approx(via, rel=1e-14)
    assert node.grad == pytest.approx(math.sin(2) + 2 * math.cos(2), rel=1e-12)


def test_inputs_must_cover_every_variable():
    with pytest.raises(ValueError, match="y"):
        backprop("x y", {"x": 1})
    unused = backprop("x^2", {"x": 3, "q": 1})
    assert unused.gradients == {"x": pytest.approx(6.0), "q": 0.0}


def test_one_step_per_node_backwards():
    result = backprop("sigmoid(w x + b)", {"w": 2, "x": -1, "b": 0.5})
    assert len(result.steps) == len(result.nodes)
    assert result.nodes[-1].name in result.steps[0].title
    backwards = [n for n in reversed(result.nodes)]
    for step, node in zip(result.steps[1:], backwards[1:]):
        assert step.title.startswith(node.name)
        assert step.after.endswith(f"{node.grad:.6g}")


def test_result_is_plain_data():
    result = backprop("(y - sigmoid(w x + b))^2", {"w": 2, "x": -1, "b": 0.5, "y": 1})
    data = json.loads(json.dumps(result.to_dict()))
    assert data["gradients"]["w"] == pytest.approx(result.gradients["w"])
    assert [n["name"] for n in data["nodes"]] == [n.name for n in result.nodes]
    assert pickle.loads(pickle.dumps(result)).nodes == result.nodes


# ---------------------------------------------------------------- random expressions
UNARY = {"sin": sympy.sin, "cos": sympy.cos, "exp": sympy.exp, "tanh": sympy.tanh,
         "sigmoid": sig}
LEAVES = st.sampled_from([("x", x), ("y", y), ("z", z), ("2", sympy.Integer(2)),
                          ("0.5", sympy.Rational(1, 2))])


def _combine(children):
    unary = st.tuples(st.sampled_from(sorted(UNARY)), children).map(
        lambda t: (f"{t[0]}({t[1][0]})", UNARY[t[0]](t[1][1])))
    binary = st.tuples(st.sampled_from(["+", "*", "-"]), children, children).map(
        lambda t: (f"({t[1][0]}) {t[0]} ({t[2][0]})",
                   {"+": sympy.Add, "*": sympy.Mul,
                    "-": lambda a, c: a - c}[t[0]](t[1][1], t[2][1])))
    square = children.map(lambda c: (f"({c[0]})^2", c[1] ** 2))
    return st.one_of(unary, binary, square)


EXPRESSIONS = st.recursive(LEAVES, _combine, max_leaves=6)


@settings(max_examples=40, deadline=None)
@given(EXPRESSIONS, st.tuples(*[st.floats(-1, 1, allow_nan=False)] * 3))
def test_random_expressions_backpropagate_exact_gradients(pair, values):
    text, expected = pair
    point = dict(zip("xyz", values))
    result = backprop(text, point)
    assert_true_gradients(result, expected, point)
    assert_topological(result)
