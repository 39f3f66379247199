"""``make_exercise``: a fresh, reproducible practice question for any lesson."""

from __future__ import annotations

import random
from collections.abc import Callable

import numpy as np
import sympy

from workbench.engine.practice import derivative_templates as d
from workbench.engine.practice import other_templates as o
from workbench.engine.practice.compare import EXACT_TOL, sample_points, values_at
from workbench.engine.practice.model import Exercise, Mistake

# lesson id (as in resources/lessons) -> template drawing one exercise from a Random
TEMPLATES: dict[str, Callable[[random.Random], d.Draft]] = {
    "sums-and-products": o.sum_exercise,
    "what-is-a-derivative": d.limit_exercise,
    "derivative-rules": d.derivative_exercise,
    "numeric-derivatives": d.numeric_exercise,
    "partial-derivatives": d.partial_exercise,
    "gradient-descent": o.descent_exercise,
    "backpropagation": d.backprop_exercise,
    "second-derivatives": d.second_derivative_exercise,
    "indefinite-integrals": o.antiderivative_exercise,
    "definite-integrals": o.definite_exercise,
    "double-integrals": o.double_exercise,
    "probability": o.probability_exercise,
}
LESSON_IDS: tuple[str, ...] = tuple(TEMPLATES)


def make_exercise(lesson_id: str, seed: int) -> Exercise:
    """An exercise for ``lesson_id`` whose numbers come from ``random.Random(seed)``.

    The same lesson and seed always give the same exercise; there is no end to them.
    Raises ValueError for a lesson without practice.
    """
    template = TEMPLATES.get(lesson_id)
    if template is None:
        raise ValueError(f"no practice for lesson {lesson_id!r}; lessons with practice: "
                         + ", ".join(LESSON_IDS))
    fields = dict(template(random.Random(seed)))  # a copy: drafts may be cached
    fields["mistakes"] = _distinct_mistakes(fields)
    return Exercise(lesson_id=lesson_id, seed=seed, **fields)


# kind -> (lesson that teaches it, draft builder) for exercises on the student's own function
_OWN: dict[str, tuple[str, Callable[..., d.Draft]]] = {
    "derivative": ("derivative-rules", d.derivative_draft),
    "second_derivative": ("second-derivatives", d.second_derivative_draft),
    "partial": ("partial-derivatives", d.partial_draft),
}


def exercise_for(kind: str, expr: str, var: str = "x") -> Exercise:
    """An exercise on a function the student chose (``expr`` is text our parser reads).

    ``kind`` is "derivative" or "second_derivative" (a function of x) or "partial"
    (a function of x and y, differentiated in ``var``). Raises ParseError for
    unreadable text and ValueError for another kind.
    """
    if kind not in _OWN:
        raise ValueError(f"no exercise of kind {kind!r}; choose one of " + ", ".join(_OWN))
    lesson_id, builder = _OWN[kind]
    fields = dict(builder(expr, var) if kind == "partial" else builder(expr))
    fields["mistakes"] = _distinct_mistakes(fields)
    return Exercise(lesson_id=lesson_id, seed=0, **fields)


def _distinct_mistakes(fields: d.Draft) -> tuple[Mistake, ...]:
    """Drop mistakes that give the right answer (or repeat an earlier one) for these numbers.

    Each candidate is evaluated once at the sample points; candidates whose values
    agree there are treated as the same (dropping a duplicate mistake costs nothing).
    """
    var = sympy.Symbol(fields["var"])
    antiderivative = fields["kind"] == "antiderivative"
    candidates = [fields["answer"], *(wrong for _, wrong in fields["mistakes"])]
    compared = [sympy.diff(c, var) if antiderivative else c for c in candidates]
    names = sorted(set(fields["variables"]) | {s.name for c in compared for s in c.free_symbols})
    env = sample_points(names)
    kept: list[Mistake] = []
    seen: list[tuple[frozenset, np.ndarray]] = []
    for index, expr in enumerate(compared):
        key = (frozenset(expr.free_symbols), values_at(expr, env))
        if any(key[0] == other[0] and _same_values(key[1], other[1]) for other in seen):
            continue
        seen.append(key)
        if index:
            kept.append(fields["mistakes"][index - 1])
    return tuple(kept)


def _same_values(a: np.ndarray, b: np.ndarray) -> bool:
    finite = np.isfinite(a) & np.isfinite(b)
    if not np.array_equal(np.isfinite(a), np.isfinite(b)):
        return False
    scale = np.maximum(1.0, np.maximum(np.abs(a[finite]), np.abs(b[finite])))
    return bool(np.all(np.abs(a[finite] - b[finite]) <= EXACT_TOL * scale))
