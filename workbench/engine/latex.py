"""The one LaTeX printer of the engine: sympy's, with the course's spellings.

Every formula a student sees is printed here, so the natural log is ``\\ln``
everywhere (sympy's default is ``\\log``, which reads as base 10 to many students)
and the Heaviside step reads ``step(u)``. Call ``latex(expr)`` instead of
``sympy.latex``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import sympy
from sympy.printing.latex import LatexPrinter

from workbench.protocol.wording import with_decimal


class StudentLatex(LatexPrinter):
    """sympy's LaTeX with the spellings of the course: ln, step(u) for Heaviside, and
    ₂F₁(a, b; c; z) on one line."""

    def __init__(self, settings: dict[str, Any] | None = None) -> None:
        super().__init__({"ln_notation": True, **(settings or {})})

    def _print_hyper(self, expr: sympy.Expr, exp: str | None = None) -> str:
        # ₂F₁(a, b; c; z) in one line, as tables print it (sympy stacks a matrix)
        tops = ", ".join(self._print(a) for a in expr.ap)
        bottoms = ", ".join(self._print(b) for b in expr.bq)
        inner = (rf"{{}}_{{{len(expr.ap)}}}F_{{{len(expr.bq)}}}\left({tops}; {bottoms}; "
                 rf"{self._print(expr.argument)}\right)")
        return rf"\left({inner}\right)^{{{exp}}}" if exp else inner

    def _print_Heaviside(self, expr: sympy.Expr, exp: str | None = None) -> str:  # noqa: N802 - sympy's name
        inner = rf"\operatorname{{step}}\left({self._print(expr.args[0])}\right)"
        return rf"{inner}^{{{exp}}}" if exp else inner


_PRINTER = StudentLatex()
# Sorting the terms of every sum costs most of the printing time for big expressions
# (seconds for a nested composition); past this many nodes they print as stored.
_UNSORTED_PRINTER = StudentLatex({"order": "none"})
_SORT_LIMIT = 400


def _size(expr: Any, limit: int) -> int:
    count = 0
    for _ in sympy.preorder_traversal(expr):
        count += 1
        if count > limit:
            break
    return count


@lru_cache(maxsize=4096)
def _cached(expr: Any) -> str:
    printer = _PRINTER if _size(expr, _SORT_LIMIT) <= _SORT_LIMIT else _UNSORTED_PRINTER
    return printer.doprint(expr)


def latex(expr: Any, **settings: Any) -> str:
    """LaTeX as the course writes it (ln, step); cached when no extra settings are given."""
    if settings:
        return StudentLatex(settings).doprint(expr)
    try:
        return _cached(expr)
    except TypeError:  # an unhashable value (a mutable matrix): print it uncached
        return _PRINTER.doprint(expr)


def exact_latex(expr: Any, digits: int = 4) -> str:
    """An exact number's LaTeX with its decimal beside it (``\\frac{1}{3} \\approx 0.3333``);
    an expression that is not a finite real number prints as it is."""
    try:
        shown = latex(expr)
    except ValueError:  # an exact number past Python's 4,300-digit printing limit
        return rf"{latex(sympy.Float(expr, 15))}\ldots"
    try:
        value = float(sympy.N(expr, digits + 11)) if getattr(expr, "is_number", False) else None
    except (TypeError, ValueError):  # complex or symbolic: no single decimal
        value = None
    return with_decimal(shown, value, digits)


latex.cache_clear = _cached.cache_clear  # type: ignore[attr-defined]  # for benchmarks: a cold cache
