"""dense_layer: every matrix-form gradient against the entry-by-entry chain rule and against
central differences of an independent numpy forward pass, for every activation × loss and
every size 1-4; symbolic entries checked by substitution."""

from __future__ import annotations

import json
import math
import pickle

import numpy as np
import pytest
import sympy

from workbench.engine import ParseError, dense_layer, weight_chain
from workbench.protocol.layers import ACTIVATIONS, LOSSES

SIZES = (1, 2, 3, 4)


def _forward(W, b, x, activation):
    z = W @ x + b
    if activation == "identity":
        return z
    if activation == "sigmoid":
        return 1.0 / (1.0 + np.exp(-z))
    if activation == "tanh":
        return np.tanh(z)
    if activation == "relu":
        return np.maximum(z, 0.0)
    if activation == "softplus":
        return np.log1p(np.exp(z))
    e = np.exp(z - z.max())
    return e / e.sum()


def reference_loss(W, b, x, t, activation, loss):
    """The loss from numpy, written apart from the engine."""
    y = _forward(W, b, x, activation)
    if loss == "mse":
        return float(np.mean((y - t) ** 2))
    if loss == "cross_entropy":
        return float(-np.sum(t * np.log(y)))
    return float(-np.mean(t * np.log(y) + (1 - t) * np.log(1 - y)))


# z ranges that keep every output inside the loss's domain (ln y, ln(1 - y))
_SAFE_Z = {"identity": (0.1, 0.9), "relu": (0.1, 0.9), "tanh": (0.1, 1.0),
           "softplus": (-1.5, 0.3)}


def random_layer(rng, m, n, activation, loss):
    """W, b, x, t at random numbers, with z away from ReLU's kink and y inside the loss's domain."""
    W = rng.uniform(-1, 1, (m, n))
    x = rng.uniform(-1, 1, n)
    lo, hi = (-2.0, 2.0)
    if loss != "mse" and activation in _SAFE_Z:
        lo, hi = _SAFE_Z[activation]
    z = rng.uniform(lo, hi, m)
    z = np.where(np.abs(z) < 0.1, 0.1 + np.abs(z), z)  # off ReLU's kink at 0
    b = z - W @ x
    t = rng.dirichlet(np.ones(m)) if loss == "cross_entropy" else rng.uniform(0, 1, m)
    return W, b, x, t


def central(f, array, h=1e-6):
    """∂f/∂array by central differences, entry by entry."""
    grad = np.zeros_like(array)
    for index in np.ndindex(array.shape):
        up, down = array.copy(), array.copy()
        up[index] += h
        down[index] -= h
        grad[index] = (f(up) - f(down)) / (2 * h)
    return grad


CASES = [(a, loss, m, n) for a in ACTIVATIONS for loss in LOSSES for m in SIZES for n in SIZES]


@pytest.mark.parametrize(("activation", "loss", "m", "n"), CASES)
def test_gradients_match_chain_rule_and_central_differences(activation, loss, m, n):
    rng = np.random.default_rng(1000 * m + 100 * n + ACTIVATIONS.index(activation) * 7
                                + LOSSES.index(loss))
    W, b, x, t = random_layer(rng, m, n, activation, loss)
    if (activation, loss, m) == ("softmax", "bce", 1):  # one softmax output is always 1
        with pytest.raises(ValueError, match="strictly between 0 and 1"):
            dense_layer(W, b, x, t, activation, loss)
        return
    layer = dense_layer(W.tolist(), b.tolist(), x.tolist(), t.tolist(), activation, loss)
    assert not layer.symbolic
    assert layer.loss == pytest.approx(reference_loss(W, b, x, t, activation, loss), rel=1e-12)
    np.testing.assert_allclose(layer.y, _forward(W, b, x, activation), rtol=1e-12, atol=1e-15)

    grad_w = np.array(layer.grad_W)
    numeric_w = central(lambda v: reference_loss(v, b, x, t, activation, loss), W)
    numeric_b = central(lambda v: reference_loss(W, v, x, t, activation, loss), b)
    numeric_x = central(lambda v: reference_loss(W, b, v, t, activation, loss), x)
    np.testing.assert_allclose(grad_w, numeric_w, rtol=1e-5, atol=1e-8)
    np.testing.assert_allclose(layer.grad_b, numeric_b, rtol=1e-5, atol=1e-8)
    np.testing.assert_allclose(layer.grad_x, numeric_x, rtol=1e-5, atol=1e-8)

    # the matrix forms, written out: δ·xᵀ and Wᵀ·δ
    delta = np.array(layer.delta)
    np.testing.assert_allclose(grad_w, np.outer(delta, x), rtol=1e-13, atol=1e-16)
    np.testing.assert_allclose(layer.grad_x, W.T @ delta, rtol=1e-12, atol=1e-15)
    # entry by entry: Σ_k ∂L/∂y_k · ∂y_k/∂z_i · x_j is the same number as δ·xᵀ
    for i in range(m):
        for j in range(n):
            path = weight_chain(layer, i, j)
            assert path.value == pytest.approx(grad_w[i, j], rel=1e-12, abs=1e-15)
            assert path.matrix == grad_w[i, j]
            assert len(path.terms) == m
    # ∂L/∂b and ∂L/∂x entry by entry, as scalar sums over the chain rule's paths
    g, jac = layer.dL_dy, layer.jacobian_y_z
    by_b = [math.fsum(g[k] * jac[k][i] for k in range(m)) for i in range(m)]
    by_x = [math.fsum(g[k] * jac[k][i] * W[i, j] for i in range(m) for k in range(m))
            for j in range(n)]
    np.testing.assert_allclose(layer.grad_b, by_b, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(layer.grad_x, by_x, rtol=1e-10, atol=1e-14)
    entries = next(s for s in layer.steps if s.rule == "outer_product").substeps
    assert len(entries) == m * n and all(s.rule == "entry_chain" for s in entries)
    shown = [float(s.title.rsplit("= ", 1)[1]) for s in entries]  # the number each step ends on
    np.testing.assert_allclose(shown, grad_w.ravel(), rtol=1e-5, atol=1e-300)


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_jacobian_is_diagonal_for_elementwise_and_full_for_softmax(activation):
    layer = dense_layer([[0.3, -0.2], [0.5, 0.1], [-0.4, 0.7]], [0.2, -0.2, 0.3], [1.0, 2.0],
                        [0.2, 0.5, 0.3], activation, "mse")
    jac = np.array(layer.jacobian_y_z)
    off_diagonal = jac[~np.eye(3, dtype=bool)]
    z = np.array(layer.z)
    h = 1e-6
    numeric = np.column_stack([
        (_forward(np.eye(3), z + h * e, np.zeros(3), activation)
         - _forward(np.eye(3), z - h * e, np.zeros(3), activation)) / (2 * h)
        for e in np.eye(3)])
    np.testing.assert_allclose(jac, numeric, rtol=1e-6, atol=1e-9)
    if activation == "softmax":
        y = np.array(layer.y)
        np.testing.assert_allclose(jac, np.diag(y) - np.outer(y, y), atol=1e-15)
        assert np.abs(off_diagonal).min() > 0
    else:
        assert not off_diagonal.any()


def test_relu_slope_at_zero_is_zero():
    layer = dense_layer([[1.0]], [0.0], [0.0], [1.0], "relu", "mse")
    assert layer.z == (0.0,)
    assert layer.jacobian_y_z == ((0.0,),)
    assert layer.grad_W == ((0.0,),)


@pytest.mark.parametrize("m", SIZES)
def test_softmax_then_cross_entropy_gives_y_minus_t(m):
    rng = np.random.default_rng(m)
    W, b, x, t = random_layer(rng, m, 3, "softmax", "cross_entropy")
    layer = dense_layer(W, b, x, t, "softmax", "cross_entropy")
    np.testing.assert_allclose(layer.delta, np.array(layer.y) - t, atol=1e-14)


def test_softmax_then_cross_entropy_symbolically():
    layer = dense_layer([[None, None], [None, None], [None, None]], [None] * 3, [None] * 2,
                        [0, 1, 0], "softmax", "cross_entropy")
    for delta, y, t in zip(layer.delta, layer.y, (0, 1, 0)):
        assert sympy.simplify(delta - (y - t)) == 0
    # the texts use the placeholders: δ reads y₂ − 1, and ∂L/∂b is that same vector
    assert layer.compact["grad_b"] == layer.compact["delta"]
    assert str(layer.compact["delta"][1]) == "_y_2 - 1"
    gradients = layer.latex.split(r"\frac{\partial L}{\partial b}")[1]
    assert "e^{" not in gradients and r"\ln" in layer.latex


def test_the_worked_example_of_the_issue():
    layer = dense_layer([[1, 2], [3, 4], [5, 6]], [0, 0, 0], [1, 2], [0, 1, 0])
    z = np.array([5.0, 11.0, 17.0])
    y = 1 / (1 + np.exp(-z))
    np.testing.assert_allclose(layer.z, z)
    delta = 2 / 3 * (y - [0, 1, 0]) * y / (1 + np.exp(z))  # σ' = σ(z)·σ(−z)
    # y - t loses digits to cancellation where y is near 1, in numpy as in the engine
    np.testing.assert_allclose(layer.grad_W, np.outer(delta, [1, 2]), rtol=1e-8)
    assert layer.shapes["W"] == (3, 2) and layer.shapes["grad_x"] == (2, 1)
    titles = [s.title for s in layer.steps]
    assert any("∂L/∂W = δ · xᵀ : (3×1)·(1×2) = (3×2)" in s for s in titles)
    assert any("∂L/∂x = Wᵀ · δ : (2×3)·(3×1) = (2×1)" in s for s in titles)
    assert any("(3×3)·(3×1) = (3×1)" in s for s in titles)


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("loss", LOSSES)
def test_symbolic_entries_agree_with_numbers_by_substitution(activation, loss):
    rng = np.random.default_rng(7)
    W, b, x, t = random_layer(rng, 2, 2, activation, loss)
    layer = dense_layer([[None, None], [None, W[1, 1]]], [None, b[1]], [x[0], None],
                        t.tolist(), activation, loss)
    assert layer.symbolic
    assert layer.symbols == ("b_1", "w_11", "w_12", "w_21", "x_2")
    values = {sympy.Symbol("w_11"): W[0, 0], sympy.Symbol("w_12"): W[0, 1],
              sympy.Symbol("w_21"): W[1, 0], sympy.Symbol("b_1"): b[0],
              sympy.Symbol("x_2"): x[1]}
    numeric = dense_layer(W, b, x, t, activation, loss)

    def at(expr):
        return float(sympy.N(expr.subs(values), 20))

    assert at(layer.loss) == pytest.approx(numeric.loss, rel=1e-10)
    for sym_row, num_row in zip(layer.grad_W, numeric.grad_W):
        assert [at(e) for e in sym_row] == pytest.approx(num_row, rel=1e-9, abs=1e-12)
    assert [at(e) for e in layer.grad_x] == pytest.approx(numeric.grad_x, rel=1e-9, abs=1e-12)
    assert [at(e) for e in layer.grad_b] == pytest.approx(numeric.grad_b, rel=1e-9, abs=1e-12)
    chain = weight_chain(layer, 0, 1)
    assert at(chain.value) == pytest.approx(numeric.grad_W[0][1], rel=1e-9, abs=1e-12)


def test_symbolic_gradient_is_the_derivative_of_the_loss():
    layer = dense_layer([[None, None]], [None], [None, None], [None], "tanh", "mse")
    w12 = sympy.Symbol("w_12")
    difference = sympy.diff(layer.loss, w12) - layer.grad_W[0][1]
    point = {s: sympy.Rational(k + 2, 7) for k, s in enumerate(sorted(
        layer.loss.free_symbols, key=lambda s: s.name))}
    assert abs(float(difference.subs(point))) < 1e-12
    assert sympy.simplify(difference) == 0


def test_text_entries_are_read_exactly():
    layer = dense_layer([["1/2", "pi/4"]], ["0"], ["2", "-1"], ["1/3"], "identity", "mse")
    assert layer.z == (pytest.approx(1 - math.pi / 4),)
    assert not layer.symbolic


def test_results_pickle_and_write_json():
    layer = dense_layer([[1, None]], [0], [1, 2], [1], "sigmoid", "bce")
    again = pickle.loads(pickle.dumps(layer))
    assert again.grad_W == layer.grad_W
    data = json.loads(json.dumps(layer.to_dict()))
    assert data["shapes"]["grad_W"] == [1, 2]
    back = sympy.sympify(data["grad_W"][0][1])
    assert back.free_symbols == {sympy.Symbol("w_12")}
    numeric = dense_layer([[1, 2]], [0], [1, 2], [1], "sigmoid", "bce")
    assert json.loads(json.dumps(numeric.to_dict()))["grad_W"][0][1] == numeric.grad_W[0][1]


def test_larger_sizes_still_work():
    rng = np.random.default_rng(3)
    W, b, x, t = random_layer(rng, 7, 9, "softmax", "cross_entropy")
    layer = dense_layer(W, b, x, t, "softmax", "cross_entropy")
    numeric = central(lambda v: reference_loss(v, b, x, t, "softmax", "cross_entropy"), W)
    np.testing.assert_allclose(layer.grad_W, numeric, rtol=1e-5, atol=1e-8)
    assert layer.shapes["jacobian_y_z"] == (7, 7)


@pytest.mark.parametrize(("kwargs", "words"), [
    ({"b": [0, 0]}, "b has 2 entries, but W has 3 rows"),
    ({"x": [1, 2, 3]}, "x has 3 entries, but W has 2 columns"),
    ({"t": [1]}, "t has 1 entries"),
    ({"W": [[1, 2], [3]]}, "same number of entries"),
    ({"W": []}, "non-empty"),
    ({"activation": "swish"}, "Unknown activation"),
    ({"loss": "hinge"}, "Unknown loss"),
    ({"activation": "identity", "loss": "cross_entropy"}, "must be positive"),
    ({"activation": "relu", "loss": "bce"}, "strictly between 0 and 1"),
    ({"b": [0, True, 0]}, "must be a number"),
    ({"b": [0, math.inf, 0]}, "finite"),
    ({"b": [0, 10 ** 400, 0]}, "too large"),
    ({"x": ["10^400", 1]}, "too large"),
])
def test_bad_input_is_explained(kwargs, words):
    args = {"W": [[1, 2], [-3, -4], [5, 6]], "b": [0, 0, 0], "x": [1, 2], "t": [0, 1, 0],
            "activation": "sigmoid", "loss": "mse"} | kwargs
    with pytest.raises(ValueError, match=words):
        dense_layer(**args)


def test_bad_text_is_a_parse_error():
    with pytest.raises(ParseError):
        dense_layer([["1/"]], [0], [1], [0])


def test_weight_chain_refuses_entries_outside_w():
    layer = dense_layer([[1, 2]], [0], [1, 2], [1])
    with pytest.raises(ValueError, match="no entry"):
        weight_chain(layer, 1, 0)


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_numbers_past_a_double_give_inf_or_nan_not_a_crash(activation):
    layer = dense_layer([[1e200, -1e200], [1e308, 1e308]], [0, 0], [1e200, 1e200], [0, 0],
                        activation, "mse")
    assert all(isinstance(v, float) for row in layer.grad_W for v in row)
    assert not math.isfinite(layer.z[1])
    assert "undefined" in layer.latex or r"\infty" in layer.latex
