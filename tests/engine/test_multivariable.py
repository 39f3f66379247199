"""Gradient, Hessian, Jacobian, directional derivative and learning-rate limits.

Checked against sympy (differences simplify to zero), against finite differences at
random points, and against the curriculum's worked examples.
"""

from __future__ import annotations

import json
import math
import pickle

import numpy as np
import pytest
import sympy

from workbench.engine.multivariable import (directional_derivative, gradient, hessian,
                                            jacobian, learning_rate_limits)
from workbench.engine.functions import to_elementary
from workbench.engine.optimizers import optimize
from workbench.protocol.syntax import evaluate

x, y, z = sympy.symbols("x y z")

# (text, the same function built directly in sympy, variables)
FUNCTIONS = [
    ("x^2 y + 3xy^2", x ** 2 * y + 3 * x * y ** 2, ["x", "y"]),
    ("x^2 y + sin y", x ** 2 * y + sympy.sin(y), ["x", "y"]),
    ("exp(x y) + ln(1 + x^2 + z^2) cos(z)",
     sympy.exp(x * y) + sympy.log(1 + x ** 2 + z ** 2) * sympy.cos(z), ["x", "y", "z"]),
    ("(1 - x)^2 + 100(y - x^2)^2", (1 - x) ** 2 + 100 * (y - x ** 2) ** 2, ["x", "y"]),
    ("sigmoid(2x - y) + tanh(x y)", 1 / (1 + sympy.exp(-(2 * x - y))) + sympy.tanh(x * y),
     ["x", "y"]),
]


def numeric(expr, names):
    return sympy.lambdify([sympy.Symbol(n) for n in names], expr, "math")


def central_gradient(f, p, h=1e-6):
    out = []
    for i in range(len(p)):
        hi, lo = list(p), list(p)
        hi[i] += h
        lo[i] -= h
        out.append((f(*hi) - f(*lo)) / (2 * h))
    return out


def test_curriculum_example_at_2_3():
    g = gradient("x^2 y + 3xy^2", ["x", "y"], at=(2, 3))
    assert g.function_value == 66.0
    assert g.value == [39.0, 40.0]
    assert sympy.simplify(g.result[0] - (2 * x * y + 3 * y ** 2)) == 0
    assert sympy.simplify(g.result[1] - (x ** 2 + 6 * x * y)) == 0
    assert g.vars == ["x", "y"] and g.at == [2.0, 3.0]


def test_second_curriculum_example():
    g = gradient("x^2 y + sin y", "x, y")
    assert sympy.simplify(g.result[0] - 2 * x * y) == 0
    assert sympy.simplify(g.result[1] - (x ** 2 + sympy.cos(y))) == 0
    assert g.value is None and g.at is None


@pytest.mark.parametrize("text, expr, names", FUNCTIONS)
def test_gradient_matches_sympy_and_finite_differences(text, expr, names):
    for got, name in zip(gradient(text, names).result, names):
        reference = sympy.diff(expr, sympy.Symbol(name))
        assert sympy.simplify(to_elementary(got) - reference) == 0
    rng = np.random.default_rng(1)
    f = numeric(expr, names)
    for _ in range(4):
        p = [float(v) for v in rng.uniform(-1.2, 1.2, len(names))]
        g = gradient(text, names, at=p)
        np.testing.assert_allclose(g.value, central_gradient(f, p), rtol=1e-6, atol=1e-6)
        exact = [float(sympy.diff(expr, sympy.Symbol(n)).subs(dict(zip(
            [sympy.Symbol(m) for m in names], p)))) for n in names]
        np.testing.assert_allclose(g.value, exact, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("text, expr, names", FUNCTIONS)
def test_hessian_matches_sympy_and_finite_differences(text, expr, names):
    symbols = [sympy.Symbol(n) for n in names]
    rng = np.random.default_rng(2)
    p = [float(v) for v in rng.uniform(-1, 1, len(names))]
    h = hessian(text, names, at=p)
    reference = sympy.hessian(expr, symbols)
    for i in range(len(names)):
        for j in range(len(names)):
            diff = h.result[i][j] - reference[i, j]
            assert float(diff.subs(dict(zip(symbols, p)))) == pytest.approx(0, abs=1e-9)
    grad = [numeric(sympy.diff(expr, s), names) for s in symbols]
    fd = np.array([central_gradient(g, p, 1e-5) for g in grad])
    np.testing.assert_allclose(h.value, fd, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(h.value, np.array(h.value).T, rtol=1e-12)
    np.testing.assert_allclose(h.eigenvalues, np.linalg.eigvalsh(np.array(h.value)), rtol=1e-10)


def test_hessian_of_the_curriculum_example():
    h = hessian("x^2 y + 3xy^2", ["x", "y"], at={"x": 2, "y": 3})
    assert h.value == [[6.0, 22.0], [22.0, 12.0]]
    assert h.eigenvalues == pytest.approx(sorted([9 - math.sqrt(493), 9 + math.sqrt(493)]))
    assert hessian("x^2 y", ["x", "y"]).eigenvalues is None


def test_jacobian_rows_are_component_gradients():
    exprs = [x * y, sympy.sin(x) + y ** 2, sympy.exp(x * y)]
    j = jacobian(["x y", "sin(x) + y^2", "exp(x y)"], ["x", "y"], at=[0.5, -1])
    assert j.shape == (3, 2)
    reference = sympy.Matrix(exprs).jacobian([x, y])
    for i in range(3):
        for k in range(2):
            assert sympy.simplify(j.result[i][k] - reference[i, k]) == 0
            assert j.value[i][k] == pytest.approx(float(reference[i, k].subs({x: 0.5, y: -1})))
    single = jacobian("x^2 y", [x, y])
    assert single.shape == (1, 2) and single.value is None
    assert len(j.steps) == 3 and all(len(s.substeps) == 2 for s in j.steps)


def test_directional_derivative_is_the_slope_along_the_unit_vector():
    d = directional_derivative("x^2 y + 3xy^2", ["x", "y"], (2, 3), (3, 4))
    assert d.unit_direction == pytest.approx([0.6, 0.8])
    assert d.value == pytest.approx(0.6 * 39 + 0.8 * 40)
    f = numeric(x ** 2 * y + 3 * x * y ** 2, ["x", "y"])
    h = 1e-6
    slope = (f(2 + 0.6 * h, 3 + 0.8 * h) - f(2 - 0.6 * h, 3 - 0.8 * h)) / (2 * h)
    assert d.value == pytest.approx(slope, rel=1e-7)
    assert float(d.result.subs({x: 2, y: 3})) == pytest.approx(d.value)
    assert d.function_value == 66.0 and d.gradient == [39.0, 40.0]
    with pytest.raises(ValueError, match="zero"):
        directional_derivative("x y", ["x", "y"], (1, 1), (0, 0))


@pytest.mark.parametrize("text, matrix", [
    ("x^2 + 10 y^2", [[2, 0], [0, 20]]),
    ("3x^2 + 2x y + y^2", [[6, 2], [2, 2]]),
])
def test_learning_rate_limits_predict_descent_on_a_quadratic(text, matrix):
    eig = np.linalg.eigvalsh(np.array(matrix, dtype=float))
    limits = learning_rate_limits(text, ["x", "y"], (1.0, -2.0))
    assert limits.lambda_min == pytest.approx(eig[0])
    assert limits.lambda_max == pytest.approx(eig[1])
    assert limits.max_stable == pytest.approx(2 / eig[1])
    assert limits.optimal == pytest.approx(2 / (eig[0] + eig[1]))
    below = optimize(text, ["x", "y"], (1.0, -2.0), lr=0.98 * limits.max_stable, steps=3000)
    above = optimize(text, ["x", "y"], (1.0, -2.0), lr=1.02 * limits.max_stable, steps=3000)
    assert below.status == "converged"
    assert above.status == "diverged"
    best = optimize(text, ["x", "y"], (1.0, -2.0), lr=limits.optimal, steps=3000)
    assert best.status == "converged" and len(best.points) <= len(below.points)


def test_learning_rate_limits_without_a_minimum():
    saddle = learning_rate_limits("x^2 - y^2", "x y", (0, 0))
    assert saddle.max_stable == pytest.approx(1.0) and saddle.optimal is None
    cap = learning_rate_limits("-x^2 - 3y^2", "x y", (0.5, 0.5))
    assert cap.max_stable == math.inf and cap.optimal is None and "no minimum" in cap.note
    data = json.loads(json.dumps(cap.to_dict(), allow_nan=True))
    assert data["lambda_max"] == pytest.approx(-2.0)


def test_steps_name_what_is_held_constant_and_check_numerically():
    g = gradient("x^2 y + 3xy^2 + z", ["x", "y", "z"])
    assert [s.rule for s in g.steps] == ["partial"] * 3
    assert "holding y, z constant" in g.steps[0].title
    assert "holding x, z constant" in g.steps[1].title
    env = {"x": np.array([0.3, 2.0]), "y": np.array([-1.1, 3.0]), "z": np.array([0.5, 1.0])}
    for step, part in zip(g.steps, g.result):
        expected = numeric(part, ["x", "y", "z"])(*(env[n] for n in "xyz"))
        np.testing.assert_allclose(evaluate(step.result, env), expected * np.ones(2))
        assert step.var in ("x", "y", "z") and step.subject is not None


def test_substeps_come_from_the_derivative_engine():
    pytest.importorskip("workbench.engine.differentiation")
    g = gradient("x^2 y + sin y", ["x", "y"])
    assert all(step.substeps for step in g.steps)


def test_inputs_in_every_accepted_form():
    xr, yr = sympy.symbols("x y", real=True)
    by_symbols = gradient(xr ** 2 * yr, [xr, yr], at={"y": 3, "x": 2})
    assert by_symbols.value == [12.0, 4.0]
    assert gradient("x^2 y", "x y", at=["1/2", "pi"]).value == pytest.approx([math.pi, 0.25])
    assert gradient("x^2 y", "x y", at=np.array([1.5, 2])).value == [6.0, 2.25]
    assert optimize("x^2", "x", np.int64(3), steps=1).points == [[3.0], [2.4]]
    assert gradient("|x| + relu(y)", ["x", "y"], at=(-2, 1)).value == [-1.0, 1.0]
    with pytest.raises(ValueError, match="coordinates"):
        gradient("x y", ["x", "y"], at=[1])
    with pytest.raises(ValueError, match="y"):
        gradient("x y", ["x", "y"], at={"x": 1})
    assert gradient("a x^2", ["x"]).result == [2 * sympy.Symbol("a") * x]
    with pytest.raises(ValueError, match="a"):
        gradient("a x^2", ["x"], at=[1])


def test_results_are_plain_data():
    results = [
        gradient("x^2 y", ["x", "y"], at=(1, 2)),
        hessian("x^2 y", ["x", "y"], at=(1, 2)),
        jacobian(["x y", "x + y"], ["x", "y"], at=(1, 2)),
        directional_derivative("x^2 y", ["x", "y"], (1, 2), (1, 1)),
        learning_rate_limits("x^2 + y^2", ["x", "y"], (1, 2)),
    ]
    for result in results:
        assert result.latex
        data = json.loads(json.dumps(result.to_dict()))
        assert data["type"] == type(result).__name__
        assert pickle.loads(pickle.dumps(result)) == result
    assert sympy.sympify(json.loads(json.dumps(results[0].to_dict()))["result"][0]) == 2 * x * y


def test_substeps_are_wired_to_derivative(monkeypatch):
    """Without waiting for the derivative engine: a stand-in module records the calls."""
    import sys
    import types

    from workbench.protocol.steps import Step

    calls = []

    def derivative(expr, var="x", order=1):
        calls.append((expr, var))
        return types.SimpleNamespace(steps=[Step("power", f"d/d{var}", "a", "b")])

    fake = types.ModuleType("workbench.engine.differentiation")
    fake.derivative = derivative
    monkeypatch.setitem(sys.modules, "workbench.engine.differentiation", fake)
    g = gradient("x^2 y", ["x", "y"])
    assert [s.substeps[0].title for s in g.steps] == ["d/dx", "d/dy"]
    assert calls == [(x ** 2 * y, "x"), (x ** 2 * y, "y")]
    calls.clear()
    quick = hessian("x^2 y", ["x", "y"], at=(1, 1), rule_steps=False)
    assert calls == [] and quick.value == [[2.0, 2.0], [2.0, 0.0]]
    learning_rate_limits("x^2 y", ["x", "y"], (1, 1))
    assert calls == []
    full = hessian("x^2 y", ["x", "y"])
    assert len(calls) == 2 + 4 and [len(s.substeps) for s in full.steps] == [3, 3]


def test_jacobian_reads_a_vector_text_and_gives_rows_with_values():
    j = jacobian("[x*y, x + y^2]", "x, y", at=[1, 2])
    assert j.shape == (2, 2)
    assert j.value == [[2.0, 1.0], [1.0, 4.0]]
    assert j.function_value == [2.0, 5.0]
    assert [s.rule for s in j.steps] == ["gradient", "gradient"]
    assert all(len(s.substeps) == 2 and "value at the point" in s.title for s in j.steps)
    assert j.steps[1].after.endswith(r"= \begin{pmatrix}1 & 4\end{pmatrix}")
    with pytest.raises(ValueError, match="a vector is one list of entries"):
        jacobian("[[x, y], [y, x]]", "x, y")
