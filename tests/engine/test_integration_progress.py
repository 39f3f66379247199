"""The integration chain's optional progress callback: each stage heard as it starts."""

from __future__ import annotations

import math

import sympy

from workbench.engine import antiderivative, definite_integral
from workbench.engine.integration.chain import STAGE_TITLES, Limits


def _recorder():
    heard: list[tuple[str, str, float]] = []
    return heard, lambda stage, title, seconds: heard.append((stage, title, seconds))


def test_a_rewrite_is_heard_after_the_step_engine_gave_up():
    heard, progress = _recorder()
    result = antiderivative("x 2^x", progress=progress)
    assert result.stage == "rewrite"
    assert [h[0] for h in heard] == ["steps", "rewrite"]
    assert heard[0][1] == STAGE_TITLES["steps"] and heard[0][2] == Limits().steps


def test_a_form_with_a_certain_method_is_answered_within_the_first_stage():
    # sec³x: the reduction formula, chosen from the form before the step engine searches
    heard, progress = _recorder()
    result = antiderivative("sec(x)^3", progress=progress)
    assert result.stage == "rewrite" and result.verified
    assert [h[0] for h in heard] == ["steps"]


def test_the_integrator_stage_is_heard_when_no_rule_applies():
    heard, progress = _recorder()
    # quick at every stage (no stage limit fires): nothing fits, the integrator gives up too
    result = antiderivative("sqrt(tan(x))", progress=progress)
    assert result.stage == "none"
    assert [h[0] for h in heard] == ["steps", "rewrite", "integrator"]
    limits = Limits()
    assert [h[2] for h in heard] == [limits.steps, limits.rewrite, limits.integrator]


def test_a_definite_integral_hears_quadrature_then_the_chain_then_the_bounds():
    heard, progress = _recorder()
    result = definite_integral("1/x^2", "x", 1, "oo", progress=progress)
    assert result.exact == 1
    assert [h[0] for h in heard] == ["quadrature", "steps", "bounds"]
    assert math.isinf(heard[0][2])


def test_progress_changes_no_answer():
    x = sympy.Symbol("x")
    quiet = antiderivative("x cos(x)")
    _heard, progress = _recorder()
    loud = antiderivative("x cos(x)", progress=progress)
    assert sympy.simplify(sympy.diff(loud.result, x) - x * sympy.cos(x)) == 0
    assert (quiet.result, quiet.stage, quiet.latex) == (loud.result, loud.stage, loud.latex)
