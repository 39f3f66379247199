"""summation / product: curriculum values, closed forms checked against brute force, series."""

from __future__ import annotations

import json
import math
import pickle

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.engine import ParseError, product, summation
from workbench.engine.series import ProductResult, SumResult

m = sympy.Symbol("m")


@pytest.mark.parametrize(("term", "index", "lo", "hi", "expected"), [
    ("i", "i", 1, 10, 55),
    ("i^2", "i", 1, 3, 14),
    ("k", "k", 1, 100, 5050),
    ("k^2", "k", 1, 10, 385),
    ("k^3", "k", 1, 5, 225),
    ("k^3", "k", 1, 10, 3025),
    ("2k + 3", "k", 0, 7, sum(2 * k + 3 for k in range(8))),
    ("2^k", "k", 0, 10, 2047),
    ("(k-1)(k+2)", "k", -3, 4, sum((k - 1) * (k + 2) for k in range(-3, 5))),
])
def test_curriculum_sums(term, index, lo, hi, expected):
    result = summation(term, index, lo, hi)
    assert isinstance(result, SumResult)
    assert result.exact == expected
    assert result.value == pytest.approx(expected)
    assert result.latex.endswith(f"= {expected}")


@pytest.mark.parametrize(("power", "formula"), [
    (1, m * (m + 1) / 2),
    (2, m * (m + 1) * (2 * m + 1) / 6),
    (3, (m * (m + 1) / 2) ** 2),
])
def test_faulhaber_closed_forms_and_steps(power, formula):
    result = summation(f"k^{power}", "k", 1, 10)
    assert result.limit_symbol == "m"
    assert sympy.simplify(result.closed_form - formula) == 0
    rules = [s.rule for s in result.steps]
    assert "faulhaber" in rules and rules[-1] == "substitute"


def test_closed_form_matches_brute_force_for_every_upper_limit():
    result = summation("3k^2 - 2k + 5", "k", 2, 6)
    closed = result.closed_form
    for top in range(1, 15):
        brute = sum(3 * k * k - 2 * k + 5 for k in range(2, top + 1))
        assert closed.subs(m, top) == brute
    assert [s.rule for s in result.steps][:2] == ["expand", "sum"]
    assert "shift" in [s.rule for s in result.steps]


def test_symbolic_upper_limit_gives_the_formula():
    result = summation("k", "k", 1, "n")
    n = sympy.Symbol("n")
    assert sympy.simplify(result.exact - n * (n + 1) / 2) == 0
    assert math.isnan(result.value)


def test_geometric_partial_sum_step():
    result = summation("3 (1/2)^k", "k", 0, 8)
    assert result.exact == sum(sympy.Rational(3, 2 ** k) for k in range(9))
    assert "geometric" in [s.rule for s in result.steps]


def test_term_without_closed_form_is_summed_term_by_term():
    result = summation("sin(k)", "k", 1, 20)
    assert result.value == pytest.approx(sum(math.sin(k) for k in range(1, 21)))


@pytest.mark.parametrize(("term", "lo", "exact"), [
    ("1/k^2", 1, sympy.pi ** 2 / 6),
    ("(1/2)^k", 0, sympy.Integer(2)),
    ("1/3^k", 1, sympy.Rational(1, 2)),
])
def test_convergent_series(term, lo, exact):
    result = summation(term, "k", lo, "oo")
    assert result.convergent is True
    assert sympy.simplify(result.exact - exact) == 0
    assert result.value == pytest.approx(float(exact))


@pytest.mark.parametrize(("term", "rule"), [
    ("1/k", "p_series"), ("k/(k+1)", "divergence_test"), ("2^k", "geometric"),
])
def test_divergent_series_say_so(term, rule):
    result = summation(term, "k", 1, "oo")
    assert result.convergent is False
    assert result.exact is None
    assert "diverges" in result.latex
    assert rule in [s.rule for s in result.steps]


def test_products():
    assert product("i", "i", 1, 5).exact == 120
    factorial = product("k", "k", 1, 5)
    assert factorial.closed_form == sympy.factorial(m)
    assert "factorial" in [s.rule for s in factorial.steps]
    assert product("1 - 1/k^2", "k", 2, 9).exact == sympy.Rational(5, 9)  # telescopes to (n+1)/2n


def test_nested_product_from_the_curriculum():
    inner = product("i*j", "j", 1, 3)
    assert sympy.simplify(inner.exact - 6 * sympy.Symbol("i") ** 3) == 0
    outer = product(inner, "i", 1, 2)
    assert isinstance(outer, ProductResult)
    assert outer.exact == 288 and outer.value == 288.0
    assert outer.steps[0].rule == "inner" and outer.steps[0].substeps
    assert r"\prod_{j=1}^{3}" in outer.latex


def test_nested_sum():
    assert summation(summation("i + j", "j", 1, 4), "i", 1, 3).exact == sum(
        i + j for i in range(1, 4) for j in range(1, 5))


def test_results_pickle_and_serialise():
    for result in (summation("k^2", "k", 1, 10), product("k", "k", 1, 6),
                   summation("1/k^2", "k", 1, "oo")):
        again = pickle.loads(pickle.dumps(result))
        assert again.exact == result.exact
        data = json.loads(json.dumps(result.to_dict()))
        assert sympy.sympify(data["exact"]) == result.exact
        assert data["steps"][0]["rule"] == result.steps[0].rule


@pytest.mark.parametrize(("args", "column_free"), [
    (("k^", "k", 1, 3), False),
    (("k", "k", 1.5, 3), True),
    (("k", "k", 5, 2), True),
    (("k", "k", 1, "k"), True),
])
def test_bad_input_is_a_parse_error(args, column_free):
    with pytest.raises(ParseError) as info:
        summation(*args)
    assert (info.value.position is None) == column_free


def test_long_ranges_stay_fast_and_numeric():
    harmonic = summation("1/k", "k", 1, 10 ** 6)
    euler_gamma = 0.5772156649015329
    assert harmonic.value == pytest.approx(math.log(10 ** 6) + euler_gamma + 0.5e-6, rel=1e-12)
    assert harmonic.exact is None and harmonic.steps[-1].rule == "substitute"
    big = summation("2^k", "k", 1, 5000)
    assert big.exact == 2 ** 5001 - 2 and big.value == math.inf
    assert r"\approx" in big.latex


def test_series_growing_without_bound_has_infinite_value():
    result = summation("k^2", "k", 1, "oo")
    assert result.convergent is False and result.value == math.inf


def test_product_closed_forms_stay_in_factorials():
    n = sympy.Symbol("n")
    telescoping = product("(k+1)/k", "k", 1, "n")
    assert sympy.simplify(telescoping.exact - (n + 1)) == 0
    shifted = product("k+2", "k", 1, "n")
    assert not shifted.exact.has(sympy.gamma)
    assert all(shifted.exact.subs(n, top) == sympy.factorial(top + 2) / 2 for top in range(1, 8))


@settings(max_examples=25, deadline=None)
@given(coeffs=st.lists(st.integers(-9, 9), min_size=1, max_size=4),
       lo=st.integers(-5, 5), count=st.integers(0, 30))
def test_any_polynomial_sum_matches_brute_force(coeffs, lo, count):
    term = " + ".join(f"({c}) k^{e}" for e, c in enumerate(coeffs))
    hi = lo + count - 1
    result = summation(term, "k", lo, hi)
    expected = sum(sum(c * k ** e for e, c in enumerate(coeffs)) for k in range(lo, hi + 1))
    assert result.exact == expected
    if result.closed_form is not None:  # and the formula holds for every other limit too
        for top in (lo - 1, lo, lo + 7):
            brute = sum(sum(c * k ** e for e, c in enumerate(coeffs)) for k in range(lo, top + 1))
            assert result.closed_form.subs(m, top) == brute
