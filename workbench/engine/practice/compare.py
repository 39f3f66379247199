"""Is one expression the same as another? Numerically at random points, then symbolically.

Both checks are needed: random points catch every wrong answer quickly and accept
equivalent forms sympy may not simplify in time (``2x·cos(x²)`` and ``cos(x^2)*x*2``);
the symbolic difference confirms equality when it can and rules out answers that
agree at the sample points by accident.
"""

from __future__ import annotations

import random
from fractions import Fraction
from collections.abc import Iterable, Sequence

import numpy as np
import sympy

from workbench.protocol.syntax.numeric import evaluate
from workbench.engine.trees import UnsupportedExpression, to_tree

try:  # the time limit is another engineer's module; without it, only cheap forms are tried
    from workbench.engine.timebox import time_limit
except ImportError:  # pragma: no cover - depends on what is merged
    time_limit = None

SYMBOLIC_SECONDS = 0.5
EXACT_TOL = 1e-8
ROUNDED_TOL = 5e-3  # an answer typed with decimals may be rounded to about 3 digits
# Sample points away from 0 and from negative numbers, where ln, sqrt and 1/x misbehave.
_POINTS = [0.37, 0.61, 0.83, 1.19, 1.43, 1.77, 2.09, 2.31]


def sample_points(names: Sequence[str], count: int = 6) -> dict[str, np.ndarray]:
    """``count`` reproducible points, as one array of values per variable name."""
    rng = random.Random(",".join(names))
    return {name: np.array([rng.choice(_POINTS) + rng.random() * 0.05 for _ in range(count)])
            for name in names}


def values_at(expr: sympy.Expr, env: dict[str, np.ndarray]) -> np.ndarray:
    """The values of ``expr`` at the sample points (NaN where undefined or not real)."""
    count = len(next(iter(env.values()))) if env else 6
    try:  # the numpy evaluator of plain trees: all points at once, no code generated
        values = evaluate(to_tree(expr), env)
        return np.broadcast_to(np.asarray(values, dtype=float), (count,))
    except (UnsupportedExpression, TypeError, ValueError, KeyError):
        pass
    out = np.full(count, np.nan)
    for i in range(count):
        subs = {sympy.Symbol(name): float(vals[i]) for name, vals in env.items()}
        try:
            out[i] = float(expr.evalf(12, subs=subs))
        except (TypeError, ValueError, ZeroDivisionError, OverflowError):
            continue
    return out


def _names(a: sympy.Expr, b: sympy.Expr, names: Iterable[str]) -> list[str]:
    return sorted(set(names) | {s.name for s in (a.free_symbols | b.free_symbols)})


def numerically_equal(a: sympy.Expr, b: sympy.Expr, names: Iterable[str],
                      tol: float = EXACT_TOL) -> bool | None:
    """True/False from agreement at sample points; None if too few points are defined."""
    env = sample_points(_names(a, b, names))
    va, vb = values_at(a, env), values_at(b, env)
    both = np.isfinite(va) & np.isfinite(vb)
    if np.any(np.isfinite(va) != np.isfinite(vb)):
        return False  # defined where the other is not: not the same function
    if both.sum() < 3:
        return None
    scale = np.maximum(1.0, np.maximum(np.abs(va[both]), np.abs(vb[both])))
    return bool(np.all(np.abs(va[both] - vb[both]) <= tol * scale))


def symbolically_zero(diff: sympy.Expr) -> bool | None:
    """True if ``diff`` simplifies to 0, False if to a nonzero number, None if unknown."""
    for cheap in (lambda e: e, sympy.expand, sympy.cancel):
        form = cheap(diff)  # cheap forms settle nearly every answer
        if form == 0:
            return True
        if form.is_number and form.is_zero is False:
            return False
    if time_limit is None:
        candidates = [sympy.expand_trig(diff)]
    else:
        try:
            with time_limit(SYMBOLIC_SECONDS):
                candidates = [sympy.simplify(diff)]
        except Exception:  # noqa: BLE001 - StageTimeout, or sympy giving up: inconclusive
            return None
    for form in candidates:
        if form == 0:
            return True
        if form.is_number and form.is_zero is False:
            return False
    return None


def equivalent(a: sympy.Expr, b: sympy.Expr, names: Iterable[str], rounded: bool = False) -> bool:
    """Whether ``a`` and ``b`` are the same function of ``names`` (or the same number)."""
    numeric = numerically_equal(a, b, names, ROUNDED_TOL if rounded else EXACT_TOL)
    if numeric is False:
        return False
    if rounded:
        return bool(numeric)
    symbolic = symbolically_zero(a - b)
    if symbolic is not None:
        return symbolic
    return bool(numeric)


def first_difference(a: sympy.Expr, b: sympy.Expr, names: Iterable[str]) -> str | None:
    """Where two expressions visibly differ, in words ("At x = 1.2 your answer gives ...")."""
    env = sample_points(_names(a, b, names))
    va, vb = values_at(a, env), values_at(b, env)
    for i in range(len(va)):
        if np.isfinite(va[i]) and np.isfinite(vb[i]) and \
                abs(va[i] - vb[i]) > 1e-6 * max(1.0, abs(vb[i])):
            where = ", ".join(f"{n} = {v[i]:.3g}" for n, v in env.items())
            return f"At {where} your answer gives {va[i]:.4g}, but the right one gives {vb[i]:.4g}."
    return None


def constant_ratio(a: sympy.Expr, b: sympy.Expr, names: Iterable[str]) -> str | None:
    """``a / b`` as a simple fraction ("1/2", "-3") when it is the same at every sample point.

    Numeric on purpose: a student's expression may be huge, and no symbolic work on
    it should be unbounded.
    """
    env = sample_points(_names(a, b, names))
    va, vb = values_at(a, env), values_at(b, env)
    usable = np.isfinite(va) & np.isfinite(vb) & (np.abs(vb) > 1e-12)
    if usable.sum() < 3:
        return None
    ratios = va[usable] / vb[usable]
    guess = Fraction(float(ratios[0])).limit_denominator(100)
    if guess in (0, 1) or not np.allclose(ratios, float(guess), rtol=1e-9, atol=1e-12):
        return None
    return str(guess)
