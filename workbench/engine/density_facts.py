"""The facts behind ``moments`` and ``distribution``: one density, prepared once.

``prepare`` reads the density (support, parameters), recognises a named family and its
total area, and writes the first steps: where it lives, which density it is, and, when
the area is not 1, that it is divided by its area. The moment, CDF and quantile
functions then answer from the family's formulas, or by integrating when there is no
family, always for the normalised density.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sympy

from workbench.engine.densities import (
    _Density,
    _density,
    _integral_tex,
    answer,
    normalise_step,
)
from workbench.engine.density_integrals import (
    antiderivative,
    integral,
    numeric_function,
)
from workbench.engine.density_shortcuts import recognised
from workbench.engine.named_densities import Family
from workbench.engine.precision import real_value
from workbench.engine.series_problem import bounded_call
from workbench.protocol.steps import Step
from workbench.engine.latex import latex as to_latex


@dataclass(frozen=True)
class Prepared:
    """A density read and recognised: ``family`` (None if unnamed), ``scale`` its area."""

    d: _Density
    family: Family | None
    scale: sympy.Expr
    steps: tuple[Step, ...]

    @property
    def normalized(self) -> bool:
        return bool(self.scale == 1)

    @property
    def family_name(self) -> str:
        return self.family.name if self.family is not None else ""

    def family_params(self) -> dict[str, sympy.Expr]:
        """The family's parameters by LaTeX name, in the student's symbols."""
        if self.family is None:
            return {}
        return {name: self.plain(value) for name, value in self.family.params}

    def plain(self, expr: Any) -> Any:
        """``expr`` in the plain symbols the parser makes."""
        return expr.xreplace(self.d.back) if isinstance(expr, sympy.Basic) else expr

    @property
    def pdf(self) -> sympy.Expr:
        """The normalised density."""
        return self.family.pdf if self.family is not None else self.d.pdf / self.scale


def prepare(pdf: Any, var: str, support: tuple[Any, Any] | None,
            params: Mapping[str, float] | None) -> Prepared:
    """Read, recognise and normalise ``pdf``, with the steps that say so."""
    d = _density(pdf, var, support, params)
    family, scale, steps = recognised(d)
    if family is None:
        total, _, _ = integral(d.pdf, d.x, d.lo, d.hi)
        scale = total if total is not None else sympy.Integer(1)
        steps.append(Step("normalization", "A density must integrate to 1 over its support",
                          _integral_tex(d.pdf, d.x, d.lo, d.hi), answer(scale)))
        if scale != 1:
            steps.append(normalise_step(d, scale))
    return Prepared(d, family, sympy.simplify(scale), tuple(steps))


def first_moment(p: Prepared) -> tuple[sympy.Expr | None, bool | None, list[Step]]:
    """(E[X] or None, whether it exists, steps)."""
    return _moment(p, 1)


def second_moment(p: Prepared) -> tuple[sympy.Expr | None, bool | None, list[Step]]:
    """(E[X²] or None, whether it is finite, steps)."""
    return _moment(p, 2)


def _moment(p: Prepared, order: int) -> tuple[sympy.Expr | None, bool | None, list[Step]]:
    x = p.d.x
    power = x if order == 1 else x ** order
    head = "E[X]" if order == 1 else r"E\left[X^{2}\right]"
    integral_tex = weighted_tex(p, to_latex(power))
    if p.family is not None:
        fam = p.family
        if fam.mean is None:
            return None, False, _no_moment_step(p, order)
        value = fam.mean if order == 1 else sympy.simplify(fam.variance + fam.mean ** 2)
        rule = "the mean" if order == 1 else "E[X²] = Var X + (E X)²"
        return value, True, [Step("moment", f"For the {fam.name} density, {rule} is known",
                                  rf"{head} = {integral_tex}", answer(value))]
    if not _tail_ok(p, order):
        return None, False, _no_moment_step(p, order)
    exact, value, _ = integral(power * p.pdf, x, p.d.lo, p.d.hi)
    if exact is None and not math.isfinite(value):
        return None, None, []
    result = exact if exact is not None else sympy.Float(value, 15)
    return result, True, [Step("moment", f"Weight x{'' if order == 1 else '²'} by the density "
                               "and integrate", rf"{head} = {integral_tex}", answer(result))]


def _no_moment_step(p: Prepared, order: int) -> list[Step]:
    x = to_latex(p.d.x)
    what = "mean" if order == 1 else "variance"
    name = f"The {p.family.name} density" if p.family is not None else "This density"
    bound = rf"|{x}|" if order == 1 else rf"{x}^{{2}}"
    return [Step("no_moment", f"{name} has no {what}: its tails fall too slowly, so "
                 f"the integral of {'|x|' if order == 1 else 'x²'} times the density is "
                 "infinite", weighted_tex(p, bound), r"\infty")]


def weighted_tex(p: Prepared, weight: str) -> str:
    """The integral of ``weight`` (LaTeX) times the (normalised) density over the support."""
    x = to_latex(p.d.x)
    f = "f" if p.normalized else r"\tilde f"
    return rf"\int_{{{to_latex(p.d.lo)}}}^{{{to_latex(p.d.hi)}}} {weight}\, {f}({x})\, d{x}"


def _tail_ok(p: Prepared, order: int) -> bool:
    """False when |x|^order·f(x) shrinks no faster than 1/|x| on an infinite side."""
    func = numeric_function(to_numeric(p.pdf), p.d.x)
    sides = [s for s, end in ((1, p.d.hi), (-1, p.d.lo)) if end.is_infinite]
    for side in sides:
        weights = [abs(t) ** (order + 1) * abs(func(side * t)) for t in (1e4, 1e6, 1e8)]
        if any(math.isnan(w) for w in weights) or weights[-1] > 1e-3:
            return False
    return True


def to_numeric(expr: sympy.Expr) -> sympy.Expr:
    """``expr`` with every letter but the variable set to 1 (for probing its shape)."""
    symbols = [s for s in expr.free_symbols if not s.name.startswith(("x", "t"))]
    return expr.xreplace({s: sympy.Integer(1) for s in symbols})


def cdf(p: Prepared) -> tuple[sympy.Expr | None, list[Step]]:
    """F(x) of the normalised density with its step, or None when there is no closed form."""
    x, lo = p.d.x, p.d.lo
    t = sympy.Symbol("t", real=True)
    before = rf"F({to_latex(x)}) = " + _integral_tex(p.pdf.subs(x, t), t, lo, x)
    if p.family is not None:
        return p.family.cdf, [Step("cdf", f"The {p.family.name} density's CDF", before,
                                   to_latex(p.family.cdf))]
    prim = antiderivative(p.pdf, x)
    if prim is None:
        return None, []
    start = prim.subs(x, lo) if lo.is_finite else bounded_call(sympy.limit, prim, x, lo)
    if start is None or not start.is_finite:
        return None, []
    result = sympy.simplify(prim - start)
    return result, [Step("cdf", "The CDF adds up the density from the left end: F = "
                         "an antiderivative, less its value at the left end", before,
                         to_latex(result))]


def quantile(p: Prepared, exact_cdf: sympy.Expr | None,
             level: float) -> tuple[sympy.Expr | None, float, Step]:
    """(exact x_p or None, its value, the step) with F(x_p) = p."""
    q = sympy.nsimplify(level)
    name = "The median" if q == sympy.Rational(1, 2) else f"The {_percent(level)} quantile"
    head = rf"F(x_{{{to_latex(q)}}}) = {to_latex(q)}"
    exact = p.family.quantile(q) if p.family is not None else None
    if exact is not None:
        exact = sympy.simplify(exact)
        return exact, real_value(exact), Step("quantile", f"{name}: solve F(x) = p with "
                                              "the inverse of the CDF", head,
                                              rf"x_{{{to_latex(q)}}} = {answer(exact)}")
    value = _root(p, exact_cdf, level)
    exact = _solved(p, exact_cdf, q, value)
    if exact is not None:
        return exact, real_value(exact), Step("quantile", f"{name}: solve F(x) = p", head,
                                              rf"x_{{{to_latex(q)}}} = {answer(exact)}")
    return None, value, Step("quantile", f"{name}: F(x) = p has no closed-form solution "
                             "here, so it is found numerically (bisection)", head,
                             rf"x_{{{to_latex(q)}}} \approx {value:.6g}")


def _solved(p: Prepared, exact_cdf: sympy.Expr | None, q: sympy.Expr,
            near: float) -> sympy.Expr | None:
    """The root of F(x) = q in closed form (x² = 1/2 gives √2/2), the one at ``near``."""
    if exact_cdf is None or exact_cdf.free_symbols - {p.d.x} or not math.isfinite(near) \
            or not exact_cdf.is_rational_function(p.d.x):
        return None  # x e^x = c and the like have no closed-form root worth the search
    roots = bounded_call(sympy.solve, exact_cdf - q, p.d.x, seconds=1.0, default=[]) or []
    for root in roots:
        if root.is_real and abs(real_value(root) - near) < 1e-9 * max(1.0, abs(near)):
            return sympy.simplify(root)
    return None


def _root(p: Prepared, exact_cdf: sympy.Expr | None, level: float) -> float:
    """x with F(x) = level, by Brent's method on the numeric CDF."""
    from scipy.integrate import quad
    from scipy.optimize import brentq

    if p.pdf.free_symbols - {p.d.x}:
        return math.nan
    if exact_cdf is not None:
        cdf_func = numeric_function(exact_cdf, p.d.x)
    else:
        density = numeric_function(p.pdf, p.d.x)
        start = float(p.d.lo) if p.d.lo.is_finite else -math.inf

        def cdf_func(t: float) -> float:
            return quad(density, start, t, limit=200)[0]

    lo = _bracket(p.d.lo, -1.0, lambda t: cdf_func(t) <= level)
    hi = _bracket(p.d.hi, 1.0, lambda t: cdf_func(t) >= level)
    try:
        return float(brentq(lambda t: cdf_func(t) - level, lo, hi, xtol=1e-13))
    except (ValueError, RuntimeError):
        return math.nan


def _bracket(end: sympy.Expr, direction: float, holds: Any) -> float:
    """The support's end, or for an infinite end the first ±2^j where ``holds`` is true
    (far ends overflow: e^1000 is no use to a root finder)."""
    if end.is_finite:
        return float(end)
    for j in range(60):
        t = direction * 2.0 ** j
        if holds(t):
            return t
    return direction * 2.0 ** 60


def _words(expr: sympy.Expr) -> str:
    return sympy.sstr(expr).replace("**", "^").replace("*", "·")


def _percent(level: float) -> str:
    value = 100 * level
    return f"{value:g}%" if value != int(value) else f"{int(value)}%"


def exact_t(t: Any) -> sympy.Expr:
    """The t of an MGF as an exact number (0.5 is 1/2)."""
    from workbench.engine.densities import _bound

    value = _bound(t)
    if not (value.is_number and value.is_finite and value.is_real):
        raise ValueError("t must be a real number")
    return value


def mgf_at(p: Prepared, t: sympy.Expr) -> tuple[sympy.Expr | None, bool, str, list[Step]]:
    """(E[e^{tX}] or None, whether it is finite, where it is finite (LaTeX), steps)."""
    x = p.d.x
    power = to_latex(t * sympy.Symbol("X"))
    head = rf"M({to_latex(t)}) = E\left[e^{{{power}}}\right] = " + \
        weighted_tex(p, rf"e^{{{to_latex(t * x)}}}")
    fam = p.family
    if fam is not None and fam.mgf is not None:
        value = fam.mgf(t)
        if value is None:
            return None, False, fam.mgf_domain, [Step(
                "mgf", f"The {fam.name} density's MGF is finite only for "
                f"{_plain_domain(fam.mgf_domain)}: at t = {_words(t)} the integral diverges",
                head, r"\infty")]
        value = sympy.simplify(value)
        return value, True, fam.mgf_domain, [Step(
            "mgf", f"The {fam.name} density's moment generating function (finite for "
            f"{_plain_domain(fam.mgf_domain)})", head, answer(value))]
    domain = fam.mgf_domain if fam is not None else ""
    if not _mgf_tail_ok(p, t):
        return None, False, domain, [Step("mgf", "e^{tx} grows faster than the density "
                                          "shrinks, so the integral diverges", head, r"\infty")]
    exact, value, _ = integral(sympy.exp(t * x) * p.pdf, x, p.d.lo, p.d.hi)
    if exact is None and not math.isfinite(value):
        return None, True, domain, []  # finite, but neither sympy nor quad could say what
    result = exact if exact is not None else sympy.Float(value, 15)
    return result, True, domain, [Step("mgf", "Weight e^{tx} by the density and integrate",
                                       head, answer(result))]


def _mgf_tail_ok(p: Prepared, t: sympy.Expr) -> bool:
    """False when e^{tx}·f(x) does not die away on an infinite side (checked with mpmath,
    whose exponents do not overflow)."""
    x = p.d.x
    weighted = to_numeric(sympy.exp(t * x) * p.pdf)
    for side, end in ((1, p.d.hi), (-1, p.d.lo)):
        if not end.is_infinite:
            continue
        far = []
        for reach in (50, 200, 800):
            value = bounded_call(lambda at=side * reach: sympy.N(weighted.subs(x, at), 15),
                                 seconds=1.0)
            far.append(abs(complex(value)) if value is not None and value.is_number else math.inf)
        if not far[-1] < 1e-12 or far[-1] > far[0]:
            return False
    return True


def _plain_domain(latex: str) -> str:
    return latex.replace(r"\text{every } t", "every t").replace(r" \text{ only}", " only")
