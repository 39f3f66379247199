"""The bundled lessons load and check clean; hostile or broken files give LessonError."""

from __future__ import annotations

import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.protocol.syntax import parse_tree
from workbench.lessons import LABS, LessonError, check_lessons, load_lesson, load_lessons

ROOT = Path(__file__).resolve().parents[2]
GOOD_HEAD = "---\nid: demo\ntitle: Demo\norder: 1\nsummary: A demo.\nminutes: 5\n---\n"
GOOD_PAGE = "## First page\n\nSome $x^2$ text.\n"


def write(tmp_path: Path, text: str, name: str = "01-demo.md") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_bundled_lessons_have_no_problems():
    assert check_lessons() == []


def test_twelve_lessons_in_curriculum_order():
    lessons = load_lessons()
    assert [lesson.order for lesson in lessons] == list(range(1, 13))
    assert len({lesson.id for lesson in lessons}) == 12
    titles = " ".join(lesson.title.lower() for lesson in lessons)
    for word in ("sum", "derivative", "rules", "numeric", "partial", "gradient descent",
                 "backpropagation", "second", "antiderivative", "fundamental", "double",
                 "probability"):
        assert word in titles


def test_every_page_has_title_text_and_balanced_math():
    for lesson in load_lessons():
        assert 3 <= len(lesson.pages) <= 6, lesson.id
        assert lesson.minutes > 0 and lesson.summary
        for page in lesson.pages:
            assert page.title and len(page.markdown) > 100, (lesson.id, page.title)
            assert "```tryit" not in page.markdown
            text = re.sub(r"\\\$", "", page.markdown)
            assert text.count("$") % 2 == 0, (lesson.id, page.title)


def test_every_tryit_names_a_lab_and_parseable_params():
    labs_used = set()
    for lesson in load_lessons():
        for page in lesson.pages:
            for action in page.actions:
                labs_used.add(action.lab)
                assert action.lab in LABS and action.label
                assert set(action.params) <= set(LABS[action.lab])
                for key in ("function", "expression", "term", "pdf", "g"):
                    if key in action.params:
                        index = (str(action.params.get("index", "k")),)
                        assert parse_tree(str(action.params[key]), index)
    assert labs_used == set(LABS)


def test_curriculum_worked_examples_are_taught():
    text = " ".join(page.markdown for lesson in load_lessons() for page in lesson.pages)
    for fact in ("5050", r"\frac{8}{3}", "2x + h", r"2x \sin x + x^2 \cos x",
                 r"6x\,(x^2+1)^2", r"2x\,e^{x^2}", "39", "40", "x_1 = 5 - 0.1", "385", "225"):
        assert fact in text, fact


def test_params_have_documented_types():
    lessons = {lesson.id: lesson for lesson in load_lessons()}
    gradient = next(a for p in lessons["gradient-descent"].pages for a in p.actions
                    if a.label.startswith("Descend x^2 + y^2"))
    assert gradient.params["start"] == [5.0, 5.0] and gradient.params["optimizers"] == ["gd"]
    assert gradient.params["steps"] == 20 and gradient.params["lr"] == pytest.approx(0.1)
    backprop = next(a for p in lessons["backpropagation"].pages for a in p.actions)
    assert backprop.params["inputs"] == {"w": 0.5, "x": 2.0, "b": -1.0, "y": 1.0}
    series = [a for p in lessons["sums-and-products"].pages for a in p.actions]
    assert series[-1].params["hi"] == "oo" and series[0].params["lo"] == 1.0
    densities = [a for p in lessons["probability"].pages for a in p.actions]
    assert densities[-1].params["support"] == [0.0, "oo"]


def test_lessons_pickle():
    lessons = load_lessons()
    assert pickle.loads(pickle.dumps(lessons)) == lessons


def test_loading_lessons_needs_neither_sympy_nor_qt():
    code = ("import sys, workbench.lessons as l; l.load_lessons(); "
            "print(sorted({m.split('.')[0] for m in sys.modules}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, timeout=60, env={"PYTHONPATH": str(ROOT)})
    assert out.returncode == 0, out.stderr
    for heavy in ("sympy", "scipy", "PySide6", "pyqtgraph"):
        assert f"'{heavy}'" not in out.stdout


def test_a_minimal_file_loads(tmp_path):
    body = GOOD_PAGE + "---page---\n## Second\n\n$$a\n+ b$$\n\n```tryit\nlab: explore\n" \
        "label: Plot it\nfunction: sin(x)\n```\n"
    lesson = load_lesson(write(tmp_path, GOOD_HEAD + body))
    assert lesson.id == "demo" and [p.title for p in lesson.pages] == ["First page", "Second"]
    assert lesson.pages[1].actions[0].params == {"function": "sin(x)"}
    assert "tryit" not in lesson.pages[1].markdown and "$$a" in lesson.pages[1].markdown


HOSTILE = {
    "code in a function": ("```tryit\nlab: explore\nlabel: x\nfunction: __import__('os')"
                           ".system('rm -rf /')\n```\n", 14, "not a formula"),
    "python call": ("```tryit\nlab: derivatives\nlabel: x\nfunction: eval(x)\n```\n", 14,
                    "not a formula"),
    "unknown lab": ("```tryit\nlab: shell\nlabel: x\nfunction: x\n```\n", 12, "unknown lab"),
    "unknown param": ("```tryit\nlab: explore\nlabel: x\nfunction: x\ncommand: ls\n```\n", 15,
                      "no parameter"),
    "missing function": ("```tryit\nlab: explore\nlabel: x\n```\n", 11, "needs a 'function'"),
    "bad number": ("```tryit\nlab: integrals\nlabel: x\nfunction: x\nn: lots\n```\n", 15,
                   "whole number"),
    "nan point": ("```tryit\nlab: derivatives\nlabel: x\nfunction: x\nh: nan\n```\n", 15, "h"),
    "bad support": ("```tryit\nlab: probability\nlabel: x\npdf: 2x\nsupport: [0]\n```\n", 15,
                    "two ends"),
    "three-number start": ("```tryit\nlab: gradient\nlabel: x\nfunction: x y\n"
                           "start: [1, 2, 3]\n```\n", 15, "two numbers"),
    "wrong variable": ("```tryit\nlab: explore\nlabel: x\nfunction: x y\n```\n", 14,
                       "does not provide"),
    "unbalanced inline": ("Money $x^2 costs.\n", 11, "not closed"),
    "unclosed display": ("$$\nx^2\n", 11, "never closed"),
    "unclosed fence": ("```python\nprint(1)\n", 11, "never closed"),
    "page without title": ("---page---\njust text\n", 12, "## Title"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_bodies_raise_lesson_error_with_line(tmp_path, case):
    body, line, words = HOSTILE[case]
    path = write(tmp_path, GOOD_HEAD + GOOD_PAGE[:-1] + "\n" + body if case != "page without title"
                 else GOOD_HEAD + GOOD_PAGE + body)
    with pytest.raises(LessonError) as info:
        load_lesson(path)
    assert info.value.line == line and words in str(info.value)
    assert "01-demo.md" in str(info.value) and f"line {line}" in str(info.value)


@pytest.mark.parametrize("head, words", [
    ("id: demo\n---\n", "must start"),
    ("---\nid: demo\ntitle: T\n", "never closed"),
    ("---\nid: demo\ntitle: T\norder: 1\nsummary: s\nminutes: 5\n!!python/object: x\n---\n",
     "key: value"),
    ("---\nid: demo\ntitle: T\norder: one\nsummary: s\nminutes: 5\n---\n", "order"),
    ("---\nid: Demo Lesson\ntitle: T\norder: 1\nsummary: s\nminutes: 5\n---\n", "id"),
    ("---\nid: demo\ntitle: T\norder: 1\nminutes: 5\n---\n", "missing summary"),
    ("---\nid: demo\nid: demo\n---\n", "twice"),
])
def test_broken_front_matter(tmp_path, head, words):
    with pytest.raises(LessonError, match=words):
        load_lesson(write(tmp_path, head + ("" if words == "never closed" else GOOD_PAGE)))


def test_binary_and_huge_files(tmp_path):
    path = tmp_path / "01-demo.md"
    path.write_bytes(GOOD_HEAD.encode() + b"## P\n\xff\xfe\n")
    with pytest.raises(LessonError, match="UTF-8"):
        load_lesson(path)
    path.write_text(GOOD_HEAD + GOOD_PAGE + "x" * 300_000, encoding="utf-8")
    with pytest.raises(LessonError, match="larger"):
        load_lesson(path)


def test_check_lessons_reports_problems_without_raising(tmp_path):
    write(tmp_path, GOOD_HEAD + GOOD_PAGE, "01-demo.md")
    write(tmp_path, GOOD_HEAD + GOOD_PAGE, "03-other.md")
    write(tmp_path, GOOD_HEAD + "## P\n$x\n", "02-broken.md")
    problems = check_lessons(tmp_path)
    text = "\n".join(problems)
    assert "02-broken.md, line 9" in text
    assert "03-other.md: the file name should be 01-demo.md" in text
    assert "'demo' is used by more than one lesson" in text
    assert "3 to 6 expected" in text


def test_every_tryit_expression_has_finite_values_where_the_lab_looks():
    import numpy as np

    from workbench.protocol.syntax import evaluate

    grid = np.linspace(-2.9, 3.1, 41)
    for lesson in load_lessons():
        for action in (a for page in lesson.pages for a in page.actions):
            params = action.params
            if action.lab == "backprop":
                env = dict(params["inputs"])
            elif action.lab == "series":
                env = {str(params.get("index", "k")): np.arange(1.0, 20.0)}
            elif action.lab == "gradient":
                env = {"x": grid, "y": grid[::-1]}
            else:
                env = {"x": grid}
            for key in ("function", "expression", "term", "pdf", "g"):
                if key in params:
                    index = (str(params.get("index", "k")),)
                    values = np.asarray(evaluate(parse_tree(str(params[key]), index), env))
                    assert np.isfinite(values).any(), (lesson.id, action.label, key)


def test_one_broken_file_can_be_skipped(tmp_path):
    write(tmp_path, GOOD_HEAD + GOOD_PAGE, "01-demo.md")
    write(tmp_path, GOOD_HEAD.replace("demo", "other").replace("order: 1", "order: 2")
          + "## P\n$x\n", "02-other.md")
    with pytest.raises(LessonError, match="02-other.md, line 9"):
        load_lessons(tmp_path)
    errors: list[LessonError] = []
    assert [lesson.id for lesson in load_lessons(tmp_path, errors=errors)] == ["demo"]
    assert len(errors) == 1 and errors[0].line == 9 and errors[0].path.name == "02-other.md"
