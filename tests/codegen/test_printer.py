"""The tree printer: NumPy and SymPy code built only from allow-listed parts, and correct."""

from __future__ import annotations

import ast
import math
import os
import random

import numpy as np
import pytest
import scipy.special
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.robustness.attack_corpus import ATTACKS, CANARY
from workbench.codegen import vocabulary
from workbench.codegen.printer import CodegenError, identifier, to_numpy, to_sympy
from workbench.engine.functions import to_elementary
from workbench.engine.parsing import build
from workbench.protocol.syntax import ParseError, evaluate, parse_tree, symbols_of

PROFILE = settings(max_examples=int(os.environ.get("WORKBENCH_FUZZ_EXAMPLES", "300")),
                   deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _allowed_attributes() -> set[str]:
    found = set(vocabulary.NUMPY_DIRECT.values()) | set(vocabulary.SYMPY_DIRECT.values())
    found |= {function for function, _ in vocabulary.NUMPY_RECIPROCAL.values()}
    for table in vocabulary.CONSTANTS.values():
        found |= set(table.values())
    found |= {"np.exp", "np.logaddexp", "np.maximum", "np.heaviside", "np.log", "np.log2",
              "np.log10", "np.where", "np.nan", "np.power", "np.float64", "np.abs", "np.sign",
              "np.cbrt", "np.logical_and.reduce", "np.logical_or.reduce", "sp.Max", "sp.log",
              "sp.exp", "sp.Rational", "sp.Integer", "sp.S", "sp.Piecewise", "sp.Lt", "sp.Le",
              "sp.Gt", "sp.Ge", "sp.Eq", "sp.Ne", "sp.And", "sp.Or"}
    return found


ALLOWED_ATTRIBUTES = _allowed_attributes()
ALLOWED_NODES = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.Call, ast.Name, ast.Attribute,
                 ast.Constant, ast.Load, ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow,
                 ast.USub, ast.Compare, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Eq, ast.NotEq,
                 ast.List, ast.Tuple)


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    assert isinstance(node, ast.Attribute), ast.dump(node)
    return _dotted(node.value) + "." + node.attr


def assert_only_allowed(code: str, variables: set[str]) -> None:
    """``code`` compiles, and every name in it is a variable or an allow-listed function."""
    compile(code, "<generated>", "eval")
    tree = ast.parse(code, mode="eval")
    names = {identifier(v) for v in variables}
    for node in ast.walk(tree):
        assert isinstance(node, ALLOWED_NODES), ast.dump(node)
        if isinstance(node, ast.Attribute) and isinstance(getattr(node, "ctx", None), ast.Load):
            parent_dotted = _dotted(node)
            assert any(parent_dotted == a or a.startswith(parent_dotted + ".")
                       for a in ALLOWED_ATTRIBUTES), parent_dotted
        elif isinstance(node, ast.Name):
            assert node.id in names | {"np", "sp", "special"}, node.id
        elif isinstance(node, ast.Constant):
            assert type(node.value) in (int, float, bool), repr(node.value)


def _numpy_value(code: str, env: dict[str, float]) -> float:
    namespace = {"np": np, "special": scipy.special, **{identifier(k): np.float64(v)
                                                          for k, v in env.items()}}
    with np.errstate(all="ignore"):
        return float(eval(code, namespace))


EXAMPLES = {
    "x^2 sin(x)": ("x**2 * np.sin(x)", "x**2 * sp.sin(x)"),
    "sigmoid(x)": ("np.exp(-np.logaddexp(0.0, -x))", "1 / (1 + sp.exp(-x))"),
    "relu(x)": ("np.maximum(x, 0.0)", "sp.Max(0, x)"),
    "softplus(x)": ("np.logaddexp(0.0, x)", "sp.log(1 + sp.exp(x))"),
    "|x|": ("np.abs(x)", "sp.Abs(x)"),
    "log_2(x)": ("np.log2(x)", "sp.log(x, 2)"),
    "lg(x)": ("np.log10(x)", "sp.log(x, 10)"),
    "log(x, 3)": ("np.log(x) / np.log(3)", "sp.log(x, 3)"),
    "e^x + pi": ("np.exp(x) + np.pi", "sp.exp(x) + sp.pi"),
    "e + e^(2x)": ("np.e + np.exp(2 * x)", "sp.E + sp.exp(2 * x)"),
    "x/3 + 0.5": ("x / 3 + 0.5", "x / 3 + sp.Rational(1, 2)"),
    "1/3": ("1 / 3", "sp.Rational(1, 3)"),
    "-x^2": ("-x**2", "-x**2"),
    "(-x)^2": ("(-x)**2", "(-x)**2"),
}


@pytest.mark.parametrize("text", sorted(EXAMPLES))
def test_examples(text):
    tree = parse_tree(text)
    assert (to_numpy(tree), to_sympy(tree)) == EXAMPLES[text]


CORPUS = ["x^2 sin(x)", "sigmoid(2x) - relu(x - 1) + softplus(-x)", "|x| + log_2(x + 3)",
          "e^(-x^2/2)/sqrt(2 pi)", "x^(1/3) + x^(2/3) - (x+1)^(-1/5)", "tanh(x) cosh(x)^2",
          "cot(x) + sec(x) - csc(x) + acot(x)", "asinh(x) + atan(x) + erf(x)", "2^x 3^(-x)",
          "x/(1 + x^2)", "ln|x|", "floor(x) + ceil(x) + sign(x)", "x^x", "sqrt(x^2 + 1)",
          "1/2 x^2 - 0.25 x + 1e-3", "(x - 1)(x + 2)/(x - 3)", "sin^2(x) + cos²x", "√x + ∛x",
          "heaviside(x) + cbrt(x)", "exp(sin(x))^(1/2)", "lg(x) + log(x, 2)"]


@pytest.mark.parametrize("text", CORPUS)
def test_numpy_code_agrees_with_the_window_evaluator(text):
    tree = parse_tree(text)
    code = to_numpy(tree)
    assert_only_allowed(code, symbols_of(tree))
    rng = random.Random(text)
    for _ in range(20):
        x = rng.uniform(-4, 4)
        expected = float(evaluate(tree, {"x": np.array([x])})[0])  # (erf fails on 0-d input)
        got = _numpy_value(code, {"x": x})
        assert (math.isnan(expected) and math.isnan(got)) or math.isclose(
            got, expected, rel_tol=1e-12, abs_tol=1e-12), (x, got, expected)


@pytest.mark.parametrize("text", CORPUS)
def test_sympy_code_is_the_engine_expression(text):
    tree = parse_tree(text)
    code = to_sympy(tree)
    assert_only_allowed(code, symbols_of(tree))
    x = sympy.Symbol("x", real=True)
    printed = eval(code, {"sp": sympy, "x": x})
    engine = to_elementary(build(tree)).subs(sympy.Symbol("x"), x)
    for value in (sympy.Rational(3, 7), sympy.Rational(5, 2), sympy.Rational(-6, 5)):
        a, b = printed.subs(x, value), engine.subs(x, value)
        assert sympy.N(a - b, 30) == 0 or abs(complex(sympy.N(a - b, 30))) < 1e-25, (a, b)


def _check_text(text: str) -> None:
    try:
        tree = parse_tree(text, ("x", "y", "w1", "theta"))
    except ParseError:
        return
    variables = symbols_of(tree)
    for emit in (to_numpy, to_sympy):
        try:
            code = emit(tree)
        except CodegenError:
            continue
        assert_only_allowed(code, variables)


@pytest.fixture
def no_canary():
    if os.path.exists(CANARY):
        os.remove(CANARY)
    yield
    assert not os.path.exists(CANARY)


@pytest.mark.parametrize("text", ATTACKS)
def test_attack_strings_never_become_code(text, no_canary):
    _check_text(text)


_PIECES = st.sampled_from(["x", "y", "w1", "theta", "2", "0.5", "1e-3", "3/4", "+", "-", "*",
                           "/", "^", "(", ")", "|", "sin", "log_2", "log", "sigmoid", "relu",
                           "e", "pi", "sqrt", "²", "_", "{", "}", "\\frac", ",", "oo", " ",
                           "__import__", "'", '"', ";", "os", "lambda", ".", "[", "]"])


@PROFILE
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_fuzzed_formulas_print_only_allowed_code(text):
    _check_text(text)


@PROFILE
@given(st.text(max_size=120))
def test_any_text_prints_only_allowed_code(text):
    _check_text(text)


@pytest.mark.parametrize("tree", [
    ("call", "__import__", ("sym", "x")), ("sym", "x); import os; (x"), ("sym", "_x"),
    ("num", "__import__('os')"), ("const", "os"), ("attr", "x"), ("sym", "lambda"),
    ("call", "exec", ("num", "1")), ("pow", ("sym", "x")), "x", ("num", 3),
    ("piecewise", ("x", "y")),
])
def test_handmade_hostile_trees_are_refused(tree):
    for emit in (to_numpy, to_sympy):
        try:
            code = emit(tree)
        except CodegenError:
            continue
        # a keyword-named variable is renamed, never printed as the keyword
        assert code in ("lambda_",), code


def test_names_that_shadow_modules_or_keywords_are_renamed():
    assert identifier("np") == "np_" and identifier("lambda") == "lambda_"
    assert identifier("x") == "x" and identifier("w_1") == "w_1"
    with pytest.raises(CodegenError):
        identifier("x.y")
    with pytest.raises(CodegenError):
        identifier("__class__")


SPELLINGS = [("x^2 sin(x)", "x**2 * sin x", "x² sin(x)", r"x^{2}\sin(x)"),
             ("sigmoid(2x)", "sigmoid(2*x)", "sigmoid(2 x)"),
             ("|x - 1|", "abs(x-1)", r"\left|x - 1\right|")]


@pytest.mark.parametrize("spellings", SPELLINGS)
def test_the_script_depends_on_the_tree_not_on_the_text(spellings):
    from workbench.codegen import derivative_script

    scripts = set()
    for text in spellings:
        try:
            scripts.add(derivative_script(parse_tree(text), "x", 1.0))
        except ParseError:
            continue
    assert len(scripts) == 1


def _script_strings(script: str) -> set[str]:
    return {node.value for node in ast.walk(ast.parse(script))
            if isinstance(node, ast.Constant) and isinstance(node.value, str)}


@PROFILE
@given(st.lists(_PIECES, min_size=1, max_size=25).map("".join))
def test_whole_scripts_from_fuzzed_formulas_compile_and_quote_nothing_typed(text):
    from workbench.codegen import derivative_script, integral_script

    try:
        tree = parse_tree(text, ("x",))
    except ParseError:
        return
    if symbols_of(tree) - {"x"}:
        return
    for make in (lambda t: derivative_script(t, "x", 0.5),
                 lambda t: integral_script(t, "x", ("num", "0"), ("num", "1"), "simpson", 4)):
        try:
            script = make(tree)
        except CodegenError:
            continue
        compile(script, "<generated>", "exec")
        # every string in it (docstrings, labels, the symbol's name) is one the script for
        # plain x has too: nothing the student typed is quoted
        assert _script_strings(script) <= _script_strings(make(("sym", "x")))
