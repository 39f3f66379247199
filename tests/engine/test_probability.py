"""probability / expectation: normal, exponential and uniform densities, checked against
closed forms from the textbook (and against scipy.stats where that is the reference)."""

from __future__ import annotations

import json
import math
import pickle

import pytest
import sympy

from workbench.engine import ParseError, expectation, probability

NORMAL = "exp(-(x-mu)^2/(2 sigma^2))/(sigma sqrt(2 pi))"
EXPONENTIAL = "lamda e^(-lamda x)"
UNIFORM_0_4 = "(heaviside(x) - heaviside(x-4))/4"


def test_standard_normal_one_sigma_rule():
    result = probability(NORMAL, "x", -1, 1, params={"mu": 0, "sigma": 1})
    assert result.value == pytest.approx(math.erf(1 / math.sqrt(2)), abs=1e-9)
    assert float(result.exact) == pytest.approx(result.value, abs=1e-12)
    assert result.normalized is True
    assert result.support == (-sympy.oo, sympy.oo)
    # a named density is recognised and answered from its CDF, without integrating
    assert [s.rule for s in result.steps] == ["support", "recognise", "cdf", "probability"]


def test_normal_with_shifted_mean_agrees_with_scipy():
    from scipy.stats import norm

    result = probability(NORMAL, "x", 45, 52, params={"mu": 50, "sigma": 3})
    assert result.value == pytest.approx(norm.cdf(52, 50, 3) - norm.cdf(45, 50, 3), abs=1e-9)


def test_symbolic_normal_is_normalized_and_has_mean_mu():
    mu, sigma = sympy.symbols("mu sigma")
    assert probability(NORMAL, "x", "-oo", "oo").normalized is True
    mean = expectation("x", NORMAL)
    assert sympy.simplify(mean.exact - mu) == 0
    assert math.isnan(mean.value)  # parameters left symbolic: no number
    second = expectation("x^2", NORMAL)
    assert sympy.simplify(second.exact - (mu ** 2 + sigma ** 2)) == 0


def test_exponential_support_is_the_positive_half_line():
    lamda = sympy.Symbol("lamda")
    result = probability(EXPONENTIAL, "x", -5, 1)
    assert result.support == (0, sympy.oo)
    assert result.a == 0  # the bound was clipped to the support
    assert sympy.simplify(result.exact - (1 - sympy.exp(-lamda))) == 0
    assert result.normalized is True
    assert "probability" in [s.rule for s in result.steps]  # F(1) - F(0)
    numeric = probability(EXPONENTIAL, "x", 0, 1, params={"lamda": 2})
    assert numeric.value == pytest.approx(1 - math.exp(-2), abs=1e-10)
    assert sympy.simplify(expectation("x", EXPONENTIAL).exact - 1 / lamda) == 0


def test_uniform_box_from_heaviside_steps():
    result = probability(UNIFORM_0_4, "x", 1, 2)
    assert result.exact == sympy.Rational(1, 4) and result.value == pytest.approx(0.25)
    assert result.normalized is True
    assert result.family == "uniform"
    mean = expectation("x", UNIFORM_0_4)
    assert mean.exact == 2 and mean.value == pytest.approx(2.0)
    var = expectation("(x-2)^2", UNIFORM_0_4)
    assert var.exact == sympy.Rational(4, 3)  # (b - a)^2 / 12


def test_uniform_with_an_explicit_support():
    result = probability("1/4", "x", 1, 3, support=(0, 4))
    assert result.exact == sympy.Rational(1, 2) and result.normalized is True


@pytest.mark.parametrize(("pdf", "support"), [
    ("2x", None),  # read as living on [0, oo): the integral diverges
    ("x", (0, 1)),  # integrates to 1/2
    ("x^2 - 1/3", (0, 1)),  # integrates to 0
])
def test_functions_that_are_not_densities(pdf, support):
    assert probability(pdf, "x", 0, 1, support=support).normalized is False


def test_negative_function_integrating_to_one_is_not_a_density():
    # integrates to 1 on [0, 1] but dips below 0 near x = 0
    result = probability("6x^2 - 1", "x", 0, 1, support=(0, 1))
    assert result.value == pytest.approx(1.0)
    assert result.normalized is False


def test_expectation_on_a_sub_interval():
    result = expectation("x", "2x", "x", 0, 1, support=(0, 1))
    assert result.exact == sympy.Rational(2, 3)
    assert result.value == pytest.approx(2 / 3)


def test_results_pickle_and_serialise():
    for result in (probability(EXPONENTIAL, "x", 0, 1), expectation("x", UNIFORM_0_4)):
        again = pickle.loads(pickle.dumps(result))
        assert again.exact == result.exact and again.latex == result.latex
        data = json.loads(json.dumps(result.to_dict()))
        assert sympy.simplify(sympy.sympify(data["exact"]) - result.exact) == 0


def test_bad_input():
    with pytest.raises(ParseError) as info:
        probability("exp(-x^2", "x", 0, 1)
    assert info.value.position is not None
    with pytest.raises(ParseError):
        probability(EXPONENTIAL, "x", 2, 1)
    with pytest.raises(ParseError):
        probability("1", "x", 0, 1, support=(3, 1))


def test_the_exported_names_stay_functions_after_every_module_is_imported():
    import importlib
    import importlib.util

    import workbench.engine

    for module in set(workbench.engine._EXPORTS.values()):
        if importlib.util.find_spec(module) is not None:
            importlib.import_module(module)
    from workbench.engine import probability as exported

    assert callable(exported) and not isinstance(exported, type(workbench))
    from workbench.engine import backprop

    assert not isinstance(backprop, type(workbench))
    result = exported("2x", "x", 0, 1, support=(0, 1))
    assert result.exact == 1 and result.normalized is True
