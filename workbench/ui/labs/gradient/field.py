"""The numbers behind the gradient lab's pictures, with numpy only (no Qt, no sympy).

``FieldFunctions`` evaluates f and its partial derivatives (plain trees from the
worker) on grids and at points. The rest are pure array helpers: contour levels,
filled bands, isolines by vectorised marching squares, arrows as line segments. All
of them turn NaN and overflow into gaps, never into drawing garbage.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from workbench.protocol.syntax import Node, evaluate

Array = np.ndarray

#: Pale band colours (low -> high): dark isolines, arrows and paths stay readable on them.
BAND_STOPS = np.array([[0xd6, 0xe8, 0xfa], [0xe8, 0xf5, 0xe9], [0xff, 0xf8, 0xe1],
                       [0xff, 0xe0, 0xb2], [0xff, 0xcc, 0xbc]], dtype=float)


@dataclass(frozen=True)
class PointAnalysis:
    """f at a point, its gradient, a directional derivative, the Hessian and its eigenvalues.

    With one variable the gradient is (f',), the Hessian ((f'',),) and the direction ±1.
    """

    point: tuple[float, ...]
    value: float
    gradient: tuple[float, ...]
    direction: tuple[float, ...]  # unit vector
    directional: float
    hessian: tuple[tuple[float, ...], ...]
    eigenvalues: tuple[float, ...]


class FieldFunctions:
    """f and its derivatives as plain trees, evaluated with numpy.

    ``trees`` has ``f`` and, once the worker answered, ``fx``, ``fy``, ``fxx``, ``fxy``,
    ``fyy`` (only the ``x`` ones for one variable); a missing tree evaluates to NaN.
    """

    def __init__(self, trees: Mapping[str, Node | None], variables: Sequence[str]) -> None:
        self.trees = dict(trees)
        self.variables = tuple(variables)

    @property
    def dimension(self) -> int:
        """1 for f(x), 2 for f(x, y)."""
        return len(self.variables)

    def has(self, key: str) -> bool:
        """True when the tree ``key`` is known."""
        return self.trees.get(key) is not None

    def values(self, key: str, x: Array | float, y: Array | float = 0.0) -> Array:
        """Tree ``key`` at (x, y); NaN where undefined, not finite or unknown."""
        tree = self.trees.get(key)
        shape = np.broadcast(np.asarray(x), np.asarray(y)).shape
        if tree is None:
            return np.full(shape, np.nan)
        env = dict(zip(self.variables, (x, y)))
        try:
            out = np.broadcast_to(evaluate(tree, env), shape).astype(float)
        except (ArithmeticError, ValueError, TypeError):  # e.g. a tree using a new name
            return np.full(shape, np.nan)
        out[~np.isfinite(out)] = np.nan
        return out

    def grid(self, x_range: Sequence[float], y_range: Sequence[float],
             size: int = 400) -> tuple[Array, Array, Array]:
        """xs, ys and f on a ``size`` x ``size`` grid, indexed f[i, j] = f(xs[i], ys[j])."""
        xs = np.linspace(x_range[0], x_range[1], size)
        ys = np.linspace(y_range[0], y_range[1], size)
        return xs, ys, self.values("f", xs[:, None], ys[None, :])

    def analyse(self, point: Sequence[float], direction: Sequence[float]) -> PointAnalysis:
        """Everything the "at a point" panel shows for ``point`` and ``direction``."""
        p = tuple(float(v) for v in point)
        x, y = (p + (0.0,))[:2]
        names = "xy"[: self.dimension]
        grad = tuple(float(self.values(f"f{v}", x, y)) for v in names)
        hess = tuple(tuple(float(self.values("f" + "".join(sorted(a + b)), x, y))
                           for b in names) for a in names)
        u = unit(direction[: self.dimension])
        directional = float(np.dot(grad, u)) if u else math.nan
        return PointAnalysis(p, float(self.values("f", x, y)), grad, u or (math.nan,),
                             directional, hess, eigenvalues(hess))


def unit(vector: Sequence[float]) -> tuple[float, ...]:
    """``vector`` scaled to length 1; () when it is zero or not finite."""
    v = np.asarray(vector, dtype=float)
    norm = float(np.hypot.reduce(v)) if v.size else 0.0
    if not math.isfinite(norm) or norm == 0.0:
        return ()
    return tuple(float(c) for c in v / norm)


def eigenvalues(matrix: Sequence[Sequence[float]]) -> tuple[float, ...]:
    """Ascending eigenvalues of a symmetric matrix; NaNs when an entry is undefined."""
    m = np.asarray(matrix, dtype=float)
    if not np.all(np.isfinite(m)):
        return (math.nan,) * len(m)
    return tuple(float(v) for v in np.linalg.eigvalsh((m + m.T) / 2))


def contour_levels(z: Array, count: int = 10) -> Array:
    """About ``count`` isoline levels spread over the values f takes on the grid.

    Quantiles rather than equal steps, so a steep function (Rosenbrock) still gets
    isolines in its valley; rounded to two significant digits so the labels read well.
    """
    sample = z[:: max(1, z.shape[0] // 100), :: max(1, z.shape[-1] // 100)]
    finite = sample[np.isfinite(sample)]
    if finite.size < 4 or finite.min() == finite.max():
        return np.array([])
    raw = np.quantile(finite, np.linspace(0.04, 0.96, count))
    return np.unique([_round2(v) for v in raw])


def _round2(value: float) -> float:
    if value == 0 or not math.isfinite(value):
        return float(value)
    digits = 1 - int(math.floor(math.log10(abs(value))))
    return round(float(value), digits)


def band_colours(count: int) -> Array:
    """``count`` RGBA colours from the pale palette, plus a transparent one for gaps."""
    t = np.linspace(0, len(BAND_STOPS) - 1, max(count, 1))
    rgb = np.stack([np.interp(t, np.arange(len(BAND_STOPS)), BAND_STOPS[:, k])
                    for k in range(3)], axis=1)
    rgba = np.concatenate([rgb, np.full((len(rgb), 1), 255.0)], axis=1)
    return np.vstack([rgba, [0, 0, 0, 0]]).astype(np.uint8)


def band_image(z: Array, levels: Array) -> Array:
    """An RGBA image (indexed [i, j] like ``z``) of the band between levels each value is in."""
    colours = band_colours(len(levels) + 1)
    # one 32-bit word per colour: a 1-D take is several times faster than fancy-indexing rows
    words = colours.view(np.uint32).ravel()
    with np.errstate(invalid="ignore"):
        index = np.searchsorted(levels, z) if len(levels) else np.zeros(z.shape, np.intp)
    index[np.isnan(z)] = len(words) - 1  # searchsorted puts NaN past the top band
    return words.take(index).view(np.uint8).reshape(*z.shape, 4)


def isolines(xs: Array, ys: Array, z: Array, level: float) -> tuple[Array, Array]:
    """The isoline f = ``level`` as segments (x, y arrays of point pairs, for connect="pairs")."""
    return isolines_all(xs, ys, z, np.array([level]))[0]


def isolines_all(xs: Array, ys: Array, z: Array, levels: Array) -> list[tuple[Array, Array]]:
    """The isolines of every level (sorted), as segment point pairs, one entry per level.

    Marching squares over all cells at once. Each grid node gets its band index once
    (how many levels lie below it), so finding the cells a level crosses is two small
    integer comparisons per level. Cells touching an undefined value are skipped: an
    isoline stops at a gap instead of jumping across it.
    """
    finite = np.isfinite(z)
    cells = finite[:-1, :-1] & finite[1:, :-1] & finite[1:, 1:] & finite[:-1, 1:]
    band = np.searchsorted(levels, np.where(finite, z, -np.inf)).astype(np.int16)
    corners = (band[:-1, :-1], band[1:, :-1], band[1:, 1:], band[:-1, 1:])
    low = np.minimum(np.minimum(corners[0], corners[1]), np.minimum(corners[2], corners[3]))
    high = np.maximum(np.maximum(corners[0], corners[1]), np.maximum(corners[2], corners[3]))
    low[~cells] = np.iinfo(np.int16).max  # never crossed
    found = [np.nonzero((low <= k) & (high > k)) for k in range(len(levels))]
    i = np.concatenate([f[0] for f in found] or [np.empty(0, np.intp)])
    j = np.concatenate([f[1] for f in found] or [np.empty(0, np.intp)])
    k = np.repeat(np.arange(len(levels)), [len(f[0]) for f in found])
    x, y, seg_k = _cell_segments(xs, ys, z, corners, i, j, k, np.asarray(levels)[k])
    order = np.argsort(seg_k, kind="stable")
    bounds = np.cumsum(np.bincount(seg_k, minlength=len(levels)))[:-1] * 2
    xs_split = np.split(x.reshape(-1, 2)[order].ravel(), bounds)
    ys_split = np.split(y.reshape(-1, 2)[order].ravel(), bounds)
    return list(zip(xs_split, ys_split))


def _cell_segments(xs: Array, ys: Array, z: Array, corners: tuple[Array, ...], i: Array,
                   j: Array, k: Array, level: Array) -> tuple[Array, Array, Array]:
    """Segments through crossed cells (i, j) of level index k / value ``level``, all at once:
    x and y point pairs, and the level index of each segment."""
    if i.size == 0:
        return np.empty(0), np.empty(0), np.empty(0, np.intp)
    a, b, c, d = z[i, j], z[i + 1, j], z[i + 1, j + 1], z[i, j + 1]
    x0, x1, y0, y1 = xs[i], xs[i + 1], ys[j], ys[j + 1]
    with np.errstate(all="ignore"):
        # crossing points on the edges a-b (bottom), b-c (right), d-c (top), a-d (left)
        px = np.stack([x0 + (level - a) / (b - a) * (x1 - x0), x1,
                       x0 + (level - d) / (c - d) * (x1 - x0), x0], axis=1)
        py = np.stack([y0, y0 + (level - b) / (c - b) * (y1 - y0), y1,
                       y0 + (level - a) / (d - a) * (y1 - y0)], axis=1)
    up = [corner[i, j] > k for corner in corners]
    crossed = np.stack([up[0] != up[1], up[1] != up[2], up[3] != up[2], up[0] != up[3]], axis=1)
    two = crossed.sum(axis=1) == 2
    rows, starts, ends = [np.nonzero(two)[0]], [np.argmax(crossed, axis=1)[two]], \
        [(3 - np.argmax(crossed[:, ::-1], axis=1))[two]]
    saddle = np.nonzero(~two)[0]
    if saddle.size:  # two segments; the centre value decides which corners they cut off
        centre_up = (a + b + c + d)[saddle] / 4 > level[saddle]
        cut_a = up[0][saddle] != centre_up
        pairs = np.where(cut_a[:, None], [[3, 0, 1, 2]], [[0, 1, 2, 3]])
        rows += [saddle, saddle]
        starts += [pairs[:, 0], pairs[:, 2]]
        ends += [pairs[:, 1], pairs[:, 3]]
    row, s, e = np.concatenate(rows), np.concatenate(starts), np.concatenate(ends)
    x = np.stack([px[row, s], px[row, e]], axis=1).ravel()
    y = np.stack([py[row, s], py[row, e]], axis=1).ravel()
    return x, y, k[row]


def arrow_segments(x: Array, y: Array, dx: Array, dy: Array,
                   head: float = 0.32) -> tuple[Array, Array]:
    """Arrows from (x, y) along (dx, dy) as point pairs: a shaft and two head strokes each.

    Arrows with a non-finite or zero vector are left out.
    """
    x, y, dx, dy = (np.ravel(np.asarray(v, dtype=float)) for v in (x, y, dx, dy))
    keep = np.isfinite(x + y + dx + dy) & ((dx != 0) | (dy != 0))
    x, y, dx, dy = x[keep], y[keep], dx[keep], dy[keep]
    tip_x, tip_y = x + dx, y + dy
    cos, sin = math.cos(math.radians(25)), math.sin(math.radians(25))
    bx, by = -dx * head, -dy * head
    left_x, left_y = tip_x + bx * cos - by * sin, tip_y + bx * sin + by * cos
    right_x, right_y = tip_x + bx * cos + by * sin, tip_y - bx * sin + by * cos
    xs = np.stack([x, tip_x, tip_x, left_x, tip_x, right_x], axis=1).ravel()
    ys = np.stack([y, tip_y, tip_y, left_y, tip_y, right_y], axis=1).ravel()
    return xs, ys


def gradient_arrows(functions: FieldFunctions, x_range: Sequence[float],
                    y_range: Sequence[float], count: int = 18) -> tuple[Array, Array]:
    """∇f on a ``count`` x ``count`` grid of cell centres, as arrow segments.

    Lengths are scaled to the cell size (the longest 10% fill 85% of a cell, the
    shortest are at least a sixth of it), so the arrows show directions and
    relative steepness without overlapping. Directions are true in data units: the
    contour view keeps x and y at the same scale, so arrows cross isolines at right angles.
    """
    cx = (x_range[1] - x_range[0]) / count
    cy = (y_range[1] - y_range[0]) / count
    gx = x_range[0] + cx * (np.arange(count) + 0.5)
    gy = y_range[0] + cy * (np.arange(count) + 0.5)
    px, py = np.meshgrid(gx, gy, indexing="ij")
    fx, fy = functions.values("fx", px, py), functions.values("fy", px, py)
    with np.errstate(all="ignore"):
        size = np.hypot(fx, fy)
        finite = size[np.isfinite(size) & (size > 0)]
        if finite.size == 0:
            return np.empty(0), np.empty(0)
        reference = np.quantile(finite, 0.9)
        length = np.clip(size / reference, 1 / 6, 1.0) * 0.85 * min(cx, cy)
        dx, dy = fx / size * length, fy / size * length
    return arrow_segments(px - dx / 2, py - dy / 2, dx, dy)


def path_in_sight(points: Array, x_range: Sequence[float],
                  y_range: Sequence[float], reach: float = 1000.0) -> int:
    """How many leading points of a path stay within ``reach`` view-widths of the view.

    Drawing lines to 1e11 would make Qt's rasteriser draw garbage, so paths are cut
    where they fly off the plot.
    """
    if len(points) == 0:
        return 0
    centre = np.array([sum(x_range) / 2, sum(y_range) / 2])[: points.shape[1]]
    span = np.array([x_range[1] - x_range[0], y_range[1] - y_range[0]])[: points.shape[1]]
    far = np.any(~np.isfinite(points) | (np.abs(points - centre) > reach * span), axis=1)
    return int(np.argmax(far)) if far.any() else len(points)
