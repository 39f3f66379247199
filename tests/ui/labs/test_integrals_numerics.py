"""The Integrals lab's window-side numbers against the engine, and its worker jobs (no Qt)."""

from __future__ import annotations

import math

import numpy as np
import pytest

import workbench.engine as engine
from workbench.protocol.syntax import parse_tree
from workbench.ui.labs.integrals.numerics import (
    RULES, InputProblem, accumulate, error_table, fitted_order, improper_window, is_improper,
    orientation_note, piece_outline, read_bound, read_n, riemann_pieces, riemann_value,
    visible_interval)
from workbench.ui.labs.integrals.region import read_inner_bound, read_integrand, region_grid
from workbench.ui.sampling import evaluate_on
from workbench.worker.handlers.integrals import run_area, run_double, run_swap
from workbench.protocol.jobs.core import JobError
from workbench.protocol.jobs.integrals import AreaJob, DoubleJob, SwapJob
from workbench.worker.payloads import dumps_plain


@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize("text, a, b", [("x^2 sin(x)", 0.0, 3.0), ("e^(-x^2)", -2.0, 2.0),
                                        ("1/(1+x^2)", 1.0, -1.5)])
def test_riemann_pieces_are_the_engines(rule, text, a, b):
    result = engine.riemann_sum(text, "x", a, b, 10, rule)
    pieces = riemann_pieces(parse_tree(text), "x", a, b, 10, rule)
    assert np.allclose(np.column_stack(pieces), np.array(result.rectangles), rtol=1e-12)
    assert riemann_value(*pieces) == pytest.approx(result.value, rel=1e-12)


@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize("text, a, b, n", [("x sin(x)", -1.0, 4.0, 7), ("e^(-x^2)", 2.0, -2.0, 400),
                                           ("1/(1+x^2)", 0.0, 3.0, 1000)])
def test_a_piece_outline_fills_exactly_the_pieces_joined_or_separate(rule, text, a, b, n):
    tree = parse_tree(text)
    n += n % 2 if rule == "simpson" else 0
    pieces = riemann_pieces(tree, "x", a, b, n, rule)
    separate = piece_outline(tree, "x", *pieces, rule)
    joined = piece_outline(tree, "x", *pieces, rule, separate=False)
    shrunk = 1.0 if rule == "simpson" else 0.6  # a parabola's inner points all stay
    assert len(joined[0]) < shrunk * len(separate[0])  # the point of joining
    for xs, ys in (separate, joined):
        assert ys[0] == ys[-1] == 0 and {xs[0], xs[-1]} == {a, b}  # closed along y = 0
        area = float(np.trapezoid(ys, xs))  # the signed area the fill covers
        if rule == "simpson":  # a polyline through each parabola: close, not exact
            assert area == pytest.approx(riemann_value(*pieces), rel=2e-3)
        else:
            assert area == pytest.approx(riemann_value(*pieces), rel=1e-12, abs=1e-12)
    assert float(np.trapezoid(joined[1], joined[0])) == pytest.approx(
        float(np.trapezoid(separate[1], separate[0])), rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("a, b", [(0.0, 5.0), (5.0, 0.0), (-2.0, 1.0)])
def test_accumulation_matches_the_definite_integral_and_its_parts(a, b):
    tree = parse_tree("x sin(x)")
    acc = accumulate(tree, "x", a, b)
    exact = engine.definite_integral("x sin(x)", "x", a, b).value
    assert acc.signed == pytest.approx(exact, abs=2e-5)
    lo, hi = min(a, b), max(a, b)
    from scipy.integrate import quad

    above = quad(lambda x: max(x * math.sin(x), 0.0), lo, hi, points=[math.pi], limit=200)[0]
    below = quad(lambda x: max(-x * math.sin(x), 0.0), lo, hi, points=[math.pi], limit=200)[0]
    assert acc.above == pytest.approx(above, abs=2e-5)
    assert acc.below == pytest.approx(below, abs=2e-5)
    assert acc.signed == pytest.approx(math.copysign(1, b - a) * (acc.above - acc.below),
                                       abs=1e-9)


def test_accumulation_function_is_an_antiderivative_from_a():
    """FTC: F(x) = ∫_a^x f equals G(x) − G(a) for the engine's antiderivative G."""
    tree = parse_tree("x^2 sin(x)")
    G = engine.antiderivative("x^2 sin(x)").result
    from workbench.engine.trees import to_tree
    g_tree = to_tree(G)
    acc = accumulate(tree, "x", -1.0, 4.0)
    G_values = evaluate_on(g_tree, "x", acc.x) - evaluate_on(g_tree, "x", np.array([-1.0]))
    assert np.allclose(acc.F, G_values, atol=5e-5)


def test_shading_splits_exactly_at_the_crossings():
    acc = accumulate(parse_tree("sin(x)"), "x", 0.0, 5.0)
    assert np.any(np.isclose(acc.x, math.pi, atol=1e-12))
    assert np.all(acc.positive >= 0) and np.all(acc.negative <= 0)
    assert np.allclose(acc.positive + acc.negative, acc.y)


@pytest.mark.parametrize("text, message", [
    ("oo", "infinite"), ("-oo", "infinite"), ("0/0", "not a number"), ("x + 1", "formula"),
    ("", "Type a number"), ("2 +", "missing")])
def test_bad_bounds_say_why(text, message):
    with pytest.raises(InputProblem, match=message):
        read_bound(text, "a")


@pytest.mark.parametrize("text, value", [
    ("oo", math.inf), ("-oo", -math.inf), ("\u221e", math.inf), ("-\u221e", -math.inf),
    ("inf", math.inf), ("-inf", -math.inf), ("2", 2.0)])
def test_infinite_bounds_are_read_when_welcome(text, value):
    assert read_bound(text, "b", infinite=True) == value


def test_an_improper_window_looks_from_the_finite_end_towards_infinity():
    assert is_improper(1.0, math.inf) and is_improper(-math.inf, 0.0)
    assert not is_improper(0.0, 5.0)
    lo, hi = improper_window(1.0, math.inf)
    assert lo < 1.0 < hi and hi - 1.0 > 5 * (1.0 - lo)
    lo, hi = improper_window(-math.inf, 0.0)
    assert lo < 0.0 < hi and 0.0 - lo > 5 * hi
    lo, hi = improper_window(math.inf, 1.0)  # from ∞ down to 1: still looks right of 1
    assert lo < 1.0 < hi and hi > 5
    assert improper_window(-math.inf, math.inf) == (-5.0, 5.0)


def test_the_visible_interval_cuts_infinite_ends_at_the_view_edge():
    assert visible_interval(1.0, math.inf, -2.0, 12.0) == (1.0, 12.0)
    assert visible_interval(-math.inf, math.inf, -3.0, 4.0) == (-3.0, 4.0)
    assert visible_interval(math.inf, 1.0, -2.0, 12.0) == (12.0, 1.0)  # direction kept
    assert visible_interval(1.0, math.inf, -5.0, 0.5) == (1.0, 1.0)  # the area is off-screen
    assert visible_interval(0.0, 5.0, 1.0, 2.0) == (0.0, 5.0)  # finite ends stay


def test_bounds_read_constants():
    assert read_bound("pi/2") == pytest.approx(math.pi / 2)
    assert read_bound("-e") == pytest.approx(-math.e)
    assert read_bound(3) == 3.0


@pytest.mark.parametrize("text, rule, message", [
    ("0", "left", "from 1 to 1000"), ("1001", "midpoint", "from 1 to 1000"),
    ("2.5", "left", "whole number"), ("7", "simpson", "even: try 8")])
def test_bad_n_says_why(text, rule, message):
    with pytest.raises(InputProblem, match=message):
        read_n(text, rule)


def test_orientation_notes():
    assert orientation_note(0, 1) == ""
    assert "MINUS" in orientation_note(2, 1)
    assert "0" in orientation_note(1, 1)


def test_error_table_shows_each_rules_order():
    tree = parse_tree("e^x")
    table = error_table(tree, "x", 0.0, 1.0, math.e - 1)
    orders = {rule: fitted_order(*table[rule]) for rule in RULES}
    assert orders["left"] == pytest.approx(1, abs=0.1)
    assert orders["right"] == pytest.approx(1, abs=0.1)
    assert orders["midpoint"] == pytest.approx(2, abs=0.1)
    assert orders["trapezoid"] == pytest.approx(2, abs=0.1)
    assert orders["simpson"] == pytest.approx(4, abs=0.3)
    ns, errors = table["midpoint"]
    n = int(ns[7])
    direct = abs(riemann_value(*riemann_pieces(tree, "x", 0.0, 1.0, n, "midpoint")) - (math.e - 1))
    assert errors[7] == pytest.approx(direct, rel=1e-9)
    assert np.all(table["simpson"][0] % 2 == 0)


def test_region_is_the_same_picture_after_a_swap():
    f = read_integrand("x y")
    first = region_grid(f, "y", read_inner_bound("0", "x"), read_inner_bound("x^2", "x"), 0, 1)
    swapped = region_grid(f, "x", read_inner_bound("sqrt(y)", "y"), read_inner_bound("1", "y"),
                          0, 1)
    assert np.array_equal(np.isnan(first.values), np.isnan(swapped.values))
    assert np.allclose(first.values, swapped.values, equal_nan=True)
    cell = (first.xs[1] - first.xs[0]) * (first.ys[1] - first.ys[0])
    assert np.nansum(first.values) * cell == pytest.approx(1 / 12, rel=0.05)


def test_region_fields_reject_other_letters():
    with pytest.raises(InputProblem, match="only x and y"):
        read_integrand("x z")
    with pytest.raises(InputProblem, match="may use only x"):
        read_inner_bound("y^2", "x")


# ---------------------------------------------------------------- worker jobs
def test_area_job_gives_steps_stage_and_plain_data():
    result = run_area(AreaJob("x^2 sin(x)", 0, "pi"))
    dumps_plain(result)  # no sympy object may reach the window
    assert result.stage == "steps" and result.note
    assert result.value == pytest.approx(math.pi ** 2 - 4)
    assert result.exact_latex and result.steps
    F = result.trees["F"]
    xs = np.array([0.3, 1.1, 2.5])
    h = 1e-6
    slope = (evaluate_on(F, "x", xs + h) - evaluate_on(F, "x", xs - h)) / (2 * h)
    assert np.allclose(slope, xs ** 2 * np.sin(xs), atol=1e-6)


def test_double_job_and_swap_agree():
    first = run_double(DoubleJob("x y", ("y", "0", "x^2"), ("x", "0", "1")))
    swap = run_swap(SwapJob("x y", ("y", "0", "x^2"), ("x", "0", "1")))
    dumps_plain(first)
    dumps_plain(swap)
    for _var, lo, hi in (swap.inner, swap.outer):
        parse_tree(lo), parse_tree(hi)  # the texts go back into the fields
    second = run_double(DoubleJob("x y", swap.inner, swap.outer))
    assert swap.inner[0] == "x"
    assert first.value == pytest.approx(1 / 12) and second.value == pytest.approx(1 / 12)


def test_swap_refusal_is_a_plain_words_error():
    with pytest.raises(JobError, match="Can't swap"):
        run_swap(SwapJob("x y", ("y", "0", "sin(x)"), ("x", "0", "pi")))
