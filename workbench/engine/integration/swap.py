"""Swapping the order of a double integral over a region between two curves.

Region: a ≤ x ≤ b, c(x) ≤ y ≤ d(x). Seen from the y axis, the same region is
y_lo ≤ y ≤ y_hi, x_lo(y) ≤ x ≤ x_hi(y), where the x bounds come from inverting the
curves. That is only one piece when each boundary is a single monotonic curve (or
a constant) from one end of the region to the other; otherwise we refuse.
"""

from __future__ import annotations

import sympy

from workbench.engine.integration.common import words
from sympy.calculus.singularities import is_strictly_decreasing, is_strictly_increasing

from workbench.engine.timebox import StageTimeout, time_limit


class SwapError(ValueError):
    """The region can't be described the other way round as a single piece."""


def _direction(curve: sympy.Expr, x: sympy.Symbol, a, b) -> int:
    """+1 strictly increasing, -1 strictly decreasing, 0 constant on [a, b]."""
    if not curve.has(x):
        return 0
    interval = sympy.Interval.open(a, b)  # a zero slope at an end still allows inverting
    if is_strictly_increasing(curve, interval, x):
        return 1
    if is_strictly_decreasing(curve, interval, x):
        return -1
    raise SwapError(f"{words(curve)} is not monotonic on [{a}, {b}], so the region "
                    "would have to be cut into pieces to swap the order")


def _inverse(curve: sympy.Expr, x: sympy.Symbol, y: sympy.Symbol, a, b) -> sympy.Expr:
    """x as a function of y on the part of ``curve`` over [a, b]."""
    with time_limit(3.0):
        solutions = sympy.solve(sympy.Eq(y, curve), x)
    mid_x = (a + b) / 2
    probe = curve.subs(x, mid_x)
    for sol in solutions:
        try:
            if abs(complex(sympy.N(sol.subs(y, probe) - mid_x))) < 1e-9:
                return sol
        except (TypeError, ValueError):
            continue
    raise SwapError(f"can't invert y = {words(curve)} on [{a}, {b}]")


def swap_region(X: sympy.Symbol, Y: sympy.Symbol, a: sympy.Expr, b: sympy.Expr,
                c: sympy.Expr, d: sympy.Expr) -> tuple[tuple, tuple]:
    """((x, x_lo(y), x_hi(y)), (y, y_lo, y_hi)) for a ≤ x ≤ b, c(x) ≤ y ≤ d(x)."""
    if a.is_infinite or b.is_infinite:
        raise SwapError("swapping needs a bounded outer interval")
    x, y = sympy.Symbol(X.name, real=True), sympy.Symbol(Y.name, real=True)
    low, high = c.subs(X, x), d.subs(X, x)
    try:
        result = _swap(x, y, a, b, low, high)
    except StageTimeout as exc:
        raise SwapError("inverting the curves took too long") from exc
    back = {x: X, y: Y}
    (_, xl, xh), (_, yl, yh) = result
    return ((X.name, sympy.simplify(xl.xreplace(back)), sympy.simplify(xh.xreplace(back))),
            (Y.name, yl, yh))


def _swap(x, y, a, b, low, high):
    dl, dh = _direction(low, x, a, b), _direction(high, x, a, b)
    at = lambda curve, point: sympy.simplify(curve.subs(x, point))  # noqa: E731
    if dl == 0 and dh != 0:
        # bottom flat: the top curve must start (rising) or end (falling) on it
        start, end = (a, b) if dh > 0 else (b, a)
        if sympy.simplify(at(high, start) - low) != 0:
            raise SwapError("the top curve does not meet the bottom line at an end")
        inv = _inverse(high, x, y, a, b)
        x_range = (inv, b) if dh > 0 else (a, inv)
        return (x, *x_range), (y, low, at(high, end))
    if dh == 0 and dl != 0:
        start, end = (b, a) if dl > 0 else (a, b)
        if sympy.simplify(at(low, start) - high) != 0:
            raise SwapError("the bottom curve does not meet the top line at an end")
        inv = _inverse(low, x, y, a, b)
        x_range = (a, inv) if dl > 0 else (inv, b)
        return (x, *x_range), (y, at(low, end), high)
    if dl == dh and dl != 0 and sympy.simplify(at(low, a) - at(high, a)) == 0 and \
            sympy.simplify(at(low, b) - at(high, b)) == 0:
        il, ih = _inverse(low, x, y, a, b), _inverse(high, x, y, a, b)
        ends = sorted([at(low, a), at(low, b)], key=lambda v: float(v))
        x_range = (ih, il) if dl > 0 else (il, ih)
        return (x, *x_range), (y, *ends)
    raise SwapError("this region would have to be cut into pieces to swap the order")
