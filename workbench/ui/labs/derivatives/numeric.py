"""The numbers of the Derivatives lab, in float64 with numpy (no Qt, no sympy).

Everything here is what a student's own numpy code would compute from the plain tree:
difference quotients, the finite-difference error curve over h, reading a point typed
as text ("pi/4"), and checking a derivative step at random points. Widgets call these;
tests check them without a window.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from workbench.protocol.syntax import EvaluationError, Node, ParseError, evaluate, parse_tree

SCHEMES = ("forward", "backward", "central")
EPS = float(np.finfo(float).eps)
# The error plot's h axis: 1e-16 ... 1, 12 points a decade (smooth enough to read slopes).
ERROR_H = np.logspace(-16, 0, 16 * 12 + 1)
# Decades of h in the secant table.
TABLE_H = tuple(10.0 ** -k for k in range(0, 9))
# How a scheme steps around a: the two points, and the width the difference is divided by.
_OFFSETS = {"forward": (0.0, 1.0, 1.0), "backward": (-1.0, 0.0, 1.0), "central": (-1.0, 1.0, 2.0)}


class InputProblem(ValueError):
    """A value typed into a field that the lab cannot use; the message says why, in words."""


def values(tree: Node, x: np.ndarray | float, var: str = "x") -> np.ndarray:
    """``tree`` at ``x`` as float64, NaN where undefined (or not a real number)."""
    points = np.asarray(x, dtype=float)
    try:
        out = np.asarray(evaluate(tree, {var: points}), dtype=float)
    except (EvaluationError, ArithmeticError, TypeError, ValueError):
        return np.full(points.shape, np.nan)
    out = np.broadcast_to(out, points.shape).astype(float)
    out[~np.isfinite(out)] = np.nan
    return out


def value(tree: Node, x: float, var: str = "x") -> float:
    """``tree`` at one point (NaN where undefined)."""
    return float(values(tree, np.array([x]), var)[0])


def read_number(text: str, what: str) -> float:
    """A finite number typed as text: "1.5", "-2", "pi/4", "sqrt(2)", "e^2"."""
    stripped = str(text).strip()
    if not stripped:
        raise InputProblem(f"Type a number for {what}.")
    try:
        tree = parse_tree(stripped)
    except ParseError as problem:
        raise InputProblem(f"{what.capitalize()}: {problem.message}") from None
    names = _symbols(tree)
    if names:
        raise InputProblem(f"{what.capitalize()} must be a number; it cannot contain "
                           f"{', '.join(sorted(names))}.")
    number = value(tree, 0.0)
    if not math.isfinite(number):
        raise InputProblem(f"{what.capitalize()} must be a finite real number.")
    return number


def _symbols(tree: Node) -> set[str]:
    from workbench.protocol.syntax import symbols_of  # tiny, kept local

    return set(symbols_of(tree))


def read_step(text: str) -> float:
    """The step size h typed as text: a positive finite number, not 0."""
    h = read_number(text, "h")
    if h == 0:
        raise InputProblem("h cannot be 0: the difference quotient would divide by zero.")
    if h < 0:
        raise InputProblem("Use a positive h; the scheme decides the direction of the step.")
    if h > 10:
        raise InputProblem("Use an h of at most 10, so the secant stays near the point.")
    return h


def check_point(tree: Node, a: float) -> None:
    """Raise :class:`InputProblem` when f is not defined at ``a``."""
    if not math.isfinite(value(tree, a)):
        raise InputProblem(f"f is not defined at x = {a:.6g}: pick a point inside its domain.")


def secant_points(a: float, h: float, scheme: str) -> tuple[float, float, float]:
    """The two x values a scheme's secant joins, and the width it divides by."""
    left, right, width = _OFFSETS[scheme]
    return a + left * h, a + right * h, width * h


def quotient(tree: Node, a: float, h: np.ndarray | float, scheme: str) -> np.ndarray:
    """The difference quotient of f at ``a`` for every step in ``h``, exactly as written.

    ``(f(a+h) - f(a)) / h`` and friends, evaluated in float64: round-off included.
    """
    steps = np.asarray(h, dtype=float)
    left, right, width = _OFFSETS[scheme]
    # a + h is rounded to a float first, as in a student's code: that rounding is part
    # of the error the plot shows.
    hi = values(tree, a + right * steps) if right else np.full(steps.shape, value(tree, a))
    lo = values(tree, a + left * steps) if left else np.full(steps.shape, value(tree, a))
    with np.errstate(all="ignore"):
        return (hi - lo) / (width * steps)


@dataclass(frozen=True)
class ErrorCurves:
    """|quotient - exact| against h for each scheme, and the best h of each."""

    h: np.ndarray
    errors: dict[str, np.ndarray]
    best_h: dict[str, float]
    exact: float


def error_curves(tree: Node, a: float, exact: float, h: np.ndarray = ERROR_H) -> ErrorCurves:
    """The finite-difference error of every scheme at ``a`` over the steps ``h``.

    A zero error (the quotient happens to be exact in float64) has no logarithm: it is
    left out of the plot (NaN) rather than drawn at -infinity.
    """
    errors: dict[str, np.ndarray] = {}
    best: dict[str, float] = {}
    for scheme in SCHEMES:
        with np.errstate(all="ignore"):
            err = np.abs(quotient(tree, a, h, scheme) - exact)
        err[~np.isfinite(err) | (err == 0)] = np.nan
        errors[scheme] = err
        best[scheme] = float(h[np.nanargmin(err)]) if np.any(np.isfinite(err)) else math.nan
    return ErrorCurves(np.asarray(h, dtype=float), errors, best, exact)


def theoretical_best_h(scheme: str) -> float:
    """Where truncation and round-off balance: about sqrt(eps) one-sided, cbrt(eps) central."""
    return EPS ** (1 / 3) if scheme == "central" else math.sqrt(EPS)


def loglog_slope(h: np.ndarray, err: np.ndarray, lo: float, hi: float) -> float:
    """The least-squares slope of log10(err) against log10(h) for lo <= h <= hi."""
    keep = (h >= lo) & (h <= hi) & np.isfinite(err) & (err > 0)
    if np.count_nonzero(keep) < 2:
        return math.nan
    return float(np.polyfit(np.log10(h[keep]), np.log10(err[keep]), 1)[0])


@dataclass(frozen=True)
class StepCheck:
    """The outcome of checking a step numerically: ``agrees`` and a sentence saying so."""

    agrees: bool | None
    message: str
    points: int = 0


def check_derivative_step(subject: Node | None, result: Node | None, var: str | None,
                          seed: int = 0, count: int = 8) -> StepCheck:
    """Check d(subject)/d(var) = result at random points with a central difference.

    The numeric derivative uses h = cbrt(eps)·max(1, |x|), the step whose error is
    smallest (about 1e-10 relative), so agreement within 1e-6 is a fair test.
    """
    if subject is None or result is None or not var:
        return StepCheck(None, "This step has no formula to check numerically.")
    others = (_symbols(subject) | _symbols(result)) - {var}
    if others:
        return StepCheck(None, f"This step also depends on {', '.join(sorted(others))}, "
                               "so it cannot be checked at points of one variable.")
    rng = np.random.default_rng(seed)
    xs = rng.uniform(-3.0, 3.0, 64)
    h = EPS ** (1 / 3) * np.maximum(1.0, np.abs(xs))
    with np.errstate(all="ignore"):
        numeric = (values(subject, xs + h, var) - values(subject, xs - h, var)) / (2 * h)
    claimed = values(result, xs, var)
    usable = np.isfinite(numeric) & np.isfinite(claimed) & np.isfinite(values(subject, xs, var))
    xs, numeric, claimed = xs[usable][:count], numeric[usable][:count], claimed[usable][:count]
    if xs.size == 0:
        return StepCheck(None, "No random point in −3 ≤ x ≤ 3 where both sides are defined.")
    gap = np.abs(numeric - claimed) / np.maximum(1.0, np.abs(claimed))
    worst = int(np.argmax(gap))
    if gap[worst] <= 1e-6:
        return StepCheck(True, f"Both sides agree at {xs.size} random points of {var} "
                               f"(largest relative gap {gap[worst]:.1e}).", int(xs.size))
    return StepCheck(False, f"They disagree at {var} = {xs[worst]:.4g}: the numeric "
                            f"derivative is {numeric[worst]:.6g}, the step says "
                            f"{claimed[worst]:.6g}.", int(xs.size))


def concavity_stretches(d2f: Node, x_min: float, x_max: float,
                        points: int = 600) -> list[tuple[float, float, int]]:
    """Stretches of [x_min, x_max] where f'' > 0 (+1) or f'' < 0 (-1), as (start, end, sign)."""
    xs = np.linspace(x_min, x_max, points)
    ys = values(d2f, xs)
    signs = np.where(np.isnan(ys), 0, np.sign(np.where(np.abs(ys) < 1e-12, 0.0, ys))).astype(int)
    stretches: list[tuple[float, float, int]] = []
    start = 0
    for i in range(1, points + 1):
        if i == points or signs[i] != signs[start]:
            if signs[start] != 0 and i - 1 > start:
                stretches.append((float(xs[start]), float(xs[min(i, points - 1)]),
                                  int(signs[start])))
            start = i
    return stretches
