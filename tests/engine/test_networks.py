"""Small networks: backprop's weight gradients against central differences and against
the textbook formulas; the vanishing/exploding gradient profile against differences."""

from __future__ import annotations

import math

import pytest

from workbench.engine.networks import gradient_by_depth, network

H = 1e-6


def _central(build, name: str, at: float) -> float:
    return (build(at + H) - build(at - H)) / (2 * H)


@pytest.mark.parametrize(("sizes", "activation", "loss"), [
    ((2, 2, 1), "sigmoid", "mse"), ((2, 3, 1), "tanh", "bce"), ((2, 2, 1), "relu", "mse"),
    ((3, 2, 1), "sigmoid", "bce"),
])
def test_every_weight_gradient_matches_central_differences(sizes, activation, loss):
    inputs = (0.7, -0.4, 0.3)[:sizes[0]]
    net = network(sizes, activation, loss, inputs, target=1.0)
    assert net.parameters[0] == "w11" and net.parameters[-1] == "c"
    for name in net.parameters:
        def loss_at(value, name=name):
            return network(sizes, activation, loss, inputs, 1.0, {name: value}).graph.value
        numeric = _central(loss_at, name, net.values[name])
        assert net.gradients[name] == pytest.approx(numeric, rel=1e-6, abs=1e-8), name


def test_two_two_one_matches_the_textbook_backward_pass():
    net = network((2, 2, 1), "sigmoid", "mse", (1.0, 0.5), 1.0)
    v = net.values

    def sig(z):
        return 1 / (1 + math.exp(-z))

    h = [sig(v[f"w{j}1"] * 1.0 + v[f"w{j}2"] * 0.5 + v[f"b{j}"]) for j in (1, 2)]
    y = v["v1"] * h[0] + v["v2"] * h[1] + v["c"]
    delta = 2 * (y - 1.0)
    assert net.graph.value == pytest.approx((y - 1.0) ** 2, rel=1e-12)
    assert net.gradients["c"] == pytest.approx(delta, rel=1e-12)
    for j in (1, 2):
        assert net.gradients[f"v{j}"] == pytest.approx(delta * h[j - 1], rel=1e-12)
        back = delta * v[f"v{j}"] * h[j - 1] * (1 - h[j - 1])
        assert net.gradients[f"b{j}"] == pytest.approx(back, rel=1e-12)
        assert net.gradients[f"w{j}2"] == pytest.approx(back * 0.5, rel=1e-12)
    assert [s.rule for s in net.steps][:3] == ["layer", "layer", "loss"]
    assert all(s.after == "" for s in net.steps[:3])


def test_bce_with_a_sigmoid_output_has_output_gradient_y_minus_t():
    net = network((2, 2, 1), "relu", "bce", (1.0, 2.0), 0.0)
    # L = -ln(1 - ŷ) for t = 0, so ŷ = 1 - e^(-L) and ∂L/∂c = ŷ - t = ŷ
    y_hat = 1 - math.exp(-net.graph.value)
    assert net.gradients["c"] == pytest.approx(y_hat, rel=1e-9)


@pytest.mark.parametrize(("sizes", "words"), [((2, 2, 2), "inputs-hidden-1"),
                                              ((2, 9, 1), "inputs-hidden-1")])
def test_bad_sizes_are_refused(sizes, words):
    with pytest.raises(ValueError, match=words):
        network(sizes, inputs=(1.0, 2.0))


def _chain(ws: list[float], activation: str, x: float = 1.0) -> float:
    a = x
    for w in ws:
        z = w * a
        a = {"sigmoid": lambda t: 1 / (1 + math.exp(-t)), "tanh": math.tanh,
             "relu": lambda t: max(t, 0.0)}[activation](z)
    return a


@pytest.mark.parametrize(("activation", "weight"), [("sigmoid", 1.0), ("tanh", 1.2),
                                                    ("relu", 1.5), ("sigmoid", 3.0)])
def test_depth_profile_matches_central_differences(activation, weight):
    depth = 8
    profile = gradient_by_depth(depth, activation, weight)
    for k in range(depth):
        def f(value, k=k):
            ws = [weight] * depth
            ws[k] = value
            return _chain(ws, activation)
        numeric = abs(_central(f, "w", weight))
        # f is near 1 where the gradient is tiny: differences lose ~1e-10 to rounding
        assert profile.gradients[k] == pytest.approx(numeric, rel=1e-5, abs=1e-9)
    assert profile.first_by_depth[-1] == pytest.approx(profile.gradients[0])


def test_sigmoid_gradients_vanish_by_at_least_a_quarter_per_layer():
    profile = gradient_by_depth(20, "sigmoid", 1.0)
    assert all(f <= 0.25 for f in profile.factors)
    assert profile.gradients[0] < 1e-10 * profile.gradients[-1]
    assert "1/4" in profile.sentence
    relu = gradient_by_depth(20, "relu", 1.5)  # every layer active: |w|^(n-1) for every w_k
    assert relu.gradients == pytest.approx([1.5 ** 19] * 20)
    assert "explodes" in relu.sentence
