"""Every formula in the lessons is LaTeX the window's renderer understands.

ziamath (the renderer) draws an unknown command such as ``\\foo`` as plain text instead
of failing, so the check goes through its LaTeX-to-MathML step and looks for commands
left over untranslated.
"""

from __future__ import annotations

import re

import pytest

from workbench.lessons import load_lessons

latex2mathml = pytest.importorskip("latex2mathml.converter")

_MATH = re.compile(r"\$\$(.+?)\$\$|(?<!\\)\$(.+?)(?<!\\)\$", re.S)
_CODE = re.compile(r"```.*?```|`[^`]*`", re.S)


def formulas() -> list[tuple[str, str]]:
    found = []
    for lesson in load_lessons():
        for page in lesson.pages:
            text = _CODE.sub("", page.markdown)
            found += [(lesson.id, m.group(1) or m.group(2)) for m in _MATH.finditer(text)]
    return found


def test_lessons_have_plenty_of_mathematics():
    counts = {}
    for lesson_id, _ in formulas():
        counts[lesson_id] = counts.get(lesson_id, 0) + 1
    assert len(counts) == 12 and min(counts.values()) >= 10


def test_every_formula_translates_without_unknown_commands():
    bad = []
    for lesson_id, tex in formulas():
        mathml = latex2mathml.convert(tex)
        if "\\" in mathml:
            bad.append((lesson_id, tex))
    assert bad == []


def test_the_check_catches_an_unknown_command():
    assert "\\" in latex2mathml.convert(r"\foo{x} + 1")
