"""Factorials, binomial coefficients, max and min: parsed, built, printed and evaluated."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy

from workbench.engine.functions import relu
from workbench.engine.parsing import build, parse
from workbench.engine.trees import to_tree
from workbench.protocol.syntax import ParseError, evaluate, parse_tree, tree_to_latex

k, n, x = sympy.symbols("k n x")


@pytest.mark.parametrize(("text", "expected"), [
    ("k!", sympy.factorial(k)),
    ("(k+1)!", sympy.factorial(k + 1)),
    ("2k!", 2 * sympy.factorial(k)),
    ("x^k/k!", x ** k / sympy.factorial(k)),
    ("binomial(n, k)", sympy.binomial(n, k)),
    ("max(0, x)", relu(x)),  # max(0, u) is ReLU(u): its derivative has a rule
    ("max(x^2, 0)", relu(x ** 2)),
    ("max(1, x)", sympy.Max(1, x)),
    ("min(x, x^2)", sympy.Min(x, x ** 2)),
    ("max(1, 2, x)", sympy.Max(2, x)),
    ("5!", sympy.Integer(120)),
    ("3!^2", sympy.Integer(36)),
    ("binomial(3000, 3)", sympy.Integer(math.comb(3000, 3))),
])
def test_parse_builds_the_sympy_function(text: str, expected: sympy.Expr) -> None:
    assert sympy.simplify(parse(text) - expected) == 0


@pytest.mark.parametrize("text", ["k!", "binomial(n, k)", "max(0, x)", "min(n, k)", "(k!)!"])
def test_sympy_round_trip_through_the_plain_tree(text: str) -> None:
    expr = parse(text)
    assert build(to_tree(expr)) == expr


@pytest.mark.parametrize(("text", "latex"), [
    ("k!", "k!"), ("(k+1)!", r"\left(k + 1\right)!"), ("(k!)!", r"\left(k!\right)!"),
    ("binomial(n,k)", r"\binom{n}{k}"), ("max(0,x)", r"\max\left(0, x\right)"),
])
def test_latex_of_the_typed_tree(text: str, latex: str) -> None:
    assert tree_to_latex(parse_tree(text)) == latex


def test_factorial_evaluates_through_the_gamma_function() -> None:
    xs = np.array([0.0, 1.0, 5.0, 10.0, 0.5, -1.0, 200.0])
    got = evaluate(parse_tree("x!"), {"x": xs})
    assert got[:4].tolist() == [1.0, 1.0, 120.0, 3628800.0]
    assert got[4] == pytest.approx(math.sqrt(math.pi) / 2)  # Γ(3/2)
    assert math.isnan(got[5]) and math.isinf(got[6])


def test_binomial_evaluates_like_math_comb() -> None:
    ns, ks = np.meshgrid(np.arange(0, 12.0), np.arange(-1, 13.0))
    got = evaluate(parse_tree("binomial(n, k)"), {"n": ns, "k": ks})
    want = [[math.comb(int(a), int(b)) if 0 <= b <= a else 0 for a, b in zip(r1, r2)]
            for r1, r2 in zip(ns, ks)]
    assert np.array_equal(got, np.array(want, dtype=float))
    # large and non-integer arguments go through log-gamma: C(2000, 3) and C(1/2, 2) = -1/8
    big = evaluate(parse_tree("binomial(2000, 3)"), {})
    assert float(big) == pytest.approx(math.comb(2000, 3), rel=1e-12)
    assert float(evaluate(parse_tree("binomial(1/2, 2)"), {})) == pytest.approx(-0.125)


def test_max_and_min_evaluate_elementwise() -> None:
    xs = np.linspace(-2, 2, 9)
    assert np.array_equal(evaluate(parse_tree("max(0, x)"), {"x": xs}), np.maximum(xs, 0))
    assert np.array_equal(evaluate(parse_tree("min(x, 1, -x)"), {"x": xs}),
                          np.minimum(np.minimum(xs, 1), -xs))


@pytest.mark.parametrize(("text", "words"), [
    ("5000!", "too large"), ("(10^9)!", "too large"), ("2^(100!)", "too large"),
    ("binomial(10^5, 5*10^4)", "too large"), ("k!!", "double factorial"),
    ("C(n, k)", "binomial(n, k)"), ("max(x)", "takes"), ("binomial(n)", "takes"),
])
def test_refusals_say_why(text: str, words: str) -> None:
    with pytest.raises(ParseError, match=words.replace("(", r"\(").replace(")", r"\)")):
        parse(text, variables=("k", "n"))
