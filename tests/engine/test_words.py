"""Words that are true: ln throughout, rule names in words, typeset step sentences, and
every exact value with its decimal beside it (issue 15)."""

from __future__ import annotations

import re

import pytest

from workbench import engine as E
from workbench.protocol.syntax import parse_tree, tree_to_latex
from workbench.protocol.wording import (RULE_NAMES, rule_name, split_inline_math,
                                        with_decimal)

# sympy's own spellings that must never reach a sentence a student reads
_SYMPY_TEXT = re.compile(r"\*\*|\bexp\(|\blog\(|\bsqrt\(|\bAbs\(|\*")


def _results():
    return [
        E.derivative("x ln(x)"), E.derivative("log(x, 2)"), E.derivative("e^(x^2)"),
        E.derivative("sqrt(x)"), E.derivative("x^x"), E.antiderivative("ln(x)"),
        E.antiderivative("x e^x"), E.antiderivative("2x cos(x^2)"),
        E.antiderivative("1/(x^2 - 1)"), E.definite_integral("1/x", "x", 1, 2),
        E.definite_integral("x^2", "x", 0, 1), E.gradient("ln(x y)", ("x", "y")),
        E.summation("1/2^k", "k", 0, "oo"), E.probability("2x", "x", 0, "1/2"),
        # the form-chosen methods: Ostrogradsky's (roots of quadratics, repeated factors),
        # roots of linear factors, w = tan x, half-angle cosh, multiplied-out trig polynomials
        E.antiderivative("x (3x + 2)/(3x^2 + 2)^(3/2)"),
        E.antiderivative("(9x^5 + 7x + 5)/(3x^4 + 2)^3"),
        E.antiderivative("1/((3x + 2)^(11/3) (7x + 5)^(4/3))"),
        E.antiderivative("(3x + 2)/((4x + 7) (5x^2 + 3x)^(5/2))"),
        E.antiderivative("sqrt(tan(x))"), E.antiderivative("x sqrt(2 cosh(x) + 2)"),
        E.antiderivative("(2 sec(x) + 2)^2 sec(x)^4"),
    ]


def _walk(steps):
    for step in steps:
        yield step
        yield from _walk(step.substeps)


@pytest.fixture(scope="module")
def results():
    return _results()


def test_the_natural_log_is_ln_in_every_formula(results):
    for r in results:
        texts = [r.latex] + [t for s in _walk(r.steps) for t in (s.before, s.after, s.title)]
        for text in texts:
            # \log only with a base (\log_{2}); the natural log is \ln
            assert not re.search(r"\\log(?!_)", text), text


def test_step_sentences_hold_no_sympy_text(results):
    for r in results:
        for step in _walk(r.steps):
            words = "".join(piece for piece, math in split_inline_math(step.title) if not math)
            assert not _SYMPY_TEXT.search(words), step.title


def test_formulas_in_sentences_are_inline_math():
    step = E.antiderivative("ln(x)").steps[0]
    assert step.rule == "parts"
    assert (r"\ln{\left(x \right)}", True) in split_inline_math(step.title)


def test_every_rule_shown_has_a_name_in_words(results):
    for r in results:
        for step in _walk(r.steps):
            assert step.rule in RULE_NAMES, step.rule
    assert rule_name("ftc") == "Fundamental theorem of calculus"
    assert rule_name("some_new_rule") == "Some new rule"


def _decimal_beside(latex: str) -> float:
    match = re.search(r"\\approx (-?[\d.]+)(?: \\cdot 10\^\{(-?\d+)\})?", latex)
    assert match, latex
    return float(match.group(1)) * 10 ** int(match.group(2) or 0)


@pytest.mark.parametrize("expr, a, b", [("x^2", 0, 1), ("1/x", 1, 2), ("sin(x)", 0, 1),
                                        ("e^(-x^2)", 0, "oo")])
def test_an_exact_integral_has_its_decimal_beside_it(expr, a, b):
    r = E.definite_integral(expr, "x", a, b)
    assert r.exact is not None
    assert _decimal_beside(r.latex) == pytest.approx(r.value, rel=1e-3)


def test_exact_sums_and_probabilities_have_their_decimal():
    s = E.summation("1/k^2", "k", 1, "oo")
    assert _decimal_beside(s.latex) == pytest.approx(s.value, rel=1e-3)
    p = E.probability("2x", "x", 0, "1/3")
    assert _decimal_beside(p.latex) == pytest.approx(1 / 9, rel=1e-3)


def test_with_decimal_leaves_plain_numbers_alone():
    assert with_decimal("2", 2.0) == "2"
    assert with_decimal("-0.5", -0.5) == "-0.5"
    assert with_decimal(r"\frac{1}{3}", 1 / 3) == r"\frac{1}{3} \approx 0.3333"
    assert with_decimal(r"\frac{1}{10^{9}}", 1e-9).endswith(r"\approx 1 \cdot 10^{-9}")
    assert with_decimal(r"\infty", float("inf")) == r"\infty"
    assert with_decimal(r"\pi", None) == r"\pi"


def test_split_inline_math_keeps_words_and_escaped_dollars():
    pieces = split_inline_math(r"u = $x^{2}$ costs \$3")
    assert pieces == [("u = ", False), ("x^{2}", True), (r" costs \$3", False)]
    assert split_inline_math("no math") == [("no math", False)]


def test_the_typed_preview_writes_ln_too():
    for text in ("log(x)", "ln(x)", "log(x, e)"):
        assert tree_to_latex(parse_tree(text)) == r"\ln\left(x\right)"
    assert tree_to_latex(parse_tree("log_2(x)")) == r"\log_{2}\left(x\right)"
