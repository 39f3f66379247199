"""Declarative checks for the values a lab keeps in a session.

A lab declares its state as a tuple of :class:`Field`; loading a file checks every
value against it. Expressions go through the parser (the sympy-free grammar), so a
session file can carry nothing but data the workbench understands.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from workbench.protocol.syntax import ParseError, parse_tree
from workbench.session.errors import SessionError

MAX_TEXT = 2000
MAX_ITEMS = 1000
MAX_WHOLE = 10**300  # whole numbers beyond this would overflow a float (or its formatting)


@dataclass(frozen=True)
class Field:
    """One value of a lab's state.

    ``kind``: "expression" (parsed), "number" (finite float), "int", "bool", "text",
    "choice" (one of ``choices``), "range" (two finite numbers, low < high),
    "point" (a list of ``size`` finite numbers; ``size`` 0 means any length up to 16),
    "choices" (a list drawn from ``choices``), "number_map" (text -> finite number),
    "data" (structured data ``check`` validates: it returns the value to keep, or raises
    ValueError saying what is wrong).
    """

    name: str
    kind: str
    required: bool = False
    default: Any = None
    choices: Sequence[str] = ()
    low: float = -math.inf
    high: float = math.inf
    size: int = 0
    variables: Sequence[str] = ()
    check: Callable[[Any], Any] | None = None


def check_fields(fields: Sequence[Field], state: Any, where: str) -> dict[str, Any]:
    """The checked state (unknown keys dropped, defaults filled); SessionError if invalid."""
    if not isinstance(state, dict):
        raise SessionError("a lab's state must be a JSON object", where)
    out: dict[str, Any] = {}
    for spec in fields:
        if spec.name not in state:
            if spec.required:
                raise SessionError(f"the value '{spec.name}' is missing", where)
            if spec.default is not None:
                out[spec.name] = spec.default
            continue
        out[spec.name] = check_value(spec, state[spec.name], f"{where}.{spec.name}")
    return out


def check_value(spec: Field, value: Any, where: str) -> Any:  # one branch per kind
    """``value`` if it is a valid ``spec.kind``, else SessionError naming ``where``."""
    kind = spec.kind
    if kind == "expression":
        text = _text(value, where)
        try:
            parse_tree(text, spec.variables)
        except ParseError as error:
            raise SessionError(f"the formula '{text[:60]}' can't be read: {error.message}",
                               where) from None
        return text
    if kind == "number":
        return _bounded(_finite(value, where), spec, where)
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise SessionError("expected a whole number", where)
        return int(_bounded(_finite(value, where), spec, where))
    if kind == "bool":
        if not isinstance(value, bool):
            raise SessionError("expected true or false", where)
        return value
    if kind == "text":
        return _text(value, where)
    if kind == "choice":
        if not isinstance(value, str) or value not in spec.choices:
            raise SessionError(f"expected one of {', '.join(spec.choices)}", where)
        return value
    if kind == "range":
        low, high = _numbers(value, where, 2)
        if not low < high:
            raise SessionError("a range's lower end must be below its upper end", where)
        return [low, high]
    if kind == "point":
        return _numbers(value, where, spec.size or None)
    if kind == "choices":
        items = _list(value, where)
        bad = [v for v in items if not isinstance(v, str) or v not in spec.choices]
        if bad:
            raise SessionError(f"unknown choice {str(bad[0])[:40]!r}", where)
        return list(dict.fromkeys(items))
    if kind == "number_map":
        if not isinstance(value, dict) or len(value) > MAX_ITEMS:
            raise SessionError("expected a small table of numbers", where)
        return {_text(k, where): _finite(v, f"{where}.{k}") for k, v in value.items()}
    if kind == "data" and spec.check is not None:
        try:
            return spec.check(value)
        except (ValueError, TypeError) as error:
            raise SessionError(str(error), where) from None
    raise SessionError(f"unknown field kind {kind!r}", where)


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise SessionError("expected text", where)
    if len(value) > MAX_TEXT:
        raise SessionError(f"text longer than {MAX_TEXT} characters", where)
    return value


def _finite(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise SessionError("expected a number", where)
    if isinstance(value, int) and abs(value) > MAX_WHOLE:
        raise SessionError("a number far too large for this value", where)
    if not math.isfinite(value):
        raise SessionError("expected a finite number", where)
    return float(value)


def _bounded(value: float, spec: Field, where: str) -> float:
    if not spec.low <= value <= spec.high:
        raise SessionError(f"{value:g} is outside {spec.low:g} … {spec.high:g}", where)
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list) or len(value) > MAX_ITEMS:
        raise SessionError("expected a list", where)
    return value


def _numbers(value: Any, where: str, size: int | None) -> list[float]:
    items = _list(value, where)
    if size is not None and len(items) != size:
        raise SessionError(f"expected {size} numbers", where)
    if size is None and not 1 <= len(items) <= 16:
        raise SessionError("expected between 1 and 16 numbers", where)
    return [_finite(v, f"{where}[{k}]") for k, v in enumerate(items)]
