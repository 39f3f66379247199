"""Deeply nested \\left…\\right pairs are made plain beyond a few levels, so the typesetter
(whose time doubles per level of stretchy nesting) stays fast; shallow LaTeX is untouched."""

from __future__ import annotations

import re

import pytest

from workbench.export.latex_fences import STRETCH_DEPTH, flatten_deep_fences


def sigmoid_stack(units: int) -> str:
    text = "x"
    for k in range(1, units + 1):
        text = rf"\sigma\left(w_{{{k}}} {text}\right)"
    return rf"\left(y - {text}\right)^{{2}}"


def stretchy_depth(latex: str) -> int:
    depth = deepest = 0
    for word in re.findall(r"\\(left|right)(?![a-zA-Z])", latex):
        depth += 1 if word == "left" else -1
        deepest = max(deepest, depth)
    assert depth == 0
    return deepest


def letters(latex: str) -> str:
    return re.sub(r"\\(left|right)(?![a-zA-Z])|\s", "", latex)


@pytest.mark.parametrize("units", [3, 6, 20])
def test_a_deep_stack_keeps_a_few_stretchy_levels(units):
    latex = sigmoid_stack(units)
    flat = flatten_deep_fences(latex)
    assert stretchy_depth(flat) == min(units + 1, STRETCH_DEPTH + 1)
    assert letters(flat) == letters(latex)  # the same formula, only plain delimiters
    assert re.search(r"\\sigma\\left\(w_\{1\} x\\right\)", flat)  # the innermost stretch


def test_shallow_latex_is_untouched():
    for latex in (r"\left(\frac{1}{2}\right)", r"\sin\left(\left(x\right)\right)", "x^2",
                  r"\left\{ a \middle| b \right\}"):
        assert flatten_deep_fences(latex) == latex


def test_null_and_named_delimiters_and_middle():
    inner = r"\left[\left(\left(z\right)\right)\right]"
    latex = rf"\left. \left\langle a \middle| {inner} \right\rangle \right|_{{0}}"
    flat = flatten_deep_fences(latex)
    words = " ".join(flat.split())
    assert words.startswith(r"\langle a |") and words.endswith(r"\rangle | _{0}")
    assert stretchy_depth(flat) == STRETCH_DEPTH + 1


def test_unbalanced_pairs_are_left_alone():
    latex = r"\left( \left( \left( \left( \left( x \right) \right) \right) \right)"
    assert flatten_deep_fences(latex) == latex


def test_ziamath_typesets_the_flattened_twenty_unit_stack():
    ziamath = pytest.importorskip("ziamath")
    svg = ziamath.Latex(flatten_deep_fences(sigmoid_stack(20)), size=14).svg()
    width = float(re.search(r'width="([\d.]+)', svg).group(1))
    assert svg.startswith("<svg") and width > 20 * 30  # twenty σ(w_k …) side by side
