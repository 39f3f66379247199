"""Multiplying out, rationalising, |R| and the shift u = ax + b (expansion, linear_shift).

Every answer is checked independently of the engine: its derivative must equal the
integrand at random real points (tests.engine.textbook_integrals.check_antiderivative).
"""

from __future__ import annotations

import pytest
import sympy

from tests.engine.textbook_integrals import REAL_X, check_antiderivative, real_parse, rules_of
from workbench.engine import antiderivative
from workbench.engine.integration.expansion import polynomial_product
from workbench.engine.integration.prepare import linear_shift
from workbench.engine.parsing import parse

X = REAL_X


@pytest.mark.parametrize("text, first", [
    ("(3x + 2)(4x + 7)(9x^2 + 12x + 4)^3", "expand"),
    ("9x^2 (6x + 4)(7x + 5)^3", "expand"),
    ("(10x + 3)(5x^2 + 3x)^13", "substitution"),
    ("x (x^2 + 1)^4", "substitution"),
])
def test_a_product_of_polynomials_is_substituted_or_multiplied_out(text, first):
    solved = polynomial_product(real_parse(text), X)
    assert solved is not None and solved[0][0].rule == first
    assert check_antiderivative(text, solved[1].xreplace({X: sympy.Symbol("x")})) == "ok"


@pytest.mark.parametrize("text", ["3x^2 + 2x", "(2x + 3)^10", "5x^7", "sin(x) x^2"])
def test_sums_linear_powers_and_non_polynomials_are_left_to_the_step_engine(text):
    assert polynomial_product(real_parse(text), X) is None


@pytest.mark.parametrize("text", ["(3 sin(6x + 4) + 2)^2", "(2 + cos(x))^3",
                                  "(sinh(x) + 1)^2"])
def test_a_whole_power_of_a_sum_of_functions_is_multiplied_out(text):
    result = antiderivative(text)
    assert result.verified and check_antiderivative(text, result.result) == "ok"
    assert "expand" in rules_of(result.steps)


@pytest.mark.parametrize("text, inner", [
    ("cos(7x + 5)^3/(3 sin(7x + 5) + 2)^3", 7 * X + 5),
    ("sqrt(2 cosh(3x + 2) + 2)", 3 * X + 2),
    ("tan(x + 1)^2 sec(x + 1)^2", X + 1),
    ("2^(2x + 3)/(5*2^(2x + 3) + 1)^2", 2 * X + 3),  # a^(ax + b) with a number a
])
def test_g_of_ax_plus_b_is_shifted_first(text, inner):
    shifted = linear_shift(real_parse(text), X)
    assert shifted is not None and shifted.back == inner
    assert not shifted.integrand.has(X)


@pytest.mark.parametrize("text", [
    "x^5 cosh(3x + 2)",  # x outside: parts on x first
    "3 e^(2 - 5x)", "sin(2x + 1) + cos(2x + 1)",  # one function per term: step engine's u
    "sin(2x) cos(2x)^2",  # no constant: nothing to shift
    "sin(x + 1) cos(2x + 1)",  # two different arguments
])
def test_the_shift_leaves_other_forms_alone(text):
    assert linear_shift(real_parse(text), X) is None


@pytest.mark.parametrize("text", ["cos(7x + 5)^3/(3 sin(7x + 5) + 2)^3",
                                  "cot(7x + 5)/(2 sec(7x + 5) + 2)",
                                  "(3 sin(6x + 4) + 2)^2", "2^(2x + 3)/(5*2^(2x + 3) + 1)^2"])
def test_shifted_integrals_are_solved_with_the_substitution_shown(text):
    result = antiderivative(text)
    assert result.verified and check_antiderivative(text, result.result) == "ok"
    assert result.steps[0].rule == "substitution"
    # the constants that u = ax + b brings into the answer are dropped
    assert result.result.as_independent(sympy.Symbol("x"), as_Add=True)[0] == 0


@pytest.mark.parametrize("text", ["(5x + 3)^2/((1 - 2x)^(5/2) (3x + 2)^2)",
                                  "sqrt(x) (3x + 2)/(5x^2 + 3x)", "1/(x (1 + (x + 1)^(1/3)))",
                                  "sqrt(x + 1)/(x + 5)"])
def test_roots_of_one_linear_expression_are_rationalised(text):
    result = antiderivative(text)
    assert result.verified and check_antiderivative(text, result.result) == "ok"
    assert result.steps[0].rule == "rationalise" and "whole power" in result.steps[0].title
    assert result.stage == "rewrite"  # a move of ours: the step engine lacks it


@pytest.mark.parametrize("text, sign", [
    ("sqrt(5) (3x + 2) sqrt(x^2)/x^2", "x"), ("x (9x^6 + 12x^3 + 4)^(3/2)", "3x^3 + 2"),
    ("(x^2 + 2x + 1)^(3/2)", "x + 1"), ("(3x + 2)/(25 (x^2)^(3/2))", "x"),
])
def test_a_root_of_a_perfect_square_is_an_absolute_value_whose_sign_comes_out(text, sign):
    result = antiderivative(text)
    assert result.verified and check_antiderivative(text, result.result) == "ok"
    signs = result.result.atoms(sympy.sign)
    assert signs == {sympy.sign(parse(sign))}


def test_an_even_power_under_the_root_needs_no_sign():
    text = "x (x^4 + 2x^2 + 1)^(3/2)"  # = x (x² + 1)³, never negative
    result = antiderivative(text)
    assert result.verified and check_antiderivative(text, result.result) == "ok"
    assert result.result.is_polynomial(sympy.Symbol("x"))


@pytest.mark.parametrize("text", ["x^3 exp(2 atanh(2x))", "(5 - 20x^2) exp(-2 acoth(2x))",
                                  "exp(4 atanh(x))"])
def test_an_exponential_of_artanh_or_arcoth_is_an_algebraic_function(text):
    result = antiderivative(text)
    assert result.verified and check_antiderivative(text, result.result) == "ok"
    assert result.steps[0].rule == "rewrite" and "artanh" in result.steps[0].title
    assert not result.result.has(sympy.atanh, sympy.acoth)
