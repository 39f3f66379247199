"""The grammar: what students type becomes the right tree, and nothing else gets through."""

from __future__ import annotations

import math
import sys

import numpy as np
import pytest

from workbench.protocol.syntax import ParseError, evaluate, parse_tree, tree_to_latex

X = np.linspace(-3.0, 3.0, 61)

# text, the same function written in plain Python on floats
SAME_FUNCTION = [
    ("x^2 sin(x)", lambda x: x**2 * np.sin(x)),
    ("x**2*sin(x)", lambda x: x**2 * np.sin(x)),
    ("2x + 3", lambda x: 2 * x + 3),
    ("(x+1)(x-1)", lambda x: (x + 1) * (x - 1)),
    ("x sin(x)", lambda x: x * np.sin(x)),
    ("sin x", np.sin),
    ("sin 2x", lambda x: np.sin(2 * x)),
    ("sin x cos x", lambda x: np.sin(x) * np.cos(x)),
    ("sin^2 x", lambda x: np.sin(x) ** 2),
    ("sin²(x)", lambda x: np.sin(x) ** 2),
    ("e^x", np.exp),
    ("e^{-x^2}", lambda x: np.exp(-x**2)),
    ("2e^x", lambda x: 2 * np.exp(x)),
    ("exp(x)", np.exp),
    ("x²", lambda x: x**2),
    ("x³ - x", lambda x: x**3 - x),
    ("|x|", np.abs),
    ("abs(x - 1)", lambda x: np.abs(x - 1)),
    ("|x - |x - 1||", lambda x: np.abs(x - np.abs(x - 1))),
    ("|x||x|", lambda x: x**2),
    ("pi x", lambda x: math.pi * x),
    ("π x", lambda x: math.pi * x),
    ("tanh(x)", np.tanh),
    ("sigmoid(3x+1)", lambda x: 1 / (1 + np.exp(-(3 * x + 1)))),
    ("relu(x)", lambda x: np.maximum(x, 0)),
    ("softplus(x)", lambda x: np.log1p(np.exp(x))),
    ("arctan(x)", np.arctan),
    ("atan x", np.arctan),
    ("-x^2", lambda x: -(x**2)),
    ("2^-x", lambda x: 2.0**-x),
    ("x^2^-1", lambda x: np.where(x >= 0, np.sqrt(np.abs(x)), np.nan)),
    ("1/2x", lambda x: x / 2),
    (r"\frac{1}{2}x^{2}", lambda x: x**2 / 2),
    (r"\frac{x}{1+x^2}", lambda x: x / (1 + x**2)),
    (r"\sin\left(x\right)\cdot e^{x}", lambda x: np.sin(x) * np.exp(x)),
    (r"\sqrt{x^2+1}", lambda x: np.sqrt(x**2 + 1)),
    (r"\sqrt[3]{x}", np.cbrt),
    ("√(x^2+1)", lambda x: np.sqrt(x**2 + 1)),
    ("xsinx", lambda x: x * np.sin(x)),
    ("x e^x", lambda x: x * np.exp(x)),
    ("3·x × 2", lambda x: 6 * x),
    ("x − 1", lambda x: x - 1),
    ("1.5e-1 x", lambda x: 0.15 * x),
    ("sinh(x) + cosh(x)", np.exp),
    ("sech(x)", lambda x: 1 / np.cosh(x)),
    ("cot(x+4)", lambda x: 1 / np.tan(x + 4)),
    ("sin^{-1}(x/4)", lambda x: np.arcsin(x / 4)),
    ("floor(x)", np.floor),
    ("(x+1)^2 - {x}", lambda x: (x + 1) ** 2 - x),
]


@pytest.mark.parametrize("text,reference", SAME_FUNCTION)
def test_parsed_tree_evaluates_like_the_function(text, reference):
    values = evaluate(parse_tree(text), {"x": X})
    np.testing.assert_allclose(values, reference(X), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("text,x,expected", [
    ("ln(x)", 2.0, math.log(2.0)),
    ("log(x)", 2.0, math.log(2.0)),
    ("log(x, 2)", 8.0, 3.0),
    ("log_2 x", 8.0, 3.0),
    ("log10(x)", 1000.0, 3.0),
    ("sqrt x", 9.0, 3.0),
    ("x^x", 2.0, 4.0),
    ("ln|x|", -math.e, 1.0),
])
def test_logarithms_and_roots(text, x, expected):
    assert evaluate(parse_tree(text), {"x": x}) == pytest.approx(expected)


def test_declared_variables_split_out_of_words():
    tree = parse_tree("2x + 3xy", variables=("x", "y"))
    value = evaluate(tree, {"x": 2.0, "y": 5.0})
    assert value == pytest.approx(2 * 2 + 3 * 2 * 5)


def test_multi_letter_variables_and_subscripts():
    tree = parse_tree("w1 x + b_1", variables=("w1", "x"))
    assert evaluate(tree, {"w1": 2.0, "x": 3.0, "b_1": 1.0}) == pytest.approx(7.0)
    assert evaluate(parse_tree("theta^2 + α"), {"theta": 3.0, "alpha": 1.0}) == 10.0


def test_real_odd_roots_for_negative_numbers():
    assert evaluate(parse_tree("x^(1/3)"), {"x": -8.0}) == pytest.approx(-2.0)
    assert np.isnan(evaluate(parse_tree("sqrt(x)"), {"x": -1.0}))


@pytest.mark.parametrize("text,column", [
    ("(x + 1", 0),
    ("x + 1)", 5),
    ("x +", 2),
    ("x + * 2", 4),
    ("sin", 0),
    ("2 3", 2),
    ("foo(x)", 0),
    ("eval(x)", 0),
    ("x $ 2", 2),
    ("|x", 0),
    ("x^", 1),
    ("9^9^9", 1),
    (r"\foo{x}", 0),
    ("sin(x, 2)", 0),
    ("()", 0),
    ("x__y", 1),
])
def test_errors_name_the_column(text, column):
    with pytest.raises(ParseError) as caught:
        parse_tree(text)
    assert caught.value.position == column, caught.value.message
    assert len(caught.value.message) > 10 and "Traceback" not in caught.value.message


@pytest.mark.parametrize("attack", [
    "__import__('os').system('touch /tmp/pwned')",
    "().__class__.__bases__[0].__subclasses__()",
    "lambda: 1",
    "x.__dict__",
    "__builtins__",
    "exec('1')",
    "eval",
    "open('/etc/passwd')",
    "{x for x in ()}",
    "x if 1 else 2",
    "getattr(x, 'y')",
    "Symbol('x')",
    "x; import os",
    "f'{x}'",
    "'%s' % x",
])
def test_attacks_are_parse_errors(attack):
    with pytest.raises(ParseError):
        parse_tree(attack)


def test_limits_on_length_and_depth():
    with pytest.raises(ParseError) as caught:
        parse_tree("x" * 1_000_000)
    assert "too long" in caught.value.message
    with pytest.raises(ParseError) as caught:
        parse_tree("(" * 10_000 + "x" + ")" * 10_000)
    assert "too long" in caught.value.message
    with pytest.raises(ParseError) as caught:
        parse_tree("(" * 500 + "x" + ")" * 500)
    assert "nested" in caught.value.message and caught.value.position == 100
    with pytest.raises(ParseError):
        parse_tree("-" * 5000 + "x")
    with pytest.raises(ParseError):
        parse_tree("x" + "^x" * 500)
    parse_tree("(" * 90 + "x" + ")" * 90)  # deep but within the limit


def test_the_syntax_package_needs_no_sympy():
    import subprocess

    code = ("import sys, workbench.protocol.syntax as s; s.parse_tree('sin x'); "
            "bad = [m for m in ('sympy', 'scipy', 'PySide6') if m in sys.modules]; "
            "print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == ""


def test_latex_preview_of_a_tree():
    assert tree_to_latex(parse_tree("x^2 sin(x)")) == r"x^{2} \sin\left(x\right)"
    assert tree_to_latex(parse_tree("1/(1+x)")) == r"\frac{1}{x + 1}" or "frac" in \
        tree_to_latex(parse_tree("1/(1+x)"))
