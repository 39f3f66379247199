"""Answers for named densities straight from their formulas, without integrating.

``probability`` and ``expectation`` (:mod:`workbench.engine.densities`) ask here first:
for a recognised density P(a ≤ X ≤ b) is F(b) − F(a), and E[X], E[X²] and E[e^{tX}] are
the family's mean, mean square and moment generating function. That is exact, takes
milliseconds, and is right where an integral is slow or misleading (the Cauchy mean is
not 0 by symmetry: it does not exist).
"""

from __future__ import annotations

import math

import sympy

from workbench.engine.densities import (
    Expectation,
    ProbabilityResult,
    _big_value,
    _Density,
    _integral_tex,
    _plain,
    answer,
    latex_ln,
    normalise_step,
    support_step,
)
from workbench.engine.density_integrals import numeric_function
from workbench.engine.density_match import recognise
from workbench.engine.named_densities import Family
from workbench.engine.precision import real_value
from workbench.protocol.steps import Step


def recognised(d: _Density) -> tuple[Family | None, sympy.Expr, list[Step]]:
    """(family or None, total area, steps): the support, and the family when one is found."""
    steps = [support_step(d)]
    found = recognise(d.pdf, d.x, d.lo, d.hi)
    if found is None:
        return None, sympy.Integer(1), steps
    family, scale = found
    x = latex_ln(d.x)
    title = f"Recognise a named density: the {family.name} density"
    typed = rf"f({x}) = {latex_ln(d.pdf)}"
    if scale == 1 and d.pdf == family.pdf:  # typed in the family's own form: name it only
        steps.append(Step("recognise", title, rf"{typed}\quad({family.describe()})", ""))
    else:
        factor = "" if scale == 1 else rf"{latex_ln(scale)} \cdot "
        steps.append(Step("recognise", title, typed,
                          rf"{factor}{latex_ln(family.pdf)}\quad({family.describe()})"))
    if scale != 1:
        steps.append(normalise_step(d, scale))
    return family, scale, steps


def named_probability(d: _Density, lo: sympy.Expr, hi: sympy.Expr) -> ProbabilityResult | None:
    """P(lo ≤ X ≤ hi) = c·(F(hi) − F(lo)) for c times a named density; None if none."""
    family, scale, steps = recognised(d)
    if family is None:
        return None
    x = d.x
    upper, lower = _cdf_at(family, hi), _cdf_at(family, lo)
    share = sympy.simplify(upper - lower)
    exact = sympy.simplify(scale * share)
    prob = rf"P\left({latex_ln(lo)} \le {latex_ln(x)} \le {latex_ln(hi)}\right)"
    steps.append(Step("cdf", f"The {family.name} density's CDF F", rf"F({latex_ln(x)})",
                      latex_ln(family.cdf)))
    steps.append(Step("probability", "The probability is the rise of the CDF from a to b",
                      rf"{prob} = F({latex_ln(hi)}) - F({latex_ln(lo)})",
                      rf"{latex_ln(upper)} - {latex_ln(lower)} = {answer(share)}"))
    latex = rf"{prob} = {answer(share)}"
    if scale != 1:
        latex = rf"{prob} = {answer(share)}\quad\text{{(for the normalised density; the area "\
                rf"under what was typed is }}{answer(exact)}\text{{)}}"
    value = _value(exact)
    return ProbabilityResult(_plain(d, d.pdf), str(x), _plain(d, lo), _plain(d, hi),
                             (_plain(d, d.lo), _plain(d, d.hi)), _plain(d, exact), value, 0.0,
                             _plain(d, scale), scale == 1, latex, steps, family.name,
                             _plain(d, share), _value(share))


def _cdf_at(family: Family, at: sympy.Expr) -> sympy.Expr:
    if (at <= family.lo) is sympy.true:
        return sympy.Integer(0)
    if (at >= family.hi) is sympy.true:
        return sympy.Integer(1)
    return sympy.simplify(family.cdf.subs(family.x, at))


def named_expectation(g: sympy.Expr, d: _Density, lo: sympy.Expr,
                      hi: sympy.Expr) -> Expectation | None:
    """E[X], E[X²] or E[e^{tX}] (a number t) over the whole support of a named density."""
    if lo != d.lo or hi != d.hi:
        return None
    x = d.x
    t = _exponential_rate(g, x)
    if g != x and g != x ** 2 and t is None:
        return None
    family, scale, steps = recognised(d)
    if family is None or (t is not None and family.mgf is None):
        return None
    mean = rf"E\left[{latex_ln(g)}\right]"
    if t is not None:
        share = family.mgf(t)
        rule = f"the moment generating function at t = {sympy.sstr(t)}, finite for"
        rule += " " + family.mgf_domain.replace(r"\text{every } t", "every t")
    elif family.mean is None:
        share = None
        rule = "not defined: its tails are too heavy for the integral to converge"
    else:
        share = family.mean if g == x else sympy.simplify(family.variance + family.mean ** 2)
        rule = "the mean" if g == x else "Var X + (E X)²"
    if share is None:
        steps.append(Step("no_moment", f"For the {family.name} density, {mean} is {rule}",
                          mean, r"\infty" if t is not None else r"\text{does not exist}"))
        latex = rf"{mean} \text{{ does not exist (the integral diverges)}}"
        return Expectation(_plain(d, g), _plain(d, d.pdf), str(x), _plain(d, lo), _plain(d, hi),
                           None, math.nan, math.nan, latex, steps, False, family.name,
                           _plain(d, scale), None, math.nan)
    share = sympy.simplify(share)
    steps.append(Step("moment", f"For the {family.name} density, {mean} is {rule}", mean,
                      answer(share)))
    exact = sympy.simplify(scale * share)
    latex = rf"{mean} = {answer(share)}"
    if scale != 1:
        latex += r"\quad\text{(for the normalised density)}"
    return Expectation(_plain(d, g), _plain(d, d.pdf), str(x), _plain(d, lo), _plain(d, hi),
                       _plain(d, exact), _value(exact), 0.0, latex, steps, True, family.name,
                       _plain(d, scale), _plain(d, share), _value(share))


def _exponential_rate(g: sympy.Expr, x: sympy.Symbol) -> sympy.Expr | None:
    """t when g = e^{t x} for a number t, else None."""
    if isinstance(g, sympy.exp):
        rate = sympy.simplify(g.args[0] / x)
        if rate.is_number and rate.is_real:
            return rate
    return None


def _value(expr: sympy.Expr | None) -> float:
    return real_value(expr) if expr is not None and expr.is_number else math.nan


def heavy_tail(integrand: sympy.Expr, x: sympy.Symbol, lo: sympy.Expr, hi: sympy.Expr) -> bool:
    """True when |g·f| shrinks no faster than 1/|x| on an infinite side: the integral
    diverges (quadrature would still return a number, and symmetry a false 0)."""
    if integrand.free_symbols - {x}:
        return False
    func = numeric_function(integrand, x)
    for side, end in ((1, hi), (-1, lo)):
        if not end.is_infinite:
            continue
        far = []
        for reach in (10 ** 4, 10 ** 6, 10 ** 8):
            value = func(float(side * reach))  # a float: numpy ints overflow silently
            if math.isnan(value):
                value = _big_value(integrand, x, side * reach)
            far.append(abs(value) * reach)
        if all(math.isfinite(v) for v in far) and far[-1] > 1e-3 and far[-1] >= 0.5 * far[0]:
            return True
    return False


def no_expectation(g: sympy.Expr, d: _Density, lo: sympy.Expr, hi: sympy.Expr,
                  integrand: sympy.Expr, mean: str) -> Expectation:
    """The answer when the integral diverges: no number, and a step that says why."""
    steps = [support_step(d),
             Step("no_moment", "The tails of g(x)·f(x) shrink no faster than 1/|x|, so the "
                  "integral diverges: this expected value does not exist",
                  _integral_tex(integrand, d.x, lo, hi), r"\infty")]
    latex = rf"{mean} \text{{ does not exist (the integral diverges)}}"
    return Expectation(_plain(d, g), _plain(d, d.pdf), str(d.x), _plain(d, lo), _plain(d, hi),
                       None, math.nan, math.nan, latex, steps, False)
