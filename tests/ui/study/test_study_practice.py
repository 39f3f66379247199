"""The practice panel: seeded exercises, the answer checked as typed, verdicts, hints."""

from __future__ import annotations

import pytest

from tests.ui.fakes import FakeEngineClient
from tests.ui.study.conftest import bundled_lessons
from workbench.export.documents import plain_title
from workbench.ui.study.practice_panel import PracticePanel, answer_body


@pytest.fixture
def panel(qtbot):
    widget = PracticePanel(FakeEngineClient(), bundled_lessons(), seed=1)
    qtbot.addWidget(widget)
    widget.resize(420, 360)
    widget.show()
    return widget


def exercise(qtbot, panel, lesson_id, seed):
    panel.set_lesson(lesson_id)
    with qtbot.waitSignal(panel.exercise_ready, timeout=20000) as ready:
        panel.new_exercise(seed)
    return ready.args[0]


def check(qtbot, panel, text):
    panel.answer.setText(text)
    with qtbot.waitSignal(panel.verdict_ready, timeout=20000) as ready:
        panel.check_button.click()
    return ready.args[0]


def test_exercise_is_shown_and_seeded(qtbot, panel):
    first = exercise(qtbot, panel, "derivative-rules", 7)
    assert first["lesson_id"] == "derivative-rules" and first["seed"] == 7
    assert "Differentiate" in panel.prompt.text() and "exercise 7" in panel.prompt.text()
    assert panel.formula.latex() == first["prompt_latex"]
    again = exercise(qtbot, panel, "derivative-rules", 7)
    assert again["prompt"] == first["prompt"]
    assert not panel.check_button.isEnabled()  # nothing typed yet


def test_answer_is_validated_while_typing(qtbot, panel):
    exercise(qtbot, panel, "derivative-rules", 7)
    qtbot.keyClicks(panel.answer, "12x^2 +")
    assert not panel.check_button.isEnabled()
    assert panel.answer_message.isVisible() and panel.answer_message.text()
    qtbot.keyClicks(panel.answer, " 4")
    assert panel.check_button.isEnabled() and not panel.answer_message.isVisible()
    assert answer_body("f'(x) = 12x^2 + 4") == " 12x^2 + 4"


def test_wrong_answer_gets_a_diagnosis_and_right_answer_praise(qtbot, panel):
    exercise(qtbot, panel, "derivative-rules", 7)  # 4x^3 + 4x
    verdict = check(qtbot, panel, "12x^3 + 4")
    assert verdict["correct"] is False and "exponent" in verdict["diagnosis"]
    # the diagnosis is shown with its formulas typeset; its words, formulas as typed, are
    # the verdict's accessible description
    assert plain_title(verdict["diagnosis"]) in panel.verdict.accessibleDescription()
    assert "<img" in panel.verdict.text() or "$" not in verdict["diagnosis"]
    verdict = check(qtbot, panel, "f'(x) = 4 + 12 x^2")
    assert verdict["correct"] is True and panel.verdict.text() == verdict["message"]


def test_hints_come_one_step_at_a_time(qtbot, panel):
    shown = exercise(qtbot, panel, "indefinite-integrals", 7)
    hints = shown["hints"]
    assert len(hints) >= 2 and panel.hint_button.isEnabled()
    panel.hint_button.click()
    assert hints[0] in panel.hints.text() and hints[1] not in panel.hints.text()
    panel.hint_button.click()
    assert hints[1] in panel.hints.text()
    for _ in hints:
        panel.hint_button.click()
    assert not panel.hint_button.isEnabled()  # the last hint gave the answer


def test_antiderivative_constant_is_accepted(qtbot, panel):
    exercise(qtbot, panel, "indefinite-integrals", 7)  # 2x^4 + e^(2x)
    verdict = check(qtbot, panel, "2x^5/5 + e^(2x)/2 + C")
    assert verdict["correct"] is True


def test_exercise_on_the_students_own_function(qtbot, study):
    window, controller = study
    panel = controller.practice_panel
    window.editor.set_text("x^3 sin(x)")
    with qtbot.waitSignal(panel.exercise_ready, timeout=20000) as ready:
        panel.own_button.click()
    shown = ready.args[0]
    assert shown["own_kind"] == "derivative" and "your function" in panel.prompt.text()
    wrong = check(qtbot, panel, "3x^2 cos(x)")
    assert wrong["correct"] is False
    right = check(qtbot, panel, "3x^2 sin(x) + x^3 cos(x)")
    assert right["correct"] is True


def test_check_job_rebuilds_the_exercise_in_the_worker():
    from workbench.worker.handlers.practice import run_practice_check
    from workbench.protocol.jobs.practice import PracticeCheckJob

    verdict = run_practice_check(PracticeCheckJob("derivative-rules", 7, "12x^2"))
    assert verdict.correct is False and "4x" in verdict.diagnosis
    job = PracticeCheckJob("", 0, "2x", own_kind="derivative", expr="x^2")
    verdict = run_practice_check(job)
    assert verdict.request == job
    assert (verdict.correct, verdict.diagnosis, verdict.hint_steps, verdict.position) == (
        True, "", (), None)
