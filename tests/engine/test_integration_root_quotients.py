"""Roots of even quadratics over even denominators (Abel's substitution), and the textbook
moves that the chain used to miss: parts with arcosh and arcoth, and u = sin x beside a
root of sin x.

Every answer is checked by differentiating it at random points of the real domain
(``check_antiderivative``); the steps are inspected for the method a textbook uses.
"""

from __future__ import annotations

import pickle

import pytest
import sympy

from tests.engine.textbook_integrals import answered_by_our_rewrite, check_antiderivative
from workbench.engine import antiderivative
from workbench.engine.integration.root_quotients import even_odd_root, root_partial_fractions
from workbench.engine.integration import Limits
from workbench.engine.integration.chain import by_rewrites, by_steps
from workbench.engine.integration.first_moves import FIRST
from workbench.engine.integration.forms import solve_by_form
from workbench.engine.parsing import parse

x = sympy.Symbol("x", real=True)


def _solve(g: sympy.Expr, u: sympy.Symbol):
    """What the chain hands a rewrite for its rational pieces: their form, then the steps."""
    return solve_by_form(g, u) or by_steps(g, u, 5.0)


def _chain_solve(g: sympy.Expr, u: sympy.Symbol):
    """The solver the chain hands its methods chosen from the form."""
    return by_rewrites(g, u, Limits(), depth=0, rewrites=FIRST) or _solve(g, u)


def _typed(text: str) -> sympy.Expr:
    return parse(text).xreplace({sympy.Symbol("x"): x})


def _rules(result) -> set[str]:
    return {step.rule for top in result.steps for step in top.walk()}


def _titles(result) -> str:
    return " ".join(step.title for top in result.steps for step in top.walk())


@pytest.mark.parametrize("text", [
    "sqrt(4 x^2 + 7)/(200 x^2 + 8)", "1/((x^2 + 1) sqrt(x^2 + 2))",
    "sqrt(3 x^2 + 2)/(x^2 - 5)^2", "1/((x^2 + 1)^2 (x^2 + 2)^(3/2))",
    "(x^2 + 3)/((2 x^2 + 1) sqrt(5 - x^2))", "x^2/((x^2 - 3) sqrt(x^2 - 1))",
])
def test_abels_substitution_makes_an_even_quotient_rational(text):
    step, result = even_odd_root(_typed(text), x, _solve)
    assert step.rule == "substitution" and "Abel" in step.title
    assert check_antiderivative(text, result) == "ok"
    # t = x/√q put back: no quotient of q nested inside another quotient is left
    algebraic = sympy.Add(*(t for t in sympy.Add.make_args(result)
                            if not t.atoms(sympy.Function)))
    assert not any(p.exp.is_negative and any(inner.exp.is_negative
                                             for inner in p.base.atoms(sympy.Pow))
                   for p in algebraic.atoms(sympy.Pow))


def test_one_over_a_quadratic_times_a_root_is_an_arctangent_of_x_over_the_root():
    _step, result = even_odd_root(_typed("1/((x^2 + 1) sqrt(x^2 + 2))"), x,
                                  _solve)
    assert sympy.simplify(result - sympy.atan(x / sympy.sqrt(x**2 + 2))) == 0


def test_the_odd_part_takes_t_equal_to_the_root():
    text = "(x + 1)/((x^2 + 3) sqrt(2 x^2 - 1))"
    step, result = even_odd_root(_typed(text), x, _solve)
    assert step.rule == "sum" and [s.rule for s in step.substeps] == ["substitution"] * 2
    assert "Abel" in step.substeps[0].title and "√" in step.substeps[1].title
    assert check_antiderivative(text, result) == "ok"


@pytest.mark.parametrize("text", [
    "x^2 sqrt(x^2 + 1)",                 # a polynomial times the root: the step engine's
    "1/(x^2 sqrt(x^2 + 1))",             # a power of x below: the trigonometric substitution
    "sqrt(x^2 + x + 1)/(x^2 + 1)",       # a linear term in the quadratic
    "1/((x + 2) sqrt(x^2 + 1))",         # a denominator neither even nor odd
    "sqrt(x^2 + 1) sqrt(x^2 + 2)/(x^2 + 3)",  # two roots
])
def test_abels_substitution_leaves_other_forms(text):
    assert even_odd_root(_typed(text), x, _solve) is None


@pytest.mark.parametrize("text", [
    "sqrt(4 x^2 + 7)/(200 x^2 + 8)", "x^3 (3 atan(5 x) + 2)/sqrt(4 x^2 + 7)"])
def test_the_chain_answers_a_root_over_an_even_quadratic(text):
    # both timed out: the step engine searched the quotient √(4x² + 7)/(200x² + 8) for seconds
    result = answered_by_our_rewrite(text)
    assert "Abel" in _titles(result)
    assert pickle.loads(pickle.dumps(result)).result == result.result


@pytest.mark.parametrize("text", [
    "x^2 acosh(3 x + 2)", "x^3 acosh(x)", "acoth(2 x)/x^5", "x acoth(3 x + 1)"])
def test_a_power_of_x_times_an_inverse_hyperbolic_function_goes_by_parts(text):
    # x²·arcosh(3x + 2) found no answer at all, arcoth(2x)/x⁵ only the integrator's
    result = answered_by_our_rewrite(text, "parts")
    assert not result.result.has(sympy.Integral)


@pytest.mark.parametrize("text, inner", [
    ("cos(7 x + 5)^5/(2 sin(7 x + 5) + 2)^(3/2)", "sin"),
    ("(2 sin(7 x + 5) + 2)^(7/2) cos(7 x + 5)^5", "sin"),
    ("sin(x)^3/(3 cos(x) + 2)^(5/2)", "cos"),
])
def test_an_odd_power_beside_a_root_of_the_other_function_is_substituted(text, inner):
    # odd in cos x: u = sin x even when sin x sits under a root; both timed out before
    result = antiderivative(text)
    assert result.verified, result.note
    assert check_antiderivative(text, result.result) == "ok"
    assert f"= {inner} x" in _titles(result)


@pytest.mark.parametrize("text", [
    "sqrt(5 x^2 + 3 x + 2)/((4 x + 7) (8 x + 6)^4)", "(3 x + 2) sqrt(5 x^2 + 3 x + 2)/x^7",
    "(3 x + 2) (5 x^2 + 3 x + 2)^(3/2)/x^5", "1/(x (x + 1) sqrt(x^2 + 1))",
    "(x^3 + 1)/((x - 2) sqrt(4 - x^2 + 3 x))",
])
def test_partial_fractions_of_the_rational_factor_then_each_term_over_the_root(text):
    # all five timed out in the chain; each term is now a standard form
    step, result = root_partial_fractions(_typed(text), x, _chain_solve)
    assert step.rule == "partial_fractions"
    assert check_antiderivative(text, result) == "ok"
    whole = antiderivative(text)
    assert whole.verified and whole.stage == "rewrite", whole.note
    assert check_antiderivative(text, whole.result) == "ok"


@pytest.mark.parametrize("text", [
    "1/((x - 1) sqrt(x^2 + 1))",          # one term: the reciprocal substitution's alone
    "x^3 sqrt(x^2 + 2 x + 3)",            # no denominator
    "sqrt(x^2 + 1)/(x^2 + x + 1)",        # a quadratic factor without rational roots
    "sqrt(x + 1)/(x (x - 1))",            # a root of a linear polynomial
])
def test_partial_fractions_over_a_root_leave_other_forms(text):
    assert root_partial_fractions(_typed(text), x, _chain_solve) is None


def test_u_equal_to_a_power_of_x_when_the_root_holds_only_powers_of_it():
    # x¹⁴·(5x⁶ + 3x³ + 2)^(3/2): the root is a polynomial in x³ (not merely one with an x²
    # in it), and x¹⁴ = (x³)⁴·x²
    rooted = x**14 * (5 * x**6 + 3 * x**3 + 2) ** sympy.Rational(3, 2)
    steps, result = by_rewrites(rooted, x, Limits(), rewrites=FIRST)
    assert steps[0].rule == "substitution" and "x^{3}" in steps[0].title
    assert check_antiderivative("x^14 (5 x^6 + 3 x^3 + 2)^(3/2)", result) == "ok"


@pytest.mark.parametrize("text, inner", [
    ("sinh(7 x + 5)^9/(2 - 3 sinh(7 x + 5)^4)^2", "cosh"),   # timed out: t = eˣ, degree 18
    ("sech(x)^5/(3 csch(x) + 2)", "sinh"), ("cosh(x)^3/(1 + sinh(x))", "sinh"),
    ("1/(sinh(x) cosh(x)^2)", "cosh"),
])
def test_bioches_rules_for_sinh_and_cosh(text, inner):
    result = answered_by_our_rewrite(text)
    assert f"= {inner} " in _titles(result)


def test_bioches_rules_for_sinh_and_cosh_leave_even_quotients_to_the_exponentials():
    from workbench.engine.integration.trig_forms import hyperbolic_bioche

    for f in (1 / (sympy.cosh(x) ** 2 + 3), sympy.sinh(x) ** 2 / (1 + sympy.cosh(x) ** 2),
              sympy.cosh(x) ** 4):
        assert hyperbolic_bioche(f, x, _solve) is None


@pytest.mark.parametrize("text", [
    "x^2 sin(x)/cos(x)^5", "x tan(x) sec(x)^2", "acos(2 x)^2/x^5",
    "x cosh(3 x + 2)^3 csch(3 x + 2)^2", "(2 x + 1) sin(3 x)/cos(3 x)^3"])
def test_a_polynomial_times_a_quotient_of_sin_and_cos_goes_by_parts(text):
    # θ²·sin θ/cos⁵θ is what θ = arccos 2x leaves of arccos²(2x)/x⁵; the step engine found
    # no rule for it, and the whole integral timed out; so did x·cosh³(3x + 2)/sinh²(3x + 2)
    result = answered_by_our_rewrite(text, "parts")
    # ln|2x| = ln 2 + ln|x|: the ln 2 belongs to the constant of integration
    assert not any(term.is_number for term in sympy.Add.make_args(result.result))


def test_parts_with_a_polynomial_are_refused_when_v_brings_a_logarithm():
    from workbench.engine.integration.standard_forms import polynomial_times_quotient

    # ∫sec x = ln|sec x + tan x|: x·sec x by parts leaves x·ln|…|, which is no easier
    assert polynomial_times_quotient(x * sympy.sec(x), x, _solve) is None
    assert polynomial_times_quotient(x**2 * sympy.sin(x), x, _solve) is None  # no quotient


@pytest.mark.parametrize("text", [
    "sqrt(2 cos(7 x + 5) + 2) (3 cos(7 x + 5) + 2) sec(7 x + 5)^4",
    "(2 sec(7 x + 5) + 2)^(5/2) (5 sec(7 x + 5)^2 + 2)/sec(7 x + 5)^(3/2)",
    "(2 sin(6 x + 4) + 2)^(5/2)/(7 sin(6 x + 4) + 5)^2",
    "1/((2 sin(6 x + 4) + 2)^(5/2) (7 sin(6 x + 4) + 5))",
    "(2 sec(7 x + 5) + 2)^(5/2) (3 sec(7 x + 5) + 2) sqrt(sec(7 x + 5))",
    "(1 - sin(x))^(3/2)/(2 - sin(x))", "sqrt(1 - cos(x)) cos(x)^2",
])
def test_a_rational_function_of_cos_times_a_half_angle_root(text):
    # each timed out or gave up: w = sin(t/2) after 1 + cos t = 2cos²(t/2)
    result = answered_by_our_rewrite(text, "half_angle")
    # the root is |cos(t/2)|: its sign multiplies the answer
    assert result.result.has(sympy.sign)


@pytest.mark.parametrize("text, zeros", [
    ("sqrt(1 + cos(x))/(3 + cos(x))", [sympy.pi, 3 * sympy.pi, -sympy.pi]),
    ("(1 - sin(x))^(3/2)/(2 - sin(x))", [sympy.pi / 2, 5 * sympy.pi / 2, -3 * sympy.pi / 2]),
])
def test_the_half_angle_answer_is_continuous_where_the_root_vanishes(text, zeros):
    # the root is |cos(t/2)|: sign(cos(t/2))·G(sin(t/2)) alone would jump by 2G(1) there
    result = antiderivative(text).result
    for zero in zeros:
        left, right = (result.subs(sympy.Symbol("x"), zero + d).evalf(30) for d in (-1e-12, 1e-12))
        assert abs(left - right) < 1e-9, (zero, left, right)


def test_the_half_angle_split_is_refused_where_it_would_change_the_sign():
    from workbench.engine.integration.half_angle_roots import half_angle_quotient

    # where cos x < 0 both roots are imaginary and their product is real: (2 + 2 sec x)^(3/2)
    # = (2 cos x + 2)^(3/2)/cos^(3/2)x does not hold there, so the form is not taken
    f = 1 / ((2 * sympy.sec(x) + 2) ** sympy.Rational(3, 2) * sympy.cos(x) ** sympy.Rational(3, 2))
    assert half_angle_quotient(f, x, _solve) is None


@pytest.mark.parametrize("text, root", [
    ("sqrt(3 x^2 + 2)/sqrt(4 - 9 x^4)", "2 - 3 x^{2}"),
    ("1/(x (x + 1)^(5/2) (x^2 - x + 1)^(5/2))", "x^{3} + 1"),
])
def test_roots_are_merged_or_split_where_a_factor_is_positive(text, root):
    from workbench.engine.integration.merged_roots import merged_roots

    step, result = merged_roots(_typed(text), x, _chain_solve)
    assert step.rule == "rewrite" and "positive for every x" in step.title
    assert root in step.title.replace("$", "")  # the one root left
    assert check_antiderivative(text, result) == "ok"
    whole = antiderivative(text)  # both timed out before
    assert whole.verified and check_antiderivative(text, whole.result) == "ok"


@pytest.mark.parametrize("text", [
    "sqrt(x - 1) sqrt(x + 1)",      # both factors change sign: √(x − 1)·√(x + 1) = −√(x² − 1)
    "sqrt(x + 1)/sqrt(x^2 + 1)",    # nothing to merge or cancel
    "sqrt(x^2 - 1)",                # one root
])
def test_roots_are_left_alone_where_merging_is_not_exact_or_changes_nothing(text):
    from workbench.engine.integration.merged_roots import merged_roots

    assert merged_roots(_typed(text), x, _chain_solve) is None
