"""Sums and products up to a letter n: closed forms checked against the partial sums,
the rule that finds each one, and the convergence steps written as mathematics."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
import sympy

from workbench.engine import product, summation

n, r, x = sympy.symbols("n r x")


def _agrees_with_partial_sums(closed: sympy.Expr, term, lo: int, tops, combine) -> None:
    for top in tops:
        brute = combine(term(k) for k in range(lo, top + 1))
        assert sympy.simplify(closed.subs(n, top) - brute) == 0, top


def _sum(values):
    return sum(values, sympy.Integer(0))


def _prod(values):
    return math.prod(values, start=sympy.Integer(1))


@pytest.mark.parametrize(("term", "lo", "py_term", "formula", "rule"), [
    ("k^2", 1, lambda k: k ** 2, n * (n + 1) * (2 * n + 1) / 6, "faulhaber"),
    ("k^3 - k", 2, lambda k: k ** 3 - k, None, "faulhaber"),
    ("1/(k(k+1))", 1, lambda k: sympy.Rational(1, k * (k + 1)), n / (n + 1), "telescoping"),
    ("1/(k(k+2))", 1, lambda k: sympy.Rational(1, k * (k + 2)), None, "telescoping"),
    ("1/(k^2 + 3k + 2)", 0, lambda k: sympy.Rational(1, (k + 1) * (k + 2)), None, "telescoping"),
    ("3 (1/2)^k", 2, lambda k: 3 * sympy.Rational(1, 2 ** k), None, "geometric"),
    ("binomial(n, k) 2^k", 0, None, 3 ** n, "binomial_theorem"),
])
def test_sum_to_n_matches_partial_sums(term, lo, py_term, formula, rule):
    result = summation(term, "k", lo, "n")
    assert result.limit_symbol == "n"
    if formula is not None:
        assert sympy.simplify(result.exact - formula) == 0
    assert rule in [s.rule for s in result.steps]
    if py_term is None:  # the term depends on n itself: sum it again for each n
        k = sympy.Symbol("k")
        for top in range(9):
            brute = sum(sympy.sympify(result.term).subs({n: top, k: i}) for i in range(top + 1))
            assert result.exact.subs(n, top) == brute
    else:
        _agrees_with_partial_sums(result.exact, py_term, lo, range(lo, lo + 9), _sum)


def test_telescoping_steps_show_the_cancellation():
    steps = summation("1/(k(k+1))", "k", 1, "n").steps
    fractions, telescoping, _ = steps  # then the check against the partial sums
    assert fractions.rule == "partial_fractions"
    assert fractions.after == r"\frac{1}{k} - \frac{1}{k + 1}"
    assert telescoping.after.endswith(r"= 1 - \frac{1}{n + 1} = \frac{n}{n + 1}")
    assert "\\" not in telescoping.title  # titles are words, not LaTeX


@pytest.mark.parametrize("ratio", [2, 3, Fraction(1, 2), Fraction(-2, 3)])
def test_geometric_sum_with_a_letter_ratio(ratio):
    result = summation("r^k", "k", 0, "n")
    assert "geometric" in [s.rule for s in result.steps]
    closed = result.exact.subs(r, sympy.Rational(ratio.numerator, ratio.denominator)
                               if isinstance(ratio, Fraction) else ratio)
    value = sympy.nsimplify(ratio)
    _agrees_with_partial_sums(closed, lambda k: value ** k, 0, range(8), _sum)


@pytest.mark.parametrize(("term", "py_term", "formula", "rule"), [
    ("k", lambda k: k, sympy.factorial(n), "factorial"),
    ("2", lambda k: 2, 2 ** n, "constant"),
    ("1 + 1/k", lambda k: 1 + sympy.Rational(1, k), n + 1, "telescoping"),
    ("(k+2)/k", lambda k: sympy.Rational(k + 2, k), (n + 1) * (n + 2) / 2, "telescoping"),
    ("k/(k+1)", lambda k: sympy.Rational(k, k + 1), 1 / (n + 1), "telescoping"),
    ("k/(k+2)", lambda k: sympy.Rational(k, k + 2), 2 / ((n + 1) * (n + 2)), "telescoping"),
])
def test_products_in_closed_form(term, py_term, formula, rule):
    result = product(term, "k", 1, "n")
    assert sympy.simplify(result.exact - formula) == 0
    assert rule in [s.rule for s in result.steps]
    _agrees_with_partial_sums(result.exact, py_term, 1, range(1, 10), _prod)


@pytest.mark.parametrize(("term", "value"), [
    ("x^k/k!", sympy.exp(x)), ("1/k!", sympy.E), ("3^k/k!", sympy.exp(3)),
    ("(-1)^k/k!", sympy.exp(-1)),
])
def test_exponential_series_through_the_factorial(term, value):
    result = summation(term, "k", 0, "oo")
    assert result.convergent is True
    assert sympy.simplify(result.exact - value) == 0
    if not value.free_symbols:
        partial = math.fsum(float(sympy.sympify(result.term).subs("k", k)) for k in range(30))
        assert result.value == pytest.approx(partial, rel=1e-14)


def test_ratio_test_decides_when_sympy_has_no_value():
    result = summation("k!/k^k", "k", 1, "oo")
    assert result.convergent is True
    step = next(s for s in result.steps if s.rule == "ratio_test")
    assert r"\to e^{-1} < 1" in step.before and step.after == ""
    partial = math.fsum(math.factorial(k) / k ** k for k in range(1, 80))
    assert result.value == pytest.approx(partial, rel=1e-12)


@pytest.mark.parametrize(("term", "rule", "words"), [
    ("1/k^2", "p_series", r"p = 2 > 1\text{, so it converges}"),
    ("1/sqrt(k)", "p_series", r"p = \frac{1}{2} \le 1\text{, so it diverges}"),
    ("2^k", "geometric", r"|r| \ge 1 \text{, so it diverges}"),
    ("k/(k+1)", "divergence_test", r"= 1 \neq 0"),
])
def test_convergence_steps_are_one_sentence_of_mathematics(term, rule, words):
    steps = summation(term, "k", 1, "oo").steps
    step = next(s for s in steps if s.rule == rule)
    assert words in step.before
    # shown as "before = after" when after is set: a verdict must not read "… = converges"
    assert step.after == ""


@pytest.mark.parametrize(("term", "lo", "kind"), [("k^2", 1, "sum"), ("1/(k(k+1))", 1, "sum"),
                                                 ("r^k", 0, "sum"), ("1 + 1/k", 1, "product")])
def test_a_formula_in_n_is_checked_against_the_first_partial_sums(term, lo, kind):
    result = (summation if kind == "sum" else product)(term, "k", lo, "n")
    check = result.steps[-1]
    assert check.rule == "check" and check.after == ""
    assert check.before.count("n = ") == 4
    numeric = summation(term.replace("r", "3"), "k", lo, 10) if kind == "sum" else None
    assert numeric is None or "check" not in [s.rule for s in numeric.steps]


@pytest.mark.parametrize(("term", "hi", "value"), [
    ("1/k!", 20000, math.e),
    ("k/binomial(2k, k)", 30000, 2 * math.sqrt(3) * math.pi / 27 + 2 / 3),
])
def test_long_sums_of_factorials_and_binomials_are_added_in_floats(term, hi, value):
    # past 10,000 terms the sum is added numerically: k! and C(2k, k) overflow a float
    # long before, and must give 0 terms, not ∞/∞
    lo = 0 if term == "1/k!" else 1
    assert summation(term, "k", lo, hi).value == pytest.approx(value, rel=1e-14)


@pytest.mark.parametrize(("term", "formula"), [
    ("ln(k)", sympy.log(sympy.factorial(n))), ("ln(1 + 1/k)", sympy.log(n + 1)),
])
def test_a_sum_of_logarithms_is_the_logarithm_of_the_product(term, formula):
    result = summation(term, "k", 1, "n")
    assert sympy.simplify(result.exact - formula) == 0
    assert "log_of_product" in [s.rule for s in result.steps]
    for top in range(1, 8):
        terms = (float(result.term.subs(sympy.Symbol("k"), k)) for k in range(1, top + 1))
        partial = math.fsum(terms)
        assert float(result.exact.subs(n, top)) == pytest.approx(partial, rel=1e-13)
