"""The textbook moves added for the last integrals without steps or without an answer.

Each move is called on its own with the step engine as its solver (quick), and its
answer is checked mathematically: d/dx(result) − integrand vanishes (symbolically or at
random real points on both sides of every joint), antiderivatives of pieces join without
a jump, and values over whole periods come out right. A few go through the whole chain.
"""

from __future__ import annotations

import pickle
import random

import pytest
import sympy

from tests.engine.textbook_integrals import check_antiderivative
from workbench.engine import antiderivative, definite_integral
from workbench.engine.integration import Limits
from workbench.engine.integration.chain import by_rewrites, by_steps
from workbench.engine.integration.cyclic import cyclic_parts
from workbench.engine.integration.pieces import (
    half_angle_root, join_pieces, periodic_abs, piecewise)
from workbench.engine.integration.real_factors import real_extension, real_partial_fractions
from workbench.engine.integration.rewrite_base import solved_rewrite
from workbench.engine.integration.standard_forms import log_parts
from workbench.engine.integration.substitutions import (
    exp_trig_powers, rationalise_root, trig_substitution)
from workbench.engine.integration.tabular import polynomial_times_waves, tabular_first
from workbench.engine.integration.trig_rewrites import single_waves

x = sympy.Symbol("x", real=True)
pi = sympy.pi
# the step engine gives up on each of these at once or after a long search: keep it short
_SHORT_STEPS = Limits(steps=0.5, rewrite=10.0, piece=5.0, total=30.0)


def _solve(g: sympy.Expr, u: sympy.Symbol):
    """The step engine, then the rewrites again: what the chain hands a rewrite."""
    return by_steps(g, u, 5.0) or by_rewrites(g, u, _SHORT_STEPS, depth=1)


def _derivative_agrees(f: sympy.Expr, result: sympy.Expr, points: int = 12) -> None:
    """d(result)/dx equals f at random points of f's real domain, far out on both sides."""
    derivative = sympy.diff(result, x).replace(
        lambda e: isinstance(e, sympy.DiracDelta), lambda e: sympy.S.Zero)
    rng, used = random.Random(11), 0
    for _ in range(points * 6):
        reach = rng.choice((1.5, 4.0, 12.0))  # near 0 for bounded domains, far for periods
        at = {x: sympy.Float(rng.choice((-1, 1)) * rng.uniform(0.05, reach), 30)}
        want = complex(f.evalf(30, subs=at))
        if abs(want.imag) > 1e-12:
            continue  # outside the integrand's real domain
        got = complex(derivative.evalf(30, subs=at))
        assert abs(got - want) < 1e-9 * max(1.0, abs(want)), (at, got, want)
        used += 1
        if used == points:
            return
    raise AssertionError("too few points of the real domain were tried")


def _jump(result: sympy.Expr, at: sympy.Expr) -> float:
    """|F(at + ε) − F(at − ε)| for a tiny ε: an antiderivative has no jump."""
    eps = sympy.Float("1e-12", 40)
    left, right = (complex(result.evalf(40, subs={x: at + d})) for d in (-eps, eps))
    return abs(right - left)


@pytest.mark.parametrize("f", [
    3**x * sympy.cos(x), 2**x * sympy.sin(3 * x), 5 * 10 ** (-x) * sympy.cos(2 * x + 1),
    sympy.exp(2 * x) * sympy.sin(x / 2), sympy.sin(x) * 7 ** (x / 3),
    sympy.cosh(x) * sympy.sin(x), 4 * sympy.sinh(2 * x - 1) * sympy.cos(3 * x),
])
def test_cyclic_parts_solves_for_the_integral(f):
    step, result = cyclic_parts(f, x, _solve)
    assert sympy.simplify(sympy.diff(result, x) - f) == 0
    rules = [s.rule for s in step.walk()]
    assert step.rule == "cyclic_parts" and rules.count("parts") == 2 and "solve" in rules
    assert pickle.loads(pickle.dumps(step)) == step
    assert not result.has(sympy.I)  # no complex exponentials in a real answer


@pytest.mark.parametrize("f", [3**x * sympy.sin(x) * sympy.cos(x), 2**x * sympy.cos(x)**2,
                               sympy.cosh(2 * x) * sympy.sin(x)**2])
def test_powers_of_sin_and_cos_beside_any_exponential_are_linearised_first(f):
    step, result = exp_trig_powers(f, x, _solve)
    assert step.rule == "product_to_sum" and "cyclic_parts" in {s.rule for s in step.walk()}
    assert sympy.simplify(sympy.diff(result, x) - f) == 0 and not result.has(sympy.I)


@pytest.mark.parametrize("f", [3**x * sympy.tan(x), 3**x * sympy.cos(x**2), x * sympy.cos(x),
                               sympy.exp(x**2) * sympy.sin(x)])
def test_cyclic_parts_leaves_other_forms(f):
    assert cyclic_parts(f, x, _solve) is None


@pytest.mark.parametrize("f, zeros", [
    (sympy.Abs(sympy.sin(x)), [k * pi for k in range(-3, 4)]),
    (3 * sympy.Abs(sympy.cos(2 * x)), [pi / 4 + k * pi / 2 for k in range(-4, 4)]),
    (sympy.Abs(sympy.sin(x / 2 - pi / 4)), [pi / 2 + 2 * k * pi for k in range(-2, 3)]),
    # odd powers, in the form sympy keeps them for real x (|sin x|³ = sin²x·|sin x|)
    (sympy.Abs(sympy.sin(x)) ** 3, [k * pi for k in range(-3, 4)]),
    (2 * sympy.Abs(sympy.cos(2 * x + 1)) ** 5, [pi / 4 - sympy.S.Half + k * pi / 2
                                                for k in range(-4, 4)]),
])
def test_periodic_abs_is_a_continuous_antiderivative(f, zeros):
    step, result = periodic_abs(f, x, _solve)
    assert step.rule == "periodic_abs" and len(step.substeps) == 3
    _derivative_agrees(f, result)
    for zero in zeros:
        assert _jump(result, zero) < 1e-9, zero


def test_periodic_abs_gives_whole_periods_exactly():
    r = definite_integral("abs(sin(x))", "x", 0, "2 pi")
    assert r.exact == 4 and abs(r.value - 4) < 1e-9
    r = definite_integral("abs(sin(x))^3", "x", 0, "3 pi")  # 3·∫₀^π sin³ = 3·4/3
    assert sympy.simplify(r.exact - 4) == 0 and abs(r.value - 4) < 1e-9
    r = definite_integral("abs(cos(x))", "x", 0, "3 pi/2")
    assert sympy.simplify(r.exact - 3) == 0


@pytest.mark.parametrize("text", ["sqrt(1 - sin(x))", "sqrt(1 + cos(x))", "sqrt(2 - 2cos(x))",
                                  "sqrt(3 + 3 sin(2x))", "(1 + sin(x))^(3/2)",
                                  "(2 - 2 cos(x))^(5/2)", "(2 sin(7 x + 5) + 2)^(7/2)"])
def test_half_angle_root_becomes_an_absolute_value(text):
    from workbench.engine.parsing import parse

    f = parse(text).xreplace({sympy.Symbol("x"): x})
    step, result = half_angle_root(f, x, _solve)
    assert step.rule == "half_angle" and step.substeps[0].rule == "periodic_abs"
    _derivative_agrees(f, result)
    for k in range(-3, 4):  # the zeros of the integrand are among the multiples of π/4
        assert _jump(result, k * pi / 4) < 1e-9


@pytest.mark.parametrize("f", [sympy.sqrt(1 + sympy.cos(x)**2), sympy.sqrt(2 + sympy.sin(x)),
                               sympy.sqrt(1 - sympy.sin(x**2))])
def test_half_angle_root_leaves_elliptic_and_other_roots(f):
    assert half_angle_root(f, x, _solve) is None


def test_pieces_join_without_a_jump():
    relu_sigmoid = sympy.Piecewise((0, x <= 0), (x / (1 + sympy.exp(-x)), True))
    softplus = x + sympy.log(1 + sympy.exp(-x))  # ln(1 + eˣ)
    pieces = [sympy.S.Zero, x * softplus - x**2 / 2 - sympy.polylog(2, -sympy.exp(-x))]
    joined = join_pieces(relu_sigmoid, pieces, x)
    assert _jump(joined, sympy.S.Zero) < 1e-9
    # joined at x = 1, where Li₂(−1/e) is finite although sympy cannot tell
    shifted = sympy.Piecewise((0, x <= 1), ((x - 1) / (1 + sympy.exp(-x)), True))
    joined = join_pieces(shifted, [sympy.S.Zero, pieces[1] - softplus], x)
    assert joined is not None and _jump(joined, sympy.S.One) < 1e-9
    abs_shifted = sympy.Piecewise((x - 1, x >= 1), (1 - x, True))
    joined = join_pieces(abs_shifted, [x**2 / 2 - x, x - x**2 / 2], x)
    assert _jump(joined, sympy.S.One) < 1e-12
    assert sympy.simplify(joined.subs(x, 3) - joined.subs(x, 0) - sympy.Rational(5, 2)) == 0
    periodic = sympy.Piecewise((sympy.sin(x), sympy.sin(x) >= 0), (-sympy.sin(x), True))
    assert join_pieces(periodic, [-sympy.cos(x), sympy.cos(x)], x) is None


def test_a_wrong_joint_is_left_to_the_other_moves():
    # sympy's integrate joins |sin x|·cos x wrongly across the zeros of sin; the piecewise
    # move must give way (not answer) so that u = sin x can
    f = sympy.Abs(sympy.sin(x)) * sympy.cos(x)
    assert piecewise(f, x, _solve) is None
    r = antiderivative("abs(sin(x)) cos(x)", limits=_SHORT_STEPS)
    assert r.verified and check_antiderivative("abs(sin(x)) cos(x)", r.result) == "ok"
    for k in range(-2, 3):
        assert _jump(r.result.xreplace({sympy.Symbol("x"): x}), k * pi) < 1e-9


def test_relu_times_sigmoid_is_answered_with_the_dilogarithm():
    r = antiderivative("relu(x) sigmoid(x)", limits=_SHORT_STEPS)
    assert r.stage == "rewrite" and r.verified and r.result.has(sympy.polylog)
    assert check_antiderivative("relu(x) sigmoid(x)", r.result) == "ok"
    assert "not an elementary function" in r.note
    value = definite_integral("relu(x) sigmoid(x)", "x", -1, 1)
    # ∫₀¹ x·σ(x) dx = ln(1 + e) + Li₂(−e) + π²/12
    want = sympy.log(1 + sympy.E) + sympy.polylog(2, -sympy.E) + pi**2 / 12
    assert abs(value.value - float(sympy.N(want, 20))) < 1e-9


@pytest.mark.parametrize("denominator, radicals", [
    (x**4 + 1, [sympy.sqrt(2)]), (x**4 + 16, [sympy.sqrt(2)]),
    (x**4 - x**2 + 1, [sympy.sqrt(3)]), (x**2 + 1, []), (x**4 - 1, []),
    ((x**4 + 9) * (x - 1), [sympy.sqrt(6)]),
])
def test_real_extension_names_the_radicals_of_the_real_factors(denominator, radicals):
    assert real_extension(denominator, x) == radicals


@pytest.mark.parametrize("f", [1 / (x**4 + 1), x**2 / (x**4 + 16), (x + 3) / (x**4 - x**2 + 1)])
def test_real_partial_fractions_split_into_real_quadratics(f):
    split = real_partial_fractions(f, x)
    terms = sympy.Add.make_args(split)
    assert len(terms) >= 2
    assert all(sympy.degree(sympy.denom(t), x) <= 2 for t in terms)
    assert sympy.simplify(sympy.together(split) - f) == 0


@pytest.mark.parametrize("f", [(x**2 - 1) ** sympy.Rational(-3, 2),
                               x**2 * (x**2 - 4) ** sympy.Rational(-3, 2),
                               (4 * x**2 - 1) ** sympy.Rational(-3, 2)])
def test_secant_substitution_holds_on_both_sides(f):
    step, result = trig_substitution(f, x, _solve)
    assert "sec θ" in step.title and not result.has(sympy.asec, sympy.sec)
    _derivative_agrees(f, result)


@pytest.mark.parametrize("f", [sympy.sqrt((x - 1) / (x + 1)), sympy.sqrt((x + 2) / (x - 2)),
                               3 * sympy.sqrt((2 * x + 1) / (x + 3)),
                               sympy.sqrt((1 + x) / (1 - x)), sympy.sqrt((3 - x) / (x + 1))])
def test_rationalised_root_holds_on_every_interval_of_the_domain(f):
    _step, result = rationalise_root(f, x, _solve)
    _derivative_agrees(f, result)
    top, bottom = sympy.fraction(sympy.together(f.as_independent(x)[1].base))
    both_negative = (sympy.diff(top, x) * sympy.diff(bottom, x)).is_positive
    assert result.has(sympy.sign) == both_negative  # no sign factor where B > 0 throughout


@pytest.mark.parametrize("f", [(x + 1) * sympy.exp(x) * sympy.log(x),
                               (sympy.sin(x) + x * sympy.cos(x)) * sympy.log(x),
                               (x**2 + 2 * x) * sympy.exp(x) * sympy.log(x)])
def test_parts_with_the_logarithm_as_u(f):
    step, result = log_parts(f, x, _solve)
    assert step.rule == "parts" and r"u = $\ln{\left(x \right)}$" in step.title
    assert sympy.simplify(sympy.diff(result, x) - f) == 0


def test_parts_with_the_logarithm_leaves_polynomial_times_log():
    assert log_parts(x**2 * sympy.log(x), x, _solve) is None
    assert log_parts(sympy.log(x) * sympy.atan(x), x, _solve) is None


def test_solved_rewrite_hands_on_one_integral_and_maps_its_answer():
    u = sympy.Symbol("u", real=True)
    step, result = solved_rewrite("substitution", "t", x, x, u**2, _solve, u,
                                  back=lambda r: r.subs(u, x))
    assert result == x**3 / 3 and step.rule == "substitution"
    assert solved_rewrite("any", "t", x, x, x, lambda g, v: None) is None


@pytest.mark.parametrize("text, rule", [
    ("1/(x^4 + 16)", "partial_fractions"),
    ("1/(x^2 - 9)^(3/2)", "trig_substitution|binomial_substitution"),
    ("2^x sin(3x)", "cyclic_parts"), ("(x + 1) e^x ln(x)", "parts"),
    ("abs(sin(x))", "periodic_abs"), ("sqrt(1 - sin(x))", "half_angle"),
    ("sqrt((x - 1)/(x + 1))", "rationalise"),
])
def test_the_whole_chain_answers_with_these_steps(text, rule):
    r = antiderivative(text, limits=_SHORT_STEPS)
    assert r.stage == "rewrite" and r.verified, r.note
    assert check_antiderivative(text, r.result) == "ok"
    # (x² − 9)^(−3/2): x = 3 sec θ, or Chebyshev's third case, whichever checks out first
    assert {s.rule for top in r.steps for s in top.walk()} & set(rule.split("|"))
    assert pickle.loads(pickle.dumps(r)).result == r.result


@pytest.mark.parametrize("text, first_rule", [
    ("e^(-x)", "substitution"), ("3 e^(2 - 5x)", "constant_multiple"),
    ("e^x + e^(-x)", "sum"), ("e^(x/2) - 4 e^(-3x)", "sum")])
def test_plain_exponentials_are_taught_with_u_equals_the_exponent(text, first_rule):
    # c·e^(ax+b) and sums of them: term by term, u = ax + b, as a student does it; never
    # "t = eˣ makes it a rational function of t" (a move for 1/(1 + eˣ), not for these)
    result = antiderivative(text, "x")
    assert check_antiderivative(text, result.result) == "ok"
    assert result.steps[0].rule == first_rule
    titles = " ".join(step.title for step in result.steps[0].walk())
    assert "rational function" not in titles


def test_a_rational_function_of_e_to_the_x_is_still_substituted():
    result = antiderivative("1/(1 + e^x)", "x")
    assert check_antiderivative("1/(1 + e^x)", result.result) == "ok"
    assert result.steps[0].rule == "substitution" and "e" in result.steps[0].title


@pytest.mark.parametrize("text", [
    "x^3 (7 - 175 x^2)^2 (3 acosh(5 x) + 2)", "(5 - 5 x^2)^(3/2) (4 x + 3)^3 (2 acos(x) + 3)"])
def test_an_inverse_function_times_an_algebraic_factor_goes_by_parts(text):
    # (a + b·g)·A: multiplied out, u = g (LIATE); √(5 − 5x²)/√(1 − x²) must cancel to √5.
    # Roomy limits: these take 2-4 CPU s, and the test is about the method, not the speed
    r = antiderivative(text, limits=Limits(rewrite=30.0, piece=10.0, total=60.0))
    assert r.verified and check_antiderivative(text, r.result) == "ok"
    assert "parts" in {s.rule for top in r.steps for s in top.walk()}


def test_an_odd_power_of_a_half_angle_root_joins_at_its_zeros():
    # 2 + 2 sin(7x + 5) = 4 sin²(7x/2 + 5/2 + π/4) vanishes at 7x + 5 = −π/2 + 2kπ
    from workbench.engine.parsing import parse

    f = parse("(2 sin(7 x + 5) + 2)^(7/2)").xreplace({sympy.Symbol("x"): x})
    step, result = half_angle_root(f, x, _solve)
    assert step.substeps[0].rule == "periodic_abs"
    _derivative_agrees(f, result)
    for k in range(-2, 3):
        assert _jump(result, (-pi / 2 - 5 + 2 * k * pi) / 7) < 1e-9


@pytest.mark.parametrize("f", [x**5 * sympy.cosh(3 * x + 2), x**3 * sympy.sinh(2 * x),
                               (3 * x**2 + 2)**2 * sympy.sin(7 * x + 5), x**3 * sympy.sin(x)])
def test_tabular_method_takes_polynomials_of_degree_three_or_more_before_any_search(f):
    # cosh and sinh have columns sinh/a, cosh/a², ...; the step engine searched seconds
    found = tabular_first(f, x, _solve)
    assert found is not None and found[0].rule == "repeated_parts"
    _derivative_agrees(f, found[1])


def test_tabular_method_leaves_parts_once_or_twice_to_the_step_engine():
    # the step engine shows each integration by parts there, as a textbook does
    assert tabular_first(x * sympy.sin(x), x, _solve) is None
    assert tabular_first(x**2 * sympy.sin(x), x, _solve) is None
    assert tabular_first(x**2 * sympy.exp(3 * x), x, _solve) is None
    assert tabular_first(x**2 * sympy.exp(x) * sympy.cosh(x), x, _solve) is None
    # but not beside cosh (no rule there) nor beside e^x·sin x (a search of tenths of a second)
    assert tabular_first(x**2 * sympy.cosh(x), x, _solve) is not None
    assert tabular_first(x**2 * sympy.exp(x) * sympy.sin(x), x, _solve) is not None


@pytest.mark.parametrize("f", [
    x**2 * sympy.sin(x)**3, x**5 * sympy.cos(3 * x + 2)**2,
    x * sympy.sin(x)**3 * sympy.cot(x),  # = x·sin²x·cos x
    x**3 * sympy.exp(x) * sympy.sin(x)**2, x**2 * sympy.sin(2 * x) * sympy.cos(2 * x)**2])
def test_a_polynomial_times_powers_of_sin_and_cos_is_linearised_then_done_by_parts(f):
    found = polynomial_times_waves(f, x, _solve)
    assert found is not None and found[0].rule == "product_to_sum"
    _derivative_agrees(f, found[1])


@pytest.mark.parametrize("f", [x * sympy.sin(x), x**2 * sympy.sin(x) * sympy.cos(2 * x),
                               x * sympy.sin(x**2)**2, sympy.sin(x)**3])
def test_polynomial_times_waves_leaves_other_forms(f):
    # one sine (parts at once), two different angles (product to sum), a curved angle,
    # no polynomial
    assert polynomial_times_waves(f, x, _solve) is None


def test_single_waves_leaves_no_product_of_sines_and_cosines():
    g = single_waves(sympy.sin(x)**5 * sympy.cos(x)**2)
    assert not any(isinstance(p.base, (sympy.sin, sympy.cos)) for p in g.atoms(sympy.Pow))
    assert all(len([a for a in sympy.Mul.make_args(t) if a.has(x)]) == 1
               for t in sympy.Add.make_args(g))
    gap = g - sympy.sin(x)**5 * sympy.cos(x)**2
    assert all(abs(gap.evalf(30, subs={x: v})) < 1e-25 for v in (0.3, 1.7, -2.2, 9.1))
