"""riemann_sum: the five rules, their orders of accuracy, rectangles and errors."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy

from workbench.engine import riemann_sum


def test_rules_on_x_squared():
    h = 0.2  # [0, 2] in 10 pieces
    xs = np.linspace(0, 2, 11)
    expected = {
        "left": h * np.sum(xs[:-1] ** 2),
        "right": h * np.sum(xs[1:] ** 2),
        "midpoint": h * np.sum(((xs[:-1] + xs[1:]) / 2) ** 2),
        "trapezoid": h * np.sum((xs[:-1] ** 2 + xs[1:] ** 2) / 2),
        "simpson": 8 / 3,  # exact for polynomials up to degree 3
    }
    for rule, value in expected.items():
        r = riemann_sum("x^2", "x", 0, 2, 10, rule)
        assert r.value == pytest.approx(value, rel=1e-12), rule
        assert r.exact == sympy.Rational(8, 3)


def test_left_under_and_right_over_for_increasing_function():
    left = riemann_sum("e^x", "x", 0, 1, 20, "left").value
    right = riemann_sum("e^x", "x", 0, 1, 20, "right").value
    assert left < math.e - 1 < right


@pytest.mark.parametrize("rule, order", [("midpoint", 2), ("trapezoid", 2), ("simpson", 4),
                                         ("left", 1)])
def test_orders_of_accuracy(rule, order):
    exact = 1 - math.cos(2.0)  # ∫_0^2 sin
    errors = [abs(riemann_sum("sin(x)", "x", 0, 2, n, rule).value - exact) for n in (8, 16, 32)]
    ratios = [errors[i] / errors[i + 1] for i in range(2)]
    for ratio in ratios:
        assert ratio == pytest.approx(2**order, rel=0.15)


def test_rectangles_cover_the_interval():
    r = riemann_sum("x^2", "x", 1, 3, 4, "right")
    assert len(r.rectangles) == 4
    assert r.rectangles[0][0] == 1 and r.rectangles[-1][1] == 3
    for (_x0, x1, height) in r.rectangles:
        assert height == pytest.approx(x1**2)
    assert r.value == pytest.approx(sum((x1 - x0) * h for x0, x1, h in r.rectangles))


def test_trapezoid_heights_are_averages_and_simpson_gives_panels():
    trap = riemann_sum("x^3", "x", 0, 1, 4, "trapezoid")
    for x0, x1, h in trap.rectangles:
        assert h == pytest.approx((x0**3 + x1**3) / 2)
    simp = riemann_sum("x^3", "x", 0, 1, 4, "simpson")
    assert len(simp.rectangles) == 2 and simp.rectangles[0][:2] == (0.0, 0.5)
    assert simp.value == pytest.approx(sum((b - a) * h for a, b, h in simp.rectangles))


def test_bad_inputs_are_clear_errors():
    with pytest.raises(ValueError, match="even"):
        riemann_sum("x", "x", 0, 1, 5, "simpson")
    with pytest.raises(ValueError, match="Unknown rule"):
        riemann_sum("x", "x", 0, 1, 4, "upper")
    with pytest.raises(ValueError, match="whole number"):
        riemann_sum("x", "x", 0, 1, 0)
    with pytest.raises(ValueError, match="finite"):
        riemann_sum("x", "x", 0, "oo", 4)


def test_text_bounds_steps_and_dict():
    r = riemann_sum("sin(x)", "x", 0, "pi", 6, "midpoint")
    assert r.b == pytest.approx(math.pi) and r.exact == 2
    assert [s.rule for s in r.steps] == ["partition", "riemann_midpoint", "compare"]
    data = r.to_dict()
    assert data["rule"] == "midpoint" and len(data["rectangles"]) == 6


def test_undefined_points_are_nan_not_errors():
    r = riemann_sum("1/x", "x", -1, 1, 2, "right")
    assert len(r.rectangles) == 2 and math.isnan(r.rectangles[0][2])
    assert r.rectangles[1][2] == 1 and math.isnan(r.value)
