"""The notebook export: valid nbformat 4, and it runs top to bottom in a fresh kernel."""

from __future__ import annotations

import json

import pytest

from tests.codegen.running import execute_notebook
from workbench import engine
from workbench.codegen.calculus import derivative_script, integral_script
from workbench.codegen.notebook import Section, markdown, notebook_json
from workbench.protocol.steps import Step
from workbench.protocol.syntax import parse_tree

nbformat = pytest.importorskip("nbformat")


def _sections():
    derivation = engine.derivative("x^2 sin(x)")
    integral = engine.definite_integral("x e^x", "x", 0, 1)
    return [
        Section("Derivative of x^2 sin(x)", derivative_script(parse_tree("x^2 sin(x)"), "x", 1.0),
                derivation.steps, derivation.latex),
        Section("Integral of x e^x from 0 to 1",
                integral_script(parse_tree("x e^x"), "x", parse_tree("0"), parse_tree("1"),
                                "midpoint", 10), integral.steps, integral.latex),
    ]


def test_the_notebook_validates_and_holds_each_section():
    sections = _sections()
    data = json.loads(notebook_json(sections))
    nbformat.validate(nbformat.from_dict(data))
    kinds = [cell["cell_type"] for cell in data["cells"]]
    assert kinds == ["markdown", "markdown", "code", "markdown", "code"]
    assert "".join(data["cells"][2]["source"]) == sections[0].script.rstrip("\n")
    first = "".join(data["cells"][1]["source"])
    for step in sections[0].steps:
        assert " ".join(step.after.split()) in first
    assert len({cell["id"] for cell in data["cells"]}) == len(data["cells"])


def test_step_titles_cannot_break_out_of_markdown():
    step = Step("x", "a *title* with <script>alert(1)</script> and $money$\n# heading",
                "x^2", "2x")
    text = markdown(Section("<b>t</b>", "print(1)\n", [step]))
    assert "<script>" not in text and "<b>" not in text
    assert "\n# heading" not in text and "\\$money\\$" in text


@pytest.mark.slow
def test_the_notebook_runs_top_to_bottom(tmp_path):
    book = nbformat.reads(notebook_json(_sections()), as_version=4)
    outputs = execute_notebook(book, tmp_path)
    assert "f'(1) = 2.2232442754839328" in outputs
    assert "midpoint sum (n = 10) = " in outputs and "exact value = 1.0" in outputs
