"""The numbers the Integrals lab draws, computed in the window with numpy on plain trees.

Everything here must be fast enough for an animation frame or a drag (the exact values
come from the worker): bounds read through the sympy-free grammar, the accumulation
function F(x) = ∫_a^x f by the cumulative trapezoid rule on a fine grid, Riemann sums
(the same pieces the engine's ``riemann_sum`` makes), and the error of each rule
against n for the log-log plot. Qt-free, so it is tested without a window.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from workbench.protocol.syntax import Node, ParseError, evaluate, parse_tree, symbols_of
from workbench.ui.sampling import evaluate_on

RULES = ("left", "right", "midpoint", "trapezoid", "simpson")
RULE_NAMES = {"left": "Left endpoints", "right": "Right endpoints", "midpoint": "Midpoints",
              "trapezoid": "Trapezoids", "simpson": "Simpson's parabolas"}
# How fast each rule's error shrinks for a smooth f: error ∝ 1/n^order.
RULE_ORDERS = {"left": 1, "right": 1, "midpoint": 2, "trapezoid": 2, "simpson": 4}
MAX_N = 1000
GRID_POINTS = 2001
MAX_BOUND = 1e9  # beyond this a plot's coordinates lose their meaning


class InputProblem(ValueError):
    """A field's value can't be used; ``message`` is plain words for the student."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def read_bound(text: str | float | int, name: str = "a", infinite: bool = False) -> float:
    """A bound typed as a number or a constant formula ("pi/2", "-1.5", "e"), as a float.

    With ``infinite``, "oo", "-oo", "∞" and "inf" are read as ±inf (an improper integral).
    Raises :class:`InputProblem` for text that does not parse, mentions a variable,
    or is not a number (an infinite one unless ``infinite``).
    """
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return _checked_bound(float(text), name, infinite)
    source = str(text).strip()
    if not source:
        raise InputProblem(f"Type a number for {name}.")
    return _read_bound_text(source, name, infinite)


@lru_cache(maxsize=256)
def _read_bound_text(source: str, name: str, infinite: bool) -> float:
    # remembered: a drag of a bound reads both fields on every frame (a problem raises,
    # so text with one is read again, and says so again)
    try:
        tree = parse_tree(source)
    except ParseError as problem:
        raise InputProblem(f"{name}: {problem.message}") from None
    if symbols_of(tree):
        letters = ", ".join(sorted(symbols_of(tree)))
        raise InputProblem(f"{name} must be a number, not a formula in {letters}.")
    return _checked_bound(float(evaluate(tree, {})), name, infinite)


def _checked_bound(value: float, name: str, infinite: bool) -> float:
    if math.isnan(value):
        raise InputProblem(f"{name} is not a number (it is undefined).")
    if math.isinf(value) and infinite:
        return value
    if math.isinf(value):
        raise InputProblem(f"{name} is infinite: an improper integral can't be drawn here. "
                           "Use a large finite bound (say 50) to watch the area settle.")
    if abs(value) > MAX_BOUND:
        raise InputProblem(f"{name} is too far out to draw: keep bounds between "
                           f"\u221210\u2079 and 10\u2079.")
    return value


def is_improper(a: float, b: float) -> bool:
    """Whether the interval from a to b has an infinite end."""
    return not (math.isfinite(a) and math.isfinite(b))


def improper_window(a: float, b: float, reach: float = 10.0) -> tuple[float, float]:
    """The x-range first shown for an interval with an infinite end.

    ``reach`` units from the finite end towards the infinite one (a little on the other
    side, so the bound's line is seen); [−reach/2, reach/2] when both ends are infinite.
    """
    finite = [v for v in (a, b) if math.isfinite(v)]
    if not finite:
        return -reach / 2, reach / 2
    end, other = finite[0], (b if math.isfinite(a) else a)
    if other > 0:
        return end - 0.15 * reach, end + reach
    return end - reach, end + 0.15 * reach


def visible_interval(a: float, b: float, x_min: float, x_max: float) -> tuple[float, float]:
    """a and b with each infinite end replaced by the view's edge on its side.

    The direction is kept (a > b stays so); an edge never passes the finite end, so a
    view that does not reach the area gives an interval of no width.
    """
    def clip(value: float, other: float) -> float:
        if value == math.inf:
            return max(x_max, other) if math.isfinite(other) else x_max
        if value == -math.inf:
            return min(x_min, other) if math.isfinite(other) else x_min
        return value

    return clip(a, b), clip(b, a)


def blows_up(values: np.ndarray) -> bool:
    """True when a few values dwarf the bulk (the approach to a pole)."""
    finite = np.abs(values[np.isfinite(values)])
    if finite.size == 0:
        return False
    bulk = np.percentile(finite, 90)
    return bool(finite.max() > 100 * max(bulk, 1e-9))


def read_n(text: str | int, rule: str) -> int:
    """The number of pieces: a whole number from 1 to 1000, even for Simpson's rule."""
    try:
        n = int(str(text).strip())
    except ValueError:
        raise InputProblem(f"n must be a whole number from 1 to {MAX_N}.") from None
    if not 1 <= n <= MAX_N:
        raise InputProblem(f"n must be from 1 to {MAX_N}, not {n}.")
    if rule == "simpson" and n % 2:
        raise InputProblem(f"Simpson's rule fits a parabola to each PAIR of pieces, so n must "
                           f"be even: try {n + 1 if n < MAX_N else n - 1}.")
    return n


def orientation_note(a: float, b: float) -> str:
    """What a ≥ b means, in words (empty when a < b)."""
    if a == b:
        return "a = b: the region has no width, so the integral is 0."
    if a > b:
        return ("a > b: the integral runs right to left, so it is MINUS the area from "
                "b to a (swap the bounds, change the sign).")
    return ""


@dataclass(frozen=True)
class Accumulation:
    """f on a fine grid from a to b (zero crossings added) and F(x) = ∫_a^x f.

    ``x`` runs from a to b (downwards when a > b); ``positive``/``negative`` are the
    shaded parts max(f, 0) and min(f, 0) with undefined points as 0; ``above`` and
    ``below`` are the geometric areas (≥ 0) between the curve and the axis;
    ``signed`` is ∫_a^b f (sign flipped when a > b); ``undefined`` counts grid points
    where f is not a finite number.
    """

    x: np.ndarray
    y: np.ndarray
    F: np.ndarray
    above: float
    below: float
    signed: float
    undefined: int

    @property
    def positive(self) -> np.ndarray:
        """max(f, 0), 0 where f is undefined: the part shaded as area above the axis."""
        return np.where(np.isfinite(self.y), np.maximum(self.y, 0.0), 0.0)

    @property
    def negative(self) -> np.ndarray:
        """min(f, 0), 0 where f is undefined: the part shaded as area below the axis."""
        return np.where(np.isfinite(self.y), np.minimum(self.y, 0.0), 0.0)

    def index_at(self, x: float) -> int:
        """The number of grid points from a up to ``x`` (for a sweep frame)."""
        forward = self.x[-1] >= self.x[0]
        grid = self.x if forward else -self.x
        return int(np.searchsorted(grid, x if forward else -x, side="right"))


def accumulate(tree: Node, var: str, a: float, b: float,
               points: int = GRID_POINTS) -> Accumulation:
    """Sample f from a to b and integrate it cumulatively (trapezoids, exact at crossings)."""
    with np.errstate(all="ignore"):  # huge values near a pole overflow: they become inf
        return _accumulate(tree, var, a, b, points)


def _accumulate(tree: Node, var: str, a: float, b: float, points: int) -> Accumulation:
    x = np.linspace(a, b, points)
    y = evaluate_on(tree, var, x)
    x, y = _with_crossings(x, y)
    undefined = int(np.count_nonzero(~np.isfinite(y)))
    clean = np.where(np.isfinite(y), y, 0.0)
    dx = np.diff(x)
    F = np.concatenate(([0.0], np.cumsum(0.5 * (clean[1:] + clean[:-1]) * dx)))
    pos, neg = np.maximum(clean, 0.0), np.minimum(clean, 0.0)
    width = np.abs(dx)
    above = float(np.sum(0.5 * (pos[1:] + pos[:-1]) * width))
    below = abs(float(np.sum(0.5 * (neg[1:] + neg[:-1]) * width)))  # never "−0"
    return Accumulation(x, y, F, above, below, float(F[-1]), undefined)


def _with_crossings(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Insert the points where the polyline crosses 0, so the shading splits exactly there."""
    left, right = y[:-1], y[1:]
    crossing = np.flatnonzero(np.isfinite(left) & np.isfinite(right) & (left * right < 0))
    if crossing.size == 0:
        return x, y
    t = left[crossing] / (left[crossing] - right[crossing])
    roots = x[crossing] + t * (x[crossing + 1] - x[crossing])
    return np.insert(x, crossing + 1, roots), np.insert(y, crossing + 1, 0.0)


def riemann_pieces(tree: Node, var: str, a: float, b: float, n: int,
                   rule: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(left edges, right edges, heights) as the engine's ``riemann_sum`` makes them.

    For ``trapezoid`` the height is the mean of the two ends; for ``simpson`` each
    piece is a panel of two, with height (f(x0) + 4 f(mid) + f(x1)) / 6.
    """
    xs = np.linspace(a, b, n + 1)

    def f(points: np.ndarray) -> np.ndarray:  # f itself, on numpy arrays
        """f at ``points``."""
        return evaluate_on(tree, var, points)

    if rule == "simpson":
        x0, x1 = xs[:-2:2], xs[2::2]
        return x0, x1, (f(x0) + 4 * f((x0 + x1) / 2) + f(x1)) / 6
    x0, x1 = xs[:-1], xs[1:]
    heights = {"left": lambda: f(x0), "right": lambda: f(x1),
               "midpoint": lambda: f((x0 + x1) / 2),
               "trapezoid": lambda: (f(x0) + f(x1)) / 2}[rule]()
    return x0, x1, heights


def riemann_value(x0: np.ndarray, x1: np.ndarray, heights: np.ndarray) -> float:
    """The sum of the pieces' signed areas (NaN when f is undefined at a sample)."""
    with np.errstate(all="ignore"):
        return float(np.sum(heights * (x1 - x0)))


def piece_outline(tree: Node, var: str, x0: np.ndarray, x1: np.ndarray, heights: np.ndarray,
                  rule: str, separate: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """A polyline whose fill down to y = 0 is exactly the pieces (for one fill item).

    Rectangles go up, across and down; trapezoids join f at the ends of each piece;
    Simpson's pieces follow the parabola through the panel's three points. With
    ``separate=False`` the outline does not drop to 0 between neighbouring pieces: the
    same filled region in about half the points, for a fill drawn without edges (the
    drops are what an edge pen draws as the lines between the pieces).
    """
    k = len(x0)
    if rule in ("left", "right", "midpoint") and separate:
        xs = np.column_stack([x0, x0, x1, x1]).ravel()
        ys = np.column_stack([np.zeros(k), heights, heights, np.zeros(k)]).ravel()
    elif rule in ("left", "right", "midpoint"):
        xs = np.concatenate([x0[:1], np.column_stack([x0, x1]).ravel(), x1[-1:]])
        ys = np.concatenate([[0.0], np.repeat(heights, 2), [0.0]])
    elif rule == "trapezoid" and separate:
        f0, f1 = evaluate_on(tree, var, x0), evaluate_on(tree, var, x1)
        xs = np.column_stack([x0, x0, x1, x1]).ravel()
        ys = np.column_stack([np.zeros(k), f0, f1, np.zeros(k)]).ravel()
    elif rule == "trapezoid":
        nodes = np.append(x0, x1[-1])
        xs = np.concatenate([x0[:1], nodes, x1[-1:]])
        ys = np.concatenate([[0.0], evaluate_on(tree, var, nodes), [0.0]])
    else:
        # enough points to show each parabola's bend, and no more than a plot's width
        # needs once the panels are a pixel or two wide
        xs, ys = _parabolas(tree, var, x0, x1, max(3, min(16, 1500 // max(k, 1))), separate)
    return xs, np.where(np.isfinite(ys), ys, 0.0)


def _parabolas(tree: Node, var: str, x0: np.ndarray, x1: np.ndarray,
               per_panel: int, separate: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Each panel's parabola through f(x0), f(mid), f(x1), dropped to 0 at both ends of
    every panel (``separate``) or only at the two ends of them all."""
    mid = (x0 + x1) / 2
    f0, fm, f1 = (evaluate_on(tree, var, p) for p in (x0, mid, x1))
    t = np.linspace(0.0, 1.0, per_panel)  # position across the panel
    # Lagrange form on t = 0, 1/2, 1
    curve = (f0[:, None] * (2 * t - 1) * (t - 1) + fm[:, None] * 4 * t * (1 - t)
             + f1[:, None] * t * (2 * t - 1))
    xs = x0[:, None] + t * (x1 - x0)[:, None]
    if not separate:
        return (np.concatenate([x0[:1], xs.ravel(), x1[-1:]]),
                np.concatenate([[0.0], curve.ravel(), [0.0]]))
    zeros = np.zeros((len(x0), 1))
    xs = np.hstack([xs[:, :1], xs, xs[:, -1:]]).ravel()
    ys = np.hstack([zeros, curve, zeros]).ravel()
    return xs, ys


def error_ns(rule: str, count: int = 36) -> np.ndarray:
    """Values of n from 1 to 1000, evenly spread on a log scale (even ones for Simpson)."""
    ns = np.unique(np.round(np.logspace(0, 3, count)).astype(int))
    if rule == "simpson":
        ns = np.unique(np.clip(ns + ns % 2, 2, MAX_N))
    return ns


def error_table(tree: Node, var: str, a: float, b: float,
                exact: float) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """rule -> (n, |sum − exact|) for the log-log plot, for every rule at once.

    f is evaluated once, on every node and midpoint the sums need (a single numpy
    call keeps this to a few milliseconds); errors at rounding level are NaN.
    """
    ns = np.unique(np.concatenate([error_ns("left"), error_ns("simpson")]))
    nodes = [np.linspace(a, b, n + 1) for n in ns]
    mids = [(p[:-1] + p[1:]) / 2 for p in nodes]
    values = evaluate_on(tree, var, np.concatenate(nodes + mids))
    sizes = [len(p) for p in nodes + mids]
    pieces = np.split(values, np.cumsum(sizes)[:-1])
    fn, fm = pieces[:len(ns)], pieces[len(ns):]
    sums: dict[str, list[float]] = {rule: [] for rule in RULES}
    for n, f_nodes, f_mid in zip(ns, fn, fm):
        h = (b - a) / n
        sums["left"].append(h * np.sum(f_nodes[:-1]))
        sums["right"].append(h * np.sum(f_nodes[1:]))
        sums["midpoint"].append(h * np.sum(f_mid))
        sums["trapezoid"].append(h * (np.sum(f_nodes) - (f_nodes[0] + f_nodes[-1]) / 2))
        # Simpson with n pieces: the odd nodes are the panels' middles
        sums["simpson"].append(h / 3 * (f_nodes[0] + f_nodes[-1] + 4 * np.sum(f_nodes[1:-1:2])
                                        + 2 * np.sum(f_nodes[2:-1:2])) if n % 2 == 0 else np.nan)
    floor = 1e-13 * max(1.0, abs(exact))
    table = {}
    for rule in RULES:
        wanted = np.isin(ns, error_ns(rule))
        errors = np.abs(np.array(sums[rule])[wanted] - exact)
        errors[~(errors > floor)] = np.nan  # log of 0 or rounding noise would mislead
        table[rule] = (ns[wanted].astype(float), errors)
    return table


def fitted_order(ns: np.ndarray, errors: np.ndarray) -> float | None:
    """The slope of log(error) against log(n), negated: about 1, 2 or 4 for a smooth f."""
    usable = np.isfinite(errors) & (ns >= 4)
    if np.count_nonzero(usable) < 3:
        return None
    slope = np.polyfit(np.log(ns[usable]), np.log(errors[usable]), 1)[0]
    return float(-slope)


def reference_value(tree: Node, var: str, a: float, b: float) -> float:
    """A close numerical value of ∫_a^b f (Simpson, 2^14 pieces), until the worker's arrives."""
    return riemann_value(*riemann_pieces(tree, var, a, b, 2 ** 14, "simpson"))
