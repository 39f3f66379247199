"""``PracticeCheckJob``: check a student's answer to a practice exercise in the worker.

``check_answer(exercise, text)`` needs the engine's ``Exercise`` object, which holds
sympy expressions and so can never travel from the window. The exercise is
reproducible from plain data instead (a lesson id and a seed, or the student's own
function), so the job carries that recipe and the worker rebuilds it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from workbench.protocol.jobs.core import Job


@dataclass(frozen=True)
class PracticeCheckJob(Job):
    """Check ``answer`` against ``make_exercise(lesson_id, seed)``.

    With ``own_kind`` set ("derivative", "second_derivative", "partial") the exercise
    is ``exercise_for(own_kind, expr, var)`` instead, a question on the student's own
    function.
    """

    lesson_id: str
    seed: int
    answer: str
    own_kind: str = ""
    expr: str = ""
    var: str = "x"
    kind: ClassVar[str] = "practice.check"

    @classmethod
    def for_exercise(cls, exercise: dict[str, Any], answer: str) -> PracticeCheckJob:
        """The job checking ``answer`` against an exercise payload from the worker."""
        own = str(exercise.get("own_kind", ""))
        return cls(str(exercise.get("lesson_id", "")), int(exercise.get("seed", 0)), answer,
                   own_kind=own, expr=str(exercise.get("expr", "")),
                   var=str(exercise.get("var", "x")))
