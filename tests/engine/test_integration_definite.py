"""definite_integral: exact values against quad, improper and divergent integrals."""

from __future__ import annotations

import math
import pickle

import pytest
import sympy
from scipy import integrate

from workbench.engine import definite_integral
from workbench.engine.integration import Limits

QUICK = Limits(steps=1.0, rewrite=1.0, integrator=2.0, total=4.0)
ROOMY = Limits(steps=30.0, rewrite=30.0, integrator=30.0, total=120.0)  # stage checks


def test_curriculum_example():
    r = definite_integral("x^2", "x", 0, 2, limits=ROOMY)
    assert r.exact == sympy.Rational(8, 3)
    assert r.value == pytest.approx(8 / 3, rel=1e-12)
    assert r.error < 1e-10 and r.stage == "steps"
    rules = [s.rule for s in r.steps]
    assert rules[-1] == "ftc" and "power" in rules
    assert "8" in r.latex and r"\int_{0}^{2}" in r.latex
    assert r.antiderivative == sympy.Symbol("x") ** 3 / 3


@pytest.mark.parametrize("text, a, b", [
    ("sin(x)", 0, "pi"), ("x e^x", 0, 1), ("1/(1+x^2)", -1, 1), ("sec(x)^3", 0, "pi/4"),
    ("sqrt(1-x^2)", -1, 1), ("ln(x)", 1, "e"), ("cos(x)^2", 0, "pi/2"), ("3x^2-2x+1", -2, 3),
])
def test_exact_agrees_with_quad(text, a, b):
    r = definite_integral(text, "x", a, b)
    assert r.exact is not None
    exact = float(r.exact)
    assert exact == pytest.approx(r.value, rel=1e-8, abs=1e-10)
    # and with scipy called directly, independently of the engine's own quadrature
    f = sympy.lambdify(sympy.Symbol("x"), r.expr, "math")
    lo, hi = float(r.a), float(r.b)
    assert exact == pytest.approx(integrate.quad(f, lo, hi)[0], rel=1e-7, abs=1e-9)


@pytest.mark.parametrize("text, a, b, expected", [
    ("e^(-x)", 0, "oo", 1),
    ("exp(-x^2/2)/sqrt(2 pi)", "-oo", "oo", 1),
    ("1/sqrt(x)", 0, 1, 2),
    ("1/(1+x^2)", "-oo", "oo", sympy.pi),
    ("ln(x)", 0, 1, -1),
    ("x e^(-x)", 0, float("inf"), 1),
])
def test_improper_integrals_converge(text, a, b, expected):
    r = definite_integral(text, "x", a, b)
    assert sympy.simplify(r.exact - expected) == 0
    assert r.value == pytest.approx(float(expected), rel=1e-7)
    assert any(s.rule == "limit" for s in r.steps) or text == "1/sqrt(x)" or text == "ln(x)"


@pytest.mark.parametrize("text, a, b", [("1/x", 0, 1), ("1/x", 1, "oo"), ("1/x^2", -1, 1),
                                        ("e^x", 0, "oo")])
def test_divergent_integrals_say_so(text, a, b):
    r = definite_integral(text, "x", a, b, limits=QUICK)
    assert r.value == math.inf
    assert "diverges" in r.note


def test_oscillating_integral_is_nan_with_a_note():
    r = definite_integral("sin(x)", "x", 0, "oo", limits=QUICK)
    assert math.isnan(r.value) and "converge" in r.note


def test_undefined_integrand_does_not_crash():
    r = definite_integral("sqrt(x)", "x", -1, 1, limits=QUICK)
    assert r.exact is None and math.isnan(r.value)


def test_numeric_only_when_no_antiderivative():
    hopeless = Limits(steps=0.3, rewrite=0.3, integrator=0.5, total=1.5)
    r = definite_integral("x^3 e^(sin(x))", "x", 0, 1, limits=hopeless)
    assert r.exact is None and r.stage == "numeric"
    f = lambda t: t**3 * math.exp(math.sin(t))  # noqa: E731
    assert r.value == pytest.approx(integrate.quad(f, 0, 1)[0], rel=1e-10)
    assert r"\approx" in r.latex


def test_gaussian_density_with_mean_and_spread():
    r = definite_integral("exp(-(x-1)^2/(2*2^2))/(2 sqrt(2 pi))", "x", "-oo", "oo")
    assert sympy.simplify(r.exact - 1) == 0 and r.value == pytest.approx(1)


def test_parameters_give_exact_but_no_number():
    r = definite_integral("a x", "x", 0, 2)
    assert sympy.simplify(r.exact - 2 * sympy.Symbol("a")) == 0
    assert math.isnan(r.value)


def test_result_pickles_and_serialises():
    r = definite_integral("x^2", "x", 0, "pi/2")
    assert pickle.loads(pickle.dumps(r)).exact == r.exact
    data = r.to_dict()
    assert sympy.sympify(data["exact"]) == sympy.pi**3 / 24 and data["b"] == "pi/2"


def test_symbolic_bell_curve_integrates_to_one_assuming_positive_spread():
    r = definite_integral("exp(-(x-mu)^2/(2 sigma^2))/(sigma sqrt(2 pi))", "x", "-oo", "oo")
    assert r.exact == 1 and r.value == 1.0
    assert "assuming sigma > 0" in r.note and "mu" not in r.note.split("assuming")[1]


def test_exponential_density_mean_assuming_positive_rate():
    r = definite_integral("x lamda e^(-lamda x)", "x", 0, "oo")
    assert sympy.simplify(r.exact - 1 / sympy.Symbol("lamda")) == 0
    assert "assuming lamda > 0" in r.note


@pytest.mark.parametrize("text, a, b, expected", [
    ("sigmoid(x)", "-oo", 0, sympy.log(2)),
    ("sigmoid(x)(1 - sigmoid(x))", "-oo", "oo", 1),
    ("relu(x)", -1, 2, 2),
])
def test_ml_functions_definite(text, a, b, expected):
    r = definite_integral(text, "x", a, b, limits=ROOMY)
    assert sympy.simplify(r.exact - expected) == 0 and r.value == pytest.approx(float(expected))
    assert r.stage == "steps"


@pytest.mark.parametrize("text, a, b, expected", [
    # F(2) - F(-1) = -3/2 would be wrong: the area through 0 is infinite
    ("1/x^2", -1, 2, math.inf),
    ("1/x", -1, 2, math.nan),        # -oo on the left, +oo on the right: no value at all
    ("1/(x-1)^2", 0, 3, math.inf),
    ("1/sqrt(abs(x))", -1, 1, 4.0),  # singular inside, but integrable
])
def test_singularities_inside_the_interval_are_not_jumped_over(text, a, b, expected):
    result = definite_integral(text, "x", a, b, limits=ROOMY)
    if math.isnan(expected):
        assert math.isnan(result.value)
    else:
        assert result.value == pytest.approx(expected)


def test_a_special_function_value_at_a_bound_is_taken_as_it_is_not_as_a_limit():
    # F = 5 ln|x| − 2 Li₂(−3x): sympy cannot tell that Li₂(−27) is finite, and the bound
    # was said to be a point where the antiderivative is not defined
    r = definite_integral("(2 ln(3 x + 1) + 5)/x", "x", "1/2", "9")
    assert "limit" not in {s.rule for s in r.steps}
    assert r.exact.has(sympy.polylog)
    assert float(r.exact) == pytest.approx(r.value, rel=1e-9)
    # a true singular end still gets its limit
    assert "limit" in {s.rule for s in definite_integral("ln(x)", "x", 0, 1).steps}


def test_the_exact_value_is_not_folded_into_the_logarithm_of_a_huge_number():
    # simplify wrote F(4) − F(1) with ln(16·13^(−ln(729∛3) + … + ln 184884258895036416))
    r = definite_integral("x (2 ln(3 x) + 1) ln(2 x + 5)", "x", 1, 4)
    assert float(r.exact) == pytest.approx(r.value, rel=1e-9)
    assert all(abs(n.p) < 10**9 and n.q < 10**9 for n in r.exact.atoms(sympy.Rational))


def test_a_dilogarithm_value_on_a_negative_interval_is_written_without_i():
    # F is complex by a constant where 2x³ + 1 < 0; F(−1) − F(−3) held Li₂(54) and
    # ln(−27): Li₂(z) = π²/3 − ln²z/2 − Li₂(1/z) − iπ·ln z for z > 1 makes the i cancel
    r = definite_integral("ln(5 (2 x^3 + 1)^2)/x", "x", -3, -1)
    assert not r.exact.has(sympy.I)
    assert float(r.exact) == pytest.approx(r.value, rel=1e-9)
