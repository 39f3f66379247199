"""The region of a double integral and its integrand on a grid (numpy on plain trees, Qt-free).

The region is outer ∈ [a, b], lo(outer) ≤ inner ≤ hi(outer). The heat map is drawn in
the (x, y) plane whichever variable is inside, so swapping the order must show the
same picture: that is the visual check that a swap is right.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from workbench.protocol.syntax import EvaluationError, Node, ParseError, parse_tree, symbols_of
from workbench.ui.labs.integrals.numerics import InputProblem
from workbench.ui.sampling import evaluate_on

GRID = 240


def read_integrand(text: str) -> Node:
    """The integrand as a tree in x and y (nothing else), or :class:`InputProblem`."""
    if not text.strip():
        raise InputProblem("Type the function to integrate, e.g. x y or x^2 + y^2.")
    try:
        tree = parse_tree(text)
    except ParseError as problem:
        raise InputProblem(problem.message) from None
    extra = symbols_of(tree) - {"x", "y"}
    if extra:
        raise InputProblem(f"Use only x and y (not {', '.join(sorted(extra))}).")
    return tree


def read_inner_bound(text: str, outer: str) -> Node:
    """An inner bound: a number or a formula in the outer variable only."""
    if not text.strip():
        raise InputProblem(f"Type a bound: a number or a formula in {outer}.")
    try:
        tree = parse_tree(text)
    except ParseError as problem:
        raise InputProblem(problem.message) from None
    extra = symbols_of(tree) - {outer}
    if extra:
        raise InputProblem(f"An inner bound may use only {outer}, the outer variable "
                           f"(not {', '.join(sorted(extra))}).")
    return tree


@dataclass(frozen=True)
class RegionGrid:
    """The integrand on a grid over the region's bounding box; NaN outside the region.

    ``values[i, j]`` is f at (``xs[i]``, ``ys[j]``) (pyqtgraph's column-major image
    order); ``boundary`` is the closed outline as (x, y) arrays; ``crossed`` is True
    where the inner lower bound rises above the upper one (that part counts negatively).
    """

    xs: np.ndarray
    ys: np.ndarray
    values: np.ndarray
    boundary: tuple[np.ndarray, np.ndarray]
    crossed: bool

    @property
    def rect(self) -> tuple[float, float, float, float]:
        """(x, y, width, height) of the box the image covers."""
        return (float(self.xs[0]), float(self.ys[0]), float(self.xs[-1] - self.xs[0]),
                float(self.ys[-1] - self.ys[0]))


def region_grid(integrand: Node, inner: str, lo: Node, hi: Node, a: float, b: float,
                size: int = GRID) -> RegionGrid:
    """Sample the integrand over the region (see :class:`RegionGrid`)."""
    outer = "x" if inner == "y" else "y"
    o = np.linspace(min(a, b), max(a, b), size)
    low, high = (_bound_values(tree, outer, o) for tree in (lo, hi))
    crossed = bool(np.any(low > high))
    inner_min = float(np.nanmin(np.minimum(low, high)))
    inner_max = float(np.nanmax(np.maximum(low, high)))
    if not np.isfinite(inner_min) or not np.isfinite(inner_max):
        raise InputProblem("The inner bounds are undefined on the whole outer interval.")
    if inner_max - inner_min < 1e-12:
        inner_max = inner_min + 1.0
    i = np.linspace(inner_min, inner_max, size)
    grid_o, grid_i = np.meshgrid(o, i, indexing="ij")  # [outer, inner]
    inside = (grid_i >= np.minimum(low, high)[:, None]) & (grid_i <= np.maximum(low, high)[:, None])
    env = {outer: grid_o, inner: grid_i}
    try:
        values = np.broadcast_to(evaluate_on(integrand, "x", env["x"], {"y": env["y"]}),
                                 grid_o.shape).astype(float)
    except EvaluationError as problem:
        raise InputProblem(str(problem)) from None
    values = np.where(inside, values, np.nan)
    outline_o = np.concatenate([o, o[::-1], o[:1]])
    outline_i = np.concatenate([low, high[::-1], low[:1]])
    if inner == "y":  # outer is x: the grid is already [x, y]
        return RegionGrid(o, i, values, (outline_o, outline_i), crossed)
    return RegionGrid(i, o, values.T, (outline_i, outline_o), crossed)


def _bound_values(tree: Node, var: str, points: np.ndarray) -> np.ndarray:
    return np.broadcast_to(evaluate_on(tree, var, points), points.shape).astype(float)
