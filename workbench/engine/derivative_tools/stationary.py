"""Critical points (where every first derivative is 0) and inflection points (where the
second derivative changes sign), each classified by the test students learn."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import sympy

from workbench.engine.derivative_tools.common import sampler, variables
from workbench.engine.derivative_tools.numeric_roots import (
    WINDOW_1D, WINDOW_ND, flat_stretches, roots_1d, roots_nd)
from workbench.engine.differentiation.render import latex
from workbench.engine.results import ResultMixin
from workbench.protocol.steps import Step
from workbench.engine.symbols import realify, unrealify

# where periodic or numeric searches look, and how finely the numeric search samples
WINDOW = (-2 * sympy.pi, 2 * sympy.pi)
_ZERO = 1e-9


@dataclass(frozen=True)
class CriticalPoint(ResultMixin):
    """A point of interest: ``location`` (var name -> value), f's ``value`` there, its
    ``kind`` (minimum, maximum, saddle, inconclusive; inflection for inflection points)
    and the ``test`` that decided it, with a plain-words ``detail``."""

    location: dict[str, sympy.Expr]
    value: sympy.Expr
    kind: str
    test: str
    detail: str = ""


@dataclass(frozen=True)
class CriticalPoints(ResultMixin):
    """The critical points of ``expr`` found by solving ∇f = 0 over the reals."""

    expr: sympy.Expr
    vars: tuple[str, ...]
    points: list[CriticalPoint]
    note: str
    latex: str
    steps: list[Step] = field(default_factory=list)

    _SYMBOLIC = ("expr",)


@dataclass(frozen=True)
class InflectionPoints(ResultMixin):
    """The points where ``expr`` changes between concave up and concave down."""

    expr: sympy.Expr
    var: str
    points: list[CriticalPoint]
    note: str
    latex: str
    steps: list[Step] = field(default_factory=list)

    _SYMBOLIC = ("expr",)


def _sign(value: sympy.Expr) -> int | None:
    """-1, 0 or 1 for a real number (None when it is not one)."""
    try:
        number = complex(sympy.N(value))
    except (TypeError, ValueError):
        return None
    if not math.isfinite(number.real) or abs(number.imag) > 1e-9:
        return None
    return 0 if abs(number.real) <= _ZERO else (1 if number.real > 0 else -1)


def real_roots(expr: sympy.Expr, x: sympy.Symbol) -> tuple[list[sympy.Expr], str]:
    """Real solutions of expr = 0 and a note on how they were found (or why not)."""
    real_expr, back = realify(expr)
    xr = next((r for r, p in back.items() if p == x), x)
    try:
        found = sympy.solveset(real_expr, xr, sympy.S.Reals)
    except (NotImplementedError, ValueError, TypeError):
        found = None
    if isinstance(found, sympy.FiniteSet):
        return sorted((unrealify(r, back) for r in found), key=lambda r: float(sympy.N(r))), ""
    if found is sympy.S.EmptySet:
        return [], "No real solutions"
    if found == sympy.S.Reals:
        return [], "The equation holds for every x, so every point is critical"
    if found is not None and not isinstance(found, sympy.ConditionSet):
        window = found.intersect(sympy.Interval(*WINDOW))
        if isinstance(window, sympy.FiniteSet):
            roots = sorted(window, key=lambda r: float(sympy.N(r)))
            return [unrealify(r, back) for r in roots], "Infinitely many: showing −2π ≤ x ≤ 2π"
    return _numeric_roots(expr, x)


def _numeric_roots(expr: sympy.Expr, x: sympy.Symbol) -> tuple[list[sympy.Expr], str]:
    lo, hi = (int(v) for v in WINDOW_1D)
    roots = roots_1d(expr, x)
    flat = flat_stretches(expr, x)
    if flat:
        where = "; ".join(f"{a:g} ≤ x ≤ {b:g}" for a, b in flat)
        found = " (and isolated roots at the points listed)" if roots else ""
        return roots, (f"The slope is 0 on the whole stretch {where}: every point there is "
                       f"critical, where f is constant{found}")
    if not roots:
        return [], f"No exact solution found, and no numeric root in {lo} ≤ x ≤ {hi}"
    return roots, f"No exact solution: roots found numerically in {lo} ≤ x ≤ {hi}"


def _side_signs(df: sympy.Expr, x: sympy.Symbol, c: sympy.Expr,
                roots: list[sympy.Expr]) -> tuple[int | None, int | None]:
    """Signs of df just left and right of c (closer than any neighbouring root)."""
    here = float(sympy.N(c))
    gaps = [abs(float(sympy.N(r)) - here) for r in roots if r != c]
    delta = min([1e-3] + [g / 2 for g in gaps if g > 0])
    f = sampler(df, x)
    left, right = f(here - delta), f(here + delta)

    def sign(v: float) -> int | None:
        return None if not math.isfinite(v) else (0 if v == 0 else (1 if v > 0 else -1))

    return sign(left), sign(right)


def _classify_1d(f, df, d2f, x, c, roots) -> CriticalPoint:
    curvature = _sign(d2f.xreplace({x: c}))
    value = sympy.simplify(f.xreplace({x: c}))
    where = {x.name: c}
    if curvature == 1:
        return CriticalPoint(where, value, "minimum", "second_derivative", "f'' > 0: concave up")
    if curvature == -1:
        return CriticalPoint(where, value, "maximum", "second_derivative", "f'' < 0: concave down")
    left, right = _side_signs(df, x, c, roots)
    if (left, right) == (-1, 1):
        return CriticalPoint(where, value, "minimum", "first_derivative",
                             "f'' = 0, but f' goes from negative to positive")
    if (left, right) == (1, -1):
        return CriticalPoint(where, value, "maximum", "first_derivative",
                             "f'' = 0, but f' goes from positive to negative")
    return CriticalPoint(where, value, "inconclusive", "first_derivative",
                         "f' keeps its sign on both sides: "
                         "a flat inflection point, not an extremum")


def _real_diff(f: sympy.Expr, x: sympy.Symbol) -> sympy.Expr:
    """df/dx over the reals (|x|' = sign x, not sympy's complex form), in plain symbols."""
    real_f, back = realify(f)
    real_x = next((r for r, plain in back.items() if plain == x), x)
    return unrealify(sympy.diff(real_f, real_x), back)


def _critical_1d(f: sympy.Expr, x: sympy.Symbol) -> tuple[list[CriticalPoint], str, list[Step]]:
    df = _real_diff(f, x)
    d2f = _real_diff(df, x)
    roots, note = real_roots(df, x)
    points = [_classify_1d(f, df, d2f, x, c, roots) for c in roots]
    lx = latex(x)
    steps = [
        Step("derivative", "Differentiate: critical points are where the slope is 0",
             rf"f'({lx})", latex(df)),
        Step("solve", "Solve f'(x) = 0 over the real numbers" + (f" ({note})" if note else ""),
             rf"{latex(df)} = 0", _roots_latex(roots, x)),
        Step("classify", "Second-derivative test: f'' > 0 minimum, f'' < 0 maximum; "
             "if f'' = 0, look at the sign of f' on each side", rf"f''({lx})",
             latex(d2f), substeps=[_point_step(p) for p in points]),
    ]
    return points, note, steps


def _roots_latex(roots: list[sympy.Expr], x: sympy.Symbol) -> str:
    if not roots:
        return r"\text{no real solutions found}"
    return r",\ ".join(rf"{latex(x)} = {latex(r)}" for r in roots)


def _point_step(p: CriticalPoint) -> Step:
    where = r",\ ".join(rf"{latex(sympy.Symbol(k))} = {latex(v)}"
                        for k, v in p.location.items())
    return Step(p.kind, f"{p.kind.capitalize()} ({p.test.replace('_', ' ')} test): {p.detail}",
                where, rf"f = {latex(p.value)}")


def _solve_gradient(grad: list[sympy.Expr], xs: list[sympy.Symbol]) -> tuple[list[dict], str]:
    """Real solutions of ∇f = 0 as dicts var -> value (empty with a note if solve fails)."""
    real_grad, back = realify(sympy.Tuple(*grad))
    forward = {p: r for r, p in back.items()}
    real_xs = [forward.get(x, x) for x in xs]
    try:
        found = sympy.solve(list(real_grad), real_xs, dict=True)
    except (NotImplementedError, ValueError, TypeError):
        lo, hi = (int(v) for v in WINDOW_ND)
        numeric = roots_nd(grad, xs)
        where = f"searched numerically from starting points in [{lo}, {hi}] for each variable"
        return numeric, f"No exact solution of ∇f = 0: {where}"
    solutions = []
    for sol in found:
        values = {x: unrealify(sol.get(rx, rx), back) for x, rx in zip(xs, real_xs)}
        if all(v.free_symbols or _sign(v) is not None for v in values.values()):
            solutions.append(values)
    return solutions, "" if found or not any(grad) else "No real solutions of ∇f = 0"


def _directions(n: int) -> list[tuple[float, ...]]:
    """Unit vectors spread evenly around a point (a circle of 48, a sphere of 98)."""
    if n == 2:
        return [(math.cos(t), math.sin(t)) for t in (k * math.pi / 24 for k in range(48))]
    golden = math.pi * (3 - math.sqrt(5))  # Fibonacci sphere: near-uniform points
    count = 98
    out = []
    for k in range(count):
        z = 1 - 2 * (k + 0.5) / count
        r = math.sqrt(1 - z * z)
        out.append((r * math.cos(golden * k), r * math.sin(golden * k), z))
    return out


def _flat_directions(h: sympy.Matrix) -> list[tuple[float, ...]]:
    """± the eigenvectors of H with eigenvalue ~0: the directions where the quadratic
    term vanishes, so higher-order terms (−z⁴ in x² + y² − z⁴) decide the shape."""
    try:
        eig, vecs = np.linalg.eigh(np.array(h.evalf(), dtype=float))
    except (TypeError, ValueError, np.linalg.LinAlgError):
        return []
    scale = max(1.0, float(np.max(np.abs(eig))))
    flat = [vecs[:, k] for k in range(len(eig)) if abs(eig[k]) <= 1e-9 * scale]
    return [tuple(float(sign * c) for c in v) for v in flat for sign in (1, -1)]


def _higher_order(f: sympy.Expr, xs: list[sympy.Symbol], where: dict,
                  h: sympy.Matrix) -> CriticalPoint | None:
    """Where the Hessian test is undecided (x⁴ + y⁴): compare f at the point with f on
    small circles (spheres) around it and along H's flat directions, at 30 digits so
    that a rise of 1e-12 still shows. Rising every way: a minimum; falling every way: a
    maximum; both: a saddle (not an extremum). None when some neighbour ties with the
    point (x²y² along its axes)."""
    if len(xs) not in (2, 3):
        return None
    centre = [sympy.Float(sympy.N(v, 30), 30) for v in where.values()]
    base = f.evalf(30, subs=dict(zip(xs, centre)))
    signs = set()
    for radius in (1e-2, 1e-3):
        for u in _directions(len(xs)) + _flat_directions(h):
            env = {x: c + sympy.Float(radius * ui, 30) for x, c, ui in zip(xs, centre, u)}
            signs.add(_sign_of(f.evalf(30, subs=env) - base))
    location = {x.name: v for x, v in where.items()}
    value = sympy.simplify(f.xreplace(where))
    if signs == {1}:
        return CriticalPoint(location, value, "minimum", "higher_order",
                             "det H = 0, but f rises in every direction around the point")
    if signs == {-1}:
        return CriticalPoint(location, value, "maximum", "higher_order",
                             "det H = 0, but f falls in every direction around the point")
    if {1, -1} <= signs:
        return CriticalPoint(location, value, "saddle", "higher_order",
                             "det H = 0, but f rises in some directions and falls in others")
    return None


def _sign_of(number: sympy.Expr) -> int | None:
    try:
        v = float(number)
    except (TypeError, ValueError):
        return None
    return 0 if abs(v) < 1e-25 else (1 if v > 0 else -1)


def _classify_nd(f, hess: sympy.Matrix, xs, where: dict) -> CriticalPoint:
    location = {x.name: v for x, v in where.items()}
    if any(v.free_symbols for v in where.values()):
        return CriticalPoint(location, sympy.simplify(f.xreplace(where)), "inconclusive", "none",
                             "a whole curve of critical points, not an isolated one")
    point = _hessian_test(f, hess, xs, where)
    if point.kind == "inconclusive":
        return _higher_order(f, xs, where, hess.xreplace(where)) or point
    return point


def _hessian_test(f, hess: sympy.Matrix, xs, where: dict) -> CriticalPoint:
    location = {x.name: v for x, v in where.items()}
    value = sympy.simplify(f.xreplace(where))
    h = hess.xreplace(where)
    if len(xs) == 2:
        det, fxx = _sign(h.det()), _sign(h[0, 0])
        if det == 1:
            kind = "minimum" if fxx == 1 else "maximum"
            return CriticalPoint(location, value, kind, "hessian",
                                 f"det H > 0 and f_xx {'>' if fxx == 1 else '<'} 0")
        if det == -1:
            return CriticalPoint(location, value, "saddle", "hessian", "det H < 0")
        return CriticalPoint(location, value, "inconclusive", "hessian", "det H = 0")
    eig = np.linalg.eigvalsh(np.array(h.evalf(), dtype=float))
    if np.all(eig > _ZERO):
        return CriticalPoint(location, value, "minimum", "hessian", "H is positive definite")
    if np.all(eig < -_ZERO):
        return CriticalPoint(location, value, "maximum", "hessian", "H is negative definite")
    if eig.min() < -_ZERO and eig.max() > _ZERO:
        return CriticalPoint(location, value, "saddle", "hessian", "H has both signs")
    return CriticalPoint(location, value, "inconclusive", "hessian", "H is singular")


def _critical_nd(f: sympy.Expr,
                 xs: list[sympy.Symbol]) -> tuple[list[CriticalPoint], str, list[Step]]:
    grad = [_real_diff(f, x) for x in xs]
    hess = sympy.Matrix([[_real_diff(g, x) for x in xs] for g in grad])
    solutions, note = _solve_gradient(grad, xs)
    points = [_classify_nd(f, hess, xs, sol) for sol in solutions]
    names = ", ".join(x.name for x in xs)
    steps = [
        Step("gradient", f"Take every partial derivative (with respect to {names})",
             r"\nabla f", r"\left(" + r",\ ".join(latex(g) for g in grad) + r"\right)"),
        Step("solve", "Solve ∇f = 0: every partial derivative is 0 at once"
             + (f" ({note})" if note else ""),
             r",\ ".join(rf"{latex(g)} = 0" for g in grad),
             r";\ ".join(r",\ ".join(rf"{latex(x)} = {latex(v)}" for x, v in s.items())
                         for s in solutions) or r"\text{no real solutions found}"),
        Step("classify", "Hessian test: det H > 0 with f_xx > 0 minimum, with f_xx < 0 maximum; "
             "det H < 0 saddle; det H = 0 undecided", "H", latex(sympy.ImmutableMatrix(hess)),
             substeps=[_point_step(p) for p in points]),
    ]
    return points, note, steps


def critical_points(expr: str | sympy.Expr, vars=None) -> CriticalPoints:  # noqa: A002
    """Critical points of ``expr`` in ``vars`` (default: all its symbols), classified.

    One variable: f' = 0 solved over the reals (periodic solutions listed in
    [−2π, 2π], transcendental equations solved numerically in [−10, 10]), then the
    second-derivative test, falling back on the sign of f' when f'' = 0. Two or more:
    ∇f = 0 solved with sympy, then the Hessian test. Gives up with a ``note``.
    """
    f, xs = variables(expr, vars)
    if len(xs) == 1:
        points, note, steps = _critical_1d(f, xs[0])
    else:
        points, note, steps = _critical_nd(f, xs)
    summary = r",\quad ".join(
        r"\left(" + ", ".join(latex(v) for v in p.location.values())
        + rf"\right)\ \text{{{p.kind}}}" for p in points) or r"\text{no critical points found}"
    return CriticalPoints(f, tuple(x.name for x in xs), points, note, summary, steps)


def inflection_points(expr: str | sympy.Expr, var="x") -> InflectionPoints:
    """Points where f'' changes sign (candidates from f'' = 0, kept only on a sign change)."""
    f, (x,) = variables(expr, [var])
    d2f = _real_diff(_real_diff(f, x), x)
    d3f = _real_diff(d2f, x)
    candidates, note = real_roots(d2f, x)
    points = []
    for c in candidates:
        left, right = _side_signs(d2f, x, c, candidates)
        if left is not None and right is not None and left * right < 0:
            detail = "concave " + ("down then up" if left < 0 else "up then down")
            points.append(CriticalPoint({x.name: c}, sympy.simplify(f.xreplace({x: c})),
                                        "inflection", "second_derivative_sign", detail))
    steps = [
        Step("derivative", "Differentiate twice: f'' measures how the slope bends",
             rf"f''({latex(x)})", latex(d2f)),
        Step("solve", "Candidates: solve f''(x) = 0" + (f" ({note})" if note else ""),
             rf"{latex(d2f)} = 0", _roots_latex(candidates, x)),
        Step("classify", "Keep the candidates where f'' changes sign (concavity flips)",
             rf"f'''({latex(x)})", latex(d3f),
             substeps=[_point_step(p) for p in points]),
    ]
    summary = r",\quad ".join(rf"{latex(x)} = {latex(p.location[x.name])}"
                            for p in points) or r"\text{no inflection points found}"
    return InflectionPoints(f, x.name, points, note, summary, steps)
