"""The numbers behind the Probability lab, with numpy only (Qt-free, sympy-free).

``Density`` evaluates a plain-tree pdf (zero outside its support), finds where its
mass lies, integrates it on a grid (trapezoids) and draws samples by inverting its
cumulative distribution on that grid. ``read_bound`` reads "-oo", "pi/2", "1.5".
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from workbench.protocol.syntax import Node, ParseError, evaluate, parse_tree, symbols_of
from workbench.ui.sampling import evaluate_on

GRID_POINTS = 8001  # the grid the cdf is built on (inverse-CDF sampling, areas)
SEARCH = 60.0  # an unbounded support is searched for mass within +-SEARCH
PRESETS = {
    "normal": ("Normal", "e^(-(x - mu)^2/(2 sigma^2))/(sigma sqrt(2 pi))",
               (("mu", "\u03bc", 0.0), ("sigma", "\u03c3", 1.0))),
    "exponential": ("Exponential", "lamda e^(-lamda x)", (("lamda", "\u03bb", 1.0),)),
    "uniform": ("Uniform", "1/(d - c)", (("c", "from c", 0.0), ("d", "to d", 1.0))),
    "typed": ("Typed", "", ()),
}


class DensityError(ValueError):
    """A problem with the density or a bound, in words for the student."""


def read_bound(text: str) -> float:
    """A bound typed as a number, ``oo``, ``-oo`` or a constant expression such as ``pi/2``."""
    text = str(text).strip()
    if not text:
        raise DensityError("Give a number (or -oo, oo)")
    try:
        tree = parse_tree(text)
    except ParseError as error:
        raise DensityError(f"'{text[:20]}' can't be read: {error.message}") from None
    if symbols_of(tree):
        raise DensityError(f"'{text[:20]}' must be a number, not a formula")
    value = float(np.asarray(evaluate(tree, {}), dtype=float))
    if math.isnan(value):
        raise DensityError(f"'{text[:20]}' is not a number")
    return value


@dataclass
class Density:
    """A pdf of x as a plain tree, its parameter values and its support [lo, hi]."""

    tree: Node
    params: Mapping[str, float]
    lo: float = -math.inf
    hi: float = math.inf
    grid: np.ndarray = field(init=False, repr=False)
    cdf: np.ndarray = field(init=False, repr=False)
    total: float = field(init=False)

    def __post_init__(self) -> None:
        if not self.lo < self.hi:
            raise DensityError("The support must run from a smaller to a larger number")
        unknown = symbols_of(self.tree) - {"x"} - set(self.params)
        if unknown:
            raise DensityError(f"The density may only use x (it uses {', '.join(sorted(unknown))})")
        left, right = self.mass_range()
        self.grid = np.linspace(left, right, GRID_POINTS)
        ys = self(self.grid)
        if np.any(ys < -1e-12):
            raise DensityError("A density can't be negative, and this one is below 0 somewhere")
        steps = np.diff(self.grid) * (ys[1:] + ys[:-1]) / 2
        self.cdf = np.concatenate([[0.0], np.cumsum(steps)])
        self.total = float(self.cdf[-1])
        if not (math.isfinite(self.total) and self.total > 0):
            raise DensityError("This density has no area to draw samples from")

    def __call__(self, x: np.ndarray) -> np.ndarray:
        """The pdf at ``x``: 0 outside the support and where it is undefined."""
        ys = evaluate_on(self.tree, "x", np.asarray(x, dtype=float), self.params)
        inside = (x >= self.lo) & (x <= self.hi)
        return np.where(inside & np.isfinite(ys), ys, 0.0)

    def mass_range(self) -> tuple[float, float]:
        """An interval holding all but a negligible part of the area."""
        left = self.lo if math.isfinite(self.lo) else -SEARCH
        right = self.hi if math.isfinite(self.hi) else SEARCH
        if math.isfinite(self.lo) and math.isfinite(self.hi):
            return left, right
        xs = np.linspace(max(left, -SEARCH), min(right, SEARCH), 48001)
        ys = self(xs)
        heavy = np.flatnonzero(ys > 1e-9 * max(float(ys.max(initial=0.0)), 1e-300))
        if heavy.size == 0:
            return left, right
        pad = 0.02 * (xs[heavy[-1]] - xs[heavy[0]] or 1.0)
        low = left if math.isfinite(self.lo) else xs[heavy[0]] - pad
        high = right if math.isfinite(self.hi) else xs[heavy[-1]] + pad
        return float(low), float(high)

    def cut_off(self) -> bool:
        """True when an unbounded side has not died away at +-SEARCH: the grid misses
        part of the area (or the area is infinite), so sampling from it would mislead."""
        ends = [end for end, bound in ((-SEARCH, self.lo), (SEARCH, self.hi))
                if not math.isfinite(bound)]
        if not ends:
            return False
        peak = float(np.max(self(self.grid), initial=0.0))
        return bool(np.any(self(np.array(ends)) > 1e-6 * peak))

    def view_range(self) -> tuple[float, float]:
        """The x range to plot: the mass, a little wider, cutting off negligible tails."""
        q = np.interp([0.0005, 0.9995], self.cdf / self.total, self.grid)
        left = self.lo if math.isfinite(self.lo) and self.lo > q[0] - 1 else q[0]
        right = self.hi if math.isfinite(self.hi) and self.hi < q[1] + 1 else q[1]
        pad = 0.12 * (right - left or 1.0)
        return float(left - pad), float(right + pad)

    def area(self, a: float, b: float) -> float:
        """The area under the pdf from a to b (trapezoids on a fine grid)."""
        return float(np.interp(b, self.grid, self.cdf) - np.interp(a, self.grid, self.cdf))

    def expectation(self, g: Node) -> float:
        """The integral of g * pdf over the support (trapezoids), or NaN."""
        xs = self.grid
        gs = evaluate_on(g, "x", xs, self.params)
        ys = gs * self(xs)
        if not np.all(np.isfinite(ys)):
            return math.nan
        return float(np.sum(np.diff(xs) * (ys[1:] + ys[:-1]) / 2))

    def sample(self, count: int, seed: int) -> np.ndarray:
        """``count`` samples: uniform numbers pushed through the inverse of the cdf."""
        rng = np.random.default_rng(seed)
        u = rng.random(count) * self.total
        cdf, index = np.unique(self.cdf, return_index=True)  # interp needs increasing xp
        return np.interp(u, cdf, self.grid[index])


def vanishes_on_left(tree: Node, params: Mapping[str, float]) -> bool:
    """True if the pdf is negligible far left of 0 (the engine's rule for the support)."""
    far = evaluate_on(tree, "x", np.array([-30.0, -60.0, -200.0]), params)
    return bool(np.all(np.isfinite(far) & (np.abs(far) < 1e-9)))


def frame_sizes(total: int, frames: int = 60, first: int = 20) -> list[int]:
    """Sample counts of the Monte Carlo frames: growing geometrically up to ``total``."""
    return [int(s) for s in np.unique(np.round(np.geomspace(first, total, frames)).astype(int))]
