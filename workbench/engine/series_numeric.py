"""Numbers for infinite sums and products that sympy gives no closed form for: mpmath's
extrapolation of the value, and the direction a divergent series runs off in.

Neither has a wall-clock limit: the same sum must give the same answer on a busy
machine. Their work is bounded by counts instead - mpmath's term budget, a cap on
evalf's working precision, a size estimate that skips terms too large to evaluate -
and the worker's process time limit stays the last guard."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import sympy

from workbench.engine.series_problem import bounded_call
from workbench.engine.trees import UnsupportedExpression, to_tree
from workbench.protocol.syntax import magnitude

# mpmath's nsum takes at most this many terms (its default is 10 x the digits, 300 here).
_MAX_TERMS = 400
# evalf may raise its working precision to this many bits to settle a sign, no further.
_MAX_PRECISION_BITS = 1000
# A term with more digits than this is not evaluated: 2^k at k = 10^6 (301,030 digits)
# is cheap for mpmath's floats, a tower k^k^k is not.
_MAX_SIGN_DIGITS = 10**7


def infinite_value(term: sympy.Expr, k: sympy.Symbol, lo: sympy.Expr, kind: str) -> float:
    """sum (kind "sum") or product ("prod") of term for k = lo, lo + 1, ... by mpmath's
    extrapolation (Richardson, Shanks and Euler-Maclaurin) at 30 digits; NaN if it fails."""
    if term.free_symbols - {k}:
        return math.nan
    import mpmath

    from workbench.engine.functions import to_elementary

    # lambdify only ever sees the parser-built term
    func = sympy.lambdify(k, to_elementary(term), modules="mpmath")
    method = mpmath.nsum if kind == "sum" else mpmath.nprod

    def run() -> float:
        with mpmath.workdps(30):
            # Richardson and Shanks first: quick, and enough for fast series (k!/k^k).
            # Euler-Maclaurin is for slow ones (1/k²) and differentiates the term, which
            # for a factorial means the gamma function's Taylor series: tens of seconds
            fast = kind == "sum" and _decays_geometrically(func, int(lo))
            total = method(func, [int(lo), mpmath.inf], method="r+s" if fast else "r+s+e",
                           maxterms=_MAX_TERMS)
            return float(mpmath.re(total)) if abs(mpmath.im(total)) < 1e-20 else math.nan
    return bounded_call(run, default=math.nan, seconds=math.inf)


def _decays_geometrically(func: Callable[[Any], Any], lo: int) -> bool:
    """True when far terms shrink by a fixed factor (< 0.9) each step, as k!/k^k does."""
    import mpmath

    try:
        ratios = [abs(func(mpmath.mpf(k + 1)) / func(mpmath.mpf(k))) for k in (lo + 40, lo + 60)]
    except (ZeroDivisionError, ValueError, TypeError, OverflowError):
        return False
    return all(r < 0.9 for r in ratios)


def runaway(term: sympy.Expr, k: sympy.Symbol, lo: sympy.Expr) -> float:
    """inf (-inf) for a divergent series whose terms keep one sign far out (1/√k): its
    partial sums only grow (fall); NaN when the signs keep changing (sin k)."""
    # neighbours as well as far points: (-1)^k is +1 at every even k
    far = [term.subs(k, lo + 10 ** j + i) for j in range(1, 7) for i in (0, 1)]
    signs = frozenset(_sign_of(t) for t in far)
    return {frozenset({1}): math.inf, frozenset({-1}): -math.inf}.get(signs, math.nan)


def _sign_of(term: sympy.Expr) -> int | None:
    """The sign of a constant term, or None when it can't be settled within the budgets."""
    if not _small_enough(term):
        return None
    value = bounded_call(lambda: term.evalf(30, maxn=_MAX_PRECISION_BITS), seconds=math.inf)
    if value is None or not value.is_real or not value.is_Number:
        return None
    return 1 if value > 0 else (-1 if value < 0 else 0)


def _small_enough(term: sympy.Expr) -> bool:
    """False for a term whose size alone (k^k^k at k = 10^6) would take evalf forever."""
    try:
        size = magnitude.digits(to_tree(term))
    except (UnsupportedExpression, ValueError, TypeError):
        return True  # a function the estimate doesn't know: evalf's precision cap still holds
    return size is None or size <= _MAX_SIGN_DIGITS
