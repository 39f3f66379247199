"""The gradient lab's numbers without widgets: grids, isolines, bands, arrows, analyses,
and the lab's worker jobs (derivative trees checked numerically, races, refusals)."""

from __future__ import annotations

import math
import pickle

import numpy as np
import pytest

from workbench.ui.labs.gradient.field import (FieldFunctions, arrow_segments, band_image,
                                              contour_levels, eigenvalues, gradient_arrows,
                                              isolines, isolines_all, path_in_sight, unit)
from workbench.ui.labs.gradient.prediction import prediction_text
from workbench.ui.labs.gradient.rate_slider import position_to_rate, rate_to_position
from workbench.ui.labs.gradient.runs import RunPath
from workbench.protocol.jobs.gradient import DescentJob, GradientFieldJob, LimitsJob
from workbench.protocol.results import GradientFieldResult, LimitsResult, RunResult
from workbench.worker.payloads import dumps_plain
from workbench.worker.registry import handler_for, load_handlers

XY = ("x", "y")


def functions(text: str) -> FieldFunctions:
    result = run(GradientFieldJob(text))
    return FieldFunctions(result.trees, result.variables)


def run(job):
    load_handlers()
    return handler_for(job)(job)


def test_field_job_trees_are_the_partial_derivatives():
    f = functions("x^2 y + 3x y^2 + sin(x y)")
    rng = np.random.default_rng(1)
    x, y = rng.uniform(-2, 2, 50), rng.uniform(-2, 2, 50)
    h = 1e-5
    fx = (f.values("f", x + h, y) - f.values("f", x - h, y)) / (2 * h)
    fy = (f.values("f", x, y + h) - f.values("f", x, y - h)) / (2 * h)
    assert np.allclose(f.values("fx", x, y), fx, atol=1e-5)
    assert np.allclose(f.values("fy", x, y), fy, atol=1e-5)
    fxy = (f.values("fx", x, y + h) - f.values("fx", x, y - h)) / (2 * h)
    assert np.allclose(f.values("fxy", x, y), fxy, atol=1e-4)
    fyy = (f.values("fy", x, y + h) - f.values("fy", x, y - h)) / (2 * h)
    assert np.allclose(f.values("fyy", x, y), fyy, atol=1e-4)


def test_field_job_payload_is_plain_and_one_variable_works():
    result = run(GradientFieldJob("x^3", ("x",)))
    dumps_plain(result)  # no sympy object inside
    assert isinstance(result, GradientFieldResult)
    assert result.request == GradientFieldJob("x^3", ("x",))
    f = FieldFunctions(result.trees, result.variables)
    assert f.dimension == 1 and set(result.trees) == {"f", "fx", "fxx"}
    assert float(f.values("fxx", 2.0)) == pytest.approx(12.0)
    with pytest.raises(ValueError, match="a value"):
        run(GradientFieldJob("x^2 + a y"))
    with pytest.raises(ValueError):
        GradientFieldJob("x", ("x", "y", "z"))


def test_descent_job_runs_each_racer_and_refuses_bad_settings_alone():
    job = DescentJob("x^2 + 3y^2", XY, (2, 1), (("gd", 0.1, ()),
                                                   ("nesterov", 0.1, (("momentum", 0.9),)),
                                                   ("adam", 0.1, (("beta1", 2.0),))), 5)
    result = run(job)
    dumps_plain(result)
    assert result.request == job
    gd, nesterov, adam = result.runs
    assert [r.name for r in result.runs] == ["gd", "nesterov", "adam"]
    assert np.allclose(gd.points[1], [2 - 0.1 * 4, 1 - 0.1 * 6])
    # Nesterov's first step: b = g, then θ - lr (g + μ b) = θ - lr (1 + μ) g
    assert np.allclose(nesterov.points[1], [2 - 0.19 * 4, 1 - 0.19 * 6])
    assert adam.status == "error" and "beta1" in adam.message
    with pytest.raises(ValueError, match="unknown optimizer"):
        DescentJob("x", ("x",), (1,), (("sgd", 0.1, ()),))
    with pytest.raises(ValueError, match="coordinate"):
        DescentJob("x", ("x",), (1, 2), (("gd", 0.1, ()),))
    assert pickle.loads(pickle.dumps(job)) == job


def test_isolines_lie_on_their_level():
    xs = ys = np.linspace(-3, 3, 201)
    z = xs[:, None] ** 2 + ys[None, :] ** 2
    x, y = isolines(xs, ys, z, 4.0)
    assert len(x) > 100 and len(x) % 2 == 0
    assert np.allclose(np.hypot(x, y), 2.0, atol=2e-3)
    # every level of isolines_all matches the single-level version
    levels = np.array([1.0, 2.0, 4.0])
    for (ax, ay), level in zip(isolines_all(xs, ys, z, levels), levels):
        bx, by = isolines(xs, ys, z, level)
        assert np.allclose(np.sort(ax), np.sort(bx)) and np.allclose(np.sort(ay), np.sort(by))


def test_isolines_of_a_saddle_and_across_gaps():
    xs = ys = np.linspace(-1, 1, 40)
    z = xs[:, None] ** 2 - ys[None, :] ** 2
    x, y = isolines(xs, ys, z, 0.0)
    assert np.allclose(np.abs(x), np.abs(y), atol=0.03)
    with np.errstate(all="ignore"):
        z = np.log(xs[:, None] + 0 * ys[None, :])  # undefined for x <= 0
    x, _ = isolines(xs, ys, z, -1.0)
    assert np.all(np.isfinite(x)) and np.all(x > 0)


def test_levels_and_bands_handle_nan_and_constants():
    z = np.full((50, 50), 3.0)
    assert contour_levels(z).size == 0
    z = np.arange(2500.0).reshape(50, 50)
    z[:10] = np.nan
    levels = contour_levels(z)
    assert 5 <= len(levels) <= 10 and np.all(np.diff(levels) > 0)
    image = band_image(z, levels)
    assert image.shape == (50, 50, 4) and image.dtype == np.uint8
    assert np.all(image[:10, :, 3] == 0) and np.all(image[10:, :, 3] == 255)
    lo, hi = image[10, 0], image[-1, -1]
    assert not np.array_equal(lo, hi)


def test_arrows_skip_undefined_and_point_along_the_gradient():
    x, y = arrow_segments([0, 1, 2], [0, 0, 0], [1, np.nan, 0], [0, 1, 0])
    assert len(x) == 6  # one arrow: shaft + two head strokes
    assert (x[0], y[0], x[1], y[1]) == (0, 0, 1, 0)
    f = functions("x^2 + 3y^2")
    ax, ay = gradient_arrows(f, (-2, 2), (-2, 2), count=6)
    shafts = np.column_stack([ax, ay]).reshape(-1, 6, 2)[:, :2]
    mid = shafts.mean(axis=1)
    d = shafts[:, 1] - shafts[:, 0]
    grad = np.column_stack([2 * mid[:, 0], 6 * mid[:, 1]])
    cos = np.sum(d * grad, axis=1) / np.linalg.norm(d, axis=1) / np.linalg.norm(grad, axis=1)
    assert np.all(cos > 0.99)


def test_point_analysis_and_helpers():
    f = functions("x^2 - y^2")
    a = f.analyse([1.0, 2.0], [3.0, 4.0])
    assert a.gradient == pytest.approx((2.0, -4.0))
    assert a.directional == pytest.approx((2 * 3 - 4 * 4) / 5)
    assert a.eigenvalues == pytest.approx((-2.0, 2.0))
    assert unit([0, 0]) == () and unit([3, 4]) == pytest.approx((0.6, 0.8))
    assert all(math.isnan(v) for v in eigenvalues([[1, np.nan], [0, 1]]))
    g = functions("sqrt(x) + y")
    assert math.isnan(g.analyse([-1.0, 0.0], [1, 0]).value)
    points = np.array([[0.0, 0.0], [1.0, 1.0], [1e9, 0.0], [2.0, 2.0]])
    assert path_in_sight(points, [-1, 1], [-1, 1]) == 2
    assert path_in_sight(points[:2], [-1, 1], [-1, 1]) == 2


def test_rate_positions_and_prediction_words():
    for rate in (1e-4, 0.0123, 0.5, 3.7):
        assert position_to_rate(rate_to_position(rate)) == pytest.approx(rate, rel=0.02)
    asked = LimitsJob("x^2 + y^2", XY, (1, 1))
    limits = LimitsResult(asked, max_stable=1.0, optimal=0.5, eigenvalues=(2.0, 2.0), note="")
    text, top, best = prediction_text(limits, "", 1.1, [], True)
    assert "DIVERGE" in text and (top, best) == (1.0, 0.5)
    assert "settle" in prediction_text(limits, "", 0.3, [], True)[0]
    flat = LimitsResult(asked, max_stable=math.inf, optimal=None, eigenvalues=(-2.0, -1.0),
                        note="No direction curves upwards")
    assert prediction_text(flat, "", 0.1, [], True)[1] is None
    assert "not available" in prediction_text(None, "", 0.1, [], True)[0]
    run = RunPath.from_result(RunResult(
        name="gd", method="gd", lr=1.1, hyper={}, points=((1.0,), (2.0,), (4.0,), (8.0,), (16.0,)),
        losses=(1, 4, 16, 64, 256), status="max_steps", message="", stopped_at=4))
    assert run.growing() and "diverging" in prediction_text(limits, "", 1.1, [run], True)[0]


def test_limits_job_gives_the_marks_as_plain_numbers():
    result = run(LimitsJob("x^2 + 10y^2", XY, (4, 1)))
    dumps_plain(result)
    assert isinstance(result, LimitsResult)
    assert result.eigenvalues == pytest.approx([2.0, 20.0])
    assert result.max_stable == pytest.approx(0.1)
    assert result.optimal == pytest.approx(2 / 22)
    saddle = run(LimitsJob("x^2 - y^2", XY, (1, 0)))
    assert saddle.optimal is None and saddle.max_stable == pytest.approx(1.0)
    dome = run(LimitsJob("-x^2 - y^2", XY, (1, 0)))
    assert math.isinf(dome.max_stable) and "No direction" in dome.note
    with pytest.raises(ValueError, match="undefined"):
        run(LimitsJob("sqrt(x) + y", XY, (0, 0)))
