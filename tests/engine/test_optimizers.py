"""optimize(): every method against the PyTorch update equations, step by step.

The reference implementations below are written independently of the engine, in
plain numpy, from the update rules documented for ``torch.optim`` (SGD, Adagrad,
RMSprop, Adam); where torch is installed the same runs are also checked against it.
"""

from __future__ import annotations

import json
import math
import pickle
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.engine.optimizers import METHODS, optimize

ROSENBROCK = "(1 - x)^2 + 100(y - x^2)^2"
BOWL = "x^2 + 3y^2 + x y"


def rosenbrock_grad(p: np.ndarray) -> np.ndarray:
    x, y = p
    return np.array([-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)])


def bowl_grad(p: np.ndarray) -> np.ndarray:
    x, y = p
    return np.array([2 * x + y, 6 * y + x])


def square_grad(p: np.ndarray) -> np.ndarray:
    return 2 * p


PROBLEMS = {
    "square": ("x^2", ["x"], [5.0], square_grad),
    "bowl": (BOWL, ["x", "y"], [2.0, -1.5], bowl_grad),
    "rosenbrock": (ROSENBROCK, ["x", "y"], [-1.5, 2.0], rosenbrock_grad),
}
LEARNING_RATES = {"square": 0.1, "bowl": 0.05, "rosenbrock": 1e-3}


def reference(method: str, grad, start, lr: float, steps: int, **h) -> np.ndarray:
    """The torch.optim update rules, transcribed from their documentation."""
    p = np.array(start, dtype=float)
    out = [p.copy()]
    buf = acc = m = v = vmax = mean = None
    wd = h.get("weight_decay", 0.01 if method == "adamw" else 0.0)
    decoupled = method == "adamw" or h.get("decoupled_weight_decay", False)
    for t in range(1, steps + 1):
        g = grad(p) * (-1 if h.get("maximize") else 1)
        if decoupled:
            p = p * (1 - lr * wd)
        elif wd:
            g = g + wd * p
        if method == "gd":
            p = p - lr * g
        elif method == "momentum":
            mu, damp = h.get("momentum", 0.9), h.get("dampening", 0.0)
            buf = g.copy() if buf is None else mu * buf + (1 - damp) * g
            p = p - lr * (g + mu * buf if h.get("nesterov", False) else buf)
        elif method == "adagrad":
            acc = (np.full_like(p, h.get("initial_accumulator_value", 0.0))
                   if acc is None else acc) + g * g
            clr = lr / (1 + (t - 1) * h.get("lr_decay", 0.0))
            p = p - clr * g / (np.sqrt(acc) + h.get("eps", 1e-10))
        elif method == "rmsprop":
            alpha, mu = h.get("alpha", 0.99), h.get("momentum", 0.0)
            v = (np.zeros_like(p) if v is None else v) * alpha + (1 - alpha) * g * g
            spread = v
            if h.get("centered"):
                mean = (np.zeros_like(p) if mean is None else mean) * alpha + (1 - alpha) * g
                spread = v - mean * mean
            denom = np.sqrt(spread) + h.get("eps", 1e-8)
            if mu > 0:
                buf = (np.zeros_like(p) if buf is None else buf) * mu + g / denom
                p = p - lr * buf
            else:
                p = p - lr * g / denom
        elif method in ("adam", "adamw"):
            b1, b2 = h.get("beta1", 0.9), h.get("beta2", 0.999)
            m = b1 * (np.zeros_like(p) if m is None else m) + (1 - b1) * g
            v = b2 * (np.zeros_like(p) if v is None else v) + (1 - b2) * g * g
            vmax = v if vmax is None or not h.get("amsgrad") else np.maximum(vmax, v)
            denom = np.sqrt(vmax) / math.sqrt(1 - b2 ** t) + h.get("eps", 1e-8)
            p = p - (lr / (1 - b1 ** t)) * m / denom
        out.append(p.copy())
    return np.array(out)


@pytest.mark.parametrize("problem", list(PROBLEMS))
@pytest.mark.parametrize("method", list(METHODS))
def test_every_method_matches_the_reference_step_by_step(method, problem):
    text, names, start, grad = PROBLEMS[problem]
    lr = LEARNING_RATES[problem]
    traj = optimize(text, names, start, method=method, lr=lr, steps=200, tol=0)
    expected = reference(method, grad, start, lr, 200)
    assert traj.status == "max_steps" and traj.stopped_at == 200
    assert len(traj.points) == len(traj.losses) == len(traj.gradients) == 201
    # relative 1e-12; the tiny absolute slack covers coordinates passing through 0
    np.testing.assert_allclose(np.array(traj.points), expected, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("method, hyper", [
    ("gd", {"weight_decay": 0.1}),
    ("momentum", {"momentum": 0.5, "dampening": 0.25}),
    ("momentum", {"nesterov": True, "weight_decay": 0.05}),
    ("adagrad", {"lr_decay": 0.01, "initial_accumulator_value": 0.1, "eps": 1e-6}),
    ("adagrad", {"weight_decay": 0.02}),
    ("rmsprop", {"alpha": 0.9, "eps": 1e-6}),
    ("rmsprop", {"centered": True, "momentum": 0.5, "weight_decay": 0.01}),
    ("adam", {"beta1": 0.8, "beta2": 0.99, "eps": 1e-6}),
    ("adam", {"amsgrad": True, "weight_decay": 0.1}),
    ("adam", {"weight_decay": 0.1, "decoupled_weight_decay": True}),
    ("adamw", {"weight_decay": 0.2, "amsgrad": True}),
    ("adam", {"maximize": True}),
])
def test_hyper_parameters_change_the_rule_as_in_torch(method, hyper):
    steps = 20 if hyper.get("maximize") else 100  # maximising a bowl runs off to infinity
    traj = optimize(BOWL, "x y", [2.0, -1.5], method=method, lr=0.05, steps=steps, tol=0,
                    **hyper)
    expected = reference(method, bowl_grad, [2.0, -1.5], 0.05, steps, **hyper)
    # the engine rounds as torch does (fused multiply-adds), the reference plainly: a few ulps
    np.testing.assert_allclose(np.array(traj.points), expected, rtol=1e-12, atol=1e-13)
    assert traj.hyper == {**METHODS[method], **hyper, **(
        {"decoupled_weight_decay": True} if method == "adamw" else {})}


@settings(max_examples=25, deadline=None)
@given(method=st.sampled_from(list(METHODS)),
       coefficients=st.tuples(st.integers(1, 20), st.integers(1, 20), st.integers(-5, 5)),
       start=st.tuples(st.integers(-30, 30), st.integers(-30, 30)),
       lr=st.sampled_from([0.001, 0.01, 0.03, 0.1]))
def test_random_quadratic_bowls_match_the_reference(method, coefficients, start, lr):
    a, c, b = coefficients
    text = f"{a} x^2 + {c} y^2 + ({b}) x y"
    start = [s / 10 for s in start]

    def grad(p):
        return np.array([2 * a * p[0] + b * p[1], 2 * c * p[1] + b * p[0]])

    traj = optimize(text, "x y", start, method=method, lr=lr, steps=40, tol=0)
    with np.errstate(all="ignore"):
        expected = reference(method, grad, start, lr, 40)
        px, py = expected[:, 0], expected[:, 1]
        loss = a * px ** 2 + c * py ** 2 + b * px * py
    table = np.column_stack([expected, loss])
    healthy = np.all(np.isfinite(table) & (np.abs(table) <= 1e12), axis=1)
    # the bowl need not be convex nor lr small: a run may diverge, and must stop right there
    n = 41 if healthy.all() else int(np.argmin(healthy))
    assert len(traj.points) == n
    assert traj.status == ("diverged" if n < 41 else "max_steps")
    np.testing.assert_allclose(np.array(traj.points), expected[:n], rtol=1e-12, atol=1e-13)


def test_curriculum_example_x_squared():
    traj = optimize("x^2", "x", 5, lr=0.1, steps=20)
    xs = [p[0] for p in traj.points]
    np.testing.assert_allclose(xs, [5 * 0.8 ** k for k in range(21)], rtol=1e-12)
    np.testing.assert_allclose(traj.losses, [25 * 0.64 ** k for k in range(21)], rtol=1e-12)
    assert traj.status == "max_steps" and traj.method == "gd" and traj.lr == 0.1


def test_diverging_gd_stops_where_it_passes_the_limit_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        traj = optimize("x^2", "x", 5, lr=1.1, steps=1000)
    # x_k = 5 (1 - 2.2)^k; the run must stop at the first k whose x or loss passes 1e12
    first_bad = next(k for k in range(1000)
                     if abs(5 * 1.2 ** k) > 1e12 or (5 * 1.2 ** k) ** 2 > 1e12)
    assert traj.status == "diverged" and f"step {first_bad}" in traj.message
    assert traj.stopped_at == first_bad == len(traj.points)
    magnitudes = [abs(p[0]) for p in traj.points]
    assert all(b > a for a, b in zip(magnitudes, magnitudes[1:]))
    assert all(math.isfinite(v) and abs(v) <= 1e12 for v in traj.losses + magnitudes)


@pytest.mark.parametrize("text, start, lr", [
    ("exp(x^2)", 3.0, 1.0),        # overflows to inf
    ("ln(x) + x^2", 1.0, 1.0),      # jumps to negative x where ln is undefined
    ("sqrt(x) + x^2", 1.0, 2.0),   # the gradient becomes NaN
])
def test_non_finite_values_end_the_run_quietly(text, start, lr):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        traj = optimize(text, "x", start, lr=lr, steps=50)
    assert traj.status == "diverged"
    assert all(math.isfinite(v) for v in traj.losses)
    assert traj.stopped_at == len(traj.points)


def test_undefined_start_is_reported_not_raised():
    traj = optimize("ln(x)", "x", -1.0)
    assert traj.status == "diverged" and traj.stopped_at == 0
    assert traj.points == [[-1.0]] and math.isnan(traj.losses[0])
    assert "start" in traj.message


def test_convergence_uses_the_gradient_norm():
    traj = optimize("x^2 + y^2", ["x", "y"], {"y": 1, "x": 1}, lr=0.5)
    assert traj.status == "converged" and traj.points == [[1.0, 1.0], [0.0, 0.0]]
    assert traj.stopped_at == 1
    slow = optimize("x^2", "x", 5, lr=0.1, steps=500)
    k = slow.stopped_at
    assert slow.status == "converged" and abs(slow.gradients[-1][0]) < 1e-8
    assert abs(slow.gradients[-2][0]) >= 1e-8 and len(slow.points) == k + 1
    assert optimize("x^2", "x", 5, lr=0.1, steps=500, tol=0).status == "max_steps"


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match="newton"):
        optimize("x^2", "x", 1, method="newton")
    with pytest.raises(ValueError, match="beta3"):
        optimize("x^2", "x", 1, method="adam", beta3=0.5)
    with pytest.raises(ValueError, match="momentum"):
        optimize("x^2", "x", 1, method="gd", momentum=0.9)
    with pytest.raises(ValueError, match="a"):
        optimize("x^2 + a", "x", 1)
    with pytest.raises(ValueError, match="coordinates"):
        optimize("x^2 + y^2", "x y", [1])
    with pytest.raises(ValueError):
        optimize("x^2", "x", 1, lr=-0.1)


def test_result_is_plain_data():
    traj = optimize(ROSENBROCK, "x y", (-1.5, 2), method="adam", lr=0.01, steps=30)
    again = pickle.loads(pickle.dumps(traj))
    assert again.points == traj.points
    data = json.loads(json.dumps(traj.to_dict()))
    assert data["status"] == "max_steps" and len(data["points"]) == 31
    assert data["hyper"] == {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8}
    assert traj.latex and traj.steps[0].rule == "adam"
    assert len(traj.steps[0].substeps) == 3


def test_ten_thousand_steps_run_and_stay_finite():
    traj = optimize(ROSENBROCK, "x y", (-1.5, 2), method="momentum", lr=1e-3, steps=10_000, tol=0)
    assert len(traj.points) == 10_001
    np.testing.assert_allclose(traj.points[-1], [1.0, 1.0], atol=1e-6)


# ---------------------------------------------------------------- real PyTorch

TORCH_CASES = {
    "gd": ("SGD", {}),
    "momentum": ("SGD", {"momentum": 0.9}),
    "adagrad": ("Adagrad", {}),
    "rmsprop": ("RMSprop", {}),
    "adam": ("Adam", {}),
}


def torch_run(torch, name, kwargs, loss, start, lr, steps):
    p = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    opt = getattr(torch.optim, name)([p], lr=lr, **kwargs)
    out = [p.detach().clone().numpy()]
    for _ in range(steps):
        opt.zero_grad()
        loss(p).backward()
        opt.step()
        out.append(p.detach().clone().numpy())
    return np.array(out)


@pytest.mark.parametrize("problem", ["square", "bowl", "rosenbrock"])
@pytest.mark.parametrize("method", list(TORCH_CASES))
def test_matches_real_torch_optim(method, problem):
    torch = pytest.importorskip("torch")
    losses = {
        "square": lambda p: (p ** 2).sum(),
        "bowl": lambda p: p[0] ** 2 + 3 * p[1] ** 2 + p[0] * p[1],
        "rosenbrock": lambda p: (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2,
    }
    text, names, start, _ = PROBLEMS[problem]
    lr = LEARNING_RATES[problem]
    name, kwargs = TORCH_CASES[method]
    expected = torch_run(torch, name, kwargs, losses[problem], start, lr, 150)
    traj = optimize(text, names, start, method=method, lr=lr, steps=150, tol=0)
    np.testing.assert_allclose(np.array(traj.points), expected, rtol=1e-12, atol=1e-14)


def test_torch_names_for_our_hyper_parameters():
    torch = pytest.importorskip("torch")
    kwargs = {"betas": (0.8, 0.99), "eps": 1e-6}
    expected = torch_run(torch, "Adam", kwargs, lambda p: (p ** 2).sum(), [5.0], 0.3, 60)
    traj = optimize("x^2", "x", 5, method="adam", lr=0.3, steps=60, tol=0,
                    beta1=0.8, beta2=0.99, eps=1e-6)
    np.testing.assert_allclose(np.array(traj.points), expected, rtol=1e-12, atol=1e-14)


# every hyper-parameter our methods take, against torch.optim's own keyword names
TORCH_HYPER = [
    ("gd", "SGD", {"weight_decay": 0.1}, {"weight_decay": 0.1}),
    ("gd", "SGD", {"maximize": True}, {"maximize": True}),
    ("momentum", "SGD", {"momentum": 0.5, "dampening": 0.3}, {"momentum": 0.5, "dampening": 0.3}),
    ("momentum", "SGD", {"nesterov": True, "weight_decay": 0.05},
     {"momentum": 0.9, "nesterov": True, "weight_decay": 0.05}),
    ("adagrad", "Adagrad", {"lr_decay": 0.01, "initial_accumulator_value": 0.1, "eps": 1e-6,
                            "weight_decay": 0.02},
     {"lr_decay": 0.01, "initial_accumulator_value": 0.1, "eps": 1e-6, "weight_decay": 0.02}),
    ("rmsprop", "RMSprop", {"centered": True}, {"centered": True}),
    ("rmsprop", "RMSprop", {"momentum": 0.9}, {"momentum": 0.9}),
    ("rmsprop", "RMSprop", {"alpha": 0.9, "centered": True, "momentum": 0.5,
                            "weight_decay": 0.01, "eps": 1e-6},
     {"alpha": 0.9, "centered": True, "momentum": 0.5, "weight_decay": 0.01, "eps": 1e-6}),
    ("adam", "Adam", {"amsgrad": True}, {"amsgrad": True}),
    ("adam", "Adam", {"betas": (0.3, 0.8), "eps": 1e-6}, {"betas": (0.3, 0.8), "eps": 1e-6}),
    ("adam", "Adam", {"weight_decay": 0.1}, {"weight_decay": 0.1}),
    ("adam", "Adam", {"weight_decay": 0.1, "decoupled_weight_decay": True},
     {"weight_decay": 0.1, "decoupled_weight_decay": True}),
    ("adamw", "AdamW", {}, {}),
    ("adamw", "AdamW", {"weight_decay": 0.2, "amsgrad": True, "beta1": 0.8, "beta2": 0.99},
     {"weight_decay": 0.2, "amsgrad": True, "betas": (0.8, 0.99)}),
    ("adam", "Adam", {"maximize": True}, {"maximize": True}),
]
SEPARABLE = ("3x^2 + y^2/2", lambda p: 3 * p[0] ** 2 + 0.5 * p[1] ** 2)


@pytest.mark.parametrize("lr, start", [(0.05, [2.0, -1.5]), (0.3, [0.7, 3.0])])
@pytest.mark.parametrize("method, name, ours, theirs", TORCH_HYPER)
def test_every_hyper_parameter_matches_torch(method, name, ours, theirs, lr, start):
    torch = pytest.importorskip("torch")
    steps = 30 if ours.get("maximize") else 150
    if lr > 0.1 and method not in ("gd", "momentum"):
        steps = 60  # big steps bounce around: an ulp of difference (see below) grows
    expected = torch_run(torch, name, theirs, SEPARABLE[1], start, lr, steps)
    traj = optimize(SEPARABLE[0], "x y", start, method=method, lr=lr, steps=steps, tol=0, **ours)
    got = np.array(traj.points)
    assert len(got) <= len(expected) and (len(got) == len(expected) or traj.status == "diverged")
    expected = expected[:len(got)]
    if method in ("gd", "momentum"):
        # the gradient (6x, y) is computed alike, and no square root is involved: the
        # engine's fused multiply-adds round exactly as torch's CPU kernels do
        np.testing.assert_array_equal(got, expected)
    else:
        # torch's vectorised sqrt is not correctly rounded (an ulp off for ~1% of inputs)
        np.testing.assert_allclose(got, expected, rtol=1e-11, atol=1e-13)


def test_adamw_and_the_torch_spelling_of_betas():
    traj = optimize("x^2", "x", 3, method="adamw", lr=0.1, steps=5, tol=0, betas=(0.8, 0.9))
    assert traj.hyper["beta1"] == 0.8 and traj.hyper["beta2"] == 0.9
    assert traj.hyper["weight_decay"] == 0.01 and traj.hyper["decoupled_weight_decay"] is True
    with pytest.raises(ValueError, match="betas"):
        optimize("x^2", "x", 3, method="adam", betas=0.9)
    with pytest.raises(ValueError, match="centered"):
        optimize("x^2", "x", 3, method="adam", centered=True)
