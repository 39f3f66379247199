"""Markdown, LaTeX document and plain-text exports of a step tree."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tests.export.steps_sample import LATEX, TITLE, all_titles, sample_steps
from workbench.export import (latex_to_plain, steps_to_latex_document, steps_to_markdown,
                              steps_to_text)


def _display_blocks(markdown: str) -> list[str]:
    """The bodies of the $$ ... $$ blocks (each delimiter on its own line)."""
    lines = [line.strip() for line in markdown.splitlines()]
    opens = [i for i, line in enumerate(lines) if line == "$$"]
    assert len(opens) % 2 == 0
    return [" ".join(lines[a + 1:b]) for a, b in zip(opens[::2], opens[1::2])]


def test_markdown_structure_and_balanced_math():
    steps = sample_steps()
    text = steps_to_markdown(TITLE, LATEX, steps, date="2026-01-02")
    assert text.startswith("# Derivative of x^2 sin(x)\n")
    assert "_2026-01-02_" in text
    blocks = _display_blocks(text)
    # the result plus one block per step (every sample step has a formula)
    assert len(blocks) == 1 + sum(1 for top in steps for _ in top.walk())
    assert blocks[0] == LATEX
    unescaped = re.findall(r"(?<!\\)\$", text)
    assert len(unescaped) % 2 == 0
    for title in all_titles(steps):
        assert title in text.replace("\\", "")  # titles appear, unescaped


def test_markdown_nests_substeps_as_nested_lists():
    text = steps_to_markdown(TITLE, LATEX, sample_steps())
    lines = text.splitlines()
    product = next(i for i, line in enumerate(lines) if "Product rule" in line)
    power = next(i for i, line in enumerate(lines) if "Power rule" in line)
    constant = next(i for i, line in enumerate(lines) if "constant's derivative" in line)
    indent = [len(lines[i]) - len(lines[i].lstrip()) for i in (product, power, constant)]
    assert indent[0] < indent[1] < indent[2]
    assert lines[product].lstrip().startswith("1. ") and lines[power].lstrip().startswith("1. ")


def test_markdown_escapes_dollars_in_titles_and_math():
    from workbench.protocol.steps import Step

    step = Step("sum", "Costs $5", r"a \$ b", "c")
    text = steps_to_markdown("Price in $", "x", [step])
    assert len(re.findall(r"(?<!\\)\$", text)) % 2 == 0
    assert r"Costs \$5" in text


def test_steps_may_arrive_as_dicts():
    steps = sample_steps()
    as_dicts = [s.to_dict() for s in steps]
    assert steps_to_markdown(TITLE, LATEX, as_dicts) == steps_to_markdown(TITLE, LATEX, steps)


def test_latex_document_is_complete():
    text = steps_to_latex_document(TITLE, LATEX, sample_steps(), date="2026-01-02")
    assert text.startswith(r"\documentclass")
    assert r"\usepackage{amsmath,amssymb}" in text
    assert text.count(r"\begin{document}") == 1 and text.rstrip().endswith(r"\end{document}")
    assert text.count(r"\begin{enumerate}") == text.count(r"\end{enumerate}") == 3
    assert text.count(r"\[") == text.count(r"\]") == 1 + 6
    assert r"50\% \& more\_\#" in text  # text-mode specials escaped
    assert LATEX in text  # math passes through untouched


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
def test_latex_document_compiles(tmp_path):
    source = tmp_path / "steps.tex"
    source.write_text(steps_to_latex_document(TITLE, LATEX, sample_steps()), encoding="utf-8")
    done = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error",
                           source.name], cwd=tmp_path, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stdout.decode(errors="replace")[-2000:]


def test_plain_text_numbers_steps_and_reads_the_math():
    text = steps_to_text(TITLE, LATEX, sample_steps(), date="2026-01-02")
    lines = text.splitlines()
    assert lines[0] == TITLE and set(lines[1]) == {"="}
    assert any(line.startswith("1. Product rule") for line in lines)
    assert any(line.strip().startswith("1.3.1. A constant's derivative is 0") for line in lines)
    assert "\\" not in text  # no LaTeX commands left
    assert "x^2 cos(x) + 2 x sin(x)" in text


@pytest.mark.parametrize(("latex", "plain"), [
    (r"\frac{1}{2}", "1/2"),
    (r"\frac{x^{2}}{2}", "x^2/2"),
    (r"\frac{m \left(m + 1\right)}{2}", "(m (m + 1))/2"),
    (r"\sqrt{x + 1}", "sqrt(x + 1)"),
    (r"\frac{d}{d x}\left(x^{2}\right)", "d/dx(x^2)"),
    (r"e^{- \frac{x^{2}}{2}}", "e^(- x^2/2)"),
    (r"2 \cdot 3 \leq \pi", "2 · 3 <= pi"),
    (r"\sin{\left(x \right)}", "sin(x)"),
    (r"\int\limits_{0}^{\infty} e^{-x}\, dx", "integral_0^oo e^(-x) dx"),
])
def test_latex_to_plain(latex, plain):
    assert latex_to_plain(latex) == plain
