"""Result objects of the engine: frozen dataclasses with ``latex``, ``steps`` and ``to_dict``.

Each operation has its own result class; they share the conversion helpers here so
that every ``to_dict`` writes expressions the same way (strings ``sympy.sympify``
reads back, with sigmoid/ReLU/softplus spelt in standard functions) and numbers as floats.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from typing import Any

import sympy

from workbench.engine.functions import to_elementary
from workbench.protocol.steps import Step


def expr_text(expr: Any) -> str | None:
    """An expression as text that ``sympy.sympify`` reads back (None stays None)."""
    if expr is None:
        return None
    if isinstance(expr, sympy.Basic):
        try:
            return str(to_elementary(expr))
        except ValueError:  # an exact number past Python's 4,300-digit printing limit
            return str(sympy.Float(expr, 17)) if expr.is_number else str(expr.evalf(17))
    return str(expr)


def number(value: Any) -> float | None:
    """A number as a float (inf and nan allowed), None stays None."""
    if value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def jsonable(value: Any) -> Any:
    """Convert a result field to JSON-safe data, recursively."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value
    if isinstance(value, Step):
        return value.to_dict()
    if isinstance(value, sympy.Basic):
        if value.is_number and not value.free_symbols and value.is_real is not False:
            try:
                return float(value)
            except (TypeError, ValueError):
                return expr_text(value)
        return expr_text(value)
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if hasattr(value, "to_dict"):
        return value.to_dict()
    try:
        return float(value)
    except (TypeError, ValueError):
        return str(value)


class ResultMixin:
    """``to_dict`` for result dataclasses: every field, made JSON-safe.

    Symbolic fields named in ``_SYMBOLIC`` are written as expression text even when
    they are numbers (an exact value such as ``pi/4`` stays exact).
    """

    _SYMBOLIC: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": type(self).__name__}
        for f in fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            if f.name in self._SYMBOLIC and isinstance(value, sympy.Basic):
                out[f.name] = expr_text(value)
            else:
                out[f.name] = jsonable(value)
        return out


@dataclass(frozen=True)
class Derivation(ResultMixin):
    """The derivative of ``expr`` with respect to ``var``, ``order`` times, with its steps."""

    expr: sympy.Expr
    var: str
    order: int
    result: sympy.Expr
    latex: str
    steps: list[Step] = field(default_factory=list)

    _SYMBOLIC = ("expr", "result")
