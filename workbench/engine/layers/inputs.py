"""Reading a layer's entries: numbers, text such as "1/2" (through our parser), or None for
a symbol (w₁₁, b₁, x₁, t₁), into float tuples, or into sympy tuples when any is symbolic."""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import Any

import sympy

from workbench.engine.layers.linalg import Matrix, Vector
from workbench.engine.parsing import parse
from workbench.engine.precision import exact_number, real_value


class LayerInputError(ValueError):
    """An entry, a size or a name the layer cannot take; the message says which and why."""


def symbol_name(letter: str, *indices: int) -> str:
    """The name of an entry's symbol, 1-based: w_12, b_1 (w_1_10 once an index passes 9)."""
    sep = "_" if any(i > 9 for i in indices) else ""
    return f"{letter}_" + sep.join(str(i) for i in indices)


def read_matrix(rows: Any, letter: str = "w") -> list[list[Any]]:
    """A non-empty rectangular matrix of entries, each read with :func:`read_entry`."""
    rows = _plain(rows)
    if not isinstance(rows, Sequence) or isinstance(rows, str) or not rows:
        raise LayerInputError(f"{letter.upper()} must be a matrix: a non-empty list of rows")
    if not all(isinstance(r, Sequence) and not isinstance(r, str) for r in rows):
        raise LayerInputError(f"{letter.upper()} must be a matrix: every row a list of entries")
    width = len(rows[0])
    if width == 0 or any(len(r) != width for r in rows):
        raise LayerInputError(f"Every row of {letter.upper()} must have the same number of entries "
                         f"(at least one); the rows have {[len(r) for r in rows]}")
    return [[read_entry(e, symbol_name(letter, i, j)) for j, e in enumerate(r, start=1)]
            for i, r in enumerate(rows, start=1)]


def read_vector(values: Any, letter: str, size: int, why: str) -> list[Any]:
    """A vector of ``size`` entries (flat, or a one-column matrix), read with :func:`read_entry`."""
    values = _plain(values)
    if not isinstance(values, Sequence) or isinstance(values, str):
        raise LayerInputError(f"{letter} must be a vector: a list of {size} entries")
    if values and all(isinstance(v, Sequence) and not isinstance(v, str) and len(v) == 1
                      for v in values):
        values = [v[0] for v in values]  # a column written as [[1], [2]]
    if len(values) != size:
        raise LayerInputError(f"{letter} has {len(values)} entries, but {why}")
    return [read_entry(v, symbol_name(letter, i)) for i, v in enumerate(values, start=1)]


def read_entry(value: Any, name: str) -> float | sympy.Expr:
    """A float for a plain number; a sympy expression for text, sympy input or None (a symbol)."""
    if value is None:
        return sympy.Symbol(name)
    if isinstance(value, bool):
        raise LayerInputError(f"{name} must be a number, not {value}")
    if isinstance(value, numbers.Real):
        number = _float(value, name)
        if not math.isfinite(number):
            raise LayerInputError(f"{name} must be a finite number, not {number}")
        return number
    if isinstance(value, (str, sympy.Basic)):
        return parse(value)
    raise LayerInputError(f"{name} must be a number, text or None, not {type(value).__name__}")


def is_symbolic(entries: Sequence[Any]) -> bool:
    """True if any entry has a free symbol."""
    return any(isinstance(e, sympy.Basic) and e.free_symbols for e in entries)


def as_floats(entries: Sequence[Any], name: str) -> Vector:
    """Every entry as a float; ValueError for one that is not a real number."""
    out = []
    for e in entries:
        if isinstance(e, float):
            value = e
        elif isinstance(e, sympy.Rational):
            value = _float(e, name)  # exact p/q -> the nearest double, without evalf's digits
        else:
            value = real_value(e)
        if not math.isfinite(value):
            shown = str(e) if len(str(e)) <= 40 else str(e)[:37] + "…"
            raise LayerInputError(f"An entry of {name} is not a finite real number "
                                  f"(too large, or undefined): {shown}")
        out.append(value)
    return tuple(out)


def _float(value: Any, name: str) -> float:
    try:
        return float(value)
    except OverflowError:
        raise LayerInputError(f"An entry of {name} is too large for a float") from None


def as_exact(entries: Sequence[Any]) -> Vector:
    """Every entry as sympy: a float as the decimal it was typed as (0.1 -> 1/10)."""
    return tuple(exact_number(e) if isinstance(e, float) else e for e in entries)


def reshape(flat: Vector, width: int) -> Matrix:
    """A flat tuple as rows of ``width``."""
    return tuple(tuple(flat[r:r + width]) for r in range(0, len(flat), width))


def _plain(value: Any) -> Any:
    """numpy arrays (and anything with ``tolist``) as nested lists."""
    return value.tolist() if hasattr(value, "tolist") and not isinstance(value, str) else value
