"""Difference quotients: the numeric derivative a student computes, and the limit
definition f'(a) = lim_{h→0} (f(a+h) − f(a)) / h worked through step by step."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import sympy

from workbench.engine.derivative_tools.common import (
    DomainError, derivative_exists, exact_value, fmt, only_variable, point, precise_sampler,
    prepare, step_size)
from workbench.engine.differentiation import derivative
from workbench.engine.differentiation.render import latex
from workbench.engine.precision import real_value
from workbench.engine.results import ResultMixin
from workbench.protocol.steps import Step

SCHEMES = {
    "forward": (r"\frac{f(a + h) - f(a)}{h}", "Forward difference: step h to the right"),
    "backward": (r"\frac{f(a) - f(a - h)}{h}", "Backward difference: step h to the left"),
    "central": (r"\frac{f(a + h) - f(a - h)}{2h}",
                "Central difference: step h both ways, divide by 2h (error shrinks like h²)"),
}


@dataclass(frozen=True)
class NumericDerivative(ResultMixin):
    """A difference quotient at ``at`` (``value``) beside the exact f'(at) and the gap."""

    expr: sympy.Expr
    var: str
    at: sympy.Expr
    h: float
    scheme: str
    value: float
    exact: float
    error: float
    latex: str
    steps: list[Step] = field(default_factory=list)

    _SYMBOLIC = ("expr",)


@dataclass(frozen=True)
class LimitDefinition(ResultMixin):
    """Difference quotients for shrinking h (``rows``) and their exact ``limit``."""

    expr: sympy.Expr
    var: str
    at: sympy.Expr | None
    rows: list[tuple[float, float]]
    limit: sympy.Expr
    latex: str
    steps: list[Step] = field(default_factory=list)

    _SYMBOLIC = ("expr", "limit")


def _quotient(f, a: float, h: float, scheme: str) -> tuple[float, dict[str, float]]:
    """The float64 quotient and the values of f it used, refusing undefined ones."""
    wanted = {"forward": (a, a + h), "backward": (a - h, a), "central": (a - h, a + h)}[scheme]
    at = {p: f(p) for p in sorted({a, *wanted})}  # each point once: f may be costly
    for p, fp in at.items():
        if not math.isfinite(fp):
            raise DomainError(f"The function is not defined at {p:.10g}, a point that "
                              f"this {scheme} difference needs")
    values = {f"f({fmt(p)})": fp for p, fp in at.items()}
    width = 2 * h if scheme == "central" else h
    # float64 throughout, as the formula reads: (f(right) - f(left)) / width
    return (at[wanted[1]] - at[wanted[0]]) / width, values


def numeric_derivative(expr: str | sympy.Expr, var: str | sympy.Symbol, at: object,
                       h: float = 1e-5, scheme: str = "central") -> NumericDerivative:
    """The difference quotient of ``expr`` at ``at`` with step ``h`` (forward, backward
    or central), computed in float64 exactly as the formula reads, beside the exact
    derivative there and the absolute error between them.

    ``value``: the points a ± h and the quotient are float64 operations; each f value
    is the true f there rounded to float64 (worked out at 30+ digits), so the error
    shown is the method's (truncation and cancellation), not a float formula's.
    ``exact``: f'(at) from the symbolic derivative, correctly rounded.
    """
    if scheme not in SCHEMES:
        raise ValueError(f"The scheme must be one of {', '.join(SCHEMES)}, not {scheme!r}")
    f, x = prepare(expr, var)
    only_variable(f, x)
    a_exact, width = point(at), step_size(h)
    a = float(a_exact)
    value, used = _quotient(precise_sampler(f, x), a, width, scheme)
    d = derivative(f, x)
    slope = exact_value(d.result.xreplace({x: a_exact}))
    # worked out to 30 digits, then rounded: a float evaluation of f' can cancel badly
    exact = real_value(slope) if slope is not None and derivative_exists(
        f, d.result, x, a_exact) else math.nan
    error = abs(value - exact)
    formula, title = SCHEMES[scheme]
    steps = [
        Step("evaluate", "Evaluate the function at the points the formula needs",
             formula, r",\ ".join(f"{k} = {fmt(v)}" for k, v in used.items())),
        Step("difference_quotient", f"{title}, with h = {width:g}", formula, fmt(value)),
        Step("exact", "The exact derivative from the rules, for comparison",
             rf"f'({latex(a_exact)})",
             fmt(exact) if math.isfinite(exact) else r"\text{does not exist}",
             substeps=d.steps),
        Step("error", "The error is the gap between the estimate and the exact slope",
             rf"\left|{fmt(value)} - {fmt(exact)}\right|", fmt(error)),
    ]
    summary = (rf"{formula}\Big|_{{a = {latex(a_exact)},\ h = {fmt(width)}}} "
               rf"\approx {fmt(value)}")
    return NumericDerivative(f, x.name, a_exact, width, scheme, value, exact, error, summary, steps)


def _h_symbol(f: sympy.Expr) -> sympy.Symbol:
    names = {s.name for s in f.free_symbols}
    return sympy.Symbol(next(n for n in ("h", "k", "t", "s", "dx") if n not in names))


def _rows(f, a: float, hs: Sequence[float]) -> list[tuple[float, float]]:
    fa = f(a)
    if not math.isfinite(fa):
        raise DomainError(f"The function is not defined at {a:.10g}")
    rows = []
    for h in hs:
        step = float(h)
        if step == 0 or not math.isfinite(step):
            raise ValueError(f"Each h must be a non-zero finite number, not {h!r}")
        rows.append((step, (f(a + step) - fa) / step))
    return rows


def limit_definition(expr: str | sympy.Expr, var: str | sympy.Symbol, at: object = None,
                     hs: Sequence[float] = (1, 0.1, 0.01, 0.001)) -> LimitDefinition:
    """The derivative from its definition, lim_{h→0} (f(a+h) − f(a)) / h.

    ``rows`` holds the float quotient for each h in ``hs``; ``limit`` is the exact
    value (sympy.nan when the one-sided limits differ). With ``at=None`` the steps
    work at a general point ``var`` and ``rows`` is empty. Polynomials (and other
    rational functions) get every algebra step: expand, cancel h, set h = 0.
    """
    f, x = prepare(expr, var)
    if at is not None:
        only_variable(f, x)
    a = x if at is None else point(at)
    h = _h_symbol(f)
    rows = [] if at is None else _rows(precise_sampler(f, x), float(a), hs)
    fa = f.xreplace({x: a})
    if at is not None and exact_value(fa) is None:
        raise DomainError(f"The function is not defined at {a}")
    numer = f.xreplace({x: a + h}) - fa
    quotient = sympy.Mul(numer, sympy.Pow(h, -1), evaluate=False)
    steps = [Step("difference_quotient", "Write the difference quotient: change in f over change h",
                  r"\frac{f(a + h) - f(a)}{h}", latex(quotient))]
    if f.is_rational_function(x):
        expanded = sympy.expand(numer)
        steps.append(Step("expand", "Expand the top: the terms without h cancel out",
                          latex(quotient),
                          latex(sympy.Mul(expanded, sympy.Pow(h, -1), evaluate=False))))
        reduced = sympy.cancel(expanded / h)
        steps.append(Step("cancel", "Divide every term by h, which is allowed because h ≠ 0",
                          latex(sympy.Mul(expanded, sympy.Pow(h, -1), evaluate=False)),
                          latex(reduced)))
    limit = _two_sided_limit(numer / h, h)
    steps.append(Step("limit", f"Let {h} shrink to 0" + (
        "" if limit is not sympy.nan
        else ": the two one-sided limits differ, so there is no limit"),
        rf"\lim_{{{h} \to 0}} {latex(quotient)}", latex(limit)))
    summary = rf"f'({latex(a)}) = \lim_{{{h} \to 0}} {latex(quotient)} = {latex(limit)}"
    return LimitDefinition(f, x.name, None if at is None else a, rows, limit, summary, steps)


def _two_sided_limit(quotient: sympy.Expr, h: sympy.Symbol) -> sympy.Expr:
    try:
        right = sympy.limit(quotient, h, 0, "+")
        left = sympy.limit(quotient, h, 0, "-")
    except (NotImplementedError, ValueError):
        return sympy.nan
    if right == left or sympy.simplify(right - left) == 0:
        return right
    return sympy.nan
