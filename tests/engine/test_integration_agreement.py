"""The numerical half of every check: two expressions compared at random real points,
each side compiled once, a disagreement confirmed with evalf's error control."""

from __future__ import annotations

import sympy

from workbench.engine.integration.agreement import (
    derivative_agreement, numeric_agreement, precise_value)
from workbench.engine.integration.verification import check

x = sympy.Symbol("x", real=True)


def test_equal_expressions_agree_and_different_ones_do_not():
    assert numeric_agreement(sympy.sin(x)**2 + sympy.cos(x)**2, sympy.S.One, x) is True
    assert numeric_agreement(sympy.sin(2 * x), 2 * sympy.sin(x) * sympy.cos(x), x) is True
    assert numeric_agreement(sympy.sin(2 * x), sympy.sin(x) * sympy.cos(x), x) is False


def test_cancellation_beyond_thirty_digits_is_settled_by_evalf():
    # (x + 10⁴⁰)² − 10⁸⁰ − 2·10⁴⁰·x is x², but at 30 fixed digits its terms of size 10⁸⁰
    # leave an error of 10⁵⁰: the compiled sides differ, evalf's adaptive precision agrees
    big = sympy.Integer(10)**40
    lhs = sympy.Add((x + big)**2, -big**2, -2 * big * x, evaluate=False)
    assert numeric_agreement(lhs, x**2, x) is True
    assert numeric_agreement(lhs, x**2 + 1, x) is False


def test_a_function_mpmath_has_no_name_for_is_evaluated_by_evalf():
    shifted = x * sympy.exp_polar(0)  # exp_polar(0) is 1, and mpmath has no exp_polar
    assert numeric_agreement(shifted, x, x) is True


def test_points_outside_the_real_domain_are_skipped():
    # √(x − 3) is real only beyond 3: points there are enough, those below are skipped
    assert numeric_agreement(sympy.sqrt(x - 3)**2, x - 3, x) is True
    # artanh is real only on (−1, 1): an answer need not match its complex values beyond
    f = 1 / (1 - x**2)
    assert check(f, sympy.atanh(x), x) is True


def test_no_usable_point_decides_nothing():
    assert numeric_agreement(sympy.sqrt(-x**2 - 1), sympy.sqrt(-x**2 - 1), x) is None


def test_precise_value_is_none_where_the_expression_is_undefined():
    assert precise_value(1 / x, {x: sympy.Float(0)}) is None
    assert precise_value(sympy.sin(x), {x: sympy.Float(1)}) == complex(sympy.sin(1).evalf(20))


def test_check_refutes_a_wrong_antiderivative_and_accepts_a_right_one():
    f = x**2 * sympy.exp(x)
    assert check(f, (x**2 - 2 * x + 2) * sympy.exp(x), x) is True
    assert check(f, (x**2 - 2 * x + 1) * sympy.exp(x), x) is False


def test_a_central_difference_confirms_an_antiderivative_without_differentiating_it():
    f = x**2 * sympy.exp(x)
    assert derivative_agreement((x**2 - 2 * x + 2) * sympy.exp(x), f, x) is True
    # ln|u| and ln u alike; artanh beyond (−1, 1) differs from a real answer by a constant
    assert derivative_agreement(sympy.log(sympy.Abs(x - 1)), 1 / (x - 1), x) is True
    assert derivative_agreement(sympy.atanh(x), 1 / (1 - x**2), x) is True


def test_a_central_difference_never_refutes_it_leaves_that_to_the_symbolic_derivative():
    f = x**2 * sympy.exp(x)
    assert derivative_agreement((x**2 - 2 * x + 1) * sympy.exp(x), f, x) is None
    assert check(f, (x**2 - 2 * x + 1) * sympy.exp(x), x) is False


def test_points_where_the_answer_is_not_real_are_skipped_by_the_central_difference():
    # √(x − 3)·2 has derivative 1/√(x − 3): only points beyond 3 can be compared
    assert derivative_agreement(2 * sympy.sqrt(x - 3), 1 / sympy.sqrt(x - 3), x) is True
