"""The practice check: rebuild the exercise from its recipe, check the answer."""

from __future__ import annotations

from workbench.engine.practice import check_answer, exercise_for, make_exercise
from workbench.protocol.jobs.practice import PracticeCheckJob
from workbench.protocol.results import CheckResult
from workbench.worker.registry import handles


@handles(PracticeCheckJob)
def run_practice_check(job: PracticeCheckJob) -> CheckResult:
    """The verdict: correct, message, diagnosis, hint_steps, position."""
    if job.own_kind:
        exercise = exercise_for(job.own_kind, job.expr, job.var)
    else:
        exercise = make_exercise(job.lesson_id, job.seed)
    feedback = check_answer(exercise, job.answer)
    return CheckResult(job, correct=bool(feedback.correct), message=feedback.message,
                       diagnosis=feedback.diagnosis or "", hint_steps=tuple(feedback.hint_steps),
                       position=feedback.position)
