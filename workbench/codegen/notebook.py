"""Export scripts and derivations as a Jupyter notebook (nbformat 4.5 JSON, built by hand).

Each :class:`Section` (one per open lab) becomes a markdown cell (its title, the
result in LaTeX and the derivation steps, each step's ``before`` and ``after``) and
a code cell holding the lab's script. No cell carries outputs: the student runs it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from workbench.protocol.steps import Step

#: Nested steps shown, at most (deeper ones are summarised by their parent).
MAX_DEPTH = 3


@dataclass(frozen=True)
class Section:
    """One lab's part of a notebook: ``title``, optional ``latex`` (the result), ``steps``
    (the derivation) and ``script`` (the code cell)."""

    title: str
    script: str
    steps: Sequence[Step] = field(default_factory=tuple)
    latex: str = ""


def _plain(text: str) -> str:
    """One line of plain words for markdown: no line breaks, no markdown/HTML specials."""
    line = " ".join(str(text).split())
    for char in "\\`*_[]<>#|$":
        line = line.replace(char, "\\" + char)
    return line


def _math(latex: str) -> str:
    """LaTeX for a display formula on one line (``$$`` would close it early)."""
    return " ".join(str(latex).replace("$", r"\$").split())


def _step_lines(steps: Iterable[Step], depth: int = 0) -> list[str]:
    lines: list[str] = []
    pad = "   " * depth
    for number, step in enumerate(steps, 1):
        lines.append(f"{pad}{number}. {_plain(step.title)}")
        before, after = _math(step.before), _math(step.after)
        if before or after:
            formula = rf"{before} \quad\longrightarrow\quad {after}" if before and after \
                else before or after
            lines.append(f"{pad}   $${formula}$$")
        if step.substeps and depth + 1 < MAX_DEPTH:
            lines.extend(_step_lines(step.substeps, depth + 1))
    return lines


def markdown(section: Section) -> str:
    """The markdown cell of ``section``: title, result, numbered derivation steps."""
    lines = [f"## {_plain(section.title)}", ""]
    if section.latex:
        lines += [f"$${_math(section.latex)}$$", ""]
    if section.steps:
        lines += ["**The derivation, step by step**", "", *_step_lines(section.steps), ""]
    lines.append("The code below computes the same numbers with NumPy, SciPy and SymPy only.")
    return "\n".join(lines)


def _source(text: str) -> list[str]:
    """Cell source as nbformat stores it: lines keeping their newlines."""
    return text.splitlines(keepends=True)


def notebook(sections: Sequence[Section], title: str = "Calculus Workbench") -> dict[str, Any]:
    """The notebook as a JSON-ready dict (nbformat 4.5): an introduction, then for each
    section a markdown cell and a code cell."""
    cells: list[dict[str, Any]] = [_markdown_cell(
        f"# {_plain(title)}\n\nEach part below reproduces one computation of the workbench: "
        "the derivation in words and formulas, then a script that runs on its own.", 1)]
    for section in sections:
        cells.append(_markdown_cell(markdown(section), len(cells) + 1))
        cells.append({"cell_type": "code", "execution_count": None,
                      "id": f"cell-{len(cells) + 1}", "metadata": {}, "outputs": [],
                      "source": _source(section.script.rstrip("\n"))})
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def _markdown_cell(text: str, number: int) -> dict[str, Any]:
    return {"cell_type": "markdown", "id": f"cell-{number}", "metadata": {},
            "source": _source(text)}


def notebook_json(sections: Sequence[Section], title: str = "Calculus Workbench") -> str:
    """The notebook as the text of an ``.ipynb`` file."""
    return json.dumps(notebook(sections, title), indent=1, ensure_ascii=False) + "\n"
