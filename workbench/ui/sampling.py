"""Adaptive sampling of a plain expression tree into a drawable curve (pure numpy, no Qt).

A curve is sampled on an even grid, refined where it bends (so a student sees a
smooth curve, not a polyline), and broken at poles and jumps (``1/x``, ``tan x``,
``floor x``): the two sides are separated by a NaN point, so a plot drawn with
``connect="finite"`` never joins across a discontinuity. Absurd values (the
approach to a pole) are cut off far outside the visible band, so the drawing code
never sees numbers it cannot rasterise.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from workbench.protocol.syntax import Node, evaluate

Array = np.ndarray
Sampler = Callable[[Array], Array]

# A midpoint further than this fraction of the view height from the chord is refined:
# about one pixel on a 500-pixel-high plot.
BEND_TOLERANCE = 0.002
# A jump bigger than this fraction of the view height is examined as a possible break.
JUMP_FRACTION = 0.02
# Bisection rounds that localise a break; 2^-40 of a grid cell is far below a pixel.
BISECTION_ROUNDS = 40
# Values further than this many view heights outside the visible band are dropped
# (treated as undefined): the approach to a pole is drawn until it is far off screen.
CLIP_HEIGHTS = 20.0


@dataclass(frozen=True)
class Curve:
    """Sample points of a function: NaN in ``y`` marks a break or an undefined stretch."""

    x: Array
    y: Array

    @property
    def breaks(self) -> int:
        """How many NaN runs separate drawable pieces (for tests and diagnostics)."""
        nan = np.isnan(self.y)
        return int(np.count_nonzero(nan[1:] & ~nan[:-1]))


def evaluate_on(tree: Node, var: str, x: Array, env: Mapping[str, float] | None = None) -> Array:
    """``tree`` evaluated at the points ``x``: a float array like ``x``, NaN where undefined."""
    values = evaluate(tree, {**(env or {}), var: x})
    values = np.broadcast_to(values, np.shape(x)).astype(float)
    values[~np.isfinite(values)] = np.nan  # 1/0 = inf is a pole, not a point to draw
    return values


def robust_span(y: Array) -> tuple[float, float]:
    """A y-range that shows the bulk of ``y`` without being stretched by poles."""
    finite = y[np.isfinite(y)]
    if finite.size == 0:
        return -1.0, 1.0
    lo, hi = np.percentile(finite, [3.0, 97.0])
    if hi - lo < 1e-9:
        centre = float(lo)
        half = max(1.0, abs(centre) * 0.5)
        return centre - half, centre + half
    pad = 0.08 * (hi - lo)
    return float(lo - pad), float(hi + pad)


def sample_curve(tree: Node, var: str, x_min: float, x_max: float, *, points: int = 400,
                 y_range: tuple[float, float] | None = None,
                 env: Mapping[str, float] | None = None, max_depth: int = 6,
                 max_points: int = 8000) -> Curve:
    """Sample ``tree`` over ``[x_min, x_max]`` adaptively, with NaN breaks at discontinuities.

    ``y_range`` is the visible height (it sets what "bends" and "jumps" mean, and where
    values are cut off); without it a robust range of the first samples is used.
    Raises :class:`workbench.protocol.syntax.EvaluationError` for a tree that needs a
    variable other than ``var`` and those in ``env``.
    """
    x = np.linspace(float(x_min), float(x_max), max(int(points), 2))
    y = evaluate_on(tree, var, x, env)
    lo, hi = y_range if y_range is not None else robust_span(y)
    height = max(float(hi - lo), 1e-12)
    floor, ceiling = lo - CLIP_HEIGHTS * height, hi + CLIP_HEIGHTS * height

    def sampler(points_x: Array) -> Array:
        values = evaluate_on(tree, var, points_x, env)
        values[(values < floor) | (values > ceiling)] = np.nan
        return values

    y[(y < floor) | (y > ceiling)] = np.nan
    x, y = _refine(sampler, x, y, BEND_TOLERANCE * height, max_depth, max_points)
    x, y = _break_discontinuities(sampler, x, y, JUMP_FRACTION * height)
    return Curve(x, y)


def _refine(sampler: Sampler, x: Array, y: Array,
            tolerance: float, max_depth: int, max_points: int) -> tuple[Array, Array]:
    """Insert midpoints wherever the chord misses the curve by more than ``tolerance``."""
    for _ in range(max_depth):
        mid = 0.5 * (x[:-1] + x[1:])
        y_mid = sampler(mid)
        chord = 0.5 * (y[:-1] + y[1:])
        finite = np.isfinite(chord) & np.isfinite(y_mid)
        # Bends, and the edge of the domain (one end defined, the other not).
        wanted = (finite & (np.abs(y_mid - chord) > tolerance)) | (
            np.isfinite(y[:-1]) != np.isfinite(y[1:])) | (np.isfinite(chord) & ~np.isfinite(y_mid))
        count = int(np.count_nonzero(wanted))
        if count == 0 or x.size + count > max_points:
            break
        x, y = _merge(x, y, mid[wanted], y_mid[wanted])
    return x, y


def _merge(x: Array, y: Array, new_x: Array, new_y: Array,
           new_rank: Array | None = None) -> tuple[Array, Array]:
    """Both point sets together, sorted by x; ties ordered by rank (existing points: 0)."""
    all_x = np.concatenate([x, new_x])
    rank = np.concatenate([np.zeros(x.shape), np.zeros(new_x.shape) if new_rank is None
                           else new_rank])
    order = np.lexsort((rank, all_x))
    return all_x[order], np.concatenate([y, new_y])[order]


def _break_discontinuities(sampler: Sampler, x: Array,
                           y: Array, jump: float) -> tuple[Array, Array]:
    """Separate the pieces of the curve at every jump that survives bisection.

    A continuous function's steep stretch shrinks to nothing when bisected; a pole or a
    jump keeps (or grows) its size. Domain edges are bisected too, so a curve such as
    sqrt(x) is drawn right up to where it stops.
    """
    both = np.isfinite(y[:-1]) & np.isfinite(y[1:])
    steep = np.flatnonzero(both & (np.abs(np.diff(y)) > jump))
    edges = np.flatnonzero(np.isfinite(y[:-1]) != np.isfinite(y[1:]))
    new_x: list[Array] = []
    new_y: list[Array] = []
    ranks: list[Array] = []
    if steep.size:
        a, b, ya, yb = _bisect_jumps(sampler, x[steep], x[steep + 1],
                                     y[steep], y[steep + 1])
        broken = ~(np.abs(yb - ya) <= 0.5 * jump)  # NaN found inside counts as a break
        gap_x = 0.5 * (a[broken] + b[broken])
        new_x += [a[broken], gap_x, b[broken]]
        new_y += [ya[broken], np.full(gap_x.shape, np.nan), yb[broken]]
        # Where a and b are neighbouring floats the gap rounds onto one of them (or onto
        # a grid point): ranks keep "left end, gap, everything else" in that order.
        ranks += [np.full(gap_x.shape, -2.0), np.full(gap_x.shape, -1.0),
                  np.full(gap_x.shape, 1.0)]
    if edges.size:
        a, b, ya, yb = _bisect_edges(sampler, x[edges], x[edges + 1],
                                     y[edges], y[edges + 1])
        new_x += [a, b]
        new_y += [ya, yb]
        ranks += [np.zeros(a.shape), np.zeros(b.shape)]
    if not new_x:
        return x, y
    return _merge(x, y, np.concatenate(new_x), np.concatenate(new_y), np.concatenate(ranks))


def _bisect_jumps(sampler: Sampler, a: Array, b: Array,
                  ya: Array, yb: Array) -> tuple[Array, Array, Array, Array]:
    """Halve each interval toward its steeper half (or toward a NaN inside it)."""
    for _ in range(BISECTION_ROUNDS):
        m = 0.5 * (a + b)
        ym = sampler(m)
        undefined = np.isnan(ym)
        left_steeper = np.abs(ym - ya) >= np.abs(yb - ym)
        go_left = np.where(undefined, True, left_steeper)
        b = np.where(go_left, m, b)
        yb = np.where(go_left, ym, yb)
        a = np.where(go_left, a, m)
        ya = np.where(go_left, ya, ym)
    return a, b, ya, yb


def _bisect_edges(sampler: Sampler, a: Array, b: Array,
                  ya: Array, yb: Array) -> tuple[Array, Array, Array, Array]:
    """Narrow each interval whose ends differ in being defined down to the domain edge."""
    for _ in range(BISECTION_ROUNDS):
        m = 0.5 * (a + b)
        ym = sampler(m)
        same_as_left = np.isfinite(ym) == np.isfinite(ya)
        a = np.where(same_as_left, m, a)
        ya = np.where(same_as_left, ym, ya)
        b = np.where(same_as_left, b, m)
        yb = np.where(same_as_left, yb, ym)
    return a, b, ya, yb
