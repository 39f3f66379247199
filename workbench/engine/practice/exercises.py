"""``make_exercise``: a fresh, reproducible practice question for any lesson."""

from __future__ import annotations

import random
from collections.abc import Callable

import sympy

from workbench.engine.practice import derivative_templates as d
from workbench.engine.practice import other_templates as o
from workbench.engine.practice.compare import equivalent
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
    fields = template(random.Random(seed))
    fields["mistakes"] = _distinct_mistakes(fields)
    return Exercise(lesson_id=lesson_id, seed=seed, **fields)


def _distinct_mistakes(fields: d.Draft) -> tuple[Mistake, ...]:
    """Drop mistakes that give the right answer (or repeat an earlier one) for these numbers."""
    var = sympy.Symbol(fields["var"])
    compare = (lambda e: sympy.diff(e, var)) if fields["kind"] == "antiderivative" else \
        (lambda e: e)
    names = fields["variables"]
    kept: list[Mistake] = []
    seen = [compare(fields["answer"])]
    for message, wrong in fields["mistakes"]:
        value = compare(sympy.sympify(wrong))
        if any(value.free_symbols == s.free_symbols and equivalent(value, s, names)
               for s in seen):
            continue
        seen.append(value)
        kept.append((message, wrong))
    return tuple(kept)
