"""Adaptive sampling: accurate where smooth, refined where sharp, broken at poles and jumps.

Pure numpy: no Qt is involved.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from workbench.protocol.syntax import EvaluationError, parse_tree
from workbench.ui.sampling import BEND_TOLERANCE, robust_span, sample_curve


def sample(text: str, lo: float = -7.0, hi: float = 7.0, **options):
    return sample_curve(parse_tree(text), "x", lo, hi, **options)


def drawn_segments(curve):
    """(x0, x1) of every segment connect="finite" draws: both ends finite."""
    x, y = curve.x, curve.y
    both = np.isfinite(y[:-1]) & np.isfinite(y[1:])
    return x[:-1][both], x[1:][both]


def test_x_is_sorted_and_covers_the_range():
    curve = sample("x^2 sin(x)", -3, 5)
    assert np.all(np.diff(curve.x) >= 0)
    assert curve.x[0] == pytest.approx(-3) and curve.x[-1] == pytest.approx(5)


def test_smooth_function_is_unbroken_and_accurate():
    curve = sample("x^2 sin(x)")
    assert curve.breaks == 0 and not np.isnan(curve.y).any()
    np.testing.assert_allclose(curve.y, curve.x ** 2 * np.sin(curve.x), rtol=1e-12, atol=1e-12)
    # The polyline is a faithful drawing: between samples it misses the curve by < 1 pixel.
    mid = 0.5 * (curve.x[:-1] + curve.x[1:])
    chord = 0.5 * (curve.y[:-1] + curve.y[1:])
    lo, hi = robust_span(curve.y)
    assert np.max(np.abs(mid ** 2 * np.sin(mid) - chord)) < 2 * BEND_TOLERANCE * (hi - lo)


def test_reciprocal_is_broken_at_its_pole():
    curve = sample("1/x")
    x0, x1 = drawn_segments(curve)
    assert not np.any((x0 < 0) & (x1 > 0)), "a segment crosses the pole at 0"
    assert curve.breaks == 1
    finite = np.isfinite(curve.y)
    np.testing.assert_allclose(curve.y[finite], 1 / curve.x[finite], rtol=1e-9)
    # Both branches are drawn close to the pole, not stopped a grid cell short.
    assert curve.x[finite & (curve.x < 0)].max() > -0.01
    assert curve.x[finite & (curve.x > 0)].min() < 0.01


@pytest.mark.parametrize("lo, hi", [(-7.0, 7.0), (-10.0, 3.0), (0.1, 20.0)])
def test_tangent_is_broken_at_every_pole(lo, hi):
    curve = sample("tan(x)", lo, hi)
    poles = [math.pi / 2 + k * math.pi for k in range(-10, 10)]
    poles = [p for p in poles if lo < p < hi]
    x0, x1 = drawn_segments(curve)
    for pole in poles:
        assert not np.any((x0 < pole) & (x1 > pole)), f"a segment crosses the pole {pole}"
    assert curve.breaks == len(poles)


def test_floor_is_broken_at_integers():
    curve = sample("floor(x)", -3.5, 3.5)
    assert curve.breaks == 7  # at -3, -2, ..., 3
    x0, x1 = drawn_segments(curve)
    assert np.all(np.floor(x0) == np.floor(x1)), "a segment joins two steps"
    finite = np.isfinite(curve.y)
    np.testing.assert_array_equal(curve.y[finite], np.floor(curve.x[finite]))


def test_steep_but_continuous_function_is_not_broken():
    curve = sample("atan(1000 x)", -2, 2)
    assert curve.breaks == 0 and not np.isnan(curve.y).any()


def test_refinement_adds_points_near_a_sharp_feature():
    curve = sample("exp(-200 x^2)", -5, 5, points=200)
    near = np.count_nonzero(np.abs(curve.x) < 0.25)
    far = np.count_nonzero(np.abs(curve.x - 3) < 0.25)
    assert near > 3 * far
    assert curve.x.size > 200


def test_curve_reaches_the_edge_of_its_domain():
    curve = sample("sqrt(x)", -4, 4)
    finite = np.isfinite(curve.y)
    assert np.all(np.isnan(curve.y[curve.x < 0]))
    assert curve.x[finite].min() < 1e-6  # drawn down to 0, not from the first grid point


def test_absurd_values_are_cut_off_near_the_view():
    curve = sample("1/x^2", -2, 2, y_range=(-1.0, 5.0))
    finite = curve.y[np.isfinite(curve.y)]
    assert finite.max() <= 5.0 + 20 * 6.0
    assert curve.breaks == 1


def test_constant_function_fills_the_range():
    curve = sample("5", -1, 1, points=50)
    assert curve.x.size == 50 and np.all(curve.y == 5.0)


def test_unknown_variable_is_an_evaluation_error():
    with pytest.raises(EvaluationError):
        sample("x + a")
    curve = sample_curve(parse_tree("x + a"), "x", 0, 1, env={"a": 2.0})
    np.testing.assert_allclose(curve.y, curve.x + 2.0)


def test_no_warnings_on_undefined_points():
    with np.errstate(all="raise"):
        sample("ln(x) + 1/x + sqrt(x - 1)")
