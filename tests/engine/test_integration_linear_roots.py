"""Roots of linear factors made rational by t = (L₁/L₂)^(1/q) (integration.linear_roots), and
Ostrogradsky's method for a polynomial times a root of a quadratic (integration.ostrogradsky).

Every answer is checked independently of the engine: its derivative must equal the
integrand at random real points (check_antiderivative).
"""

from __future__ import annotations

import pytest
import sympy

from tests.engine.textbook_integrals import REAL_X, check_antiderivative, real_parse
from workbench.engine import antiderivative
from workbench.engine.integration.chain import by_steps
from workbench.engine.integration.forms import solve_by_form
from workbench.engine.integration.linear_roots import linear_powers, two_linear_roots
from workbench.engine.integration.ostrogradsky import ostrogradsky, ostrogradsky_first

X = REAL_X
R = sympy.Rational


def _solve(g, u):
    return solve_by_form(g, u) or by_steps(g, u, 30.0)


@pytest.mark.parametrize("text", [
    "1/((x + 1)^(1/3) (x - 1)^(5/3))",  # m + n = −2
    "x (3x + 2)^(5/2)/(7x + 5)^(3/2)",  # m + n = 1
    "x/(sqrt(3x + 2) (7x + 5)^(3/2))",
    "sqrt(1 - 2x) (5x + 3)^(5/2)/(3x + 2)^3",  # a rational factor beside the roots
    "(2 - x)^(1/4)/((x + 3)^(1/4) (x + 1))",
    "1/((2x + 1)^(11/3) (x + 4)^(4/3))",
])
def test_two_linear_roots_whose_powers_add_to_a_whole_number(text):
    step, result = two_linear_roots(real_parse(text), X, _solve)
    assert step.rule == "substitution" and "substitute t =" in step.title
    assert not result.has(sympy.Integral)
    assert check_antiderivative(text, result) == "ok", result


@pytest.mark.parametrize("text", [
    "(4x + 7)^(3/2) (8x + 6) (-80x^2 - 48x + 161)^(5/2)",  # (4x + 7)⁴·(23 − 20x)^(5/2)
    "(x + 2)/sqrt(x^2 + 5x + 6)^3 * (x + 2)^(3/2)",
])
def test_a_root_of_a_factored_quadratic_is_a_root_of_a_linear_factor(text):
    step, result = two_linear_roots(real_parse(text), X, _solve)
    assert "linear factor" in step.title
    assert check_antiderivative(text, result) == "ok", result


def test_factors_are_gathered_with_their_powers():
    c, rest, roots = linear_powers(real_parse("(6x + 4)^(1/2) (3x + 2)^(1/3)/(x^2 - 1)"), X)
    ((line, power),) = roots.values()
    assert line == 3 * X + 2 and power == R(5, 6) and c == sympy.sqrt(2)
    assert rest == 1 / (X**2 - 1)


@pytest.mark.parametrize("text", [
    "(3x + 2)^(3/2) (7x + 5)^(5/4)",  # m + n = 11/4: an incomplete beta function
    "sqrt(x) sqrt(x + 1) sqrt(x + 2)",  # three roots: an elliptic integral
    "sqrt(x^2 + 1) sqrt(x + 1)",  # a root of an irreducible quadratic
    "sin(x) sqrt(x + 1)/sqrt(x)",  # not algebraic
])
def test_other_forms_are_left_alone(text):
    assert two_linear_roots(real_parse(text), X, _solve) is None


def test_the_chain_takes_the_substitution_before_any_search():
    found = antiderivative("1/((3x + 2)^(11/3) (7x + 5)^(4/3))")
    assert found.stage == "rewrite" and found.verified
    assert "before any search" in found.note
    assert check_antiderivative("1/((3x + 2)^(11/3) (7x + 5)^(4/3))", found.result) == "ok"


@pytest.mark.parametrize("text", [
    "x (3x + 2)/(3x^2 + 2)^(3/2)", "x^4 (5x^2 + 3x + 2)^(3/2)", "(x^3 + 1)/sqrt(x^2 + x + 1)",
    "1/(2x^2 - 3x - 1)^(5/2)", "(x^2 + 3)/(1 - x^2)^(3/2)", "x^5 sqrt(4 - x^2)",
    "(2x + 1)/sqrt(x^2 + 4x)", "(x^2 - x + 2)/(x^2 + 2x + 5)^(7/2)", "sqrt(3 + 2x - x^2)",
])
def test_ostrogradsky_a_polynomial_times_a_root_of_a_quadratic(text):
    step, result = ostrogradsky(real_parse(text), X, _solve)
    assert step.rule == "ostrogradsky" and "U =" in step.title
    assert check_antiderivative(text, result) == "ok", result


@pytest.mark.parametrize("text, first", [
    ("x (3x + 2)/(3x^2 + 2)^(3/2)", True), ("sqrt(x^2 + 2x + 5)", True),
    # a single power of x times a root of ax² + c: the textbook's trigonometric substitution
    ("x^2/(1 + x^2)^(3/2)", False), ("sqrt(1 - x^2)", False), ("x^3 sqrt(4 - x^2)", False),
])
def test_ostrogradsky_goes_first_except_where_textbooks_substitute(text, first):
    assert (ostrogradsky_first(real_parse(text), X, _solve) is not None) == first


@pytest.mark.parametrize("text", ["1/sqrt(x^2 + 1)", "sin(x) sqrt(x^2 + 1)",
                                  "sqrt(x^3 + 1)", "sqrt(x^2 + 2x + 1)"])
def test_ostrogradsky_leaves_other_forms(text):
    assert ostrogradsky(real_parse(text), X, _solve) is None


@pytest.mark.parametrize("text", [
    # x(5x + 3) > 0 also for x < −3/5, where both factors are negative: there the answer
    # changes sign (m + n = −5 is odd)
    "(3x + 2)/((4x + 7) (5x^2 + 3x)^(5/2))", "1/((x + 2) (x^2 - 1)^(3/2))",
])
def test_a_root_of_a_product_of_two_linear_factors_holds_on_both_sides(text):
    step, result = two_linear_roots(real_parse(text), X, _solve)
    assert check_antiderivative(text, result) == "ok", result

