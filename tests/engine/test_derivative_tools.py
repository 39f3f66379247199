"""Derivative tools against hand-computed numbers: difference quotients, the limit
definition, tangent lines, critical and inflection points."""

from __future__ import annotations

import json
import math
import pickle

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.engine import critical_points, limit_definition, numeric_derivative, tangent_line
from workbench.engine.derivative_tools import DomainError, inflection_points

x, y = sympy.symbols("x y")


def test_forward_difference_of_x_squared_at_3_as_in_the_curriculum() -> None:
    r = numeric_derivative("x^2", "x", 3, h=1e-5, scheme="forward")
    assert r.value == ((3 + 1e-5) ** 2 - 9) / 1e-5  # bit for bit what a student computes
    assert r.value == pytest.approx(6.00001, abs=1e-9)
    assert r.exact == 6.0 and r.error == pytest.approx(1e-5, rel=1e-4)
    assert [s.rule for s in r.steps] == ["evaluate", "difference_quotient", "exact", "error"]
    assert r.steps[2].substeps[0].rule == "power"


def test_backward_and_central_differences() -> None:
    h = 1e-3
    back = numeric_derivative("x^2", "x", 3, h=h, scheme="backward")
    assert back.value == (9 - (3 - h) ** 2) / h
    central = numeric_derivative("x^2", "x", 3, h=h, scheme="central")
    assert central.value == ((3 + h) ** 2 - (3 - h) ** 2) / (2 * h)
    assert central.error < 1e-9 < back.error  # central is exact for a parabola
    sine = numeric_derivative("sin x", "x", "pi/3", h=1e-4)
    assert sine.exact == pytest.approx(0.5) and sine.error < 1e-8


def test_curriculum_numeric_checks() -> None:
    # The curriculum prints 33.556303 for x^2 e^x at 2, but 2x e^x + x^2 e^x = 8e^2 there.
    prod = numeric_derivative("x^2 e^x", "x", 2, h=1e-5, scheme="forward")
    assert prod.exact == pytest.approx(8 * math.e**2) and prod.error < 1e-3
    # and 300.000030 for (x^2+1)^3 at 2; with h = 1e-5 the forward error is f''(2) h / 2 =
    # 315 h, so the quotient is 300.00315 (the printed figure fits h = 1e-7).
    chain = numeric_derivative("(x^2+1)^3", "x", 2, h=1e-5, scheme="forward")
    assert chain.exact == 300.0 and chain.value == pytest.approx(300.00315, abs=1e-6)
    finer = numeric_derivative("(x^2+1)^3", "x", 2, h=1e-7, scheme="forward")
    assert round(finer.value, 4) == 300.0


@given(a=st.floats(-5, 5), h=st.floats(1e-6, 0.5), c=st.integers(-4, 4))
@settings(max_examples=30, deadline=None)
def test_forward_difference_is_the_students_formula(a: float, h: float, c: int) -> None:
    f = lambda t: t**3 + c * t  # noqa: E731
    r = numeric_derivative(f"x^3 + {c} x", "x", a, h=h, scheme="forward")
    a_used = float(sympy.Rational(repr(a)))
    # numpy and Python may round t^3 differently in the last bit; 1/h magnifies that
    slack = 8 * 2.0**-52 * (abs(f(a_used)) + abs(c * a_used) + 1) / h
    assert r.value == pytest.approx((f(a_used + h) - f(a_used)) / h, abs=slack)


@pytest.mark.parametrize("h", [0, -1e-3, float("nan"), float("inf"), True, "0.1"])
def test_bad_step_sizes_are_refused(h) -> None:
    with pytest.raises(ValueError, match="step size"):
        numeric_derivative("x^2", "x", 1, h=h)


def test_points_outside_the_domain_and_missing_derivatives() -> None:
    with pytest.raises(DomainError, match="not defined"):
        numeric_derivative("ln x", "x", 0)
    with pytest.raises(DomainError):
        numeric_derivative("sqrt x", "x", 0, scheme="central")  # needs f(-h)
    with pytest.raises(ValueError, match="scheme"):
        numeric_derivative("x^2", "x", 1, scheme="sideways")
    root = numeric_derivative("sqrt x", "x", 0, h=1e-4, scheme="forward")
    assert root.value == pytest.approx(100.0) and math.isnan(root.exact)
    kink = numeric_derivative("|x|", "x", 0)
    assert kink.value == 0.0 and math.isnan(kink.exact) and math.isnan(kink.error)
    assert math.isnan(numeric_derivative("relu(x)", "x", 0, scheme="forward").exact)
    assert numeric_derivative("x |x|", "x", 0).exact == 0.0  # smooth enough at 0


def test_other_unknowns_must_have_values_first() -> None:
    for call in (lambda: numeric_derivative("a x^2", "x", 1),
                 lambda: tangent_line("a x^2", "x", 1),
                 lambda: limit_definition("a x^2", "x", 1)):
        with pytest.raises(ValueError, match="also depends on a"):
            call()
    assert limit_definition("a x^2", "x").limit == 2 * sympy.Symbol("a") * x


def test_limit_definition_of_x_squared_walks_the_algebra() -> None:
    general = limit_definition("x^2", "x")
    assert general.limit == 2 * x and general.rows == []
    assert [s.rule for s in general.steps] == ["difference_quotient", "expand", "cancel", "limit"]
    assert general.steps[2].after == "h + 2 x"
    at3 = limit_definition("x^2", "x", 3)
    assert at3.limit == 6
    assert [h for h, _ in at3.rows] == [1.0, 0.1, 0.01, 0.001]
    assert [q for _, q in at3.rows] == pytest.approx([7.0, 6.1, 6.01, 6.001])


def test_limit_definition_beyond_polynomials() -> None:
    sine = limit_definition("sin x", "x", 0, hs=(0.5, 0.05))
    assert sine.limit == 1 and [s.rule for s in sine.steps] == ["difference_quotient", "limit"]
    assert sine.rows[1][1] == pytest.approx(math.sin(0.05) / 0.05)
    kink = limit_definition("|x|", "x", 0, hs=(0.1, -0.1))
    assert kink.limit is sympy.nan and kink.rows == [(0.1, 1.0), (-0.1, -1.0)]
    with pytest.raises(ValueError):
        limit_definition("x^2", "x", 1, hs=(0.1, 0))
    with pytest.raises(DomainError):
        limit_definition("ln x", "x", 0)


def test_tangent_lines() -> None:
    t = tangent_line("x^2", "x", 3)
    assert (t.slope, t.intercept) == (6, -9) and t.result == 6 * x - 9
    assert [s.rule for s in t.steps] == ["evaluate", "slope", "point_slope", "slope_intercept"]
    s = tangent_line("sin x", "x", "pi/4")
    for point in (0.3, 1.1):  # the line through (pi/4, sin pi/4) with slope cos pi/4
        want = math.sin(math.pi / 4) + math.cos(math.pi / 4) * (point - math.pi / 4)
        assert float(s.result.subs(x, point)) == pytest.approx(want)
    assert tangent_line("e^x", "x", 0.5).slope == sympy.exp(sympy.Rational(1, 2))
    assert tangent_line("x |x|", "x", 0).result == 0
    with pytest.raises(DomainError):
        tangent_line("ln x", "x", -1)
    with pytest.raises(DomainError, match="no derivative"):
        tangent_line("|x|", "x", 0)


def _kinds(result) -> list[tuple]:
    return [(tuple(p.location.values()), p.kind) for p in result.points]


def test_critical_points_in_one_variable() -> None:
    assert _kinds(critical_points("x^3 - 3x", "x")) == [((-1,), "maximum"), ((1,), "minimum")]
    quartic = critical_points("x^4", "x").points[0]
    assert (quartic.kind, quartic.test) == ("minimum", "first_derivative")
    flat = critical_points("x^3", "x").points[0]
    assert (flat.kind, flat.test) == ("inconclusive", "first_derivative")
    cosine = critical_points("cos x", "x")
    assert len(cosine.points) == 5 and "2π" in cosine.note
    assert cosine.points[2].location["x"] == 0 and cosine.points[2].kind == "maximum"
    assert critical_points("x e^x", "x").points[0].value == -sympy.exp(-1)
    assert critical_points("e^x", "x").points == []


def test_transcendental_equations_fall_back_to_numeric_roots() -> None:
    r = critical_points("sin(x) - x^2/2", "x")  # f' = cos x - x = 0 at the Dottie number
    (p,) = r.points
    assert float(p.location["x"]) == pytest.approx(0.7390851332151607)
    assert p.kind == "maximum" and "numerically" in r.note


def test_two_variable_systems_sympy_cannot_solve_are_searched_numerically() -> None:
    r = critical_points("x^2 + y^2 + sin(x)", ["x", "y"])  # 2x + cos x = 0, 2y = 0
    (p,) = r.points
    px, py = float(p.location["x"]), float(p.location["y"])
    assert 2 * px + math.cos(px) == pytest.approx(0, abs=1e-9) and py == pytest.approx(0)
    assert p.kind == "minimum" and "numerically" in r.note


def test_critical_points_in_two_variables_use_the_hessian() -> None:
    assert _kinds(critical_points("x^2 + y^2")) == [((0, 0), "minimum")]
    assert _kinds(critical_points("-(x^2 + y^2)")) == [((0, 0), "maximum")]
    assert _kinds(critical_points("x^2 - y^2")) == [((0, 0), "saddle")]
    # det H = 0: decided by how f behaves around the point (higher-order terms)
    quartic = critical_points("x^4 + y^4")
    assert _kinds(quartic) == [((0, 0), "minimum")] and quartic.points[0].test == "higher_order"
    assert _kinds(critical_points("x^2 + y^2 - z^4")) == [((0, 0, 0), "saddle")]
    assert _kinds(critical_points("x^2 y^2 + x^4", ["x", "y"]))[-1] == ((0, 0), "inconclusive")
    both = critical_points("x^3 - 3x + y^2", ["x", "y"])
    assert _kinds(both) == [((-1, 0), "saddle"), ((1, 0), "minimum")]
    rosen = critical_points("(1 - x)^2 + 100(y - x^2)^2", ["x", "y"])
    assert _kinds(rosen) == [((1, 1), "minimum")] and rosen.points[0].value == 0
    assert [s.rule for s in rosen.steps] == ["gradient", "solve", "classify"]
    three = critical_points("x^2 + y^2 + z^2 - x y")
    assert _kinds(three) == [((0, 0, 0), "minimum")]


def test_inflection_points_need_a_sign_change() -> None:
    assert [p.location["x"] for p in inflection_points("x^3").points] == [0]
    assert inflection_points("x^4").points == []
    quartic = inflection_points("x^4 - 6x^2")
    assert [p.location["x"] for p in quartic.points] == [-1, 1]
    assert {p.kind for p in quartic.points} == {"inflection"}
    bell = inflection_points("e^(-x^2)")
    assert [float(p.location["x"]) for p in bell.points] == pytest.approx([-0.5**0.5, 0.5**0.5])


def test_tool_results_pickle_and_serialise() -> None:
    results = [numeric_derivative("x^2", "x", 3), limit_definition("x^2", "x", 3),
               tangent_line("x^2", "x", 3), critical_points("x^3 - 3x + y^2"),
               inflection_points("x^3")]
    for r in results:
        assert pickle.loads(pickle.dumps(r)) == r
        data = json.loads(json.dumps(r.to_dict()))
        assert data["latex"] and data["steps"]
    assert tangent_line("x^2", "x", 3).to_dict()["slope"] == 6.0
    assert critical_points("x^3 - 3x").to_dict()["points"][0]["location"] == {"x": -1.0}


def test_non_smooth_functions_get_sensible_critical_points():
    from workbench.engine import critical_points

    relu = critical_points("relu(x)", ["x"])  # f' = 0 for every x < 0: a stretch, not 2000 points
    assert relu.points == [] and "whole stretch" in relu.note
    ramp = critical_points("relu(x-1) - relu(x-2)", ["x"])
    assert ramp.points == [] and ramp.note.count("≤ x ≤") == 2
    absolute = critical_points("abs(x-1) + x^2", ["x"])
    assert [(p.location["x"], p.kind) for p in absolute.points] == [(sympy.Rational(1, 2),
                                                                     "minimum")]
