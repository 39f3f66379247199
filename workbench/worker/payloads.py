"""Turning engine results into plain payloads the window can unpickle without sympy.

Used by handlers inside the worker process only (it imports sympy). The window gets
dicts of text, floats, lists, plain trees and ``Step`` objects.
"""

from __future__ import annotations

import io
import math
import pickle
from typing import Any

import sympy

from workbench.engine.latex import latex
from workbench.engine.results import expr_text, jsonable
from workbench.protocol.syntax.tree import Node
from workbench.engine.trees import UnsupportedExpression, to_tree

# Top-level packages whose objects must never reach the window.
FORBIDDEN_PACKAGES = frozenset({"sympy", "mpmath", "scipy"})


def tree_or_none(expr: Any) -> Node | None:
    """The plain tree of ``expr``, or None when there is no expression or it can't be drawn."""
    if expr is None or not isinstance(expr, sympy.Basic):
        return None
    try:
        return to_tree(expr)
    except UnsupportedExpression:
        return None


def plain_float(value: Any) -> float:
    """``value`` (a float, a sympy number, text such as "1/2" or "oo") as a float; NaN if none."""
    if value is None:
        return math.nan
    try:
        return float(value)
    except (TypeError, ValueError, OverflowError):
        pass
    if isinstance(value, str):
        try:
            from workbench.engine.parsing import parse  # worker side only

            value = parse(value.replace("\u221e", "oo"))
        except Exception:  # noqa: BLE001 - any text that is no number is NaN
            return math.nan
    try:
        return float(sympy.N(value))
    except (TypeError, ValueError, OverflowError):
        return math.nan


def result_payload(result: Any) -> dict[str, Any]:
    """A result object as ``to_dict()`` plus its ``steps`` as ``Step`` objects."""
    payload = result.to_dict()
    payload["steps"] = list(getattr(result, "steps", []))
    return payload


def plain_value(value: Any) -> Any:
    """Any engine return value as plain data: results via ``to_dict``, exprs as text+LaTeX+tree."""
    if hasattr(value, "to_dict") and hasattr(value, "latex"):
        return result_payload(value)
    if isinstance(value, sympy.Basic):
        return {"result": expr_text(value), "latex": latex(value),
                "tree": tree_or_none(value), "steps": []}
    return jsonable(value)


class _SympyFreePickler(pickle.Pickler):
    """A pickler that refuses objects from sympy, mpmath or scipy."""

    def reducer_override(self, obj: Any) -> Any:
        owner = obj if isinstance(obj, type) else type(obj)
        package = (getattr(owner, "__module__", None) or "").partition(".")[0]
        if package in FORBIDDEN_PACKAGES:
            raise TypeError(f"a {owner.__name__} from {package} would make the window "
                            f"import {package}")
        return NotImplemented


def dumps_plain(message: Any) -> bytes:
    """Pickle ``message``, refusing sympy/mpmath/scipy objects anywhere inside it."""
    buffer = io.BytesIO()
    _SympyFreePickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(message)
    return buffer.getvalue()
