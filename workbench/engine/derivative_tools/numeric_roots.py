"""Numeric fallbacks for equations sympy cannot solve exactly: sign changes refined by
Brent's method in one variable, Newton-type root finding from a grid of starts in more.

Functions are evaluated through their plain trees (``syntax.evaluate``), so no code is
generated. Each root is then polished by Newton's method at 30 digits (sympy's evalf),
so it is right to the last digit of a double, and comes back as a 17-digit
``sympy.Float`` (callers can tell it from an exact root).
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import sympy
from scipy.optimize import brentq, root

from workbench.engine.derivative_tools.common import sampler
from workbench.protocol.syntax import evaluate
from workbench.engine.trees import UnsupportedExpression, to_tree

WINDOW_1D = (-10.0, 10.0)
WINDOW_ND = (-3.0, 3.0)
_GRID_1D = 4001
_STARTS_PER_AXIS = {2: 7, 3: 4}  # 49 or 64 starting points; more variables: no search
_TOL = 1e-8
_WORK = 30  # digits Newton's method works in
_DIGITS = 17  # digits a polished root keeps: enough to name one double exactly


MAX_ROOTS = 50  # more than this many is a pattern to describe, not a list to classify


def _grid_values(expr: sympy.Expr, x: sympy.Symbol) -> tuple[np.ndarray, np.ndarray]:
    f = sampler(expr, x)
    grid = np.linspace(*WINDOW_1D, _GRID_1D)
    return grid, np.array([f(v) for v in grid])


def flat_stretches(expr: sympy.Expr, x: sympy.Symbol) -> list[tuple[float, float]]:
    """Stretches of ``WINDOW_1D`` where expr is 0 at every grid point (ReLU's slope for x < 0).

    There every point solves expr = 0; listing them one by one would be thousands of
    "roots", so callers describe the stretch instead.
    """
    grid, values = _grid_values(expr, x)
    zero = np.isfinite(values) & (np.abs(values) < _TOL)
    stretches, start = [], None
    for k, flag in enumerate(zero):
        if flag and start is None:
            start = k
        if (not flag or k == len(zero) - 1) and start is not None:
            end = k if flag else k - 1
            if end - start >= 3:
                stretches.append((float(grid[start]), float(grid[end])))
            start = None
    return stretches


def roots_1d(expr: sympy.Expr, x: sympy.Symbol) -> list[sympy.Expr]:
    """Sign changes of expr on a fine grid over ``WINDOW_1D``, each refined to a root.

    Points inside a stretch where expr is 0 throughout (see :func:`flat_stretches`) are
    not roots of their own; at most ``MAX_ROOTS`` roots are returned.
    """
    f = sampler(expr, x)
    grid, values = _grid_values(expr, x)
    flat = flat_stretches(expr, x)
    found: list[float] = []
    for lo, hi, flo, fhi in zip(grid[:-1], grid[1:], values[:-1], values[1:]):
        if not (np.isfinite(flo) and np.isfinite(fhi)) or flo * fhi > 0:
            continue
        step = grid[1] - grid[0]  # the edges of a flat stretch are no roots of their own
        if any(a - 1.5 * step <= lo <= b + 0.5 * step for a, b in flat) or len(found) >= MAX_ROOTS:
            continue
        r = lo if flo == 0 else brentq(f, lo, hi, xtol=1e-14)
        # a sign change across a pole (tan, 1/x) is not a root: f must be ~0 there
        if abs(f(r)) < _TOL and not any(abs(r - s) < 1e-9 for s in found):
            found.append(r)
    slope = sympy.diff(expr, x)
    polished = [polish([expr], [[slope]], [x], [r], [(lo, hi)]) for r, (lo, hi) in
                zip(found, ((r - 2e-3, r + 2e-3) for r in found))]
    return [sympy.Float(p[0], _DIGITS) for p in polished]


def polish(funcs: list[sympy.Expr], jac: list[list[sympy.Expr]], xs: list[sympy.Symbol],
           start: list[float], box: list[tuple[float, float]]) -> list[sympy.Float]:
    """Newton's method on funcs = 0 at 30 digits from a float root, within ``box``.

    A few steps double the correct digits each time (a simple root found to 1e-14 needs
    one or two). Any step that leaves the box, or fails to shrink the residual, ends
    the polishing and keeps the best point so far.
    """
    point = [sympy.Float(v, _WORK) for v in start]
    best, best_residual = point, _residual(funcs, xs, point)
    for _ in range(6):
        env = dict(zip(xs, point))
        try:
            values = sympy.Matrix([g.evalf(_WORK, subs=env) for g in funcs])
            matrix = sympy.Matrix([[d.evalf(_WORK, subs=env) for d in row] for row in jac])
            step = matrix.LUsolve(values)
        except (ValueError, TypeError, ZeroDivisionError, ArithmeticError):
            break
        point = [p - d for p, d in zip(point, step)]
        if not all(v.is_Float and lo <= v <= hi for v, (lo, hi) in zip(point, box)):
            break
        residual = _residual(funcs, xs, point)
        if not residual < best_residual:
            break
        best, best_residual = point, residual
    origin = [sympy.Float(0, _WORK)] * len(xs)
    if (all(abs(v) < 1e-12 for v in best)
            and _residual(funcs, xs, origin) <= max(best_residual, 1e-25)):
        return origin  # a root at 0 is 0, not the 1e-165 Newton settles on beside it
    return best


def _residual(funcs: list[sympy.Expr], xs: list[sympy.Symbol], point: list) -> float:
    env = dict(zip(xs, point))
    try:
        return max(abs(complex(g.evalf(_WORK, subs=env))) for g in funcs)
    except (TypeError, ValueError, ArithmeticError):
        return math.inf


def roots_nd(grad: list[sympy.Expr],
             xs: list[sympy.Symbol]) -> list[dict[sympy.Symbol, sympy.Expr]]:
    """Solutions of grad = 0 found by ``scipy.optimize.root`` from a grid of starts."""
    per_axis = _STARTS_PER_AXIS.get(len(xs))
    if per_axis is None:
        return []
    names = [x.name for x in xs]
    try:
        g_trees = [to_tree(g) for g in grad]
        j_trees = [[to_tree(sympy.diff(g, x)) for x in xs] for g in grad]
    except UnsupportedExpression:  # e.g. an unevaluated derivative: nothing to sample
        return []

    def env(p: np.ndarray) -> dict[str, float]:
        return dict(zip(names, (float(v) for v in p)))

    def fun(p: np.ndarray) -> np.ndarray:
        return np.array([float(evaluate(t, env(p))) for t in g_trees])

    def jac(p: np.ndarray) -> np.ndarray:
        return np.array([[float(evaluate(t, env(p))) for t in row] for row in j_trees])

    found: list[np.ndarray] = []
    axis = np.linspace(*WINDOW_ND, per_axis)
    for start in itertools.product(axis, repeat=len(xs)):
        sol = root(fun, np.array(start), jac=jac, method="hybr")
        p = sol.x
        if (sol.success and np.all(np.isfinite(p)) and np.max(np.abs(fun(p))) < _TOL
                and not any(np.max(np.abs(p - q)) < 1e-6 for q in found)):
            found.append(p)
    found.sort(key=tuple)
    jac = [[sympy.diff(g, x) for x in xs] for g in grad]
    out = []
    for p in found:
        best = polish(grad, jac, xs, [float(v) for v in p], [(v - 1e-3, v + 1e-3) for v in p])
        out.append({x: sympy.Float(v, _DIGITS) for x, v in zip(xs, best)})
    return out
