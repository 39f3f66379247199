"""See the function: features found where mathematics puts them, and a view that shows
every one of them (issue 15)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import Qt

from workbench.protocol.syntax import parse_tree
from workbench.ui.canvas import DEFAULT_X_RANGE, PlotCanvas
from workbench.ui.features import curves_view_range, find_features, tree_function

L = 2 * math.pi
PI = math.pi


def features(text, lo=-L, hi=L):
    return find_features(tree_function(parse_tree(text), "x"), lo, hi)


def at(found, kind):
    return sorted(f.x for f in found if f.kind == kind)


def test_sine_zeros_extrema_and_inflections_sit_at_multiples_of_half_pi():
    found = features("sin(x)")
    np.testing.assert_allclose(at(found, "zero"), [-PI, 0, PI], atol=1e-9)
    np.testing.assert_allclose(at(found, "maximum"), [-3 * PI / 2, PI / 2], atol=1e-6)
    np.testing.assert_allclose(at(found, "minimum"), [-PI / 2, 3 * PI / 2], atol=1e-6)
    np.testing.assert_allclose(at(found, "inflection"), [-2 * PI, -PI, 0, PI, 2 * PI], atol=1e-5)


def test_a_cubic_has_its_three_zeros_two_extrema_and_one_inflection():
    found = features("x^3 - 3x")
    r3 = math.sqrt(3)
    np.testing.assert_allclose(at(found, "zero"), [-r3, 0, r3], atol=1e-9)
    (top,) = [f for f in found if f.kind == "maximum"]
    (bottom,) = [f for f in found if f.kind == "minimum"]
    assert top.x == pytest.approx(-1, abs=1e-6) and top.y == pytest.approx(2)
    assert bottom.x == pytest.approx(1, abs=1e-6) and bottom.y == pytest.approx(-2)
    np.testing.assert_allclose(at(found, "inflection"), [0], atol=1e-6)


def test_the_bell_has_its_peak_and_inflections_at_one_over_root_two():
    found = features("e^(-x^2)")
    assert at(found, "maximum") == pytest.approx([0], abs=1e-6)
    r = 1 / math.sqrt(2)
    np.testing.assert_allclose(at(found, "inflection"), [-r, r], atol=1e-5)
    assert at(found, "zero") == [] and at(found, "asymptote") == []


def test_poles_are_asymptotes_not_zeros():
    found = features("tan(x)")
    np.testing.assert_allclose(at(found, "asymptote"), [-3 * PI / 2, -PI / 2, PI / 2, 3 * PI / 2],
                               atol=1e-6)
    np.testing.assert_allclose(at(found, "zero"), [-PI, 0, PI], atol=1e-9)
    assert at(features("1/x"), "asymptote") == pytest.approx([0], abs=1e-9)
    assert at(features("1/x"), "zero") == []
    assert at(features("1/x^2"), "asymptote") == pytest.approx([0], abs=1e-6)


def test_domain_edges_bounded_or_blowing_up():
    ln = features("ln(x)")
    assert at(ln, "asymptote") == pytest.approx([0], abs=1e-9)
    assert at(ln, "zero") == pytest.approx([1], abs=1e-9)
    power = features("x^x")
    (edge,) = [f for f in power if f.kind == "edge"]
    assert edge.x == pytest.approx(0, abs=1e-9) and edge.y == pytest.approx(1, abs=1e-6)
    (low,) = [f for f in power if f.kind == "minimum"]
    assert low.x == pytest.approx(1 / math.e, abs=1e-6)
    assert low.y == pytest.approx(math.exp(-1 / math.e), abs=1e-9)
    (root,) = [f for f in features("sqrt(x)") if f.kind == "edge"]
    assert root.y == pytest.approx(0, abs=1e-6)


def _trees(*texts):
    return [parse_tree(t) if t else None for t in texts]


@pytest.mark.parametrize("f, df, d2f", [
    ("tan(x)", "sec(x)^2", "2 sec(x)^2 tan(x)"),
    ("1/x", "-1/x^2", "2/x^3"),
    ("x^x", "x^x (ln(x) + 1)", "x^x (ln(x) + 1)^2 + x^(x - 1)"),
    ("e^x", "e^x", "e^x"),
])
def test_the_view_contains_every_feature_and_stays_finite(f, df, d2f):
    f, df, d2f = _trees(f, df, d2f)
    (lo, hi), found = curves_view_range([(f, df, d2f), (df, d2f, None)], "x", -L, L)
    assert math.isfinite(lo) and math.isfinite(hi) and hi - lo < 1e3
    for feat in found:
        assert math.isnan(feat.y) or lo <= feat.y <= hi, feat


def make_canvas(qtbot):
    canvas = PlotCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(900, 600)
    canvas.show()
    return canvas


def y_range(canvas):
    return canvas.plot.getViewBox().viewRange()[1]


def shows_every_feature(canvas):
    lo, hi = y_range(canvas)
    return all(math.isnan(f.y) or lo <= f.y <= hi for f in canvas.features())


def test_x_to_the_x_then_the_bell_shows_the_whole_bell_and_its_derivative(qtbot):
    canvas = make_canvas(qtbot)
    canvas.set_function(parse_tree("x^x"))
    canvas.set_derivatives(*_trees("x^x (ln(x) + 1)", "x^x (ln(x) + 1)^2 + x^(x - 1)"))
    assert shows_every_feature(canvas)
    canvas.set_function(parse_tree("e^(-x^2)"))
    canvas.set_derivatives(*_trees("-2x e^(-x^2)", "(4x^2 - 2) e^(-x^2)"))
    lo, hi = y_range(canvas)
    peak = 2 * math.exp(-0.5) / math.sqrt(2)  # |f'| is largest at x = ±1/√2
    assert lo <= -peak and hi >= 1.0  # the whole bell, and the whole of f'
    assert hi - lo < 4  # ... and not lost in a range made for x^x
    assert shows_every_feature(canvas)
    kinds = {f.kind for f in canvas.features()}
    assert {"maximum", "minimum", "inflection", "zero"} <= kinds


def test_showing_f_second_reframes_to_its_features(qtbot):
    canvas = make_canvas(qtbot)
    canvas.set_function(parse_tree("e^(-x^2)"))
    canvas.set_derivatives(*_trees("-2x e^(-x^2)", "(4x^2 - 2) e^(-x^2)"))
    qtbot.mouseClick(canvas.second_box, Qt.MouseButton.LeftButton)
    assert canvas.is_second_derivative_visible()
    lo, hi = y_range(canvas)
    assert lo <= -2.0  # f''(0) = -2, the deepest point of f''
    assert shows_every_feature(canvas)


def test_fit_view_frames_the_features_after_a_zoom(qtbot):
    canvas = make_canvas(qtbot)
    canvas.set_function(parse_tree("x^3 - 3x"))
    canvas.set_derivatives(*_trees("3x^2 - 3", "6x"))
    box = canvas.plot.getViewBox()
    box.setRange(xRange=(10, 12), yRange=(500, 600), padding=0)
    box.sigRangeChangedManually.emit(box.state["mouseEnabled"])
    qtbot.mouseClick(canvas.reset_button, Qt.MouseButton.LeftButton)
    np.testing.assert_allclose(box.viewRange()[0], DEFAULT_X_RANGE)
    lo, hi = y_range(canvas)
    assert lo <= -3 and hi >= 2  # f'(0) = -3 and the maximum f(-1) = 2
    assert shows_every_feature(canvas)
    xs = sorted(f.x for f in canvas.features() if f.kind == "zero")
    for expected in (-math.sqrt(3), 0.0, math.sqrt(3)):
        assert min(abs(x - expected) for x in xs) < 1e-6
