"""The integrals behind densities: exact where sympy finds it, checked against quadrature.

``integral`` gives (exact or None, value, error) of an integrand over [lo, hi]. The
range is cut where a Heaviside step jumps (``split_at_jumps``); each piece is
integrated exactly (F(b) - F(a) with F from sympy's step integrator first,
``sympy.integrate`` when that disagrees with the numbers) and numerically with scipy's
``quad``, split at the steps and turning points so that no bump is missed. sympy's
open-ended searches (integrals, limits, roots) run under ``bounded_call``.
"""

from __future__ import annotations

import functools
import math

import sympy

from workbench.engine.precision import real_value
from workbench.engine.series_problem import bounded_call


def integral(integrand: sympy.Expr, x: sympy.Symbol, lo: sympy.Expr,
             hi: sympy.Expr) -> tuple[sympy.Expr | None, float, float]:
    """(exact or None, value, error estimate) of the integral from lo to hi."""
    pieces = split_at_jumps(integrand, x, lo, hi)
    if integrand.free_symbols - {x}:
        return _exact(pieces, x, quick=False), math.nan, math.nan
    value, error = _quad(integrand, x, lo, hi)
    exact = _exact(pieces, x, quick=True)
    if exact is not None and not _agrees(exact, value):
        # an antiderivative with a jump inside [lo, hi] gives a wrong F(b) - F(a)
        exact = _exact(pieces, x, quick=False)
    if exact is not None and _agrees(exact, value):
        # the exact answer to 30 digits, rounded once: quad's last digits are noise
        value = real_value(exact)
    return exact, value, error


def _exact(pieces: list[tuple[sympy.Expr, sympy.Expr, sympy.Expr]], x: sympy.Symbol,
           quick: bool) -> sympy.Expr | None:
    """The exact integral over the pieces, or None.

    ``quick``: use F(b) - F(a) with F from sympy's step integrator (limits of F at an
    infinite end), many times faster than ``integrate`` on a bell curve; the caller
    checks the number it gives against quadrature.
    """
    parts = []
    for left, right, f in pieces:
        part = _by_antiderivative(f, x, left, right) if quick else None
        if part is None:
            part = bounded_call(sympy.integrate, f, (x, left, right))
        if part is None or part.has(sympy.Integral, sympy.Piecewise):
            return None
        parts.append(part)
    total = sympy.Add(*parts)
    # erf(a) + erf(b) is already short: simplify (the slow part) only what it can shorten
    return total if total.is_Rational or len(parts) == 1 and total.count_ops() < 12 \
        else sympy.simplify(total)


def _by_antiderivative(f: sympy.Expr, x: sympy.Symbol, left: sympy.Expr,
                       right: sympy.Expr) -> sympy.Expr | None:
    """F(right) - F(left), F an antiderivative of f; None where there is none or an end
    has no finite limit."""
    prim = antiderivative(f, x)
    if prim is None:
        return None
    ends = []
    for end in (left, right):
        if end.is_finite:
            ends.append(prim.subs(x, end))
            continue
        # erf(a x + b) at x = oo is erf(oo) = 1 straight away; sympy.limit (10x slower)
        # only where that gives no plain finite number (oo - oo, 0·oo, sin oo)
        at = prim.subs(x, end)
        if not (at.is_number and at.is_finite and not at.has(sympy.AccumBounds)):
            at = bounded_call(sympy.limit, prim, x, end, seconds=2.0)
        if at is None or not at.is_finite or at.has(sympy.Limit):
            return None
        ends.append(at)
    return ends[1] - ends[0]


@functools.lru_cache(maxsize=128)
def antiderivative(f: sympy.Expr, x: sympy.Symbol) -> sympy.Expr | None:
    """An antiderivative of f from sympy's step integrator, or None (remembered: the
    normalisation, the probability and the steps all ask for the same one).

    Exponents are expanded first: the step integrator's erf rule wants
    exp(a x² + b x + c), and does not see one in exp(−(x − 3)²/8).
    """
    from sympy.integrals.manualintegrate import manualintegrate

    ready = f.replace(lambda e: isinstance(e, sympy.exp),
                      lambda e: sympy.exp(sympy.expand(e.args[0])))
    prim = bounded_call(manualintegrate, ready, x)
    return None if prim is None or prim.has(sympy.Integral) else prim


def _agrees(exact: sympy.Expr, value: float) -> bool:
    try:
        number = float(exact)
    except (TypeError, ValueError):
        return False
    if not (math.isfinite(number) and math.isfinite(value)):
        return number == value
    return abs(number - value) <= 1e-6 * max(1.0, abs(value))


def _quad(integrand: sympy.Expr, x: sympy.Symbol, lo: sympy.Expr,
          hi: sympy.Expr) -> tuple[float, float]:
    """scipy quad, split at the steps of Heaviside/Piecewise pieces so none is missed."""
    from scipy.integrate import quad

    func = numeric_function(integrand, x)
    a, b = float(lo), float(hi)
    cuts = sorted(c for c in _breakpoints(integrand, x) if a < c < b)
    edges = [a, *cuts, b]
    total = error = 0.0
    for left, right in zip(edges, edges[1:]):
        # full_output keeps quad quiet; its message means the number can't be trusted
        part, err, *trouble = quad(func, left, right, limit=200, full_output=1)
        total += part
        error += math.inf if len(trouble) > 1 else err
    return total, error


def split_at_jumps(expr: sympy.Expr, x: sympy.Symbol, lo: sympy.Expr,
            hi: sympy.Expr) -> list[tuple[sympy.Expr, sympy.Expr, sympy.Expr]]:
    """[lo, hi] cut where a Heaviside step jumps, each piece with its steps resolved."""
    steps = expr.atoms(sympy.Heaviside)
    if not steps:
        return [(lo, hi, expr)]
    cuts = [c for c in _breakpoints(expr, x) if (lo < c) is sympy.true and (c < hi) is sympy.true]
    edges = [lo, *(sympy.nsimplify(c) for c in cuts), hi]
    out = []
    for left, right in zip(edges, edges[1:]):
        probe = _probe(left, right)
        values = {h: sympy.Heaviside(h.args[0].subs(x, probe)) for h in steps}
        piece = sympy.simplify(expr.xreplace(values))
        if piece != 0:
            out.append((left, right, piece))
    return out


def _probe(left: sympy.Expr, right: sympy.Expr) -> sympy.Expr:
    if left.is_finite and right.is_finite:
        return (left + right) / 2
    if left.is_finite:
        return left + 1
    return right - 1 if right.is_finite else sympy.Integer(0)


def _breakpoints(expr: sympy.Expr, x: sympy.Symbol) -> list[float]:
    points: list[float] = []
    for h in expr.atoms(sympy.Heaviside):
        points += _roots(h.args[0], x)
    for pw in expr.atoms(sympy.Piecewise):
        for _, cond in pw.args:
            for rel in cond.atoms(sympy.core.relational.Relational):
                points += _roots(rel.lhs - rel.rhs, x)
    for a in expr.atoms(sympy.Abs):
        points += _roots(a.args[0], x)
    if not expr.free_symbols - {x}:
        # a bump far from 0 (a normal with mu = 1000, or sigma = 0.01 at -300) is found
        # by quad only if we point at it: cut where the integrand turns
        points += _roots(sympy.diff(expr, x), x)
    return sorted(set(points)) or [0.0]


def _roots(expr: sympy.Expr, x: sympy.Symbol) -> list[float]:
    found = bounded_call(sympy.solve, expr, x, seconds=1.0, default=[]) or []
    return [float(r) for r in found if r.is_real and r.is_number]


def numeric_function(expr: sympy.Expr, x: sympy.Symbol):
    """A float -> float function; NaN where the density is undefined (lambdify on parsed exprs)."""
    import numpy as np

    func = sympy.lambdify(x, expr, modules=["scipy", "numpy"])

    def call(t: float) -> float:
        """f(t) as a float, NaN where it can't be evaluated."""
        with np.errstate(all="ignore"):
            try:
                return float(func(t))
            except (ZeroDivisionError, OverflowError, ValueError, TypeError):
                return math.nan
    return call

