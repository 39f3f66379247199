"""Exports name rules in words and typeset the formulas inside step sentences."""

from __future__ import annotations

from workbench.export.documents import (steps_to_latex_document, steps_to_markdown,
                                        steps_to_text)
from workbench.export.html_page import steps_to_html
from workbench.protocol.steps import Step

STEP = Step("ftc", r"Evaluate $\frac{x^{3}}{3}$ at the bounds_and subtract", r"\int_0^1 x^2 dx",
            r"\frac{1}{3}")


def test_markdown_keeps_inline_math_and_names_the_rule():
    text = steps_to_markdown("t", "", [STEP])
    assert r"Evaluate $\frac{x^{3}}{3}$ at the bounds\_and subtract" in text
    assert "(Fundamental theorem of calculus)" in text and "`ftc`" not in text


def test_latex_document_keeps_inline_math_and_escapes_words():
    text = steps_to_latex_document("t", "", [STEP])
    assert r"\textbf{Evaluate $\frac{x^{3}}{3}$ at the bounds\_and subtract}" in text
    assert "(Fundamental theorem of calculus)" in text


def test_plain_text_writes_formulas_as_typed():
    text = steps_to_text("t", "", [STEP])
    assert "1. Evaluate x^3/3 at the bounds_and subtract [Fundamental theorem of calculus]" \
        in text


def test_html_typesets_the_formula_in_the_sentence():
    page = steps_to_html("t", "", [STEP])
    title = page.split('<span class="title">', 1)[1].split("</span><span", 1)[0]
    assert "<svg" in title and "$" not in title and "Evaluate" in title
    assert ">Fundamental theorem of calculus<" in page
