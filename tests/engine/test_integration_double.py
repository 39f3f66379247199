"""double_integral and swap_order: the curriculum example, curved regions, dblquad agreement."""

from __future__ import annotations

import pytest
import sympy
from scipy import integrate

from workbench.engine import double_integral
from workbench.engine.integration import SwapError, swap_order
from workbench.protocol.syntax import ParseError

x, y = sympy.symbols("x y")


def test_curriculum_example():
    r = double_integral("x y", ("y", 0, 2), ("x", 0, 1))
    assert r.exact == 1 and r.value == pytest.approx(1)
    inner, outer = r.steps
    assert inner.rule == "inner_integral" and outer.rule == "outer_integral"
    assert inner.after == "2 x"  # the curriculum's middle value, 2x


@pytest.mark.parametrize("text, inner, outer", [
    ("x + y", ("y", 0, "x^2"), ("x", 0, 1)),
    ("x y^2", ("y", "x", "2x"), ("x", 1, 2)),
    ("exp(-x^2-y^2)", ("y", "-oo", "oo"), ("x", "-oo", "oo")),
    ("sin(x y)", ("y", 0, 1), ("x", 0, 1)),
])
def test_exact_agrees_with_dblquad(text, inner, outer):
    r = double_integral(text, inner, outer)
    assert r.exact is not None
    assert float(r.exact) == pytest.approx(r.value, rel=1e-7)


def test_variable_bounds_against_scipy_directly():
    r = double_integral("x + y", ("y", 0, "x^2"), ("x", 0, 1))
    value, _ = integrate.dblquad(lambda yy, xx: xx + yy, 0, 1, lambda xx: 0, lambda xx: xx**2)
    assert r.exact == sympy.Rational(7, 20) and value == pytest.approx(0.35)


def test_bad_ranges():
    with pytest.raises(ValueError):
        double_integral("x y", ("x", 0, 1), ("x", 0, 1))
    with pytest.raises(ParseError):
        double_integral("x y", ("y", 0, "z"), ("x", 0, 1))
    with pytest.raises(ParseError):
        double_integral("x y", ("y", 0, 1), ("x", 0, "y"))


@pytest.mark.parametrize("inner, outer, expected", [
    (("y", 0, 2), ("x", 0, 1), (("x", 0, 1), ("y", 0, 2))),
    (("y", 0, "x^2"), ("x", 0, 1), (("x", sympy.sqrt(y), 1), ("y", 0, 1))),
    (("y", "x^2", "x"), ("x", 0, 1), (("x", y, sympy.sqrt(y)), ("y", 0, 1))),
    (("y", "x^2", 1), ("x", 0, 1), (("x", 0, sympy.sqrt(y)), ("y", 0, 1))),
    (("y", 0, "1 - x"), ("x", 0, 1), (("x", 0, 1 - y), ("y", 0, 1))),
])
def test_swap_order_regions(inner, outer, expected):
    new_inner, new_outer = swap_order("x y", inner, outer)
    assert new_inner[0] == expected[0][0] and new_outer[0] == expected[1][0]
    for got, want in zip((*new_inner[1:], *new_outer[1:]), (*expected[0][1:], *expected[1][1:])):
        assert sympy.simplify(sympy.sympify(got) - want) == 0


def test_swapped_integral_has_the_same_value():
    inner, outer = ("y", "x^2", "x"), ("x", 0, 1)
    first = double_integral("x + y", inner, outer)
    new_inner, new_outer = swap_order("x + y", inner, outer)
    second = double_integral("x + y", new_inner, new_outer)
    assert sympy.simplify(first.exact - second.exact) == 0


@pytest.mark.parametrize("inner, outer", [
    (("y", 0, "sin(x)"), ("x", 0, "pi")),       # not monotonic
    (("y", 0, "exp(-x)"), ("x", 0, 1)),         # needs two pieces
])
def test_swap_refuses_regions_needing_pieces(inner, outer):
    with pytest.raises(SwapError):
        swap_order("x", inner, outer)


def test_results_pickle_and_serialise():
    import json
    import pickle

    from workbench.engine import riemann_sum

    for result in (double_integral("x y", ("y", 0, "x"), ("x", 0, 1)),
                   riemann_sum("x^2", "x", 0, 1, 4, "simpson")):
        assert pickle.loads(pickle.dumps(result)) == result
        data = json.loads(json.dumps(result.to_dict()))
        assert sympy.sympify(data["exact"]) == result.exact
