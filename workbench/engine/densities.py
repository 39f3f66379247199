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

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import sympy

from workbench.engine.latex import latex as to_latex
from workbench.protocol.wording import with_decimal
from workbench.engine.density_integrals import (
    antiderivative,
    integral,
    numeric_function,
    split_at_jumps,
)
from workbench.engine.parsing import parse, parse_bound
from workbench.engine.precision import exact_number, real_value
from workbench.engine.results import ResultMixin
from workbench.engine.series_problem import bounded_call
from workbench.protocol.steps import Step
from workbench.protocol.syntax import ParseError

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
    family: str = ""  # a recognised density ("normal", "Cauchy", ...) or ""
    normalized_exact: sympy.Expr | None = None  # P for pdf/total (= exact when total is 1)
    normalized_value: float = math.nan

    _SYMBOLIC = ("pdf", "a", "b", "exact", "total", "normalized_exact")


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
    exists: bool | None = True  # False when the integral diverges (the Cauchy mean)
    family: str = ""
    total: sympy.Expr | float = 1  # the area under pdf: the answers below divide by it
    normalized_exact: sympy.Expr | None = None  # E[g(X)] for pdf/total
    normalized_value: float = math.nan

    _SYMBOLIC = ("g", "pdf", "a", "b", "exact", "total", "normalized_exact")


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
    from workbench.engine.density_shortcuts import named_probability

    named = named_probability(d, lo, hi)
    if named is not None:
        return named
    total, total_value, normal_steps = _normalisation(d)
    exact, value, error = integral(d.pdf, d.x, lo, hi)
    steps = [support_step(d)] + normal_steps + _ftc_steps(d, d.pdf, lo, hi, exact)
    normalized = _is_normalized(d, total, total_value)
    prob = rf"P\left({_tex(lo)} \le {_tex(d.x)} \le {_tex(hi)}\right)"
    latex = rf"{prob} = {_integral_tex(d.pdf, d.x, lo, hi)} = {_answer_tex(d, exact, value)}"
    scaled, scaled_value = _divided(exact, value, total, total_value)
    if not normalized and math.isfinite(scaled_value):
        steps.append(normalise_step(d, total if total is not None else sympy.Float(total_value)))
        shown = answer(scaled) if scaled is not None else f"{scaled_value:.6g}"
        latex += rf";\quad \text{{normalised: }} {shown}"
    return ProbabilityResult(_plain(d, d.pdf), str(d.x), _plain(d, lo), _plain(d, hi),
                             (_plain(d, d.lo), _plain(d, d.hi)), _plain(d, exact), value,
                             error, _plain(d, total) if total is not None else total_value,
                             normalized, latex, steps, "", _plain(d, scaled), scaled_value)


def expectation(g: Any, pdf: Any, var: str = "x", a: Any = "-oo", b: Any = "oo", *,
                support: tuple[Any, Any] | None = None,
                params: Mapping[str, float] | None = None) -> Expectation:
    """E[g(X)] = the integral of g·pdf over [a, b] ∩ support, exactly where possible."""
    d = _density(pdf, var, support, params)
    g_expr = _prepared(g, var, d)
    lo, hi = _clip(d, a, b)
    from workbench.engine.density_shortcuts import named_expectation

    named = named_expectation(g_expr, d, lo, hi)
    if named is not None:
        return named
    integrand = g_expr * d.pdf
    mean = rf"E\left[{_tex(g_expr)}\right]"
    from workbench.engine.density_shortcuts import heavy_tail, no_expectation

    if heavy_tail(integrand, d.x, lo, hi):
        return no_expectation(g_expr, d, lo, hi, integrand, mean)
    exact, value, error = integral(integrand, d.x, lo, hi)
    steps = [support_step(d),
             Step("expectation", "An expected value weights g(x) by the density and integrates",
                  mean, _integral_tex(integrand, d.x, lo, hi))]
    steps += _ftc_steps(d, integrand, lo, hi, exact)
    latex = rf"{mean} = {_integral_tex(integrand, d.x, lo, hi)} = {_answer_tex(d, exact, value)}"
    total, total_value, _ = integral(d.pdf, d.x, d.lo, d.hi)
    scaled, scaled_value = _divided(exact, value, total, total_value)
    if (total is not None and total != 1) or (total is None and abs(total_value - 1) > _TOLERANCE):
        steps.append(normalise_step(d, total if total is not None else sympy.Float(total_value)))
        shown = answer(scaled) if scaled is not None else f"{scaled_value:.6g}"
        latex += rf";\quad \text{{normalised: }} {shown}"
    return Expectation(_plain(d, g_expr), _plain(d, d.pdf), str(d.x), _plain(d, lo),
                       _plain(d, hi), _plain(d, exact), value, error, latex, steps, True, "",
                       _plain(d, total) if total is not None else total_value,
                       _plain(d, scaled), scaled_value)


def _divided(exact: sympy.Expr | None, value: float, total: sympy.Expr | None,
             total_value: float) -> tuple[sympy.Expr | None, float]:
    """An answer for pdf divided by its area: (exact or None, value); none when the area
    is infinite (no number makes such a function a density)."""
    if total is not None and total.is_finite is False:
        return None, math.nan
    if total is not None and exact is not None and total != 0 and total.is_finite:
        scaled = sympy.simplify(exact / total)
        return scaled, real_value(scaled) if scaled.is_number else math.nan
    if math.isfinite(total_value) and total_value > 0:
        return None, value / total_value
    return None, math.nan


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
    func = numeric_function(probe, x)
    # far enough out that a wide bell (sigma = 10^4) or a heavy tail (Cauchy) has died
    # away, while an exponential written without its step has long since blown up
    far = [func(-t) for t in (1e6, 1e8, 1e10)]
    if any(math.isnan(v) for v in far):
        # floats overflow in e^(x/2)/(1 + e^(x/2))²; mpmath's exponents do not
        far = [_big_value(probe, x, -t) for t in (10 ** 6, 10 ** 8, 10 ** 10)]
    return all(math.isfinite(v) and abs(v) < 1e-9 for v in far)


def _big_value(expr: sympy.Expr, x: sympy.Symbol, at: int) -> float:
    value = bounded_call(lambda: sympy.N(expr.subs(x, at), 15), seconds=1.0)
    try:
        return float(value) if value is not None and value.is_real else math.nan
    except (TypeError, ValueError):
        return math.nan


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


def _normalisation(d: _Density) -> tuple[sympy.Expr | None, float, list[Step]]:
    total, value, _ = integral(d.pdf, d.x, d.lo, d.hi)
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
    func = numeric_function(probe, d.x)
    lo = float(d.lo) if d.lo.is_finite else -60.0
    hi = float(d.hi) if d.hi.is_finite else 60.0
    samples = [func(lo + (hi - lo) * i / 400) for i in range(401)]
    return all(not (v < -1e-12) for v in samples)


# --- steps and LaTeX -----------------------------------------------------------------

def normalise_step(d: _Density, scale: sympy.Expr) -> Step:
    """The step that divides a function of area c by c."""
    x = to_latex(d.x)
    area = sympy.sstr(scale).replace("**", "^")
    return Step("normalise", f"Not a density: its total area is {area}, not 1. "
                "Dividing by the area makes it one, and the answers below (like a sample's) "
                "are for that density",
                rf"\tilde f({x}) = \frac{{f({x})}}{{{to_latex(scale)}}}",
                to_latex(sympy.simplify(d.pdf / scale)))




def answer(expr: sympy.Expr | None) -> str:
    """An exact value with its decimal beside it (1/3 ≈ 0.333333)."""
    if expr is None:
        return r"\text{unknown}"
    if expr.is_Float:
        return f"{float(expr):.6g}"
    text = to_latex(expr)
    if expr.is_number and not expr.is_Rational and expr.is_finite:
        value = real_value(expr)
        if math.isfinite(value):
            return rf"{text} \approx {value:.6g}"
    return text




def support_step(d: _Density) -> Step:
    """Where the density lives, as one statement: f(x) = … for x in [lo, hi]."""
    interval = (rf"\left[{_tex(d.lo)}, {_tex(d.hi)}\right]"
                .replace(r"\left[-\infty", r"\left(-\infty"))
    interval = interval.replace(r"\infty\right]", r"\infty\right)")
    # one statement, not "f = [0, 1]": the step has no "after" to be equated with
    x = _tex(d.x)
    return Step("support", f"Where the density lives: {d.why}",
                rf"f({x}) = {_tex(d.pdf)}\quad \text{{for }} {x} \in {interval}", "")


def _ftc_steps(d: _Density, integrand: sympy.Expr, lo: sympy.Expr, hi: sympy.Expr,
               exact: sympy.Expr | None) -> list[Step]:
    """F(x) = the antiderivative, then F(hi) - F(lo) (the fundamental theorem)."""
    if exact is None:
        return []
    pieces = split_at_jumps(integrand, d.x, lo, hi)
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
    return to_latex(sympy.Integral(integrand, (x, lo, hi)))


def _answer_tex(d: _Density, exact: sympy.Expr | None, value: float) -> str:
    if exact is not None:
        return with_decimal(_tex(exact), value if exact.is_number else None)
    return rf"{value:.6g}" if math.isfinite(value) else r"\text{unknown}"


def _plain(d: _Density, expr: Any) -> Any:
    """Give results back in the plain symbols the parser makes."""
    return expr.xreplace(d.back) if isinstance(expr, sympy.Basic) else expr


def _tex(expr: Any) -> str:
    return to_latex(expr)
