"""Tiny linear algebra on nested tuples, for floats and sympy expressions alike.

A layer in the lab has at most 4×4 entries, and a symbolic one holds sympy expressions,
so plain tuples serve both better than numpy (which would need object arrays) or
sympy matrices (slow for floats). Vectors are flat tuples; matrices tuples of rows.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import sympy
from sympy.printing.latex import LatexPrinter

Vector = tuple[Any, ...]
Matrix = tuple[tuple[Any, ...], ...]

_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def transpose(a: Matrix) -> Matrix:
    """Aᵀ."""
    return tuple(zip(*a)) if a else ()


def mat_vec(a: Matrix, v: Vector) -> Vector:
    """A·v for a matrix A and a (column) vector v."""
    return tuple(_dot(row, v) for row in a)


def outer(u: Vector, v: Vector) -> Matrix:
    """u·vᵀ: the matrix of every product uᵢ·vⱼ."""
    return tuple(tuple(ui * vj for vj in v) for ui in u)


def _dot(u: Sequence[Any], v: Sequence[Any]) -> Any:
    return total([a * b for a, b in zip(u, v)])


def total(terms: Sequence[Any]) -> Any:
    """The sum of the terms: fsum for floats (one rounding), one sympy Add otherwise."""
    if all(isinstance(term, float) for term in terms):
        try:
            return math.fsum(terms)
        except (ValueError, OverflowError):  # inf − inf, or a partial sum past a double
            return sum(terms)
    return sympy.Add(*terms)


def add(u: Vector, v: Vector) -> Vector:
    """u + v, entry by entry."""
    return tuple(a + b for a, b in zip(u, v))


def shape_text(shape: tuple[int, ...]) -> str:
    """A shape as students write it: (3, 2) -> "3×2", a scalar () -> "1×1"."""
    return "×".join(str(s) for s in shape) if shape else "1×1"


def subscript(*indices: int) -> str:
    """1-based indices as Unicode subscripts: (1, 2) -> "₁₂" (commas once one passes 9)."""
    sep = "," if any(i > 9 for i in indices) else ""
    return sep.join(str(i) for i in indices).translate(_SUBSCRIPTS)


def tex_index(*indices: int) -> str:
    """1-based indices as a LaTeX subscript body: (1, 2) -> "12", (1, 10) -> "1,10"."""
    return ("," if any(i > 9 for i in indices) else "").join(str(i) for i in indices)


def tex_entry(value: Any) -> str:
    """One entry in LaTeX: a float to 6 significant digits, a sympy expression as sympy prints."""
    if isinstance(value, float):
        if math.isnan(value):
            return r"\text{undefined}"
        if math.isinf(value):
            return r"\infty" if value > 0 else r"-\infty"
        text = f"{value:.6g}"
        if "e" in text:
            mantissa, exponent = text.split("e")
            return rf"{mantissa} \times 10^{{{int(exponent)}}}"
        return text
    return _sympy_tex(value) if isinstance(value, sympy.Basic) else str(value)


class _Printer(LatexPrinter):
    """sympy's LaTeX, with H(z, 0) (ReLU's slope, 0 at the kink) written as 𝟙[z > 0]."""

    def _print_Heaviside(self, expr: Any, exp: Any = None) -> str:  # noqa: N802 - sympy's name
        text = rf"\mathbb{{1}}\left[{self._print(expr.args[0])} > 0\right]"
        return rf"{text}^{{{exp}}}" if exp else text


_PRINTER = _Printer({"ln_notation": True})  # ln, as the curriculum writes it


@lru_cache(maxsize=2048)
def _sympy_tex(expr: sympy.Basic) -> str:
    # a symbolic layer prints each entry several times (its step, the matrix, the summary)
    return _PRINTER.doprint(expr)


def tex_vector(entries: Sequence[Any]) -> str:
    """A column vector as a LaTeX pmatrix."""
    return r"\begin{pmatrix}" + r" \\ ".join(tex_entry(e) for e in entries) + r"\end{pmatrix}"


def tex_matrix(rows: Sequence[Sequence[Any]]) -> str:
    """A matrix as a LaTeX pmatrix."""
    body = r" \\ ".join(" & ".join(tex_entry(e) for e in row) for row in rows)
    return r"\begin{pmatrix}" + body + r"\end{pmatrix}"


def tex_factor(value: Any) -> str:
    """An entry as a factor of a product: in parentheses unless a plain non-negative number."""
    text = tex_entry(value)
    if isinstance(value, float) and value >= 0 and "times" not in text:
        return text
    return rf"\left({text}\right)"
