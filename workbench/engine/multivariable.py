"""Several variables: gradient, Hessian, Jacobian, directional derivative, step-size limits.

Every function takes the expression as text (parsed with :func:`parse`) or sympy, the
variables as names or symbols, and an optional point (a sequence in the order of the
variables, or a dict name -> number). Partial derivatives are taken with real symbols
(so |x|' is sign x, not the complex-analysis formula) and returned with the plain
symbols the parser makes.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Union

import numpy as np
import sympy

from workbench.engine.latex import latex as to_latex
from workbench.engine.parsing import parse, parse_bound
from workbench.engine.precision import DIGITS, exact_number, real_value
from workbench.engine.results import ResultMixin
from workbench.protocol.steps import Step
from workbench.engine.symbols import realify, unrealify
from workbench.engine.trees import UnsupportedExpression, to_tree

ExprLike = Union[str, sympy.Expr]
VarsLike = Union[str, sympy.Symbol, Iterable[Union[str, sympy.Symbol]]]
PointLike = Union[Sequence[Any], Mapping[Any, Any]]


def var_names(variables: VarsLike) -> list[str]:
    """Variable names from names, symbols, or one string ("x y" or "x, y")."""
    if isinstance(variables, sympy.Symbol):
        return [variables.name]
    if isinstance(variables, str):
        names = variables.replace(",", " ").split()
    else:
        names = [v.name if isinstance(v, sympy.Symbol) else str(v) for v in variables]
    if not names:
        raise ValueError("Name at least one variable")
    if len(set(names)) != len(names):
        raise ValueError(f"A variable is named twice in {names}")
    return names


def prepare(expr: ExprLike, variables: VarsLike) -> tuple[sympy.Expr, list[sympy.Symbol]]:
    """The parsed expression and the symbols of ``variables`` as they occur in it
    (a sympy expression's symbols may carry assumptions; those are the ones to use)."""
    names = var_names(variables)
    parsed = parse(expr, variables=names)
    present = {s.name: s for s in parsed.free_symbols if isinstance(s, sympy.Symbol)}
    return parsed, [present.get(name, sympy.Symbol(name)) for name in names]


def point_values(at: PointLike, names: Sequence[str]) -> list[sympy.Expr]:
    """Exact coordinates of a point given as a sequence (in ``names`` order) or a dict."""
    if isinstance(at, Mapping):
        given = {k.name if isinstance(k, sympy.Symbol) else str(k): v for k, v in at.items()}
        missing = [n for n in names if n not in given]
        if missing:
            raise ValueError(f"The point gives no value for {', '.join(missing)}")
        values = [given[n] for n in names]
    else:
        values = [at] if isinstance(at, (numbers.Real, str, sympy.Basic)) else list(at)
        if len(values) != len(names):
            raise ValueError(f"The point has {len(values)} coordinates for "
                             f"{len(names)} variables ({', '.join(names)})")
    return [exact_number(parse_bound(_plain(v))) for v in values]


def _plain(value: Any) -> Any:
    """numpy scalars as Python numbers (integers stay exact)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return value
    return int(value) if isinstance(value, numbers.Integral) else float(value)


def partial(expr: sympy.Expr, var: sympy.Symbol) -> sympy.Expr:
    """∂expr/∂var over the reals, with the original symbols in the answer."""
    real_expr, back = realify(expr)
    real_var = next((r for r, plain in back.items() if plain == var), var)
    return unrealify(sympy.diff(real_expr, real_var), back)


def _at(expr: sympy.Expr, symbols: Sequence[sympy.Symbol], point: Sequence[sympy.Expr]) -> float:
    value = expr.xreplace(dict(zip(symbols, point)))
    if value.free_symbols:
        extra = ", ".join(sorted(s.name for s in value.free_symbols))
        raise ValueError(f"Give {extra} a value or list it as a variable")
    return real_value(value)


def _where(at: PointLike, symbols: Sequence[sympy.Symbol]) -> tuple[list[sympy.Expr], list[float]]:
    exact = point_values(at, [s.name for s in symbols])
    return exact, [real_value(p) for p in exact]


def _tree(expr: sympy.Expr) -> Any:
    try:
        return to_tree(expr)
    except UnsupportedExpression:
        return None


def _rule_steps(expr: sympy.Expr, var: sympy.Symbol) -> list[Step]:
    """The single-variable derivation of ∂expr/∂var from the derivative engine."""
    try:
        from workbench.engine.differentiation import derivative
        return list(derivative(expr, var.name).steps)
    except Exception:  # noqa: BLE001 - missing or failing rule steps must not cost the result
        return []


def _vector(entries: Iterable[Any]) -> str:
    return r"\begin{pmatrix}" + r" \\ ".join(_tex(e) for e in entries) + r"\end{pmatrix}"


def _matrix(rows: Iterable[Iterable[Any]]) -> str:
    body = r" \\ ".join(" & ".join(_tex(e) for e in row) for row in rows)
    return r"\begin{pmatrix}" + body + r"\end{pmatrix}"


def _tex(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.6g}" if math.isfinite(value) else r"\text{undefined}"
    return to_latex(value)


def _point_tex(point: Sequence[sympy.Expr]) -> str:
    return r"\left(" + ", ".join(to_latex(p) for p in point) + r"\right)"


def _partial_step(expr: sympy.Expr, var: sympy.Symbol, symbols: Sequence[sympy.Symbol],
                  result: sympy.Expr, name: str = "f", rules: bool = True) -> Step:
    held = ", ".join(s.name for s in symbols if s != var)
    v = to_latex(var)
    title = (f"Differentiate with respect to {var.name}, holding {held} constant"
             if held else f"Differentiate with respect to {var.name}")
    return Step(
        rule="partial", title=title,
        before=rf"\frac{{\partial {name}}}{{\partial {v}}}"
               rf" = \frac{{\partial}}{{\partial {v}}}\left({to_latex(expr)}\right)",
        after=to_latex(result), substeps=_rule_steps(expr, var) if rules else [],
        subject=_tree(expr), result=_tree(result), var=var.name)


@dataclass(frozen=True)
class Gradient(ResultMixin):
    """∇f in the order of ``vars``; at a point, ``value`` (∇f there), ``function_value``."""

    expr: sympy.Expr
    vars: list[str]
    result: list[sympy.Expr]
    at: list[float] | None
    value: list[float] | None
    function_value: float | None
    latex: str
    steps: list[Step] = field(default_factory=list)

    _SYMBOLIC = ("expr",)


def gradient(expr: ExprLike, vars: VarsLike,  # noqa: A002 - the name ENGINE_API uses
             at: PointLike | None = None) -> Gradient:
    """The gradient of ``expr`` with one step per partial derivative.

    Each step's title names the variables held constant; its substeps are the
    single-variable derivation of that partial derivative.
    """
    f, symbols = prepare(expr, vars)
    parts = [partial(f, s) for s in symbols]
    steps = [_partial_step(f, s, symbols, d) for s, d in zip(symbols, parts)]
    latex = r"\nabla f = " + _vector(parts)
    point = value = f_value = None
    if at is not None:
        exact, point = _where(at, symbols)
        value = [_at(d, symbols, exact) for d in parts]
        f_value = _at(f, symbols, exact)
        latex += rf", \quad \nabla f{_point_tex(exact)} = " + _vector(value)
    return Gradient(f, [s.name for s in symbols], parts, point, value, f_value, latex, steps)


@dataclass(frozen=True)
class Hessian(ResultMixin):
    """The matrix of second partial derivatives; with a point, its value and eigenvalues."""

    expr: sympy.Expr
    vars: list[str]
    result: list[list[sympy.Expr]]
    at: list[float] | None
    value: list[list[float]] | None
    eigenvalues: list[float] | None
    latex: str
    steps: list[Step] = field(default_factory=list)

    _SYMBOLIC = ("expr",)


def hessian(expr: ExprLike, vars: VarsLike, at: PointLike | None = None,  # noqa: A002
            *, rule_steps: bool = True) -> Hessian:
    """The Hessian of ``expr``: H[i][j] = ∂²f/∂v_i∂v_j (symmetric for smooth f).

    Steps: one per first partial derivative, each with substeps differentiating it
    again with respect to every variable. Eigenvalues (ascending) come with a point.
    ``rule_steps=False`` leaves out the single-variable derivations under each partial
    derivative (n + n² calls of the derivative engine; the bulk of the time).
    """
    f, symbols = prepare(expr, vars)
    firsts = [partial(f, s) for s in symbols]
    matrix = [[partial(d, s) for s in symbols] for d in firsts]
    steps = []
    for var, first, row in zip(symbols, firsts, matrix):
        step = _partial_step(f, var, symbols, first, "f", rule_steps)
        name = rf"f_{{{to_latex(var)}}}"
        seconds = [_partial_step(first, s, symbols, d, name, rule_steps)
                   for s, d in zip(symbols, row)]
        steps.append(Step(step.rule, step.title, step.before, step.after,
                          step.substeps + seconds, step.subject, step.result, step.var))
    latex = r"H_f = " + _matrix(matrix)
    point = value = eigen = None
    if at is not None:
        exact, point = _where(at, symbols)
        value = [[_at(e, symbols, exact) for e in row] for row in matrix]
        eigen = _eigenvalues(value, [[e.xreplace(dict(zip(symbols, exact))) for e in row]
                                     for row in matrix])
        latex += rf", \quad H_f{_point_tex(exact)} = " + _matrix(value)
    return Hessian(f, [s.name for s in symbols], matrix, point, value, eigen, latex, steps)


def _eigenvalues(matrix: list[list[float]], exact: list[list[sympy.Expr]]) -> list[float]:
    """Eigenvalues (ascending) of the symmetric Hessian, each to the last digit of a double.

    Worked out by mpmath at 30 digits from the exact entries: the smaller eigenvalue of
    an ill-conditioned H, found in floats, carries an error of about 1e-16·λ_max.
    """
    array = np.array(matrix, dtype=float)
    if not np.all(np.isfinite(array)):
        return [math.nan] * len(matrix)
    import mpmath

    try:
        with mpmath.workdps(DIGITS):
            entries = [[mpmath.mpf(str(sympy.N(e, DIGITS))) for e in row] for row in exact]
            sym = mpmath.matrix(entries)
            sym = (sym + sym.T) / 2  # symmetric for every twice continuously differentiable f
            return sorted(float(v) for v in mpmath.eigsy(sym, eigvals_only=True))
    except (TypeError, ValueError, ZeroDivisionError):
        return [float(v) for v in np.linalg.eigvalsh((array + array.T) / 2)]


@dataclass(frozen=True)
class Jacobian(ResultMixin):
    """The Jacobian of a vector function: one row per component, one column per variable.

    With a point, ``value`` is J there and ``function_value`` the components' values;
    each row's step then ends with that row's numbers.
    """

    exprs: list[sympy.Expr]
    vars: list[str]
    result: list[list[sympy.Expr]]
    at: list[float] | None
    value: list[list[float]] | None
    shape: tuple[int, int]
    latex: str
    steps: list[Step] = field(default_factory=list)
    function_value: list[float] | None = None


def jacobian(exprs: ExprLike | Sequence[ExprLike], vars: VarsLike,  # noqa: A002
             at: PointLike | None = None) -> Jacobian:
    """J[i][j] = ∂f_i/∂v_j. One step per component (its gradient, partial by partial).

    ``exprs`` is a list of components, one expression, or one text holding a vector
    such as ``"[x*y, x + y^2]"``.
    """
    items = _components(exprs)
    parsed = [prepare(e, vars) for e in items]
    funcs, names = [f for f, _ in parsed], var_names(vars)
    # one symbol per name: the one some component actually contains (it may carry assumptions)
    symbols = [next((syms[i] for f, syms in parsed if syms[i] in f.free_symbols), sympy.Symbol(n))
               for i, n in enumerate(names)]
    matrix = [[partial(f, s) for s in symbols] for f in funcs]
    point = value = f_value = exact = None
    if at is not None:
        exact, point = _where(at, symbols)
        value = [[_at(e, symbols, exact) for e in row] for row in matrix]
        f_value = [_at(f, symbols, exact) for f in funcs]
    steps = [_jacobian_row(i, f, row, symbols, exact, value[i - 1] if value else None)
             for i, (f, row) in enumerate(zip(funcs, matrix), start=1)]
    latex = r"J = " + _matrix(matrix)
    if exact is not None:
        latex += rf", \quad J{_point_tex(exact)} = " + _matrix(value or [])
    return Jacobian(funcs, names, matrix, point, value, (len(funcs), len(symbols)), latex, steps,
                    f_value)


def _components(exprs: ExprLike | Sequence[ExprLike]) -> list[ExprLike]:
    """The components of a vector function given as a list, one expression, or "[f1, f2]"."""
    if isinstance(exprs, str) and exprs.lstrip().startswith("["):
        from workbench.protocol.matrices import vector_texts

        return list(vector_texts(exprs))
    items = [exprs] if isinstance(exprs, (str, sympy.Basic)) else list(exprs)
    if not items:
        raise ValueError("A vector function needs at least one component")
    return items


def _jacobian_row(i: int, f: sympy.Expr, row: list[sympy.Expr], symbols: list[sympy.Symbol],
                  point: list[sympy.Expr] | None, values: list[float] | None) -> Step:
    """Row i of J: the gradient of component i, partial by partial (and its value at a point)."""
    subs = [_partial_step(f, s, symbols, d, f"f_{{{i}}}") for s, d in zip(symbols, row)]
    after = _matrix([row])
    title = f"Row {i}: the gradient of component {i}"
    if point is not None and values is not None:
        after += rf" \;\Big|_{{{_point_tex(point)}}} = " + _matrix([values])
        title += " and its value at the point"
    return Step("gradient", title, rf"\nabla f_{{{i}}} = \nabla\left({to_latex(f)}\right)",
                after, subs, _tree(f), None, None)


@dataclass(frozen=True)
class DirectionalDerivative(ResultMixin):
    """D_u f at a point: the slope of f along the unit vector u = direction/|direction|."""

    expr: sympy.Expr
    vars: list[str]
    at: list[float]
    direction: list[float]
    unit_direction: list[float]
    gradient: list[float]
    function_value: float
    value: float
    result: sympy.Expr
    latex: str
    steps: list[Step] = field(default_factory=list)

    _SYMBOLIC = ("expr", "result")


def directional_derivative(expr: ExprLike, vars: VarsLike, at: PointLike,  # noqa: A002
                           direction: PointLike) -> DirectionalDerivative:
    """D_u f(p) = ∇f(p) · u with u the unit vector along ``direction`` (never zero).

    ``result`` is ∇f · u as an expression in the variables (the slope along u
    everywhere); ``value`` is its value at ``at``.
    """
    grad = gradient(expr, vars, at)
    names = grad.vars
    d = point_values(direction, names)
    norm = sympy.sqrt(sum(c ** 2 for c in d))
    if norm == 0 or real_value(norm) == 0:
        raise ValueError("The direction must not be the zero vector")
    unit = [c / norm for c in d]
    symbolic = sympy.Add(*(g * u for g, u in zip(grad.result, unit)))
    value = math.fsum(g * real_value(u) for g, u in zip(grad.value or [], unit))
    step = Step("directional", "Project the gradient onto the unit direction",
                rf"D_{{u}} f = \nabla f \cdot u,\quad u = {_vector(unit)}",
                rf"{_vector(grad.value or [])} \cdot {_vector(unit)} = {_tex(value)}",
                substeps=list(grad.steps), subject=_tree(grad.expr), result=_tree(symbolic))
    latex = rf"D_{{u}} f{_point_tex(point_values(at, names))} = {_tex(value)}"
    return DirectionalDerivative(
        grad.expr, names, list(grad.at or []), [real_value(c) for c in d],
        [real_value(u) for u in unit], list(grad.value or []), grad.function_value or math.nan,
        value, symbolic, latex, [step])


@dataclass(frozen=True)
class LearningRateLimits(ResultMixin):
    """How large a gradient-descent step may be near ``at``, from the local quadratic model.

    Near ``at``, f ≈ f(a) + g·d + ½ dᵀHd, and plain gradient descent multiplies each
    eigen-direction of H by (1 - lr·λ) per step: it settles when |1 - lr·λ| < 1 for every
    λ > 0, i.e. lr < 2/λ_max (``max_stable``). The fastest contraction of the slowest and
    fastest directions together is at lr = 2/(λ_min + λ_max) (``optimal``).
    """

    expr: sympy.Expr
    vars: list[str]
    at: list[float]
    hessian: list[list[float]]
    eigenvalues: list[float]
    lambda_max: float
    lambda_min: float
    max_stable: float
    optimal: float | None
    note: str
    latex: str
    steps: list[Step] = field(default_factory=list)

    _SYMBOLIC = ("expr",)


def learning_rate_limits(expr: ExprLike, vars: VarsLike,  # noqa: A002
                         at: PointLike) -> LearningRateLimits:
    """λ_min, λ_max of the Hessian at ``at``, 2/λ_max and 2/(λ_min + λ_max).

    ``max_stable`` is inf when λ_max <= 0 (no curvature to overshoot: the local model
    has no minimum), and ``optimal`` is None unless both eigenvalues are positive; the
    ``note`` says so in words.
    """
    h = hessian(expr, vars, at, rule_steps=False)  # the lab asks often; keep it quick
    eigen = list(h.eigenvalues or [])
    if not eigen or not all(math.isfinite(v) for v in eigen):
        raise ValueError("The Hessian is undefined at this point")
    lo, hi = min(eigen), max(eigen)
    max_stable = 2.0 / hi if hi > 0 else math.inf
    optimal = 2.0 / (lo + hi) if lo > 0 and hi > 0 else None
    note = _limits_note(lo, hi)
    symbols = [sympy.Symbol(n) for n in h.vars]
    if not (h.expr.is_polynomial(*symbols) and sympy.Poly(h.expr, *symbols).total_degree() <= 2):
        # only a quadratic has the same Hessian everywhere
        note += (" f is not quadratic, so this is the verdict of its local model at this "
                 "point: the curvature, and with it the limit, changes along the path.")
    latex = (rf"\lambda_{{\min}} = {_tex(lo)},\ \lambda_{{\max}} = {_tex(hi)},\quad "
             rf"\eta < \frac{{2}}{{\lambda_{{\max}}}} = "
             + (_tex(max_stable) if math.isfinite(max_stable) else r"\infty"))
    if optimal is not None:
        latex += (rf",\quad \eta^{{*}} = \frac{{2}}{{\lambda_{{\min}} + \lambda_{{\max}}}}"
                  rf" = {_tex(optimal)}")
    step = Step("curvature", "Read the step-size limit off the curvature (Hessian eigenvalues)",
                rf"H = {_matrix(h.value or [])}", latex, substeps=list(h.steps))
    return LearningRateLimits(h.expr, h.vars, list(h.at or []), list(h.value or []), eigen,
                              hi, lo, max_stable, optimal, note, latex, [step])


def _limits_note(lo: float, hi: float) -> str:
    if hi <= 0:
        return ("No direction curves upwards here: the local model has no minimum to overshoot, "
                "so no step size is too large for it (and none converges).")
    if lo <= 0:
        return ("The surface curves downwards (or is flat) in some direction: descent keeps "
                "moving along it whatever the step size; only upward directions limit the step.")
    return ("Steps below 2/λ_max shrink the error in every direction; above it the steepest "
            "direction overshoots further each step and descent diverges.")
