"""Loading and checking the offline lessons kept in resources/lessons (Qt-free, sympy-free)."""

from workbench.lessons.loader import check_lessons, load_lesson, load_lessons
from workbench.lessons.model import Lesson, LessonError, Page, TryIt
from workbench.lessons.tryit import LABS

__all__ = ["LABS", "Lesson", "LessonError", "Page", "TryIt", "check_lessons", "load_lesson",
           "load_lessons"]
