"""The integration chain's optional progress callback: each stage heard as it starts."""

from __future__ import annotations

import math

import sympy

from workbench.engine import antiderivative, definite_integral
from workbench.engine.integration.chain import STAGE_TITLES, Limits
from workbench.engine.integration.first_moves import FIRST
from workbench.engine.integration.rewrites import REWRITES
from workbench.engine.integration.titles import METHOD_TITLES


def _recorder():
    heard: list[tuple[str, str, float]] = []
    return heard, lambda stage, title, seconds: heard.append((stage, title, seconds))


def _stages(heard):
    """The stages heard, without the methods heard within them."""
    return [h[0] for h in heard if h[0] != "method"]


def test_a_rewrite_is_heard_after_the_step_engine_gave_up():
    heard, progress = _recorder()
    result = antiderivative("x 2^x", progress=progress)
    assert result.stage == "rewrite"
    assert _stages(heard) == ["steps", "rewrite"]
    assert heard[0][1] == STAGE_TITLES["steps"] and heard[0][2] == Limits().steps


def test_a_form_with_a_certain_method_is_answered_within_the_first_stage():
    # sec³x: the reduction formula, chosen from the form before the step engine searches
    heard, progress = _recorder()
    result = antiderivative("sec(x)^3", progress=progress)
    assert result.stage == "rewrite" and result.verified
    assert _stages(heard) == ["steps"]


def test_the_integrator_stage_is_heard_when_no_rule_applies():
    heard, progress = _recorder()
    # quick at every stage (no stage limit fires): nothing fits, the integrator gives up too
    result = antiderivative("sin(sin(x))", progress=progress)
    assert result.stage == "none"
    assert _stages(heard) == ["steps", "rewrite", "integrator"]
    limits = Limits()
    stage_limits = [h[2] for h in heard if h[0] != "method"]
    assert stage_limits == [limits.steps, limits.rewrite, limits.integrator]


def test_a_definite_integral_hears_quadrature_then_the_chain_then_the_bounds():
    heard, progress = _recorder()
    result = definite_integral("1/x^2", "x", 1, "oo", progress=progress)
    assert result.exact == 1
    assert _stages(heard) == ["quadrature", "steps", "bounds"]
    assert math.isinf(heard[0][2])


def test_progress_changes_no_answer():
    x = sympy.Symbol("x")
    quiet = antiderivative("x cos(x)")
    _heard, progress = _recorder()
    loud = antiderivative("x cos(x)", progress=progress)
    assert sympy.simplify(sympy.diff(loud.result, x) - x * sympy.cos(x)) == 0
    assert (quiet.result, quiet.stage, quiet.latex) == (loud.result, loud.stage, loud.latex)


def test_the_method_being_worked_on_is_heard_by_name():
    # a method that fits is named while its pieces are solved, in either rewrite stage
    heard, progress = _recorder()
    result = antiderivative("x 2^x", progress=progress)
    methods = [h for h in heard if h[0] == "method"]
    assert result.stage == "rewrite" and methods
    assert methods[0][1].startswith(STAGE_TITLES["rewrite"] + ": ")
    assert all(h[2] >= 0 for h in methods)
    first = []  # a product of different multiples: a method chosen from the form at once
    antiderivative("sin(3x) cos(x)", progress=lambda *event: first.append(event[:2]))
    assert first == [("steps", STAGE_TITLES["steps"]), (
        "method", f"{STAGE_TITLES['rewrite']}: {METHOD_TITLES['product_to_sum']}")]


def test_every_method_has_words_for_the_window():
    names = {name for name, _rewrite in REWRITES + FIRST}
    assert names <= set(METHOD_TITLES), sorted(names - set(METHOD_TITLES))


def test_a_method_is_heard_only_when_it_fitted():
    # whatever method fitted arctan(2x)/x (a dilogarithm's integrand) and failed, it is heard
    # before the integrator
    heard, progress = _recorder()
    antiderivative("atan(2 x)/x", progress=progress)
    stages = [h[0] for h in heard]
    assert "method" not in stages[stages.index("integrator"):]
