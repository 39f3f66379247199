"""Mean, variance, standard deviation, CDF and quantiles of a density, with steps.

``moments`` gives E[X], E[X²], Var X = E[X²] − (E X)² and σ = √Var X; ``distribution``
gives the CDF F(x) as an expression and the quantiles x_p with F(x_p) = p (the median
is p = 1/2). A named density (:mod:`workbench.engine.named_densities`) is answered from
its formulas, exactly and at once; any other is integrated (sympy, checked against
quadrature) and its quantiles found by root-finding. A function that is c times a
density (c ≠ 1) is said to be so, and every answer is for the normalised density f/c,
the one a sample is drawn from.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sympy

from workbench.engine import density_facts as facts
from workbench.engine.densities import latex_ln
from workbench.engine.density_facts import Prepared, prepare
from workbench.engine.precision import real_value
from workbench.engine.results import ResultMixin
from workbench.engine.trees import UnsupportedExpression, to_tree
from workbench.protocol.steps import Step
from workbench.protocol.syntax.tree import Node


@dataclass(frozen=True)
class Moments(ResultMixin):
    """E[X], E[X²], Var X and the standard deviation of the (normalised) density.

    ``family`` names a recognised density ("normal", "Cauchy", ...; "" if none) with
    ``family_params`` (name -> value); ``scale`` is the total area of what was typed
    (1 for a density). ``mean`` etc. are exact (None when unknown or when they do not
    exist); ``*_value`` are floats (NaN when unknown or non-existent); ``mean_exists``
    and ``variance_exists`` are False when the integral diverges (Cauchy), None when
    undecided.
    """

    pdf: sympy.Expr
    var: str
    family: str
    family_params: dict[str, sympy.Expr]
    scale: sympy.Expr | float
    normalized: bool
    mean: sympy.Expr | None
    second_moment: sympy.Expr | None
    variance: sympy.Expr | None
    std: sympy.Expr | None
    mean_value: float
    variance_value: float
    std_value: float
    mean_exists: bool | None
    variance_exists: bool | None
    latex: str
    steps: list[Step] = field(default_factory=list)

    _SYMBOLIC = ("pdf", "scale", "mean", "second_moment", "variance", "std")


@dataclass(frozen=True)
class Distribution(ResultMixin):
    """The CDF F(x) of the (normalised) density and its quantiles.

    ``cdf`` is exact on the support (None when no closed form was found); ``quantiles``
    is a tuple of (p, exact x_p or None, float x_p) in the order asked.
    """

    pdf: sympy.Expr
    var: str
    family: str
    scale: sympy.Expr | float
    support: tuple[sympy.Expr, sympy.Expr]
    cdf: sympy.Expr | None
    quantiles: tuple[tuple[float, sympy.Expr | None, float], ...]
    latex: str
    steps: list[Step] = field(default_factory=list)
    cdf_tree: Node | None = None  # F as a plain tree, 0 left of the support and 1 right

    _SYMBOLIC = ("pdf", "scale", "cdf")


def moments(pdf: Any, var: str = "x", *, support: tuple[Any, Any] | None = None,
            params: Mapping[str, float] | None = None) -> Moments:
    """Mean, E[X²], variance and standard deviation of ``pdf`` (normalised first)."""
    p = prepare(pdf, var, support, params)
    steps = list(p.steps)
    mean, mean_ok, mean_steps = facts.first_moment(p)
    second, second_ok, second_steps = facts.second_moment(p)
    steps += mean_steps + second_steps
    variance = std = None
    if mean is not None and second is not None:
        variance = sympy.simplify(second - mean ** 2)
        std = sympy.sqrt(variance)
        steps += _variance_steps(mean, second, variance, std)
    elif mean_ok is False or second_ok is False:
        steps.append(Step("variance", "Without E[X²] there is no variance: Var X = E[X²] − (E X)² "
                          "needs it finite", r"\operatorname{Var} X", r"\infty"
                          if mean_ok else r"\text{does not exist}"))
    latex = _moments_latex(mean, mean_ok, variance, std, second_ok)
    return Moments(p.plain(p.d.pdf), var, p.family_name, p.family_params(), p.plain(p.scale),
                   p.normalized, p.plain(mean), p.plain(second), p.plain(variance),
                   p.plain(std), _number(mean), _number(variance), _number(std),
                   mean_ok, second_ok, latex, steps)


def distribution(pdf: Any, var: str = "x", *, support: tuple[Any, Any] | None = None,
                 params: Mapping[str, float] | None = None,
                 quantiles: Sequence[float] = (0.25, 0.5, 0.75)) -> Distribution:
    """The CDF F(x) of ``pdf`` (normalised first) and its quantiles at ``quantiles``."""
    for q in quantiles:
        if not 0 < q < 1:
            raise ValueError("A quantile's level p must lie strictly between 0 and 1")
    p = prepare(pdf, var, support, params)
    cdf, steps = facts.cdf(p)
    found = []
    for q in quantiles:
        exact, value, step = facts.quantile(p, cdf, q)
        found.append((float(q), p.plain(exact), value))
        steps.append(step)
    x = latex_ln(p.d.x)
    latex = rf"F({x}) = {latex_ln(cdf)}" if cdf is not None \
        else rf"F({x}) \approx \text{{numeric}}"
    return Distribution(p.plain(p.d.pdf), var, p.family_name, p.plain(p.scale),
                        (p.plain(p.d.lo), p.plain(p.d.hi)), p.plain(cdf), tuple(found),
                        latex, list(p.steps) + steps, _cdf_tree(p, cdf))


def _cdf_tree(p: Prepared, cdf: sympy.Expr | None) -> Node | None:
    """F on the whole line as a plain tree the window can sample (None if it can't)."""
    if cdf is None:
        return None
    x, lo, hi = p.d.x, p.d.lo, p.d.hi
    pieces = []
    if lo.is_finite:
        pieces.append((sympy.Integer(0), x < lo))
    if hi.is_finite:
        pieces.append((sympy.Integer(1), x > hi))
    whole = sympy.Piecewise(*pieces, (cdf, True)) if pieces else cdf
    try:
        return to_tree(p.plain(whole))
    except UnsupportedExpression:
        return None


@dataclass(frozen=True)
class MomentGenerating(ResultMixin):
    """E[e^{tX}] at one number t for the (normalised) density.

    ``exists`` is False where the integral diverges (then ``exact`` is None and ``value``
    inf); ``domain`` says in LaTeX for which t it is finite, when the family is known.
    """

    pdf: sympy.Expr
    var: str
    t: float
    family: str
    scale: sympy.Expr | float
    exact: sympy.Expr | None
    value: float
    exists: bool
    domain: str
    latex: str
    steps: list[Step] = field(default_factory=list)

    _SYMBOLIC = ("pdf", "scale", "exact")


def mgf(pdf: Any, t: Any, var: str = "x", *, support: tuple[Any, Any] | None = None,
        params: Mapping[str, float] | None = None) -> MomentGenerating:
    """The moment generating function E[e^{tX}] at the number ``t`` (normalised first)."""
    p = prepare(pdf, var, support, params)
    t_value = facts.exact_t(t)
    exact, exists, domain, steps = facts.mgf_at(p, t_value)
    head = rf"E\left[e^{{{latex_ln(t_value * sympy.Symbol('X'))}}}\right]"
    latex = rf"{head} = {facts.answer(exact)}" if exists else \
        rf"{head} = \infty \text{{ (the integral diverges)}}"
    value = _number(exact) if exists else math.inf
    return MomentGenerating(p.plain(p.d.pdf), var, float(t_value), p.family_name,
                            p.plain(p.scale), p.plain(exact), value, exists, domain, latex,
                            list(p.steps) + steps)


def _variance_steps(mean: sympy.Expr, second: sympy.Expr, variance: sympy.Expr,
                    std: sympy.Expr) -> list[Step]:
    tex = sympy.latex
    return [
        Step("variance", "The variance: the mean square less the square of the mean",
             r"\operatorname{Var} X = E\left[X^{2}\right] - \left(E X\right)^{2}",
             rf"{tex(second)} - \left({tex(mean)}\right)^{{2}} = {facts.answer(variance)}"),
        Step("standard_deviation", "The standard deviation is the square root of the variance",
             r"\sigma_X = \sqrt{\operatorname{Var} X}",
             rf"\sqrt{{{tex(variance)}}} = {facts.answer(std)}"),
    ]


def _moments_latex(mean: sympy.Expr | None, mean_ok: bool | None, variance: sympy.Expr | None,
                   std: sympy.Expr | None, second_ok: bool | None) -> str:
    if mean_ok is False:
        return r"E[X] \text{ does not exist (and neither does the variance)}"
    parts = [rf"E[X] = {facts.answer(mean)}" if mean is not None else r"E[X] \text{ unknown}"]
    if variance is not None:
        parts += [rf"\operatorname{{Var}} X = {facts.answer(variance)}",
                  rf"\sigma_X = {facts.answer(std)}"]
    elif second_ok is False:
        parts.append(r"\operatorname{Var} X = \infty")
    return r",\quad ".join(parts)


def _number(expr: sympy.Expr | None) -> float:
    if expr is None or not expr.is_number:
        return math.nan
    return real_value(expr)


__all__ = ["Distribution", "MomentGenerating", "Moments", "Prepared", "distribution", "mgf",
           "moments"]
