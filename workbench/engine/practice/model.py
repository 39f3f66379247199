"""Practice data: an :class:`Exercise` (what to solve, the answer, the known mistakes)
and the :class:`Feedback` a checked answer gets. Both are frozen and pickle."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

import sympy

from workbench.engine.results import jsonable

# A known wrong answer: (plain-words diagnosis, the expression that mistake produces).
Mistake = tuple[str, sympy.Expr]


@dataclass(frozen=True)
class Exercise:
    """One practice question, drawn reproducibly from ``random.Random(seed)``.

    ``kind`` says what is asked ("derivative", "antiderivative", "partial", "limit",
    "sum", ...); ``expr`` is the subject as text our parser reads, ``var`` the variable
    of the operation, ``answer`` the reference (a sympy expression or number; for an
    antiderivative, one antiderivative without the constant). ``variables`` are the
    names an answer may use, ``mistakes`` the typical wrong answers the checker
    recognises (most specific first) and ``hints`` the step-by-step hints, the last
    of which gives the answer away.
    """

    lesson_id: str
    seed: int
    kind: str
    prompt: str
    prompt_latex: str
    expr: str
    var: str
    answer: sympy.Expr
    variables: tuple[str, ...] = ("x",)
    mistakes: tuple[Mistake, ...] = ()
    hints: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict of every field (expressions as text sympy reads back)."""
        return {f.name: jsonable(getattr(self, f.name)) for f in fields(self)}


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer.

    ``message`` is always shown; ``diagnosis`` names the mistake when one of the known
    ones matches (None otherwise); ``hint_steps`` are the hints that lead to the
    answer without giving it away (empty when the answer is right).
    """

    correct: bool
    message: str
    diagnosis: str | None = None
    hint_steps: list[str] = field(default_factory=list)
    position: int | None = None  # column of a parse error, 0-based
