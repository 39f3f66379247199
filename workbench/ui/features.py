"""Where a function is worth looking at, and a y-range that shows all of it (numpy only).

``find_features`` locates, within a visible x-range, a curve's zeros, extrema and
inflection points, the edges of its domain and the edges of its vertical asymptotes
(poles and blow-ups). ``view_range`` picks a y-range that contains every finite
feature of every drawn curve, and lets the bulk of the values widen it only so far:
``x^x`` climbing past 10^5 or the approach to a pole of ``tan`` never squeezes the dip
or the zero crossings into a line.

The curves are plain trees evaluated with :func:`workbench.protocol.syntax.evaluate`
(no Qt, no sympy); a derivative that has no tree yet (the worker has not answered)
is taken by central differences.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from workbench.protocol.syntax import EvaluationError, Node
from workbench.ui.sampling import evaluate_on

Array = np.ndarray
Function = Callable[[Array], Array]

GRID_POINTS = 2001
BISECTION_ROUNDS = 60
# Past this many "spreads" of the features, the bulk of the values may not widen the view
SPREAD_LIMIT = 4.0
# A domain edge whose value is this many times the typical size of the curve is a blow-up
BLOW_UP = 10.0
PAD = 0.08
KINDS = ("zero", "maximum", "minimum", "inflection", "edge", "asymptote")


@dataclass(frozen=True)
class Feature:
    """One point worth seeing: ``kind`` (one of ``KINDS``) at ``x``; ``y`` is the curve's
    value there (NaN for an asymptote, whose value is unbounded)."""

    kind: str
    x: float
    y: float


def tree_function(tree: Node, var: str) -> Function:
    """``tree`` as a function of arrays (NaN where undefined or infinite)."""
    return lambda xs: evaluate_on(tree, var, xs)


def numeric_derivative(f: Function) -> Function:
    """The central-difference derivative of ``f`` (for a curve whose tree is not known)."""

    def derivative(xs: Array) -> Array:
        h = 1e-5 * (1.0 + np.abs(xs))
        with np.errstate(all="ignore"):  # beside a pole the difference overflows: undefined
            slope = (f(xs + h) - f(xs - h)) / (2.0 * h)
        slope[~np.isfinite(slope)] = np.nan
        return slope

    return derivative


def find_features(f: Function, x_min: float, x_max: float, df: Function | None = None,
                  d2f: Function | None = None, points: int = GRID_POINTS) -> list[Feature]:
    """The features of ``f`` on ``[x_min, x_max]``, sorted by x.

    ``df`` and ``d2f`` are f' and f'' when known; otherwise they are taken numerically.
    """
    df = df or numeric_derivative(f)
    d2f = d2f or numeric_derivative(df)
    xs = np.linspace(float(x_min), float(x_max), max(int(points), 3))
    ys = f(xs)
    crossings, poles = _sign_changes(f, xs, ys)
    features = [Feature("asymptote", float(x), np.nan) if pole else Feature("zero", float(x), 0.0)
                for x, pole in zip(crossings, poles)]
    features += _domain_edges(f, xs, ys)  # before the extrema: f's own edges are exact
    features += _extrema(f, df, xs)
    bends, grew = _sign_changes(d2f, xs, d2f(xs))
    heights = f(bends)
    keep = ~grew & np.isfinite(heights) & ~_blows_up(f, bends, xs)
    features += [Feature("inflection", float(x), float(y))
                 for x, y in zip(bends[keep], heights[keep])]
    # the first found of a kind wins: a pole from f's own sign change is the most precise
    distinct = _distinct(features, x_max - x_min)
    return sorted(distinct, key=lambda feat: (feat.x, feat.kind))


def _extrema(f: Function, df: Function, xs: Array) -> list[Feature]:
    """Where f' changes sign: a maximum (+ to -), a minimum (- to +), or a pole of f."""
    turns, _grew = _sign_changes(df, xs, df(xs))
    heights = f(turns)
    poles = ~np.isfinite(heights) | _blows_up(f, turns, xs)
    rising = df(turns - 1e-3 * (xs[1] - xs[0])) > 0  # f' just before the turn
    return [Feature("asymptote", float(x), np.nan) if pole
            else Feature("maximum" if up else "minimum", float(x), float(y))
            for x, y, pole, up in zip(turns, heights, poles, rising)]


def _blows_up(f: Function, at: Array, xs: Array) -> Array:
    """Where |f| grows without bound toward each point of ``at`` (a pole that looks like
    an extremum or an inflection)."""
    step = xs[1] - xs[0]
    near = np.fmin(np.abs(f(at - 1e-6 * step)), np.abs(f(at + 1e-6 * step)))
    far = np.fmax(np.abs(f(at - step)), np.abs(f(at + step)))
    with np.errstate(invalid="ignore"):
        return np.isfinite(far) & (near > 100.0 * np.maximum(far, 1e-300))


def _sign_changes(g: Function, xs: Array, ys: Array) -> tuple[Array, Array]:
    """Where ``g`` changes sign between two defined neighbours, bisected, and whether |g|
    grew on the way in there (a pole, not a zero). Exact zeros on the grid count too."""
    finite = np.isfinite(ys)
    exact = xs[finite & (ys == 0)]
    pairs = np.flatnonzero(finite[:-1] & finite[1:] & (ys[:-1] * ys[1:] < 0))
    a, b = xs[pairs].copy(), xs[pairs + 1].copy()
    ya = ys[pairs].copy()
    small = np.minimum(np.abs(ya), np.abs(ys[pairs + 1]))
    large = np.maximum(np.abs(ya), np.abs(ys[pairs + 1]))
    for _ in range(BISECTION_ROUNDS if pairs.size else 0):
        m = 0.5 * (a + b)
        ym = g(m)
        left = np.sign(ym) == np.sign(ya)
        a, ya = np.where(left, m, a), np.where(left, ym, ya)
        b = np.where(left, b, m)
    mid = 0.5 * (a + b)
    end = np.abs(g(mid)) if pairs.size else mid
    # a zero ends far below both bracket values; a pole (tan at pi/2) ends far above one
    grew = ~np.isfinite(end) | ((end > small) & (end > 1e-6 * large))
    return np.concatenate([exact, mid]), np.concatenate([np.zeros(exact.shape, bool), grew])


def _domain_edges(f: Function, xs: Array, ys: Array) -> list[Feature]:
    """Where f stops being defined: an edge with its value, or an asymptote if it blows up.

    All edges are bisected at once (a function like sqrt(sin(50x)) has dozens)."""
    finite = np.isfinite(ys)
    turns = np.flatnonzero(finite[:-1] != finite[1:])
    if turns.size == 0:
        return []
    typical = _typical_size(ys[finite])
    a, b, inside_left = xs[turns].copy(), xs[turns + 1].copy(), finite[turns]
    for _ in range(BISECTION_ROUNDS):
        m = 0.5 * (a + b)
        same = np.isfinite(f(m)) == inside_left  # m on the side a is on
        a, b = np.where(same, m, a), np.where(same, b, m)
    edge = np.where(inside_left, a, b)
    values = f(edge)
    inward = edge + np.where(inside_left, -1.0, 1.0) * 1e-6 * (xs[-1] - xs[0])
    before = np.abs(f(inward))
    return [Feature("asymptote", float(x), np.nan) if _edge_blows_up(float(y), float(near),
                                                                      typical)
            else Feature("edge", float(x), float(y))
            for x, y, near in zip(edge, values, before)]


def _edge_blows_up(y: float, before: float, typical: float) -> bool:
    """True when f runs off to infinity at a domain edge, however slowly (ln x at 0):
    its value at the edge is huge, or still growing fast over the last millionth
    (``before`` is |f| a millionth of the range inside)."""
    if not np.isfinite(y) or abs(y) > BLOW_UP * typical:
        return True
    return abs(y) > 1.5 * before and abs(y) - before > 1e-3 * typical


def _typical_size(values: Array) -> float:
    """How big the curve's values usually are (its middle half), never zero."""
    if values.size == 0:
        return 1.0
    lo, hi = np.percentile(values, [25.0, 75.0])
    return max(abs(float(lo)), abs(float(hi)), float(hi - lo), 1e-12)


def _distinct(features: list[Feature], width: float) -> list[Feature]:
    """Features of one kind closer than a ten-thousandth of the range are one feature
    (the first found is kept)."""
    order = sorted(range(len(features)), key=lambda i: (features[i].kind, features[i].x))
    kept: list[int] = []
    for i in order:
        last = features[kept[-1]] if kept else None
        if last is not None and last.kind == features[i].kind and \
                abs(last.x - features[i].x) < 1e-4 * width:
            if i < kept[-1]:  # found earlier: the more precise one
                kept[-1] = i
            continue
        kept.append(i)
    return [features[i] for i in sorted(kept)]


@dataclass(frozen=True)
class CurveView:
    """One drawn curve for ``view_range``: its function, its features, and its samples."""

    features: list[Feature]
    values: Array


def curve_view(f: Function, x_min: float, x_max: float, df: Function | None = None,
               d2f: Function | None = None) -> CurveView:
    """The features and samples of one drawn curve on ``[x_min, x_max]``."""
    xs = np.linspace(float(x_min), float(x_max), GRID_POINTS)
    return CurveView(find_features(f, x_min, x_max, df, d2f), f(xs))


def view_range(curves: Sequence[CurveView]) -> tuple[float, float]:
    """A y-range containing every finite feature of ``curves``, widened by the bulk of
    their values (10th to 90th percentile) only up to ``SPREAD_LIMIT`` times the spread
    of the features, so poles and explosive growth do not flatten what matters."""
    ys = np.array([feat.y for c in curves for feat in c.features if np.isfinite(feat.y)])
    values = np.concatenate([c.values[np.isfinite(c.values)] for c in curves]) \
        if curves else np.array([])
    bulk = np.percentile(values, [10.0, 90.0]) if values.size else None
    if ys.size == 0 and bulk is None:
        return -1.0, 1.0
    if ys.size == 0:
        lo, hi = float(bulk[0]), float(bulk[1])
    else:
        lo, hi = float(ys.min()), float(ys.max())
        if bulk is not None:
            spread = _spread(lo, hi, values)
            lo = min(lo, max(float(bulk[0]), lo - SPREAD_LIMIT * spread))
            hi = max(hi, min(float(bulk[1]), hi + SPREAD_LIMIT * spread))
    if hi - lo < 1e-9 * max(1.0, abs(lo), abs(hi)):
        half = max(1.0, abs(lo) * 0.5)
        return lo - half, hi + half
    pad = PAD * (hi - lo)
    return lo - pad, hi + pad


def _spread(lo: float, hi: float, values: Array) -> float:
    """The scale of the features: their span (at least half their height), or when they
    sit at one height (x^3 has all its features at 0) the typical size of the values."""
    typical = _typical_size(values)
    if hi - lo > 1e-6 * typical:
        return max(hi - lo, 0.5 * max(abs(lo), abs(hi)))
    return max(0.5 * abs(lo), 0.5 * typical)


def curves_view_range(trees: Sequence[tuple[Node, Node | None, Node | None]], var: str,
                      x_min: float, x_max: float) -> tuple[tuple[float, float], list[Feature]]:
    """For drawn curves given as (tree, its derivative's tree or None, its second's or
    None): the y-range that shows them, and all their features."""
    views = []
    for tree, d1, d2 in trees:
        try:
            f = tree_function(tree, var)
            views.append(curve_view(f, x_min, x_max, d1 and tree_function(d1, var),
                                    d2 and tree_function(d2, var)))
        except EvaluationError:  # a curve in other letters is not drawn against var
            continue
    return view_range(views), [feat for v in views for feat in v.features]
