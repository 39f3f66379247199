"""The shared ground of sums and products: the parsed problem, its numbers, its notation.

``series`` (the public ``summation`` and ``product``) and ``series_closed`` (closed forms
and convergence) both work on a :class:`Problem`; this module turns one into floats
(term by term where that is cheap) and into LaTeX. ``bounded_call`` runs sympy under
the engine's time limit, for every module that treats sympy's answer as a bonus.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sympy

from workbench.protocol.steps import Step
from workbench.engine.latex import latex as to_latex
from workbench.engine.timebox import remaining, time_limit

_NUMERIC_LIMIT = 10_000_000  # beyond this many terms no term-by-term total is tried
_SECONDS = 5.0


def bounded_call(func: Callable[..., Any], *args: Any, seconds: float = _SECONDS,
                 default: Any = None) -> Any:
    """``func(*args)`` under the engine's time limit; ``default`` if it fails or runs out.

    sympy's closed forms are a bonus here (the numbers come from elsewhere), so any
    failure of sympy simply means "no closed form" (or no number, for mpmath).
    """
    try:
        with time_limit(seconds):
            return func(*args)
    except Exception:  # sympy and mpmath raise many kinds; all mean "no answer"
        if remaining() <= 0:
            raise  # an enclosing stage's time is up: stop it, don't carry on without it
        return default


@dataclass(frozen=True)
class Problem:
    """Parsed inputs shared by sums and products."""

    term: sympy.Expr
    k: sympy.Symbol
    lo: sympy.Expr
    hi: sympy.Expr
    m: sympy.Symbol  # the symbol the closed form is written in
    inner: list[Step]
    shown: sympy.Expr  # the term as displayed: a nested sum or product stays unevaluated


def term_count(p: Problem) -> int | None:
    """How many terms a finite range has (0 for an empty one); None for an open or infinite one."""
    if not (p.hi.is_number and p.lo.is_number) or p.hi == sympy.oo:
        return None
    return max(int(p.hi) - int(p.lo) + 1, 0)


def float_value(exact: sympy.Expr | None, p: Problem, kind: str) -> float:
    """The result as a float: ``exact`` rounded once, else the terms added (``kind`` "sum") or
    multiplied ("prod") one by one when there are not too many; NaN otherwise."""
    if exact is not None and exact.is_number:
        try:
            # 30 digits, then one rounding: float(exact) works at 15 and can miss by an ulp
            value = exact.evalf(30)
            return float(value) if value.is_extended_real else math.nan
        except OverflowError:
            return math.inf if exact > 0 else -math.inf
        except (TypeError, ValueError):
            return math.nan
    count = term_count(p)
    if exact is None and count is not None and count <= _NUMERIC_LIMIT \
            and p.term.free_symbols <= {p.k}:
        return numeric_total(p, count, kind)
    return math.nan


def numeric_total(p: Problem, count: int, kind: str) -> float:
    """The first ``count`` terms added (``kind`` "sum") or multiplied ("prod") in floats."""
    import numpy as np

    # lambdify only ever sees the parser-built term
    # C(n, r) through log-gamma: printed as Γ(n + 1)/Γ(r + 1)² it is ∞/∞ past n = 170
    term = p.term.replace(sympy.binomial, lambda n, r: sympy.exp(
        sympy.loggamma(n + 1) - sympy.loggamma(r + 1) - sympy.loggamma(n - r + 1)))
    func = sympy.lambdify(p.k, term, modules=["scipy", "numpy"])  # scipy: k! and log-gamma
    ks = np.arange(int(p.lo), int(p.lo) + count, dtype=float)
    with np.errstate(all="ignore"):
        values = np.broadcast_to(np.asarray(func(ks), dtype=float), ks.shape)
        return float(math.fsum(values) if kind == "sum" else np.prod(values))


# --- LaTeX ---------------------------------------------------------------------------

def sigma_tex(p: Problem, kind: str) -> str:
    """The sum (``kind`` "sum") or product ("prod") of the problem as written, in LaTeX."""
    maker = sum_tex if kind == "sum" else prod_tex
    return maker(p.shown, p.k, p.lo, p.hi)


def sum_tex(term: Any, k: sympy.Symbol, lo: Any, hi: Any) -> str:
    """sum_{k=lo}^{hi} term in LaTeX."""
    return to_latex(sympy.Sum(term, (k, lo, hi)))


def prod_tex(term: Any, k: sympy.Symbol, lo: Any, hi: Any) -> str:
    """prod_{k=lo}^{hi} term in LaTeX, a term of several factors in brackets."""
    # sympy would print prod 6 i^3 without brackets; a product of factors gets them here
    limits = rf"\prod_{{{to_latex(k)}={to_latex(lo)}}}^{{{to_latex(hi)}}}"
    body = to_latex(term)
    if isinstance(term, sympy.Product):
        body = prod_tex(term.function, *term.limits[0])
    elif getattr(term, "is_Add", False) or getattr(term, "is_Mul", False):
        body = rf"\left({body}\right)"
    return f"{limits} {body}"


def paren(expr: sympy.Expr, joiner: str = "+") -> str:
    """LaTeX of ``expr``, bracketed where it would be misread next to ``joiner``."""
    text = to_latex(expr)
    wrap = expr.is_Add or (expr.is_Mul and joiner != "+") or (expr.is_number and expr < 0)
    return f"\\left({text}\\right)" if wrap else text


def words(expr: Any) -> str:
    """An expression as plain text for a step's title: 1/k, r^k, 2·k (no Python ``**``)."""
    return sympy.sstr(expr).replace("**", "^").replace("*", "·")


def claim(text: str) -> str:
    """A conclusion in LaTeX words (the step then has no "= after")."""
    return rf"\text{{{text}}}"


def tex(expr: Any) -> str:
    """LaTeX of ``expr``; a number too long to print is shown as a decimal cut short."""
    try:
        return to_latex(expr)
    except ValueError:  # an exact number past Python's 4,300-digit printing limit
        return rf"{to_latex(sympy.Float(expr, 15))}\ldots"  # a decimal, cut short

