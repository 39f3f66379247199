"""Practice: exercises drawn per lesson, answers checked, mistakes diagnosed, hints given.

Exercises come from templates with random numbers (so practice never runs out, and a
seed always gives the same exercise). Answers are parsed with our grammar and compared
numerically and symbolically; a wrong answer is matched against "mutated" references
(the reference computed with one typical mistake made at one place) to name what went
wrong.
"""

from workbench.engine.practice.checking import check_answer, hint
from workbench.engine.practice.exercises import LESSON_IDS, exercise_for, make_exercise
from workbench.engine.practice.model import Exercise, Feedback

__all__ = ["LESSON_IDS", "Exercise", "Feedback", "check_answer", "exercise_for", "hint",
           "make_exercise"]
