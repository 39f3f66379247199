"""Named densities: recognised, and their mean, variance, CDF, quantiles and MGF checked
against scipy.stats and against the integrals they stand for."""

from __future__ import annotations

import math

import pytest
import sympy
from scipy import stats
from scipy.integrate import quad

from workbench.engine.densities import expectation, probability
from workbench.engine.density_summary import distribution, mgf, moments

# (typed pdf, support, params, family, the scipy distribution it is)
NAMED = [
    ("e^(-(x - mu)^2/(2 sigma^2))/(sigma sqrt(2 pi))", None, {"mu": 1, "sigma": 2}, "normal",
     stats.norm(1, 2)),
    ("lamda e^(-lamda x)", None, {"lamda": 2}, "exponential", stats.expon(scale=0.5)),
    ("1/(d - c)", (0, 3), {"c": 0, "d": 3}, "uniform", stats.uniform(0, 3)),
    ("sigmoid(x)(1 - sigmoid(x))", None, {}, "logistic", stats.logistic()),
    ("e^(-(x-mu)/s)/(s(1+e^(-(x-mu)/s))^2)", None, {"mu": 1, "s": 2}, "logistic",
     stats.logistic(1, 2)),
    ("e^(-abs(x - mu)/b)/(2 b)", None, {"mu": -1, "b": 3}, "Laplace", stats.laplace(-1, 3)),
    ("1/(pi (1 + x^2))", None, {}, "Cauchy", stats.cauchy()),
    ("x^2 e^(-2x) * 4", None, {}, "gamma", stats.gamma(3, scale=0.5)),
    ("12 x^2 (1 - x)", (0, 1), {}, "beta", stats.beta(3, 2)),
]


@pytest.mark.parametrize(("pdf", "support", "params", "family", "law"), NAMED)
def test_moments_match_scipy(pdf, support, params, family, law):
    result = moments(pdf, support=support, params=params)
    assert result.family == family and result.normalized
    if family == "Cauchy":
        assert result.mean_exists is False and math.isnan(result.mean_value)
        assert "does not exist" in result.latex
        return
    assert result.mean_value == pytest.approx(law.mean(), rel=1e-12, abs=1e-12)
    assert result.variance_value == pytest.approx(law.var(), rel=1e-12)
    assert result.std_value == pytest.approx(law.std(), rel=1e-12)
    rules = [s.rule for s in result.steps]
    assert rules[-2:] == ["variance", "standard_deviation"]


@pytest.mark.parametrize(("pdf", "support", "params", "family", "law"), NAMED)
def test_cdf_and_quantiles_match_scipy(pdf, support, params, family, law):
    result = distribution(pdf, support=support, params=params, quantiles=(0.1, 0.5, 0.9))
    x = sympy.Symbol("x")
    func = sympy.lambdify(x, result.cdf, modules=["scipy", "numpy"])
    lo, hi = law.ppf(0.02), law.ppf(0.98)
    for k in range(7):
        point = lo + (hi - lo) * k / 6
        assert float(func(point)) == pytest.approx(law.cdf(point), abs=1e-12)
    for level, _, value in result.quantiles:
        assert value == pytest.approx(law.ppf(level), rel=1e-9, abs=1e-9)


@pytest.mark.parametrize(("pdf", "support", "params", "family", "law"), NAMED)
def test_probability_is_the_rise_of_the_cdf(pdf, support, params, family, law):
    a, b = law.ppf(0.2), law.ppf(0.7)
    a, b = sympy.nsimplify(round(a, 3)), sympy.nsimplify(round(b, 3))
    result = probability(pdf, "x", a, b, support=support, params=params)
    assert result.family == family
    assert result.value == pytest.approx(law.cdf(float(b)) - law.cdf(float(a)), abs=1e-12)


@pytest.mark.parametrize(("pdf", "params", "t", "law"), [
    ("lamda e^(-lamda x)", {"lamda": 2}, 1, stats.expon(scale=0.5)),
    ("e^(-(x - mu)^2/(2 sigma^2))/(sigma sqrt(2 pi))", {"mu": 1, "sigma": 2}, 0.5,
     stats.norm(1, 2)),
    ("sigmoid(x)(1 - sigmoid(x))", {}, 0.5, stats.logistic()),
    ("e^(-abs(x - mu)/b)/(2 b)", {"mu": 0, "b": 1}, -0.5, stats.laplace()),
])
def test_mgf_matches_the_integral(pdf, params, t, law):
    result = mgf(pdf, t, params=params)
    assert result.exists
    # in logs: e^(tv)·f(v) = e^(tv + ln f(v)), which never overflows where f is tiny
    direct = quad(lambda v: math.exp(t * v + law.logpdf(v)), -math.inf, math.inf)[0]
    assert result.value == pytest.approx(direct, rel=1e-8)
    again = expectation(f"e^({t} x)", pdf, params=params)
    assert again.value == pytest.approx(direct, rel=1e-8)


@pytest.mark.parametrize(("pdf", "params", "t"), [
    ("lamda e^(-lamda x)", {"lamda": 2}, 3), ("1/(pi (1 + x^2))", {}, 0.5),
    ("e^(-abs(x))/2", {}, 2), ("sigmoid(x)(1 - sigmoid(x))", {}, 1),
])
def test_mgf_says_where_it_diverges(pdf, params, t):
    result = mgf(pdf, t, params=params)
    assert result.exists is False and result.value == math.inf
    assert "diverges" in result.latex and result.domain


def test_cauchy_mean_is_not_a_number():
    result = expectation("x", "1/(pi (1 + x^2))")
    assert result.exists is False and result.exact is None and math.isnan(result.value)
    assert "does not exist" in result.latex


def test_symbolic_parameters_give_formulas():
    mu, sigma = sympy.symbols("mu sigma")
    result = moments("e^(-(x - mu)^2/(2 sigma^2))/(sigma sqrt(2 pi))")
    assert result.family_params == {r"\mu": mu, r"\sigma": sigma}
    assert result.mean == mu and sympy.simplify(result.variance - sigma ** 2) == 0


def test_unnormalised_function_is_said_so_and_normalised():
    # x on [0, 1] has area 1/2: it is half of the beta(2, 1) density 2x
    p = probability("x", "x", 0, "1/2", support=(0, 1))
    assert p.normalized is False and p.total == sympy.Rational(1, 2)
    assert p.exact == sympy.Rational(1, 8) and p.normalized_exact == sympy.Rational(1, 4)
    assert "normalise" in [s.rule for s in p.steps]
    e = expectation("x", "x", support=(0, 1))
    assert e.exact == sympy.Rational(1, 3) and e.normalized_exact == sympy.Rational(2, 3)
    m = moments("x", support=(0, 1))
    assert m.scale == sympy.Rational(1, 2) and m.mean == sympy.Rational(2, 3)
    assert m.variance == sympy.Rational(1, 18)
    d = distribution("x", support=(0, 1), quantiles=(0.5,))
    assert d.cdf == sympy.Symbol("x") ** 2 and d.quantiles[0][1] == sympy.sqrt(2) / 2


def test_unnamed_density_is_integrated_and_its_quantile_found_numerically():
    m = moments("x^3 + 1", support=(0, 1))  # area 5/4
    assert m.family == "" and m.scale == sympy.Rational(5, 4)
    assert m.mean == sympy.Rational(4, 5) * (sympy.Rational(1, 5) + sympy.Rational(1, 2))
    d = distribution("x^3 + 1", support=(0, 1), quantiles=(0.5,))
    _, _, value = d.quantiles[0]
    assert (value ** 4 / 4 + value) / 1.25 == pytest.approx(0.5, abs=1e-12)


def test_support_step_is_one_statement():
    step = probability("1", "x", 0, 1, support=(0, 1)).steps[0]
    assert step.rule == "support" and step.after == ""
    assert step.before == r"f(x) = 1\quad \text{for } x \in \left[0, 1\right]"


@pytest.mark.parametrize(("g", "pdf", "exists"), [
    ("x", "1/(1 + abs(x))^3", True), ("x^2", "1/(1 + abs(x))^3", False),
    ("x", "1/(1 + x^2)^(3/4)", False), ("x", "e^(-x^2)", True),
])
def test_heavy_tails_of_unnamed_densities_mean_no_expectation(g, pdf, exists):
    result = expectation(g, pdf)
    assert result.exists is exists
    if exists:
        assert result.value == pytest.approx(0.0, abs=1e-12)  # odd g, even density
    else:
        assert math.isnan(result.value) and "does not exist" in result.latex


@pytest.mark.parametrize(("pdf", "support", "params", "family", "law"), NAMED)
def test_cdf_tree_samples_like_scipy_over_the_whole_line(pdf, support, params, family, law):
    import numpy as np

    from workbench.protocol.syntax import evaluate

    tree = distribution(pdf, support=support, params=params, quantiles=(0.5,)).cdf_tree
    xs = np.linspace(law.ppf(0.001) - 1, law.ppf(0.999) + 1, 57)
    np.testing.assert_allclose(evaluate(tree, {"x": xs}), law.cdf(xs), atol=1e-12)


def test_results_pickle_and_serialise():
    import json
    import pickle

    for result in (moments("x", support=(0, 1)), distribution("e^(-abs(x))/2"),
                   mgf("lamda e^(-lamda x)", 1, params={"lamda": 2}),
                   probability("x", "x", 0, 1, support=(0, 1)),
                   expectation("x", "1/(pi (1 + x^2))")):
        again = pickle.loads(pickle.dumps(result))  # NaN fields: compare what is written
        assert json.dumps(again.to_dict()) == json.dumps(result.to_dict())
