"""The tangent line y = f(a) + f'(a)(x − a): the line that touches the curve at a."""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy

from workbench.engine.derivative_tools.common import (
    DomainError, derivative_exists, exact_value, only_variable, point, prepare)
from workbench.engine.differentiation import derivative
from workbench.engine.differentiation.render import latex
from workbench.engine.results import ResultMixin
from workbench.engine.series import bounded_call
from workbench.protocol.steps import Step


@dataclass(frozen=True)
class TangentLine(ResultMixin):
    """The tangent to ``expr`` at ``at``: ``slope``, ``intercept`` and the line ``result``."""

    expr: sympy.Expr
    var: str
    at: sympy.Expr
    value: sympy.Expr
    slope: sympy.Expr
    intercept: sympy.Expr
    result: sympy.Expr
    latex: str
    steps: list[Step] = field(default_factory=list)

    _SYMBOLIC = ("expr", "result")


def _tidy(expr: sympy.Expr) -> sympy.Expr:
    """A short exact form of a number, or the number as it is if simplify takes over a
    second (it can grind for minutes on log(1 + (a + a²)²) at a 16-digit decimal a)."""
    return bounded_call(sympy.simplify, expr, seconds=1.0, default=expr)


def tangent_line(expr: str | sympy.Expr, var: str | sympy.Symbol, at: object) -> TangentLine:
    """The tangent line of ``expr`` at ``var = at``, with steps: the point, the slope
    (the derivative's own steps as substeps), point-slope form, slope-intercept form.

    Raises :class:`DomainError` where f is undefined or has no derivative.
    """
    f, x = prepare(expr, var)
    only_variable(f, x)
    a = point(at)
    value = exact_value(_tidy(f.xreplace({x: a})))
    if value is None:
        raise DomainError(f"The function is not defined at {x} = {a}")
    d = derivative(f, x)
    slope = exact_value(_tidy(d.result.xreplace({x: a})))
    if slope is None or not derivative_exists(f, d.result, x, a):
        raise DomainError(f"The function has no derivative at {x} = {a}, so no tangent line")
    intercept = _tidy(value - slope * a)
    line = slope * x + intercept
    lx, la = latex(x), latex(a)
    point_slope = rf"y - {latex(value)} = {latex(slope)}\left({lx} - {la}\right)"
    steps = [
        Step("evaluate", "Find the point of contact: put a into f", rf"f({la})",
             latex(value)),
        Step("slope", "The slope of the tangent is the derivative at that point",
             rf"f'({la})", latex(slope), substeps=d.steps),
        Step("point_slope", "Point-slope form: y − f(a) = f'(a)(x − a)",
             r"y - f(a) = f'(a)\left(x - a\right)", point_slope),
        Step("slope_intercept", "Solve for y to get y = m x + b", point_slope,
             rf"y = {latex(line)}"),
    ]
    return TangentLine(f, x.name, a, value, slope, intercept, line,
                       rf"y = {latex(line)}", steps)
