"""``PracticePanel``: exercises per lesson, an answer checked by the engine, hints one at a time.

"New exercise" asks the worker for ``make_exercise(lesson_id, seed)`` (the seed is
shown, so an exercise can be found again); the answer field is checked by our
grammar as the student types; "Check" sends the answer to the engine's
``check_answer`` (``PracticeCheckJob``), whose verdict names the mistake when it
recognises one; "Hint" reveals the exercise's hints one step at a time.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QScrollArea, QVBoxLayout, QWidget)

from workbench.protocol.results import as_fields
from workbench.protocol.syntax import ParseError, parse_tree
from workbench.lessons import Lesson
from workbench.export.documents import plain_title
from workbench.ui.math_view import MathLabel, sentence_html

CONSTANTS = ("C", "c", "K")  # an antiderivative may carry its constant under these names
RIGHT, WRONG, NOTE = "#2e7d32", "#c62828", "#5d4037"


def answer_body(text: str) -> str:
    """The answer without a leading name such as ``f'(x) =`` (the engine accepts both)."""
    head, sep, tail = text.partition("=")
    return tail if sep and not tail.startswith("=") and head.strip() else text


class PracticePanel(QWidget):
    """Practice for one lesson at a time."""

    exercise_ready = Signal(dict)
    verdict_ready = Signal(dict)

    def __init__(self, client: QObject, lessons: list[Lesson], parent: QWidget | None = None,
                 seed: int | None = None,
                 function_source: Callable[[], str | None] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("practice_panel")
        self.setAccessibleName("Practice")
        self.client = client
        self._rng = random.Random(seed)
        self._jobs: dict[str, int] = {}
        self._exercise: dict[str, Any] | None = None
        self._hints_shown = 0
        self._own_kind = ""  # set while the exercise is on the student's own function
        # Where "On my f(x)" takes its function from (the Explore editor, in the window).
        self.function_source = function_source or (lambda: None)
        self._build(lessons)
        client.result_ready.connect(self._on_client_result_ready)
        client.job_failed.connect(self._on_client_job_failed)
        self._set_enabled()

    # ------------------------------------------------------------ building
    def _build(self, lessons: list[Lesson]) -> None:
        self.lesson_box = QComboBox(self)
        self.lesson_box.setObjectName("practice_lesson")
        self.lesson_box.setAccessibleName("Lesson to practise")
        # Long lesson titles are elided rather than widening the dock.
        self.lesson_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.lesson_box.setMinimumContentsLength(16)
        for lesson in lessons:
            self.lesson_box.addItem(f"{lesson.order}. {lesson.title}", lesson.id)
        self.new_button = self._button("practice_new", "New exercise", self.new_exercise)
        self.own_button = self._button("practice_own", "On my f(x)", self.exercise_on_function)
        self.own_button.setToolTip("Differentiate the function in the Explore view yourself")
        self.own_button.setAccessibleName("Exercise on my own function")
        self.prompt = self._label("practice_prompt", "Exercise",
                                  "Choose a lesson and press \u201cNew exercise\u201d.")
        self.prompt.setTextFormat(Qt.TextFormat.RichText)
        self.formula = MathLabel("", 18.0, self)
        self.formula.setObjectName("practice_formula")
        self.formula.setAccessibleName("Exercise formula")
        self.answer = QLineEdit(self)
        self.answer.setObjectName("practice_answer")
        self.answer.setAccessibleName("Your answer")
        self.answer.setPlaceholderText("e.g. 3x^2 + 2")
        self.answer.setMinimumWidth(self.answer.fontMetrics().horizontalAdvance("e.g. 3x^2 + 2")
                                    + 16)
        self.answer.textChanged.connect(self._on_answer_text_changed)
        self.answer.returnPressed.connect(self.check)
        self.answer_message = self._label("practice_answer_message", "Answer problem", "")
        self.answer_message.setStyleSheet(f"color: {WRONG};")
        self.answer_message.hide()
        self.check_button = self._button("practice_check", "Check", self.check)
        self.hint_button = self._button("practice_hint", "Hint", self.show_hint)
        self.verdict = self._label("practice_verdict", "Verdict", "")
        self.hints = self._label("practice_hints", "Hints", "")
        self.hints.setTextFormat(Qt.TextFormat.RichText)
        self._lay_out()

    def _label(self, name: str, accessible: str, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setObjectName(name)
        label.setAccessibleName(accessible)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _button(self, name: str, text: str, slot: Any) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAccessibleName(text)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.lesson_box, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.own_button)
        answer_row = QHBoxLayout()
        answer_row.addWidget(self.answer, 1)
        answer_row.addWidget(self.check_button)
        answer_row.addWidget(self.hint_button)
        # In a scroll area: a long diagnosis or the hints never squeeze the formula or
        # overlap each other in a short dock.
        inner = QWidget(self)
        inner.setObjectName("practice_content")
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addLayout(buttons)
        layout.addWidget(self.prompt)
        layout.addWidget(self.formula)
        layout.addLayout(answer_row)
        layout.addWidget(self.answer_message)
        layout.addWidget(self.verdict)
        layout.addWidget(self.hints)
        layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setObjectName("practice_scroll")
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # wrap instead
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    # ------------------------------------------------------------ public API
    def lesson_id(self) -> str:
        """The lesson being practised."""
        return str(self.lesson_box.currentData())

    def set_lesson(self, lesson_id: str) -> None:
        """Practise lesson ``lesson_id`` (the current exercise stays until a new one)."""
        index = self.lesson_box.findData(lesson_id)
        if index >= 0:
            self.lesson_box.setCurrentIndex(index)

    def exercise(self) -> dict[str, Any] | None:
        """The exercise on show, as the worker sent it."""
        return self._exercise

    def new_exercise(self, seed: int | None = None) -> int:
        """Ask for a fresh exercise of the chosen lesson; returns the seed used."""
        from workbench.protocol.jobs import EngineCallJob  # light start-up

        seed = self._rng.randrange(1, 1_000_000) if seed is None else int(seed)
        self._own_kind = ""
        job = EngineCallJob("make_exercise", (self.lesson_id(), seed), kind="practice.exercise")
        self._jobs["exercise"] = self.client.submit(job)
        self.prompt.setText("Preparing an exercise\u2026")
        return seed

    def exercise_on_function(self, text: str | None = None, kind: str = "derivative") -> bool:
        """Ask for an exercise on the student's own function (default: the Explore one)."""
        from workbench.protocol.jobs import EngineCallJob  # light start-up

        text = text if text is not None else self.function_source()
        if not text:
            self._show_verdict("Type a function in the Explore view first.", NOTE)
            return False
        job = EngineCallJob("exercise_for", (kind, text), kind="practice.exercise")
        self._jobs["exercise"] = self.client.submit(job)
        self._own_kind = kind
        self.prompt.setText("Preparing an exercise\u2026")
        return True

    def check(self) -> None:
        """Send the answer to the engine's checker."""
        from workbench.protocol.jobs.practice import PracticeCheckJob

        if self._exercise is None or not self.check_button.isEnabled():
            return
        job = PracticeCheckJob.for_exercise(self._exercise, self.answer.text())
        self._jobs["check"] = self.client.submit(job)
        self._show_verdict("Checking\u2026", NOTE)

    def show_hint(self) -> None:
        """Reveal one more hint (the last one gives the answer away)."""
        hints = list((self._exercise or {}).get("hints", []))
        if not hints:
            return
        self._hints_shown = min(self._hints_shown + 1, len(hints))
        items = "".join(f"<li>{sentence_html(h)}</li>" for h in hints[:self._hints_shown])
        self.hints.setText(f"<b>Hints</b><ol style='margin-left:14px'>{items}</ol>")
        left = len(hints) - self._hints_shown
        self.hint_button.setText(f"Hint ({left} more)" if left else "Hint")
        self.hint_button.setEnabled(left > 0)

    # ------------------------------------------------------------ drawing
    def _show_exercise(self, exercise: dict[str, Any]) -> None:
        self._exercise = exercise
        self._hints_shown = 0
        tag = "your function" if exercise.get("own_kind") else f"exercise {exercise.get('seed')}"
        self.prompt.setText(f"{_escape(str(exercise.get('prompt', '')))}  "
                            f"<span style='color:#777'>({tag})</span>")
        self.formula.set_latex(str(exercise.get("prompt_latex", "")))
        self.answer.clear()
        self.answer_message.setText("")
        self.answer_message.hide()
        self.verdict.setText("")
        self.hints.setText("")
        self.hint_button.setText("Hint")
        self._set_enabled()
        self.answer.setFocus()
        self.exercise_ready.emit(exercise)

    def _show_verdict(self, text: str, colour: str) -> None:
        self.verdict.setStyleSheet(f"color: {colour}; font-weight: 600;")
        # a message may quote a step's sentence, with its formulas as $...$
        self.verdict.setTextFormat(Qt.TextFormat.RichText)
        self.verdict.setText(sentence_html(text, 14.0, colour))
        self.verdict.setAccessibleDescription(plain_title(text))  # the words, formulas typed

    def _set_enabled(self) -> None:
        ready = self._exercise is not None
        self.answer.setEnabled(ready)
        self.check_button.setEnabled(ready and self._answer_problem() is None)
        self.hint_button.setEnabled(ready and bool((self._exercise or {}).get("hints")))

    def _answer_problem(self) -> str | None:
        """Why the answer can't be read (None when it can, or nothing is typed yet)."""
        text = self.answer.text()
        if not text.strip():
            return ""
        body = answer_body(text)
        variables = [*((self._exercise or {}).get("variables") or []), *CONSTANTS]
        try:
            parse_tree(body, variables)
        except ParseError as problem:
            offset = len(text) - len(body)
            where = "" if problem.position is None else \
                f" (column {problem.position + offset + 1})"
            return f"{problem.message}{where}"
        return None

    # ------------------------------------------------------------ slots
    def _on_answer_text_changed(self, _text: str) -> None:
        problem = self._answer_problem()
        self.answer_message.setText(problem or "")
        self.answer_message.setVisible(bool(problem))  # no empty gap under the answer
        self._set_enabled()

    def _purpose(self, job_id: int) -> str | None:
        found = next((p for p, j in self._jobs.items() if j == job_id), None)
        if found is not None:
            del self._jobs[found]
        return found

    def _on_client_result_ready(self, job_id: int, _kind: str, payload: Any) -> None:
        purpose = self._purpose(job_id)
        if purpose == "exercise":
            # The recipe the checker needs to rebuild an exercise on the student's function.
            self._show_exercise({**dict(as_fields(payload)), "own_kind": self._own_kind})
        elif purpose == "check":
            verdict = {k: v for k, v in as_fields(payload).items() if k != "request"}
            self._show_verdict(verdict.get("message", ""),
                               RIGHT if verdict.get("correct") else WRONG)
            self.verdict_ready.emit(verdict)

    def _on_client_job_failed(self, job_id: int, _kind: str, error: Any) -> None:
        purpose = self._purpose(job_id)
        if purpose is not None:
            message = getattr(error, "message", str(error))
            self._show_verdict(f"The engine could not do that: {message}", WRONG)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
