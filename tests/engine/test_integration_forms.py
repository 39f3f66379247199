"""Rules chosen from the integrand's form (workbench.engine.integration.forms, .rational).

Every answer is checked independently of the engine: its derivative must equal the
integrand at random real points (tests.engine.textbook_integrals.check_antiderivative).
"""

from __future__ import annotations

import pytest
import sympy

from tests.engine.textbook_integrals import REAL_X, check_antiderivative, real_parse, rules_of
from workbench.engine import antiderivative
from workbench.engine.integration.forms import log_derivative, power_times_log, solve_by_form
from workbench.engine.integration.rational import rational_integral
from workbench.engine.integration.real_factors import biquadratic_factors

X = REAL_X


RATIONAL = [
    "1/(x^2-2)", "1/(x^3+1)", "1/(x^4+1)", "(x+1)/(x^2+x+1)^2", "1/(x^2+2x+5)",
    "x/(x^2-5)", "1/(x^4+4)", "(x^2+1)/(x^4+1)", "1/(x^3-2)", "1/(x^4-2)", "1/(x^6-1)",
    "(x^5+1)/(x^2-1)", "(x^2+3)/((x-1)^2 (x^2+1)^2)", "3/(2x+5)^3", "1/(x^2+1)^3",
    "(3x+2)/(2x^2+2x+5)^2", "1/(x^2-x-1)", "x^2/(x^4+1)", "1/(x^5+1)",
    # biquadratics whose real quadratic factors have nested radicals (√(2√C − B))
    "x^4/(5x^4+3x^2+2)", "(x^3+2)/(2x^4+x^2+3)", "x^2/(3x^4-x^2+2)",
    # a·x⁴ − c whose root (c/a)^(1/4) is written with several radicals (2^(3/4)·3^(1/4)/2)
    "1/(2x^4-3)", "(x^3+2x^2-x+3)/(5x^4-7)", "x^7/(2x^4-3)", "x^5/(3x^3+2)", "x^4/(3x^3-5)",
    # factors over the rationals first, then each over its own radicals
    "20x^4/(2x^8-x^4-3)", "1/((x^4+1)(x-1))", "x/((x^3-2)(x^2+x+1))",
    # a denominator of degree 10 with rational factors (what t = √((1 − 2x)/(5x + 3)) makes)
    "x^2/((x^2+7)^3 (5x^2+2)^2)",
    # repeated factors that need radicals: Ostrogradsky's (Hermite's) reduction first
    "(9x^5+8x^4+6x^3+4x^2+7x+5)/(3x^4+2)^3", "1/(x^4+1)^2", "x^2/(x^2-2)^2", "x/(x^3-2)^2",
    # a·xⁿ + c up to n = 8 by the roots of unity (irreducible over the rationals)
    "1/(x^6+1)", "x^2/((25x^6+1)(4x+7))", "x^3/(2x^6-3)", "1/(x^8+1)", "(x+1)/(x^5-2)",
    # biquadratics with real roots whose radicals nest (x² = 2 ± √6)
    "1/(x^4-4x^2-2)", "(x^2+1)/(x^4-5x^2+5)", "(x^6+2x^4+x^2)/(x^8-8x^6+12x^4+16x^2+4)",
]


@pytest.mark.parametrize("text", ["5x^4+3x^2+2", "x^4+1", "2x^4-x^2+3"])
def test_a_biquadratic_without_real_roots_is_a_product_of_two_real_quadratics(text):
    k, plus, minus = biquadratic_factors(real_parse(text), X)
    assert sympy.expand(k * plus * minus - real_parse(text)).simplify() == 0
    for q in (plus, minus):  # each without real roots
        a, b, c = sympy.Poly(q, X).all_coeffs()
        assert (b**2 - 4 * a * c).evalf() < 0


@pytest.mark.parametrize("text", RATIONAL)
def test_rational_functions_integrate_with_real_logs_and_arctangents(text):
    solved = rational_integral(real_parse(text), X)
    assert solved is not None
    _steps, result = solved
    assert check_antiderivative(text, result) == "ok", result
    # real answers only: no i, no RootSum, no unevaluated integral
    assert not result.has(sympy.I, sympy.RootSum, sympy.Integral)
    assert result.atoms(sympy.Function) <= {f for f in result.atoms(sympy.Function)
                                            if isinstance(f, (sympy.log, sympy.atan,
                                                              sympy.Abs))}


def test_irrational_roots_are_split_into_two_logarithms():
    steps, result = rational_integral(real_parse("1/(x^2-2)"), X)
    root = sympy.sqrt(2)
    assert result.has(sympy.log(sympy.Abs(X - root)), sympy.log(sympy.Abs(X + root)))
    assert steps[0].rule == "partial_fractions" and "real numbers" in steps[0].title


def test_complex_roots_pair_into_a_quadratic_with_an_arctangent():
    steps, result = rational_integral(real_parse("1/(x^3+1)"), X)
    assert result.has(sympy.atan) and result.has(sympy.log(sympy.Abs(X**2 - X + 1)))
    assert {"log", "split_numerator", "complete_square"} <= rules_of(steps)


def test_a_repeated_quadratic_uses_the_reduction_formula():
    steps, result = rational_integral(real_parse("1/(x^2+1)^3"), X)
    assert "reduction_formula" in rules_of(steps)
    assert check_antiderivative("1/(x^2+1)^3", result) == "ok"


def test_a_single_fraction_is_its_own_rule():
    steps, result = rational_integral(real_parse("1/x"), X)
    assert result == sympy.log(sympy.Abs(X)) and steps[0].rule == "log"
    steps, result = rational_integral(real_parse("1/(x^2+9)"), X)
    assert steps[0].rule == "inverse_trig" and result == sympy.atan(X / 3) / 3


def test_not_a_rational_function_is_left_alone():
    assert rational_integral(real_parse("sin(x)/x"), X) is None
    assert rational_integral(real_parse("x^2+1"), X) is None
    a = sympy.Symbol("a")
    assert rational_integral(1 / (X**2 + a), X) is None  # parameters: not this rule


def test_derivative_over_function_is_a_logarithm():
    for text in ("(2x+1)/(x^2+x+3)", "(e^x+cos(x))/(e^x+sin(x))", "(1+ln(x))/(x ln(x))"):
        steps, result = log_derivative(real_parse(text), X)
        assert steps[0].rule == "log" and "ln|g|" in steps[0].title
        assert check_antiderivative(text, result) == "ok"
    assert log_derivative(real_parse("x/(x^2+x+3)"), X) is None  # not a multiple of 2x + 1


def test_a_substitution_that_lowers_the_degree_comes_first():
    steps, result = solve_by_form(real_parse("x^3/(x^4+1)^2"), X)
    assert steps[0].rule == "substitution" and not result.has(sympy.atan)
    assert check_antiderivative("x^3/(x^4+1)^2", result) == "ok"


@pytest.mark.parametrize("text", ["1/(x^4+1)", "1/(x^3+1)", "(x+1)/(x^2+x+1)^2"])
def test_the_chain_answers_rational_functions_from_their_form(text):
    r = antiderivative(text)
    assert r.verified and r.stage in ("steps", "rewrite") and "form" in r.note
    assert check_antiderivative(text, r.result) == "ok"


@pytest.mark.parametrize("text", ["x^4 ln(2x)", "sqrt(x) ln(x)^2", "ln(x)^3", "ln(x)/x^2",
                                  "3 x^2 ln(5x)^2"])
def test_a_power_times_a_power_of_a_logarithm_by_parts(text):
    steps, result = power_times_log(real_parse(text), X)
    assert steps[0].rule == "parts" and "one power of the logarithm less" in steps[0].title
    assert check_antiderivative(text, result) == "ok", result


def test_power_times_log_leaves_other_forms():
    assert power_times_log(real_parse("ln(x)/x"), X) is None  # a = −1: u = ln x
    assert power_times_log(real_parse("x ln(x + 1)"), X) is None  # ln(x + 1)′ is not 1/x


@pytest.mark.parametrize("text", ["tan(x) ln(cos(x))", "cot(x)/ln(sin(x))", "ln(3x + 1)"])
def test_more_forms_with_a_certain_method(text):
    steps, result = solve_by_form(real_parse(text), X)
    assert steps[0].rule in ("substitution", "parts")
    assert check_antiderivative(text, result) == "ok", result
