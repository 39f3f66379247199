"""The differentiation engine: results against sympy, and step trees that really chain.

Every case of ``derivative_cases`` is checked three ways at random points where it is
smooth: the final result against ``sympy.diff`` (over the reals), every step's plain
trees against a central difference of its own subject, and each rule's substeps
recombined (product, quotient, chain ...) into the step's result.
"""

from __future__ import annotations

import json
import pickle
from functools import lru_cache

import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.engine.derivative_cases import ALL, CURRICULUM, Case
from workbench.engine.differentiation import derivative, partial_derivatives
from workbench.engine.parsing import parse
from workbench.protocol.steps import Step
from workbench.engine.symbols import over_reals
from workbench.protocol.syntax import evaluate

KNOWN_RULES = {
    "constant", "power", "constant_multiple", "sum", "product", "quotient", "chain", "exp",
    "log", "trig", "inverse_trig", "hyperbolic", "log_differentiation", "sigmoid", "softplus",
    "relu", "abs", "sympy", "simplify", "higher_order", "partial",
}
_LAMBDIFY_EXTRA = {"DiracDelta": lambda a: np.zeros_like(np.asarray(a, dtype=float))}


@lru_cache(maxsize=None)
def _derive(text: str, order: int):
    return derivative(text, "x", order)


def _points(case: Case, n: int = 7) -> np.ndarray:
    rng = np.random.default_rng(abs(hash(case.text)) % 2**32)
    return rng.uniform(case.interval[0], case.interval[1], n)


def _reference(text: str, order: int) -> sympy.Expr:
    """sympy.diff over real symbols; floor's derivative (which sympy leaves unevaluated)
    is 0 away from the integers, where the sample points lie."""
    ref = over_reals(lambda e: sympy.diff(e, *[s for s in e.free_symbols if s.name == "x"]
                                          * order), parse(text))
    return ref.replace(lambda e: isinstance(e, sympy.Derivative), lambda e: sympy.S.Zero)


def _numbers(expr: sympy.Expr, xs: np.ndarray, a: float = 1.7, b: float = -0.6) -> np.ndarray:
    syms = sorted(expr.free_symbols, key=lambda s: s.name)
    f = sympy.lambdify(syms, expr, modules=[_LAMBDIFY_EXTRA, "numpy"])
    env = {"x": xs, "a": a, "b": b}
    with np.errstate(all="ignore"):
        return np.broadcast_to(np.asarray(f(*(env[s.name] for s in syms)), dtype=float), xs.shape)


def _close(got: np.ndarray, want: np.ndarray, rtol: float = 1e-7, atol: float = 1e-9) -> None:
    got, want = np.broadcast_arrays(np.asarray(got, float), np.asarray(want, float))
    both = np.isfinite(got) & np.isfinite(want)
    assert both.sum() >= min(3, both.size), (got, want)
    assert np.allclose(got[both], want[both], rtol=rtol, atol=atol), (got, want)


@pytest.mark.parametrize("case", ALL, ids=[f"{c.text}|{c.order}" for c in ALL])
def test_result_equals_sympy_diff(case: Case) -> None:
    d = _derive(case.text, case.order)
    xs = _points(case)
    _close(_numbers(d.result, xs), _numbers(_reference(case.text, case.order), xs))


@pytest.mark.parametrize("case", ALL, ids=[f"{c.text}|{c.order}" for c in ALL])
def test_top_level_step_trees_evaluate_to_the_derivative(case: Case) -> None:
    d = _derive(case.text, case.order)
    xs = _points(case)
    want = _numbers(d.result, xs)
    final = d.steps[-1]
    assert final.rule == "simplify"
    _close(evaluate(final.result, {"x": xs, "a": 1.7, "b": -0.6}), want)
    if case.order == 1:
        _close(evaluate(d.steps[0].result, {"x": xs, "a": 1.7, "b": -0.6}), want)
    else:
        assert [s.rule for s in d.steps[:-1]] == ["higher_order"] * case.order


@pytest.mark.parametrize("case", ALL, ids=[f"{c.text}|{c.order}" for c in ALL])
def test_steps_are_well_formed_and_name_the_expected_rules(case: Case) -> None:
    d = _derive(case.text, case.order)
    seen = set()
    for top in d.steps:
        for step in top.walk():
            seen.add(step.rule)
            assert step.rule in KNOWN_RULES
            assert step.title.strip() and "\n" not in step.title
            assert step.before.strip() and step.after.strip()
            if step.rule != "simplify":
                assert step.before.startswith(r"\frac{d}{d ")
    assert case.rules <= seen, seen


def _diff_quotient(tree, env: dict, var: str) -> np.ndarray:
    v = np.asarray(env[var], float)
    h = 1e-6 * np.maximum(1.0, np.abs(v))
    up = evaluate(tree, {**env, var: v + h})
    down = evaluate(tree, {**env, var: v - h})
    return (up - down) / (2 * h)


def _value(tree, env: dict) -> np.ndarray:
    return evaluate(tree, env)


def _check_chaining(step: Step, env: dict) -> None:
    """d(subject)/d(var) = result, and the substeps recombine into the result."""
    assert step.subject is not None and step.result is not None and step.var
    result = _value(step.result, env)
    _close(result, _diff_quotient(step.subject, env, step.var), rtol=2e-4, atol=2e-5)
    subs = step.substeps
    if step.rule == "sum":
        _close(result, sum(_value(s.result, env) for s in subs))
    elif step.rule == "product":
        total = 0
        for i, s in enumerate(subs):
            others = np.prod([_value(t.subject, env) for j, t in enumerate(subs) if j != i], axis=0)
            total = total + _value(s.result, env) * others
        _close(result, total)
    elif step.rule == "quotient":
        top, bottom = subs
        f, g = _value(top.subject, env), _value(bottom.subject, env)
        _close(result, (_value(top.result, env) * g - f * _value(bottom.result, env)) / g**2)
    elif step.rule == "constant_multiple":
        (inner,) = subs
        c = _value(step.subject, env) / _value(inner.subject, env)
        _close(result, c * _value(inner.result, env))
    elif step.rule == "log_differentiation":
        _close(result, _value(step.subject, env) * _value(subs[0].result, env))
    if step.rule == "chain":
        outer, inner = subs
        u_env = {**env, outer.var: _value(inner.subject, env)}
        _close(result, _value(outer.result, u_env) * _value(inner.result, env))
        assert [label.split()[0] for label, _ in step.focus] == ["outer", "inner"]
        _check_chaining(outer, u_env)
        _check_chaining(inner, env)
        return
    for sub in subs:
        if sub.rule != "simplify":
            _check_chaining(sub, env)


@pytest.mark.parametrize("case", ALL, ids=[f"{c.text}|{c.order}" for c in ALL])
def test_every_step_chains_numerically(case: Case) -> None:
    d = _derive(case.text, case.order)
    env = {"x": _points(case), "a": 1.7, "b": -0.6}
    for top in d.steps:
        _check_chaining(top, env)


def test_curriculum_answers_in_textbook_form() -> None:
    x = sympy.Symbol("x")
    expected = {
        "x^3": 3 * x**2, "x^10": 10 * x**9, "sqrt x": 1 / (2 * sympy.sqrt(x)), "ln x": 1 / x,
        "e^x": sympy.exp(x), "1/x": -1 / x**2, "x^3 + 2x^2 + 5x + 7": 3 * x**2 + 4 * x + 5,
        "x^2 sin(x)": 2 * x * sympy.sin(x) + x**2 * sympy.cos(x),
        "(x^2 + 1)^3": 6 * x * (x**2 + 1)**2, "e^(x^2)": 2 * x * sympy.exp(x**2),
    }
    for text, want in expected.items():
        assert derivative(text).result == want, text
    assert derivative("a x + b").result == sympy.Symbol("a")


def test_product_rule_names_each_factor_and_chain_focus() -> None:
    step = derivative("x^2 sin(x)").steps[0]
    assert step.rule == "product"
    assert [s.rule for s in step.substeps] == ["power", "trig"]
    assert step.before == r"\frac{d}{d x}\left(x^{2} \sin{\left(x \right)}\right)"
    chain = derivative("sigmoid(3x + 1)").steps[0]
    assert chain.rule == "chain"
    assert dict(chain.focus)["outer f(u)"] == ("call", "sigmoid", ("sym", "u"))
    assert chain.substeps[0].var == "u" and chain.substeps[1].var == "x"


def test_base_b_log_is_named_and_drawn_as_log_b() -> None:
    step = derivative("log(x, 2)").steps[0]
    assert step.rule == "log" and r"\log_{2}" in step.title
    assert r"\log_{2}" in step.before


def test_abs_and_relu_say_where_the_slope_is_missing() -> None:
    assert "undefined at x = 0" in derivative("|x|").steps[0].title
    relu_step = derivative("relu(x)").steps[0]
    assert relu_step.rule == "relu" and "0" in relu_step.title
    assert derivative("relu(x)").result == sympy.Heaviside(sympy.Symbol("x"))


def test_higher_order_steps_nest_rule_steps() -> None:
    d = derivative("x^5", order=3)
    assert d.result == 60 * sympy.Symbol("x")**2
    assert [s.rule for s in d.steps] == ["higher_order"] * 3 + ["simplify"]
    assert d.steps[1].substeps[0].rule == "constant_multiple"
    assert derivative("x^2", order=0).result == sympy.Symbol("x")**2
    with pytest.raises(ValueError):
        derivative("x^2", order=-1)


def test_partial_derivatives_of_the_curriculum_examples() -> None:
    x, y = sympy.symbols("x y")
    p = partial_derivatives("x^2 y + 3xy^2", ["x", "y"])
    assert sympy.expand(p.partials["x"] - (2 * x * y + 3 * y**2)) == 0
    assert sympy.expand(p.partials["y"] - (x**2 + 6 * x * y)) == 0
    assert p.partials["x"].subs({x: 2, y: 3}) == 39 and p.partials["y"].subs({x: 2, y: 3}) == 40
    assert [s.rule for s in p.steps] == ["partial", "partial"]
    assert "treat y as constant" in p.steps[0].title
    assert "treat x as constant" in p.steps[1].title
    assert p.steps[0].before.startswith(r"\frac{\partial}{\partial x}")
    q = partial_derivatives("x^2 y + sin(y)", "x, y")
    assert q.partials["x"] == 2 * x * y
    assert q.partials["y"] == x**2 + sympy.cos(y)
    assert sorted(partial_derivatives("x y^2").partials) == ["x", "y"]


def test_results_pickle_and_serialise() -> None:
    for result in (derivative("x^x"), derivative("sigmoid(3x+1)", order=2),
                   partial_derivatives("x^2 y + 3xy^2", ["x", "y"])):
        again = pickle.loads(pickle.dumps(result))
        assert again == result
        data = json.loads(json.dumps(result.to_dict()))
        assert data["steps"][0]["rule"] == result.steps[0].rule
        assert Step.from_dict(data["steps"][0]) == result.steps[0]
    d = derivative("x^2 sin(x)")
    assert sympy.sympify(d.to_dict()["result"]) - d.result == 0


def test_curriculum_cases_are_all_in_the_table() -> None:
    assert len(CURRICULUM) == 12 and len(ALL) >= 112


def test_symbols_with_assumptions_are_differentiated_by_name() -> None:
    x = sympy.Symbol("x", real=True)
    y = sympy.Symbol("y", positive=True)
    assert derivative(sympy.Abs(x), "x").result == sympy.sign(x)
    assert partial_derivatives(x**2 * y, "x y").partials == {"x": 2 * x * y, "y": x**2}
    assert derivative("y^2", "x").result == 0  # x does not occur: a constant


def test_long_compositions_stay_quick_enough_to_finish() -> None:
    nested = "x"
    for name in ("sin", "exp", "tanh", "sigmoid", "ln", "atan"):
        nested = f"{name}(1 + {nested}^2)"
    d = derivative(nested, order=2)
    xs = np.array([0.1, 0.3])
    _close(evaluate(d.steps[-1].result, {"x": xs}), _numbers(d.result, xs))


# Random compositions of functions defined on the whole real line, as text.
_UNARY = ["sin({})", "cos({})", "exp({}/4)", "tanh({})", "atan({})", "sigmoid({})",
          "softplus({})", "sqrt(1 + ({})^2)", "ln(2 + ({})^2)", "({})^2", "({})^3",
          "1/(1 + ({})^2)", "2^({}/3)"]
_BINARY = ["({}) + ({})", "({}) - ({})", "({}) ({})", "({}) / (2 + sin({}))"]
_expressions = st.recursive(
    st.sampled_from(["x", "3", "2x", "x^2"]),
    lambda inner: st.one_of(
        st.builds(lambda f, a: f.format(a), st.sampled_from(_UNARY), inner),
        st.builds(lambda f, a, b: f.format(a, b), st.sampled_from(_BINARY), inner, inner)),
    max_leaves=5)


@given(text=_expressions)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_random_compositions_match_sympy_and_chain(text: str) -> None:
    case = Case(text, frozenset(), (-1.5, 1.5), 1)
    d = derivative(text, "x")
    xs = _points(case)
    _close(_numbers(d.result, xs), _numbers(_reference(text, 1), xs), rtol=1e-6)
    for top in d.steps:
        _check_chaining(top, {"x": xs})
