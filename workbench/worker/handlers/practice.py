"""The practice check: rebuild the exercise from its recipe, check the answer."""

from __future__ import annotations

from typing import Any

from workbench.engine.practice import check_answer, exercise_for, make_exercise
from workbench.worker.jobs.practice import PracticeCheckJob
from workbench.worker.registry import handles


@handles(PracticeCheckJob)
def run_practice_check(job: PracticeCheckJob) -> dict[str, Any]:
    """The verdict as plain data: correct, message, diagnosis, hint_steps, position."""
    if job.own_kind:
        exercise = exercise_for(job.own_kind, job.expr, job.var)
    else:
        exercise = make_exercise(job.lesson_id, job.seed)
    feedback = check_answer(exercise, job.answer)
    return {"correct": bool(feedback.correct), "message": feedback.message,
            "diagnosis": feedback.diagnosis, "hint_steps": list(feedback.hint_steps),
            "position": feedback.position}
