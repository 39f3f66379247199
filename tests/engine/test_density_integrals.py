"""density_integrals: exact integrals checked against quadrature, cut at the density's jumps."""

from __future__ import annotations

import math

import pytest
import sympy

from workbench.engine.density_integrals import (antiderivative, integral, numeric_function,
                                                split_at_jumps)

x = sympy.Symbol("x", real=True)
mu = sympy.Symbol("mu", real=True)


def test_a_bell_curve_integrates_to_one_exactly_and_numerically():
    bell = sympy.exp(-x ** 2 / 2) / sympy.sqrt(2 * sympy.pi)
    exact, value, error = integral(bell, x, -sympy.oo, sympy.oo)
    assert sympy.simplify(exact - 1) == 0
    assert value == 1.0 and error < 1e-6


def test_a_box_is_cut_where_it_jumps_and_only_its_inside_counts():
    box = sympy.Heaviside(x) * sympy.Heaviside(2 - x) / 2
    pieces = split_at_jumps(box, x, sympy.Integer(-5), sympy.Integer(5))
    assert [(left, right) for left, right, _ in pieces] == [(0, 2)]
    assert pieces[0][2] == sympy.Rational(1, 2)
    exact, value, _ = integral(box, x, sympy.Integer(-1), sympy.Rational(1, 2))
    assert exact == sympy.Rational(1, 4) and value == pytest.approx(0.25)


def test_a_parameter_leaves_a_formula_and_no_number():
    exact, value, error = integral(sympy.exp(-(x - mu) ** 2), x, -sympy.oo, sympy.oo)
    assert sympy.simplify(exact - sympy.sqrt(sympy.pi)) == 0
    assert math.isnan(value) and math.isnan(error)


def test_antiderivative_differentiates_back_and_is_remembered():
    f = x * sympy.exp(-x)
    prim = antiderivative(f, x)
    assert sympy.simplify(sympy.diff(prim, x) - f) == 0
    assert antiderivative(f, x) is prim


def test_numeric_function_gives_nan_where_undefined():
    func = numeric_function(sympy.log(x), x)
    assert func(math.e) == pytest.approx(1.0)
    assert math.isnan(func(-1.0))
