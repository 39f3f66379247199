"""The Derivatives lab's float64 numbers, checked without a window."""

from __future__ import annotations

import math

import numpy as np
import pytest

from workbench.protocol.syntax import parse_tree
from workbench.ui.labs.derivatives.numeric import (
    EPS, InputProblem, check_derivative_step, concavity_stretches, error_curves, loglog_slope,
    quotient, read_number, read_step, secant_points)

CUBIC = parse_tree("x^3 - 3x")


def test_quotients_are_the_formulas_a_student_writes():
    a, h = 1.5, 0.25
    f = lambda x: x ** 3 - 3 * x  # noqa: E731
    assert quotient(CUBIC, a, h, "forward") == pytest.approx((f(a + h) - f(a)) / h, rel=1e-15)
    assert quotient(CUBIC, a, h, "backward") == pytest.approx((f(a) - f(a - h)) / h, rel=1e-15)
    assert quotient(CUBIC, a, h, "central") == pytest.approx((f(a + h) - f(a - h)) / (2 * h),
                                                             rel=1e-15)
    assert secant_points(a, h, "central") == (a - h, a + h, 2 * h)


def test_error_curves_have_the_textbook_slopes_and_best_steps():
    a = 1.5
    curves = error_curves(parse_tree("sin(x) + x^3"), a, math.cos(a) + 3 * a * a)
    h = curves.h
    assert loglog_slope(h, curves.errors["forward"], 1e-4, 1e-1) == pytest.approx(1, abs=0.1)
    assert loglog_slope(h, curves.errors["backward"], 1e-4, 1e-1) == pytest.approx(1, abs=0.1)
    assert loglog_slope(h, curves.errors["central"], 1e-3, 1e-1) == pytest.approx(2, abs=0.1)
    # round-off: the error climbs again as h shrinks far below the best step
    assert loglog_slope(h, curves.errors["forward"], 1e-15, 1e-10) < -0.5
    assert 1e-2 < curves.best_h["forward"] / math.sqrt(EPS) < 1e2
    assert 1e-2 < curves.best_h["central"] / EPS ** (1 / 3) < 1e2


@pytest.mark.parametrize("text, expected", [("1.5", 1.5), ("pi/4", math.pi / 4),
                                            ("-sqrt(2)", -math.sqrt(2))])
def test_numbers_can_be_typed_as_expressions(text, expected):
    assert read_number(text, "the point a") == pytest.approx(expected)


@pytest.mark.parametrize("text, words", [("", "Type a number"), ("x + 1", "cannot contain x"),
                                         ("1/0", "finite"), ("2 +", "The point a:")])
def test_bad_numbers_are_explained(text, words):
    with pytest.raises(InputProblem, match=words):
        read_number(text, "the point a")


@pytest.mark.parametrize("text, words", [("0", "cannot be 0"), ("-1", "positive"),
                                         ("100", "at most 10")])
def test_bad_steps_are_explained(text, words):
    with pytest.raises(InputProblem, match=words):
        read_step(text)


def test_a_right_step_agrees_and_a_wrong_one_does_not():
    right = check_derivative_step(parse_tree("sin(x^2)"), parse_tree("2x cos(x^2)"), "x")
    assert right.agrees is True and right.points == 8
    wrong = check_derivative_step(parse_tree("x^3"), parse_tree("3x"), "x")
    assert wrong.agrees is False and "disagree" in wrong.message
    outer = check_derivative_step(parse_tree("u^3", ("u",)), parse_tree("3u^2", ("u",)), "u")
    assert outer.agrees is True
    assert check_derivative_step(None, None, None).agrees is None


def test_concavity_follows_the_sign_of_the_second_derivative():
    stretches = concavity_stretches(parse_tree("6x"), -2, 2)
    assert [s[2] for s in stretches] == [-1, 1]
    assert stretches[0][1] == pytest.approx(0, abs=0.01)
    assert np.all([lo < hi for lo, hi, _ in stretches])
