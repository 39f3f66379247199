"""Binomial differentials, roots of quadratics, multiple angles, hyperbolic forms.

Every answer is checked independently of the engine (check_antiderivative: the
derivative equals the integrand at random real points on both sides of 0).
"""

from __future__ import annotations

import pytest
import sympy

from tests.engine.textbook_integrals import check_antiderivative
from workbench.engine import antiderivative
from workbench.engine.integration.algebraic import (
    binomial_differential, chebyshev_case, conjugate_denominator, euler_substitution,
    reciprocal_substitution)
from workbench.engine.integration.chain import by_steps
from workbench.engine.integration.forms import derivative_divides, solve_by_form
from workbench.engine.integration.trig_forms import (
    continuous_half_angle, hyperbolic_powers, hyperbolic_rational, multiple_angles)
from workbench.engine.integration.substitutions import function_of_tan, function_of_tanh
from workbench.engine.integration.trig_rewrites import reduction_formula
from workbench.engine.parsing import parse

X = sympy.Symbol("x", real=True)
R = sympy.Rational


def _real(text: str) -> sympy.Expr:
    return parse(text).xreplace({sympy.Symbol("x"): X})


def _solve(g, u):
    return solve_by_form(g, u) or by_steps(g, u, 30.0)


def _rules(steps) -> set[str]:
    return {s.rule for top in steps for s in top.walk()}


@pytest.mark.parametrize("m, n, p, case", [
    (R(1, 2), R(1, 3), -1, 1), (3, 2, R(1, 3), 2), (-2, 2, R(-3, 2), 3),
    (1, 3, R(-1, 3), 0), (0, 4, R(1, 2), 0), (R(-1, 2), R(1, 4), R(1, 3), 2),
])
def test_chebyshev_cases(m, n, p, case):
    assert chebyshev_case(sympy.S(m), sympy.S(n), sympy.S(p)) == case


@pytest.mark.parametrize("text, case", [
    ("1/(sqrt(x)*(1+x^(1/3)))", "first"), ("x^3*(1+x^2)^(1/3)", "second"),
    ("x^5*(1+x^3)^(2/3)", "second"), ("1/(x*(1+x^3)^(1/3))", "second"),
    ("x^(-1/2)*(1+x^(1/4))^(1/3)", "second"), ("1/(x^4*(1+x^4)^(1/4))", "third"),
    ("1/(x^2*(1+x^2)^(3/2))", "third"),
])
def test_binomial_differentials_by_chebyshevs_substitutions(text, case):
    step, result = binomial_differential(_real(text), X, _solve)
    assert step.rule == "binomial_substitution" and f"Chebyshev's {case} case" in step.title
    assert check_antiderivative(text, result) == "ok", result


def test_no_chebyshev_case_no_substitution():
    assert binomial_differential(_real("x*(1+x^3)^(-1/3)"), X, _solve) is None
    assert binomial_differential(_real("1/(x^2+1)"), X, _solve) is None  # rational


@pytest.mark.parametrize("text", ["1/(x*sqrt(x^2+1))", "1/((x+1)*sqrt(x^2+1))",
                                  "1/(x*sqrt(1+x+x^2))", "1/(x^2*sqrt(x^2-4))"])
def test_reciprocal_substitution_holds_on_both_sides(text):
    step, result = reciprocal_substitution(_real(text), X, _solve)
    assert step.rule == "substitution" and "u = 1/" in step.title
    assert check_antiderivative(text, result) == "ok", result


def test_reciprocal_substitution_tidies_the_root_when_that_holds_everywhere():
    _step, result = reciprocal_substitution(_real("1/(x^2*sqrt(x^2+1))"), X, _solve)
    assert sympy.simplify(result + sympy.sqrt(X**2 + 1) / X) == 0 and not result.has(sympy.sign)


@pytest.mark.parametrize("text", ["sqrt(x^2+1)", "1/(x+sqrt(x^2+1))", "x/sqrt(x^2+x+1)",
                                  "1/(1+sqrt(x^2+1))", "sqrt(4-x^2)"])
def test_euler_substitutions_make_the_root_rational(text):
    step, result = euler_substitution(_real(text), X, _solve)
    assert step.rule == "euler_substitution"
    assert check_antiderivative(text, result) == "ok", result


@pytest.mark.parametrize("text", ["1/((x+1)*sqrt(x^2+1))", "1/(x*sqrt(x^2+1))",
                                  "x^3*(x^2+4)^(3/2)", "(x^2-1)^(3/2)/x", "1/(1+x^2)^(3/2)"])
def test_the_chain_answers_roots_of_quadratics(text):
    r = antiderivative(text)
    assert r.verified and r.stage in ("steps", "rewrite")
    assert check_antiderivative(text, r.result) == "ok"


@pytest.mark.parametrize("text", ["sin(5x)/sin(x)", "cos(2x)/(sin(x)+cos(x))",
                                  "sin(2x)/cos(x)", "cos(3x)/cos(x)", "sinh(2x)/cosh(x)"])
def test_multiple_angles_cancel(text):
    step, result = multiple_angles(_real(text), X, _solve)
    assert step.rule == "multiple_angle"
    assert check_antiderivative(text, result) == "ok", result


def test_products_are_not_multiple_angle_quotients():
    assert multiple_angles(_real("sin(3x)*cos(2x)"), X, _solve) is None


@pytest.mark.parametrize("text", ["1/(2+cos(x))", "1/(5-4cos(x))", "cos(x)/(2-cos(x))"])
def test_the_half_angle_answer_is_continuous(text):
    step, result = continuous_half_angle(_real(text), X, _solve)
    assert "continuous" in step.title
    assert check_antiderivative(text, result) == "ok", result
    for k in (-1, 1, 3):
        jump = result.subs(X, k * sympy.pi + R(1, 10**6)) - result.subs(X, k * sympy.pi
                                                                        - R(1, 10**6))
        assert abs(float(jump)) < 1e-4, (k, result)


@pytest.mark.parametrize("text", ["sech(x)^3", "csch(x)^3", "tanh(x)^5", "coth(x)^4",
                                  "1/cosh(x)^3"])
def test_hyperbolic_reduction_formulas(text):
    step, result = reduction_formula(_real(text), X, _solve)
    assert step.rule == "reduction_formula"
    assert check_antiderivative(text, result) == "ok", result


@pytest.mark.parametrize("text, rule, fits", [
    ("1/(2+cosh(x))", hyperbolic_rational, True), ("1/(cosh(x)^2+1)", hyperbolic_rational, True),
    ("cosh(x)^4", hyperbolic_rational, False), ("sinh(x)^3", hyperbolic_powers, True),
    ("sinh(x)^2*cosh(x)^3", hyperbolic_powers, True), ("cosh(x)^2", hyperbolic_powers, False),
])
def test_hyperbolic_forms(text, rule, fits):
    found = rule(_real(text), X, _solve)
    assert (found is not None) == fits
    if fits:
        assert check_antiderivative(text, found[1]) == "ok", found[1]


@pytest.mark.parametrize("text", ["1/(x+sqrt(x^2+1))", "1/(sqrt(x+1)+sqrt(x))",
                                  "1/(sqrt(x+2)-sqrt(x-1))"])
def test_a_conjugate_clears_the_root_from_the_denominator(text):
    step, result = conjugate_denominator(_real(text), X, _solve)
    assert step.rule == "rationalise" and "conjugate" in step.title
    assert check_antiderivative(text, result) == "ok", result


def test_a_multiple_angle_without_cancellation_is_left_in_one_angle():
    step, result = multiple_angles(_real("sin(2x)/(1+cos(x)^2)"), X, _solve)
    assert step.rule == "multiple_angle"
    assert check_antiderivative("sin(2x)/(1+cos(x)^2)", result) == "ok", result


@pytest.mark.parametrize("text", ["sec(x)^2*tan(x)^3", "sin(x)*cos(x)/(1+sin(x)^4)",
                                  "cos(x)/(1+sin(x)^2)", "e^x/(1+e^(2x))"])
def test_derivative_divides_then_a_rational_function(text):
    steps, result = derivative_divides(_real(text), X)
    assert steps[0].rule == "substitution"
    assert check_antiderivative(text, result) == "ok", result


@pytest.mark.parametrize("text", ["(3 sec(x)^2 + 2)^(3/2) tan(x)^3", "sqrt(tan(x))",
                                  "tan(x)^3/sqrt(sec(x)^2 + 1)", "sqrt(3 tan(x) + 2) sec(x)^4"])
def test_a_root_of_tan_and_sec_squared_by_w_equals_tan(text):
    step, result = function_of_tan(_real(text), X, _solve)
    assert "w = tan x" in step.title
    assert check_antiderivative(text, result) == "ok", result


@pytest.mark.parametrize("text", ["tanh(x)/(3 tanh(x)^2 + 2)^(5/2)", "sqrt(tanh(x))"])
def test_a_root_of_sinh_and_cosh_by_w_equals_tanh(text):
    step, result = function_of_tanh(_real(text), X, _solve)
    assert "w = tanh x" in step.title
    assert check_antiderivative(text, result) == "ok", result


@pytest.mark.parametrize("text", ["sqrt(sin(x))", "sqrt(cos(x)) tan(x)", "tan(x)^2 sqrt(x)",
                                  "sec(x)^3"])
def test_w_equals_tan_leaves_what_is_not_a_root_of_tan_and_sec_squared(text):
    assert function_of_tan(_real(text), X, _solve) is None


@pytest.mark.parametrize("text, rest", [("x^(7/2)/atanh(tanh(3x + 2))", "x^(7/2)/(3x + 2)"),
                                        ("x asinh(sinh(x))", "x^2")])
def test_a_function_of_its_own_inverse_is_its_argument(text, rest):
    found = antiderivative(text)
    assert found.verified and found.steps[0].rule == "simplify"
    assert check_antiderivative(text, found.result) == "ok", found.result
    assert check_antiderivative(rest, found.result) == "ok"


# the methods the chain chooses from the integrand's form, each shown by a step's rule or the
# start of its sentence
FORM_CHOSEN = [
    # 1 + cosh u = 2cosh²(u/2) and 1 + sinh²u = cosh²u under a root
    ("x^3 sqrt(2 cosh(7x + 5) + 2)", "half_angle"), ("1/sqrt(3 + 3cosh(x))", "half_angle"),
    ("(1 + cosh(2x))^(3/2)", "half_angle"), ("x sqrt(1 + cosh(x))", "half_angle"),
    ("sqrt(2 sinh(x)^2 + 2) tanh(x)^6", "half_angle"),
    ("coth(x)^3/sqrt(2 sinh(x)^2 + 2)", "half_angle"),
    # θ = g(ax + b) for an inverse function g
    ("(3 acsc(5x) + 2)^2/x^3", "Substitute θ ="), ("acsc(5x)/x^2", "Substitute θ ="),
    ("acoth(x)/(1 - x^2)^3", "Substitute θ ="), ("x^2 acsc(x)", "Substitute θ ="),
    ("asec(2x - 1)/(2x - 1)^2", "Substitute θ ="),
    # a root of x inside a root: x = uⁿ
    ("sqrt(sqrt(1/x) + 1/x)", "Substitute x = "),
    ("1/(x^2 sqrt(3x^(2/3) + 2x))", "Substitute x = "),
    ("sqrt(1 + sqrt(x))", "Substitute x = "), ("1/sqrt(x + sqrt(x))", "Substitute x = "),
    # a polynomial in one trigonometric function, multiplied out
    ("(2 sec(x) + 2)^2 sec(x)^4", "expand"), ("(2 tan(x) + 2)^2 tan(x)^3", "expand"),
    ("(2 cosh(x) + 1)^3 cosh(x)", "expand"),
    # an inverse function over a power: by parts first
    ("(3 atan(5x^3) + 2)/(4x + 7)^2", "parts"), ("asin(x)/(x + 1)^2", "parts"),
    ("(2 atanh(x) + 1)/x^3", "parts"),
    # a root holding only powers of xⁿ: u = xⁿ
    ("x^14 (5x^6 + 3x^3 + 2)^(3/2)", "Substitute u = $x^{"),
    ("x^5 sqrt(x^3 + 1)", "Substitute u = $x^{"),
    ("x^7/(x^4 + 2x^2 + 3)^(3/2)", "Substitute u = $x^{"),
]


@pytest.mark.parametrize("text, mark", FORM_CHOSEN)
def test_methods_chosen_from_the_form(text, mark):
    found = antiderivative(text)
    assert found.verified
    assert any(s.rule == mark or s.title.startswith(mark) for top in found.steps
               for s in top.walk()), [s.rule for top in found.steps for s in top.walk()]
    assert check_antiderivative(text, found.result) == "ok", found.result
