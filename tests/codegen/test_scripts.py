"""Every builder's script, run with ``python -I``, prints the numbers the engine computes.

All scripts of this module run in one isolated interpreter (see ``running.py``); each
test then compares one script's printed numbers with the engine's answer for the
same input.
"""

from __future__ import annotations

import ast
import math
import re

import numpy as np
import pytest
import sympy

from tests.codegen.running import check_text, close, run_scripts
from workbench import engine
from workbench.codegen.backprop import backprop_script, backprop_script_from_graph
from workbench.codegen.calculus import (
    derivative_script,
    double_integral_script,
    explore_script,
    integral_script,
    series_script,
)
from workbench.codegen.descent import Run, descent_script
from workbench.codegen.layer import layer_script
from workbench.codegen.printer import identifier
from workbench.codegen.probability import Named, probability_script, recognise
from workbench.codegen.vocabulary import SCRIPT_NAMES
from workbench.protocol.syntax import evaluate, parse_tree

DERIVATIVES = [("x^2 sin(x)", "x", 1.0), ("sigmoid(x)", "x", -2.0), ("e^x/(1+x^2)", "x", 0.5),
               ("ln(x) + sqrt(x)", "x", 2.0), ("h^3 - h", "h", 1.5), ("f^2", "f", 3.0),
               ("tanh(2x) + relu(x)", "x", 0.25)]
INTEGRALS = [("x e^x", "0", "1", "simpson", 10), ("sin(x)", "0", "pi", "midpoint", 8),
             ("1/(1+x^2)", "-oo", "oo", None, None), ("sqrt(x)", "0", "4", "left", 16),
             ("x^2", "0", "3", "trapezoid", 6), ("x^2 - x", "1", "2", "right", 5)]
SERIES = [("1/k^2", "1", "100", "sum"), ("k^2", "1", "10", "sum"),
          ("1 + 1/k", "1", "20", "product"), ("1/2^k", "0", "oo", "sum")]
ALL_RUNS = [Run("gd", 0.1), Run("momentum", 0.05), Run("momentum", 0.05, {"nesterov": True}),
            Run("adagrad", 0.5), Run("rmsprop", 0.01), Run("adam", 0.1),
            Run("adamw", 0.1, {"weight_decay": 0.05})]
DESCENTS = [("x^2 + 3y^2 + sin(x y)", ("x", "y"), (1.0, 2.0), ALL_RUNS, 60),
            ("(x-1)^2 + 10(y+2)^2", ("x", "y"), (0.0, 0.0), [Run("gd", 0.2)], 40),
            ("x^2 + y^2", ("x", "y"), (3.0, -4.0), [Run("gd", 0.5)], 10),
            ("x^4 - 3x^2 + x", ("x",), (2.0,), [Run("adam", 0.05, {"beta1": 0.8}),
                                                 Run("momentum", 0.01, {"momentum": 0.5})], 100)]
BACKPROPS = [("sigmoid(w x + b)", {"w": 0.5, "x": 2.0, "b": -1.0}),
             ("x y + sin(x)^2 - e^(x/y)", {"x": 1.3, "y": 0.7}),
             ("relu(x) + tanh(x)^2 + log_2(x) + sqrt(x) + x^x", {"x": 0.8}),
             ("softplus(a - 2b) / (1 + a^2)", {"a": -0.4, "b": 0.9})]
LAYERS = [(act, loss) for act in ("identity", "sigmoid", "tanh", "relu", "softplus", "softmax")
          for loss in ("mse", "cross_entropy", "bce")
          if not (loss == "bce" and act in ("identity", "relu", "softplus"))]
LAYER_DATA = ([[0.5, -0.2, 0.1], [0.3, 0.8, -0.5]], [0.1, -0.1], [1.0, 2.0, -1.0], [0.75, 0.25])
PROBABILITIES = [
    ("exp(-x^2/2)/sqrt(2 pi)", "-1", "1", None, Named("norm", {"loc": 0, "scale": 1}), "x^2"),
    ("2 e^(-2x)", "0.5", "oo", ("0", "oo"), Named("expon", {"scale": 0.5}), "x"),
    ("3x^2", "0.2", "0.7", ("0", "1"), None, "x"),
    ("1/(pi (1 + x^2))", "-1", "2", None, None, None),
]


EXPLORES = [("sin(x)/x", (1.0, 2.5)), ("sigmoid(3x) - x^(1/3)", (-2.0, 0.5)),
            ("ln(x) + relu(x - 1)", (0.5, -1.0))]


def _tree(text, variables=()):
    return parse_tree(text, variables)


def _scripts():
    scripts = {}
    for text, points in EXPLORES:
        scripts["e", text] = explore_script(_tree(text), "x", -5, 5, points)
    for text, var, at in DERIVATIVES:
        scripts["d", text] = derivative_script(_tree(text, (var,)), var, at)
    for text, a, b, rule, n in INTEGRALS:
        scripts["i", text, a] = integral_script(_tree(text), "x", _tree(a), _tree(b), rule, n)
    scripts["dbl"] = double_integral_script(_tree("x y^2"), ("y", _tree("0"), _tree("x")),
                                            ("x", _tree("0"), _tree("1")))
    for term, lo, hi, kind in SERIES:
        scripts["s", term] = series_script(_tree(term), "k", _tree(lo), _tree(hi), kind)
    for text, names, start, runs, steps in DESCENTS:
        scripts["g", text] = descent_script(_tree(text, names), names, start, runs, steps)
    for text, inputs in BACKPROPS:
        scripts["b", text] = backprop_script(_tree(text, tuple(inputs)), inputs)
        scripts["bg", text] = backprop_script_from_graph(engine.backprop(text, inputs).nodes,
                                                         inputs, _tree(text, tuple(inputs)))
    for act, loss in LAYERS:
        scripts["l", act, loss] = layer_script(*LAYER_DATA, activation=act, loss=loss)
    for pdf, a, b, support, named, g in PROBABILITIES:
        extra = {} if support is None else {"support": tuple(map(_tree, support))}
        scripts["p", pdf] = probability_script(_tree(pdf), "x", _tree(a), _tree(b),
                                               g=None if g is None else _tree(g), named=named,
                                               **extra)
    return scripts


@pytest.fixture(scope="module")
def generated():
    return _scripts()


@pytest.fixture(scope="module")
def printed(generated, tmp_path_factory):
    scripts = generated
    for text in scripts.values():
        check_text(text)
    outputs = run_scripts(list(scripts.values()), tmp_path_factory.mktemp("scripts"))
    return {key: (output, numbers) for key, (numbers, output) in zip(scripts, outputs)}


@pytest.mark.parametrize(("text", "points"), EXPLORES)
def test_explore_values_are_the_window_curve(printed, text, points):
    _, numbers = printed["e", text]
    tree = _tree(text)
    for point in points:
        expected = float(evaluate(tree, {"x": np.array([point])})[0])
        assert close(numbers[f"f({point:g})"], expected, 1e-13), point
    curve = evaluate(tree, {"x": np.linspace(-5, 5, 1001)})
    defined = curve[np.isfinite(curve)]
    assert close(numbers["smallest sampled value"], defined.min(), 1e-13)
    assert close(numbers["largest sampled value"], defined.max(), 1e-13)


@pytest.mark.parametrize(("text", "var", "at"), DERIVATIVES)
def test_derivative(printed, text, var, at):
    script, numbers = printed["d", text]
    label = f"f'({at:g})"
    exact = engine.numeric_derivative(text, var, at).exact
    assert close(numbers[label], exact, 1e-12)
    for scheme in ("forward", "central"):
        expected = engine.numeric_derivative(text, var, at, scheme=scheme).value
        assert close(numbers[f"{scheme} difference"], expected, 1e-7, 1e-9), scheme
    assert len(re.findall(r"^ +1e-\d\d +\S+ +\S+$", script, re.MULTILINE)) == 12  # h table


@pytest.mark.parametrize(("text", "a", "b", "rule", "n"), INTEGRALS)
def test_integral(printed, text, a, b, rule, n):
    _, numbers = printed["i", text, a]
    result = engine.definite_integral(text, "x", a, b)
    assert close(numbers["quad value"], result.value, 1e-9)
    assert close(numbers["exact value"], result.value, 1e-12)
    assert numbers["quad error estimate"] < 1e-6
    if rule:
        riemann = engine.riemann_sum(text, "x", a, b, n, rule)
        assert close(numbers[f"{rule} sum (n = {n})"], riemann.value, 1e-12)


def test_double_integral(printed):
    _, numbers = printed["dbl"]
    result = engine.double_integral("x y^2", ("y", 0, "x"), ("x", 0, 1))
    assert close(numbers["dblquad value"], result.value, 1e-9)
    assert close(numbers["exact value"], 1 / 15, 1e-15)


@pytest.mark.parametrize(("term", "lo", "hi", "kind"), SERIES)
def test_series(printed, term, lo, hi, kind):
    _, numbers = printed["s", term]
    function = engine.summation if kind == "sum" else engine.product
    expected = function(term, "k", lo, hi).value
    assert close(numbers["exact value"], expected, 1e-14)
    if hi == "oo":
        assert close(numbers[f"partial {kind} of 1000 terms"], expected, 1e-9)
        return
    vector = "np.sum" if kind == "sum" else "np.prod"
    assert close(numbers[f"loop {kind}"], expected, 1e-12)
    assert close(numbers[vector], expected, 1e-12)


@pytest.mark.parametrize(("text", "names", "start", "runs", "steps"), DESCENTS)
def test_descent_matches_the_engine_step_for_step(printed, text, names, start, runs, steps):
    output, numbers = printed["g", text]
    for run in runs:
        path = engine.optimize(text, list(names), list(start), run.method, run.lr, steps,
                               **run.hyper)
        label = f"{run.method} (nesterov)" if run.hyper.get("nesterov") else run.method
        status = re.search(rf"^{re.escape(label)}: (\w+) after (\d+) updates$", output,
                           re.MULTILINE)
        assert status is not None and status.groups() == (path.status, str(path.stopped_at))
        for name, value in zip(names, path.points[-1]):
            assert close(numbers[f"{label} final {name}"], value, 1e-9, 1e-12), (label, name)
        assert close(numbers[f"{label} final loss"], path.losses[-1], 1e-9, 1e-15), label


@pytest.mark.parametrize(("text", "inputs"), BACKPROPS)
def test_backprop(printed, text, inputs):
    output, numbers = printed["b", text]
    result = engine.backprop(text, inputs)
    assert close(numbers["f"], result.value, 1e-12)
    for name, grad in result.gradients.items():
        assert close(numbers[f"df/d{name}"], grad, 1e-10, 1e-14), name
    sympy_check = re.search(r"^SymPy: \[(.*)\]$", output, re.MULTILINE)
    assert sympy_check is not None
    for name, value in zip(inputs, sympy_check.group(1).split(", ")):
        assert close(float(value), result.gradients[name], 1e-9, 1e-14)


@pytest.mark.parametrize(("text", "inputs"), BACKPROPS)
def test_backprop_from_the_engines_graph_names_nodes_as_the_window(printed, generated, text,
                                                                   inputs):
    _, numbers = printed["bg", text]
    result = engine.backprop(text, inputs)
    assert close(numbers["f"], result.value, 1e-12)
    for name, grad in result.gradients.items():
        assert close(numbers[f"df/d{name}"], grad, 1e-10, 1e-14), name
    script = generated["bg", text]
    forward = re.findall(r"^(\w+) = .*  # (\w+)$", script, re.MULTILINE)
    assert forward == [(n.name, n.op) for n in result.nodes if n.op != "input"]


def _layer_reference(activation, loss):
    """The same layer with SymPy, from ENGINE_API.md's definitions, differentiated exactly."""
    W, b, x, t = LAYER_DATA
    m, n = len(W), len(x)
    ws = sympy.Matrix(m, n, lambda i, j: sympy.Symbol(f"w{i}{j}"))
    bs = sympy.Matrix(m, 1, lambda i, _: sympy.Symbol(f"b{i}"))
    xs = sympy.Matrix(n, 1, lambda i, _: sympy.Symbol(f"x{i}"))
    z = ws * xs + bs
    act = {"identity": lambda v: v, "sigmoid": lambda v: 1 / (1 + sympy.exp(-v)),
           "tanh": sympy.tanh, "relu": lambda v: sympy.Max(v, 0),
           "softplus": lambda v: sympy.log(1 + sympy.exp(v))}
    if activation == "softmax":
        total = sum(sympy.exp(v) for v in z)
        y = [sympy.exp(v) / total for v in z]
    else:
        y = [act[activation](v) for v in z]
    if loss == "mse":
        L = sum((yi - ti) ** 2 for yi, ti in zip(y, t)) / m
    elif loss == "cross_entropy":
        L = -sum(ti * sympy.log(yi) for yi, ti in zip(y, t))
    else:
        L = -sum(ti * sympy.log(yi) + (1 - ti) * sympy.log(1 - yi) for yi, ti in zip(y, t)) / m
    values = {ws[i, j]: W[i][j] for i in range(m) for j in range(n)}
    values.update({bs[i]: b[i] for i in range(m)})
    values.update({xs[i]: x[i] for i in range(n)})
    grads = {f"grad_W[{i + 1},{j + 1}]": sympy.diff(L, ws[i, j]) for i in range(m)
             for j in range(n)}
    grads.update({f"grad_b[{i + 1}]": sympy.diff(L, bs[i]) for i in range(m)})
    grads.update({f"grad_x[{i + 1}]": sympy.diff(L, xs[i]) for i in range(n)})
    grads["loss"] = L
    return {k: float(sympy.N(v.subs(values), 30)) for k, v in grads.items()}


@pytest.mark.parametrize(("activation", "loss"), LAYERS)
def test_layer(printed, activation, loss):
    _, numbers = printed["l", activation, loss]
    for name, value in _layer_reference(activation, loss).items():
        assert close(numbers[name], value, 1e-12, 1e-15), name
    assert close(numbers["grad_W[1,1] by the chain rule"], numbers["grad_W[1,1]"], 1e-14)


@pytest.mark.parametrize("layer", LAYERS)
def test_layer_matches_dense_layer_when_the_engine_has_it(request, layer):
    if "dense_layer" not in engine.__all__:
        pytest.skip("this build's engine has no dense_layer yet")
    _, numbers = request.getfixturevalue("printed")[("l", *layer)]
    result = engine.dense_layer(*LAYER_DATA, activation=layer[0], loss=layer[1])
    assert close(numbers["loss"], float(result.loss), 1e-12)
    for i, row in enumerate(result.grad_W, 1):
        for j, value in enumerate(row, 1):
            assert close(numbers[f"grad_W[{i},{j}]"], float(value), 1e-12, 1e-14)
    for name in ("grad_b", "grad_x", "delta"):
        for i, value in enumerate(getattr(result, name), 1):
            assert close(numbers[f"{name}[{i}]"], float(value), 1e-12, 1e-14), name


@pytest.mark.parametrize(("pdf", "a", "b", "support", "named", "g"), PROBABILITIES)
def test_probability(printed, pdf, a, b, support, named, g):
    _, numbers = printed["p", pdf]
    p = engine.probability(pdf, "x", a, b).value
    assert close(numbers["P(lower < X < upper)"], p, 1e-9)
    assert close(numbers["total probability"], 1.0, 1e-9)
    # Monte Carlo with 100000 samples: well within five standard errors
    assert abs(numbers["Monte Carlo P(lower < X < upper)"] - p) < 5 * math.sqrt(
        p * (1 - p) / 100_000) + 1e-4
    if named is not None:
        assert close(numbers["scipy.stats P(lower < X < upper)"], p, 1e-9)
    if g is not None:
        expectation = engine.expectation(g, pdf, "x", a, b).value
        assert close(numbers["E[g(X)]"], expectation, 1e-9)
        assert abs(numbers["Monte Carlo E[g(X)]"] - expectation) < 0.02 * max(1, expectation)


def _module_names(script):
    """Every name a script binds at module level."""
    def targets(node):
        if isinstance(node, ast.Name):
            yield node.id
        elif isinstance(node, (ast.Tuple, ast.List)):
            for element in node.elts:
                yield from targets(element)

    found = set()
    for node in ast.parse(script).body:
        if isinstance(node, ast.FunctionDef):
            found.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AugAssign, ast.For)):
            for target in getattr(node, "targets", [getattr(node, "target", None)]):
                found.update(targets(target))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            found.update(alias.asname or alias.name for alias in node.names)
    return found


def test_scripts_define_only_their_own_names_and_the_variables(generated):
    layer_names = {"W", "b", "x", "t", "m", "z", "y", "loss", "dL_dy", "J", "delta", "grad_W",
                   "grad_b", "grad_x", "named", "name", "array", "i", "j", "value", "chain"}
    for key, script in generated.items():
        names = _module_names(script)
        if key[0] == "l":
            assert names <= layer_names | SCRIPT_NAMES, names - layer_names - SCRIPT_NAMES
            continue
        if key[0] in ("b", "bg"):  # graph nodes and their gradients
            names = {n for n in names if not re.fullmatch(r"[uc]\d+|grad_\w+", n)}
        variables = {identifier(v) for v in _variables(key)}
        assert names <= SCRIPT_NAMES | variables, (key, names - SCRIPT_NAMES - variables)


def _variables(key):
    backprop = {t: tuple(i) for t, i in BACKPROPS}
    tables = {"d": {t: (v,) for t, v, _ in DERIVATIVES}, "b": backprop, "bg": backprop,
              "g": {t: n for t, n, *_ in DESCENTS}, "s": {t: ("k",) for t, *_ in SERIES}}
    return tables.get(key[0], {}).get(key[1], ("x", "y"))


def test_a_variable_named_like_a_script_name_is_renamed():
    script = derivative_script(parse_tree("point^2 + at", ("point", "at")), "point")
    assert "point_ = sp.Symbol(\"point\", real=True)" in script
    assert "at_" in script


def test_the_scripts_defaults_are_the_engines():
    """codegen may not import the engine (it is sympy-free), so it keeps a copy: the same."""
    from workbench.codegen import descent
    from workbench.engine import optimizers

    assert descent.DEFAULTS == optimizers.DEFAULTS and descent.MORE == optimizers.MORE
    assert (descent.LIMIT, descent.DEFAULT_TOL) == (optimizers.LIMIT, optimizers.DEFAULT_TOL)


@pytest.mark.parametrize(("pdf", "support", "expected"), [
    ("exp(-x^2/2)/sqrt(2 pi)", None, ("norm", {"loc": 0.0, "scale": 1.0})),
    ("1/(2 sqrt(2 pi)) e^(-(x-1)^2/8)", None, ("norm", {"loc": 1.0, "scale": 2.0})),
    ("2 e^(-2x)", ("0", "oo"), ("expon", {"loc": 0.0, "scale": 0.5})),
    ("1/4", ("1", "5"), ("uniform", {"loc": 1.0, "scale": 4.0})),
    ("1/(pi (1 + x^2))", None, None),
    ("3x^2", ("0", "1"), None),
    ("2 e^(-3x)", ("0", "oo"), None),  # not normalised: no distribution
])
def test_named_densities_are_recognised_by_their_values(pdf, support, expected):
    extra = () if support is None else (tuple(map(_tree, support)),)
    found = recognise(_tree(pdf), "x", *extra)
    if expected is None:
        assert found is None
    else:
        assert found is not None and (found.name, dict(found.params)) == expected
