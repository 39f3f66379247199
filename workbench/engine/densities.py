"""Probability densities: ``probability`` (P(a <= X <= b)) and ``expectation`` (E[g(X)]).

The support of a density is decided like this (and can always be given with
``support=(lo, hi)``):

* a density that vanishes far to the left (the normal bell, a Heaviside or
  Piecewise uniform box) lives on the whole line (-oo, oo); its Heaviside steps
  cut it off by themselves;
* a density that does not (lamda·e^(-lamda x) written without its Heaviside
  factor) is read as living on [0, oo), the convention for waiting times.

Bounds are clipped to the support. Parameters (mu, sigma, lamda, ...) may stay
symbolic - the exact answer is then a formula and ``value`` is NaN - or be given
numbers with ``params={"sigma": 2}``. Scale parameters (sigma, lamda, ...) are
taken to be positive, all others real. The exact answer comes from sympy under the
engine's time limit and is checked against scipy's ``quad``; ``value`` is the exact
answer rounded to a float when there is one, else quad's number.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import sympy

from workbench.engine.precision import exact_number, real_value
from workbench.engine.parsing import parse, parse_bound
from workbench.engine.results import ResultMixin
from workbench.engine.series import bounded_call
from workbench.engine.steps import Step
from workbench.engine.syntax import ParseError

_POSITIVE = frozenset({"sigma", "lamda", "lambda", "alpha", "beta", "theta", "tau", "s"})
_TOLERANCE = 1e-7


@dataclass(frozen=True)
class ProbabilityResult(ResultMixin):
    """P(a <= X <= b) for the density ``pdf`` of ``var``.

    ``exact`` (None if sympy found none), ``value`` (float), ``error`` (quadrature
    estimate), ``total`` (the integral over the support, exact when known),
    ``normalized`` (non-negative and integrates to 1 over ``support``).
    """

    pdf: sympy.Expr
    var: str
    a: sympy.Expr
    b: sympy.Expr
    support: tuple[sympy.Expr, sympy.Expr]
    exact: sympy.Expr | None
    value: float
    error: float
    total: sympy.Expr | float
    normalized: bool
    latex: str
    steps: list[Step] = field(default_factory=list)

    _SYMBOLIC = ("pdf", "a", "b", "exact", "total")


@dataclass(frozen=True)
class Expectation(ResultMixin):
    """E[g(X)] = the integral of g·pdf over [a, b] (clipped to the support)."""

    g: sympy.Expr
    pdf: sympy.Expr
    var: str
    a: sympy.Expr
    b: sympy.Expr
    exact: sympy.Expr | None
    value: float
    error: float
    latex: str
    steps: list[Step] = field(default_factory=list)

    _SYMBOLIC = ("g", "pdf", "a", "b", "exact")


@dataclass(frozen=True)
class _Density:
    pdf: sympy.Expr  # with real/positive symbols, parameters substituted
    x: sympy.Symbol
    lo: sympy.Expr
    hi: sympy.Expr
    back: dict[sympy.Symbol, sympy.Symbol]
    why: str  # how the support was decided, in words


def probability(pdf: Any, var: str = "x", a: Any = "-oo", b: Any = "oo", *,
                support: tuple[Any, Any] | None = None,
                params: Mapping[str, float] | None = None) -> ProbabilityResult:
    """P(a <= X <= b) = the integral of ``pdf`` from a to b, and whether ``pdf`` is a density."""
    d = _density(pdf, var, support, params)
    lo, hi = _clip(d, a, b)
    total, total_value, normal_steps = _normalisation(d)
    exact, value, error = _integral(d, d.pdf, lo, hi)
    steps = [_support_step(d)] + normal_steps + _ftc_steps(d, d.pdf, lo, hi, exact)
    normalized = _is_normalized(d, total, total_value)
    prob = rf"P\left({_tex(lo)} \le {_tex(d.x)} \le {_tex(hi)}\right)"
    latex = rf"{prob} = {_integral_tex(d.pdf, d.x, lo, hi)} = {_answer_tex(d, exact, value)}"
    return ProbabilityResult(_plain(d, d.pdf), str(d.x), _plain(d, lo), _plain(d, hi),
                             (_plain(d, d.lo), _plain(d, d.hi)), _plain(d, exact), value,
                             error, _plain(d, total) if total is not None else total_value,
                             normalized, latex, steps)


def expectation(g: Any, pdf: Any, var: str = "x", a: Any = "-oo", b: Any = "oo", *,
                support: tuple[Any, Any] | None = None,
                params: Mapping[str, float] | None = None) -> Expectation:
    """E[g(X)] = the integral of g·pdf over [a, b] ∩ support, exactly where possible."""
    d = _density(pdf, var, support, params)
    g_expr = _prepared(g, var, d)
    lo, hi = _clip(d, a, b)
    integrand = g_expr * d.pdf
    exact, value, error = _integral(d, integrand, lo, hi)
    mean = rf"E\left[{_tex(g_expr)}\right]"
    steps = [_support_step(d),
             Step("expectation", "An expected value weights g(x) by the density and integrates",
                  mean, _integral_tex(integrand, d.x, lo, hi))]
    steps += _ftc_steps(d, integrand, lo, hi, exact)
    latex = rf"{mean} = {_integral_tex(integrand, d.x, lo, hi)} = {_answer_tex(d, exact, value)}"
    return Expectation(_plain(d, g_expr), _plain(d, d.pdf), str(d.x), _plain(d, lo),
                       _plain(d, hi), _plain(d, exact), value, error, latex, steps)


# --- inputs -------------------------------------------------------------------------

def _density(pdf: Any, var: str, support: tuple[Any, Any] | None,
             params: Mapping[str, float] | None) -> _Density:
    expr = parse(pdf, variables=(var,))
    values = {sympy.Symbol(k): _bound(v) for k, v in (params or {}).items()}
    expr = expr.xreplace(values)
    forward = {s: sympy.Symbol(s.name, positive=True) if s.name in _POSITIVE and s.name != var
               else sympy.Symbol(s.name, real=True)
               for s in expr.free_symbols if isinstance(s, sympy.Symbol)}
    forward.setdefault(sympy.Symbol(var), sympy.Symbol(var, real=True))
    x = forward[sympy.Symbol(var)]
    real = expr.xreplace(forward)
    back = {new: old for old, new in forward.items()}
    if support is not None:
        lo, hi = _bound(support[0]), _bound(support[1])
        if not lo < hi:
            raise ParseError("The support must run from a smaller to a larger number", None)
        return _Density(real, x, lo, hi, back, "as given")
    if _vanishes_on_left(real, x):
        return _Density(real, x, -sympy.oo, sympy.oo, back, "on the whole line")
    return _Density(real, x, sympy.Integer(0), sympy.oo, back,
                    "on x >= 0, since it does not die away for negative x")


def _prepared(g: Any, var: str, d: _Density) -> sympy.Expr:
    expr = parse(g, variables=(var,))
    forward = {old: new for new, old in d.back.items()}
    extra = {s: sympy.Symbol(s.name, real=True) for s in expr.free_symbols
             if isinstance(s, sympy.Symbol) and s not in forward}
    return expr.xreplace({**forward, **extra})


def _vanishes_on_left(pdf: sympy.Expr, x: sympy.Symbol) -> bool:
    """True if the density (parameters set to 1) is negligible far left of 0."""
    probe = pdf.xreplace({s: sympy.Integer(1) for s in pdf.free_symbols if s != x})
    func = _numeric(probe, x)
    # far enough out that a wide bell (sigma = 10^4) or a heavy tail (Cauchy) has died
    # away, while an exponential written without its step has long since blown up
    far = [func(-t) for t in (1e6, 1e8, 1e10)]
    return all(math.isfinite(v) and abs(v) < 1e-9 for v in far)


def _bound(value: Any) -> sympy.Expr:
    """A number as an exact sympy number: 0.5 is the 1/2 it stands for, so that the exact
    answer stays exact (a Float would leave 0.26·√2 and spoil the normalisation check)."""
    return exact_number(parse_bound(value))


def _clip(d: _Density, a: Any, b: Any) -> tuple[sympy.Expr, sympy.Expr]:
    lo, hi = _bound(a), _bound(b)
    if (lo > hi) is sympy.true:
        raise ParseError("The lower bound is above the upper bound", None)
    lo = d.lo if (lo < d.lo) is sympy.true else lo
    hi = d.hi if (hi > d.hi) is sympy.true else hi
    return lo, hi


# --- integrals ----------------------------------------------------------------------

def _integral(d: _Density, integrand: sympy.Expr, lo: sympy.Expr,
              hi: sympy.Expr) -> tuple[sympy.Expr | None, float, float]:
    """(exact or None, value, error estimate) of the integral from lo to hi."""
    pieces = _pieces(integrand, d.x, lo, hi)
    if integrand.free_symbols - {d.x}:
        return _exact(pieces, d.x, quick=False), math.nan, math.nan
    value, error = _quad(integrand, d.x, lo, hi)
    exact = _exact(pieces, d.x, quick=True)
    if exact is not None and not _agrees(exact, value):
        # an antiderivative with a jump inside [lo, hi] gives a wrong F(b) - F(a)
        exact = _exact(pieces, d.x, quick=False)
    if exact is not None and _agrees(exact, value):
        # the exact answer to 30 digits, rounded once: quad's last digits are noise
        value = real_value(exact)
    return exact, value, error


def _exact(pieces: list[tuple[sympy.Expr, sympy.Expr, sympy.Expr]], x: sympy.Symbol,
           quick: bool) -> sympy.Expr | None:
    """The exact integral over the pieces, or None.

    ``quick``: use F(b) - F(a) with F from sympy's step integrator (limits of F at an
    infinite end), many times faster than ``integrate`` on a bell curve; the caller
    checks the number it gives against quadrature.
    """
    parts = []
    for left, right, f in pieces:
        part = _by_antiderivative(f, x, left, right) if quick else None
        if part is None:
            part = bounded_call(sympy.integrate, f, (x, left, right))
        if part is None or part.has(sympy.Integral, sympy.Piecewise):
            return None
        parts.append(part)
    total = sympy.Add(*parts)
    # erf(a) + erf(b) is already short: simplify (the slow part) only what it can shorten
    return total if total.is_Rational or len(parts) == 1 and total.count_ops() < 12 \
        else sympy.simplify(total)


def _by_antiderivative(f: sympy.Expr, x: sympy.Symbol, left: sympy.Expr,
                       right: sympy.Expr) -> sympy.Expr | None:
    """F(right) - F(left), F an antiderivative of f; None where there is none or an end
    has no finite limit."""
    prim = antiderivative(f, x)
    if prim is None:
        return None
    ends = []
    for end in (left, right):
        if end.is_finite:
            ends.append(prim.subs(x, end))
            continue
        # erf(a x + b) at x = oo is erf(oo) = 1 straight away; sympy.limit (10x slower)
        # only where that gives no plain finite number (oo - oo, 0·oo, sin oo)
        at = prim.subs(x, end)
        if not (at.is_number and at.is_finite and not at.has(sympy.AccumBounds)):
            at = bounded_call(sympy.limit, prim, x, end, seconds=2.0)
        if at is None or not at.is_finite or at.has(sympy.Limit):
            return None
        ends.append(at)
    return ends[1] - ends[0]


@functools.lru_cache(maxsize=128)
def antiderivative(f: sympy.Expr, x: sympy.Symbol) -> sympy.Expr | None:
    """An antiderivative of f from sympy's step integrator, or None (remembered: the
    normalisation, the probability and the steps all ask for the same one).

    Exponents are expanded first: the step integrator's erf rule wants
    exp(a x² + b x + c), and does not see one in exp(−(x − 3)²/8).
    """
    from sympy.integrals.manualintegrate import manualintegrate

    ready = f.replace(lambda e: isinstance(e, sympy.exp),
                      lambda e: sympy.exp(sympy.expand(e.args[0])))
    prim = bounded_call(manualintegrate, ready, x)
    return None if prim is None or prim.has(sympy.Integral) else prim


def _agrees(exact: sympy.Expr, value: float) -> bool:
    try:
        number = float(exact)
    except (TypeError, ValueError):
        return False
    if not (math.isfinite(number) and math.isfinite(value)):
        return number == value
    return abs(number - value) <= 1e-6 * max(1.0, abs(value))


def _quad(integrand: sympy.Expr, x: sympy.Symbol, lo: sympy.Expr,
          hi: sympy.Expr) -> tuple[float, float]:
    """scipy quad, split at the steps of Heaviside/Piecewise pieces so none is missed."""
    from scipy.integrate import quad

    func = _numeric(integrand, x)
    a, b = float(lo), float(hi)
    cuts = sorted(c for c in _breakpoints(integrand, x) if a < c < b)
    edges = [a, *cuts, b]
    total = error = 0.0
    for left, right in zip(edges, edges[1:]):
        # full_output keeps quad quiet; its message means the number can't be trusted
        part, err, *trouble = quad(func, left, right, limit=200, full_output=1)
        total += part
        error += math.inf if len(trouble) > 1 else err
    return total, error


def _pieces(expr: sympy.Expr, x: sympy.Symbol, lo: sympy.Expr,
            hi: sympy.Expr) -> list[tuple[sympy.Expr, sympy.Expr, sympy.Expr]]:
    """[lo, hi] cut where a Heaviside step jumps, each piece with its steps resolved."""
    steps = expr.atoms(sympy.Heaviside)
    if not steps:
        return [(lo, hi, expr)]
    cuts = [c for c in _breakpoints(expr, x) if (lo < c) is sympy.true and (c < hi) is sympy.true]
    edges = [lo, *(sympy.nsimplify(c) for c in cuts), hi]
    out = []
    for left, right in zip(edges, edges[1:]):
        probe = _probe(left, right)
        values = {h: sympy.Heaviside(h.args[0].subs(x, probe)) for h in steps}
        piece = sympy.simplify(expr.xreplace(values))
        if piece != 0:
            out.append((left, right, piece))
    return out


def _probe(left: sympy.Expr, right: sympy.Expr) -> sympy.Expr:
    if left.is_finite and right.is_finite:
        return (left + right) / 2
    if left.is_finite:
        return left + 1
    return right - 1 if right.is_finite else sympy.Integer(0)


def _breakpoints(expr: sympy.Expr, x: sympy.Symbol) -> list[float]:
    points: list[float] = []
    for h in expr.atoms(sympy.Heaviside):
        points += _roots(h.args[0], x)
    for pw in expr.atoms(sympy.Piecewise):
        for _, cond in pw.args:
            for rel in cond.atoms(sympy.core.relational.Relational):
                points += _roots(rel.lhs - rel.rhs, x)
    for a in expr.atoms(sympy.Abs):
        points += _roots(a.args[0], x)
    if not expr.free_symbols - {x}:
        # a bump far from 0 (a normal with mu = 1000, or sigma = 0.01 at -300) is found
        # by quad only if we point at it: cut where the integrand turns
        points += _roots(sympy.diff(expr, x), x)
    return sorted(set(points)) or [0.0]


def _roots(expr: sympy.Expr, x: sympy.Symbol) -> list[float]:
    found = bounded_call(sympy.solve, expr, x, seconds=1.0, default=[]) or []
    return [float(r) for r in found if r.is_real and r.is_number]


def _numeric(expr: sympy.Expr, x: sympy.Symbol):
    """A float -> float function; NaN where the density is undefined (lambdify on parsed exprs)."""
    import numpy as np

    func = sympy.lambdify(x, expr, modules=["scipy", "numpy"])

    def call(t: float) -> float:
        """f(t) as a float, NaN where it can't be evaluated."""
        with np.errstate(all="ignore"):
            try:
                return float(func(t))
            except (ZeroDivisionError, OverflowError, ValueError, TypeError):
                return math.nan
    return call


def _normalisation(d: _Density) -> tuple[sympy.Expr | None, float, list[Step]]:
    total, value, _ = _integral(d, d.pdf, d.lo, d.hi)
    shown = _answer_tex(d, total, value)
    title = "A density must integrate to 1 over its support"
    step = Step("normalization", title, _integral_tex(d.pdf, d.x, d.lo, d.hi), shown)
    return total, value, [step]


def _is_normalized(d: _Density, total: sympy.Expr | None, value: float) -> bool:
    if total is not None and total.is_number is False:
        return bool(sympy.simplify(total - 1) == 0)
    if total is not None:
        integral_ok = bool(sympy.simplify(total - 1) == 0)
    else:
        integral_ok = math.isfinite(value) and abs(value - 1) < _TOLERANCE
    return integral_ok and _non_negative(d)


def _non_negative(d: _Density) -> bool:
    probe = d.pdf.xreplace({s: sympy.Integer(1) for s in d.pdf.free_symbols if s != d.x})
    func = _numeric(probe, d.x)
    lo = float(d.lo) if d.lo.is_finite else -60.0
    hi = float(d.hi) if d.hi.is_finite else 60.0
    samples = [func(lo + (hi - lo) * i / 400) for i in range(401)]
    return all(not (v < -1e-12) for v in samples)


# --- steps and LaTeX -----------------------------------------------------------------

def _support_step(d: _Density) -> Step:
    interval = rf"\left[{_tex(d.lo)}, {_tex(d.hi)}\right]".replace(r"\left[-\infty", r"\left(-\infty")
    interval = interval.replace(r"\infty\right]", r"\infty\right)")
    return Step("support", f"Where the density lives: {d.why}", _tex(d.pdf), interval)


def _ftc_steps(d: _Density, integrand: sympy.Expr, lo: sympy.Expr, hi: sympy.Expr,
               exact: sympy.Expr | None) -> list[Step]:
    """F(x) = the antiderivative, then F(hi) - F(lo) (the fundamental theorem)."""
    if exact is None:
        return []
    pieces = _pieces(integrand, d.x, lo, hi)
    if len(pieces) == 1 and pieces[0][2] == integrand:
        return [_ftc_step(d, integrand, lo, hi, exact)]
    split = " + ".join(_integral_tex(f, d.x, left, right) for left, right, f in pieces) or "0"
    subs = [_ftc_step(d, f, left, right, None) for left, right, f in pieces]
    return [Step("split", "Cut the integral where the density jumps (it is 0 on some pieces)",
                 _integral_tex(integrand, d.x, lo, hi), rf"{split} = {_tex(exact)}",
                 substeps=subs)]


def _ftc_step(d: _Density, integrand: sympy.Expr, lo: sympy.Expr, hi: sympy.Expr,
              exact: sympy.Expr | None) -> Step:
    """F(hi) - F(lo), with F from sympy's step-by-step integrator (bounded in practice)."""
    before = _integral_tex(integrand, d.x, lo, hi)
    if exact is None:
        exact = bounded_call(sympy.integrate, integrand, (d.x, lo, hi))
    # over the whole line an antiderivative rarely helps (a bell curve's is erf) and
    # searching for one is the slowest part, so the step just states the value there
    prim = antiderivative(integrand, d.x)
    if prim is None:
        return Step("integral", "Evaluate the integral", before, _tex(exact))
    anti = Step("antiderivative", "Find an antiderivative F", _tex(integrand),
                rf"F({_tex(d.x)}) = {_tex(prim)}")
    bracket = rf"\left[{_tex(prim)}\right]_{{{_tex(lo)}}}^{{{_tex(hi)}}}"
    title = "Fundamental theorem: F at the top minus F at the bottom"
    if not (lo.is_finite and hi.is_finite):
        title += " (as a limit at infinity)"
    return Step("ftc", title, before, rf"{bracket} = {_tex(exact)}", substeps=[anti])


def _integral_tex(integrand: sympy.Expr, x: sympy.Symbol, lo: sympy.Expr, hi: sympy.Expr) -> str:
    return sympy.latex(sympy.Integral(integrand, (x, lo, hi)))


def _answer_tex(d: _Density, exact: sympy.Expr | None, value: float) -> str:
    if exact is not None and exact.is_number and exact.is_finite and not exact.is_Rational \
            and math.isfinite(value):
        return rf"{_tex(exact)} \approx {value:.6g}"
    if exact is not None:
        return _tex(exact)
    return rf"{value:.6g}" if math.isfinite(value) else r"\text{unknown}"


def _plain(d: _Density, expr: Any) -> Any:
    """Give results back in the plain symbols the parser makes."""
    return expr.xreplace(d.back) if isinstance(expr, sympy.Basic) else expr


def _tex(expr: Any) -> str:
    return sympy.latex(expr)
