"""The lessons dock: every page opens with formulas typeset, every try-it works or says why not."""

from __future__ import annotations

import pytest

from workbench.ui.math_view import shared_renderer
from workbench.ui.study.lesson_text import split_math


def test_split_math_replaces_formulas_but_not_code():
    text, formulas = split_math("Slope $2x$ and\n\n$$\\frac{a}{b}\n+ c$$\n\n`$not$` and\n"
                                "```\n$code$\n```\nprice \\$5")
    assert formulas == [("2x", False), ("\\frac{a}{b} + c", True)]
    assert "![formula](formula:0)" in text and "\n\n![formula](formula:1)\n\n" in text
    assert "`$not$`" in text and "$code$" in text and "\\$5" in text


def test_lesson_list_and_help_menu(study):
    window, controller = study
    panel = controller.lessons_panel
    assert panel.lesson_list.topLevelItemCount() == 12
    assert not controller.lessons_dock.isVisible()
    controller.actions["lessons"].trigger()
    assert controller.lessons_dock.isVisible()
    first = panel.lesson_list.topLevelItem(0)
    assert first.text(0).startswith("1. ") and first.text(1) == "\u2014"


def test_every_page_opens_with_typeset_math(study):
    window, controller = study
    panel = controller.lessons_panel
    shared_renderer().load()
    pages = 0
    for lesson in panel.lessons():
        panel.open_lesson(lesson.id)
        for index in range(len(lesson.pages)):
            if index:
                panel.next_button.click()
            assert panel.current() == (lesson.id, index)
            text = panel.text
            assert text.formulas(), f"{lesson.id} page {index + 1} has no formula"
            assert text.typeset_count() == len(text.formulas())
            assert "\\frac" not in text.toPlainText()
            pages += 1
        assert not panel.next_button.isEnabled()
        assert panel.progress_of(lesson.id) == 1.0
    assert pages >= 36
    assert controller.capture().lesson_progress == {lesson.id: 1.0 for lesson in panel.lessons()}


def test_progress_is_saved_and_restored(qtbot, tmp_path, study):
    window, controller = study
    panel = controller.lessons_panel
    lesson = panel.lessons()[2]
    panel.open_lesson(lesson.id)
    panel.next_page()
    expected = round(2 / len(lesson.pages), 4)
    assert panel.progress() == {lesson.id: expected}
    assert window.isWindowModified()  # reading is part of the session
    controller.save_as(tmp_path / "read.calcwb")
    controller.new_session()
    assert panel.progress() == {}
    controller.open_file(tmp_path / "read.calcwb")
    assert panel.progress() == {lesson.id: expected}
    assert panel.lesson_list.topLevelItem(2).text(1) == f"{expected:.0%}"


def all_tryits(panel):
    for lesson in panel.lessons():
        for index, page in enumerate(lesson.pages):
            for number, action in enumerate(page.actions):
                yield lesson, index, number, action


def test_every_tryit_runs_or_says_the_lab_is_missing(qtbot, study):
    window, controller = study
    panel = controller.lessons_panel
    seen = {"explore": 0, "derivatives": 0, "missing": 0}
    for lesson, index, number, action in all_tryits(panel):
        panel.open_lesson(lesson.id, index)
        button = panel.tryit_buttons[number]
        if action.lab == "explore":
            button.click()
            assert window.editor.text() == action.params["function"]
            assert window.tabs.currentIndex() == 0
            if "range" in action.params:
                shown = window.canvas.plot.getViewBox().viewRange()[0]
                assert shown == pytest.approx(action.params["range"])
            seen["explore"] += 1
        elif action.lab == "derivatives":
            button.click()
            lab = window.tabs.labs()["derivatives"]
            assert lab.tried[-1] == action.params and window.tabs.currentWidget() is lab
            seen["derivatives"] += 1
        else:
            assert not button.isEnabled() and "not available" in button.text()
            seen["missing"] += 1
    assert all(seen.values()), seen


def test_practise_button_follows_the_open_lesson(study):
    window, controller = study
    controller.show_lessons()
    controller.lessons_panel.open_lesson("gradient-descent")
    assert controller.practice_panel.lesson_id() == "gradient-descent"
    controller.lessons_panel.practice_button.click()
    assert controller.practice_dock.isVisible()


def test_a_failing_tryit_is_reported_not_raised(qtbot, study, monkeypatch):
    window, controller = study
    panel = controller.lessons_panel
    lesson, index, number, action = next(item for item in all_tryits(panel)
                                         if item[3].lab == "derivatives")

    def broken(self, params):
        raise ValueError("no such point")

    monkeypatch.setattr("tests.ui.study.fake_labs.FakeLab.apply_try_it", broken)
    panel.open_lesson(lesson.id, index)
    panel.tryit_buttons[number].click()
    assert "could not be prepared: no such point" in window.job_message.text()
