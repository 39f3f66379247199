"""Sums and products with their steps: ``summation`` and ``product`` (ENGINE_API.md).

A finite sum is worked out the way the curriculum teaches it: split it by linearity,
sum each power of the index with Faulhaber's formula (or recognise a geometric
series), collect the closed form in the upper limit ``m`` and substitute the limit.
An infinite sum says whether it converges (geometric ratio, p-series, the
divergence test, otherwise sympy) and gives its value when it does.

Nested sums and products: the ``term`` may itself be a :class:`SumResult` or
:class:`ProductResult` whose exact value still contains the outer index, e.g.
``product(product("i*j", "j", 1, 3), "i", 1, 2)`` is prod_i prod_j (i·j) = 288; the
inner result's steps come first.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import sympy

from workbench.protocol.wording import with_decimal
from workbench.engine.parsing import parse, parse_bound
from workbench.engine.results import ResultMixin
from workbench.engine.series_closed import (
    check_step,
    closed_product,
    closed_sum,
    finish,
    series_value,
)
from workbench.engine.series_numeric import infinite_value, runaway
from workbench.engine.series_problem import (
    Problem,
    bounded_call,
    float_value,
    paren,
    sigma_tex,
    term_count,
    tex,
)
from workbench.protocol.steps import Step
from workbench.protocol.syntax import ParseError

# bounded_call moved to series_problem; densities and the tangent tools import it from here
__all__ = ["ProductResult", "SumResult", "bounded_call", "product", "summation"]

_SHOWN = 6  # terms written out in an "expand" step before eliding with \cdots


@dataclass(frozen=True)
class _IndexedResult(ResultMixin):
    """Fields shared by sums and products (see the two classes below)."""

    term: sympy.Expr
    index: str
    lo: sympy.Expr
    hi: sympy.Expr
    exact: sympy.Expr | None
    value: float
    closed_form: sympy.Expr | None
    limit_symbol: str
    convergent: bool | None
    latex: str
    steps: list[Step] = field(default_factory=list)

    _SYMBOLIC = ("term", "lo", "hi", "exact", "closed_form")


@dataclass(frozen=True)
class SumResult(_IndexedResult):
    """sum_{index=lo}^{hi} term: ``exact`` (None if unknown), ``value`` (float: inf or nan
    when a series diverges), ``closed_form`` in the symbol ``limit_symbol`` (where one
    exists) and ``convergent`` (None for a finite sum)."""


@dataclass(frozen=True)
class ProductResult(_IndexedResult):
    """prod_{index=lo}^{hi} term: ``exact``, ``value``, ``closed_form`` in ``limit_symbol``;
    ``convergent`` is None (infinite products are evaluated, not classified)."""


def summation(term: Any, index: str = "k", lo: Any = 1, hi: Any = "n") -> SumResult:
    """sum_{index=lo}^{hi} term, exactly where possible, with steps.

    ``term`` is text, a sympy expression or a nested result; ``lo`` is a whole number;
    ``hi`` is a whole number, ``oo`` (a series) or an expression such as ``n``.
    """
    p = _problem(term, index, lo, hi)
    if p.hi == sympy.oo:
        return _series(p)
    steps = list(p.inner) + _expand_step(p, "+")
    closed, closed_steps = closed_sum(p)
    exact = finish(p, closed, closed_steps, steps, sympy.Add)
    steps += check_step(p, closed, sympy.Add)
    latex = _summary(p, "sum", exact, closed is not None)
    return SumResult(p.term, str(p.k), p.lo, p.hi, exact, float_value(exact, p, "sum"),
                     closed, str(p.m), None, latex, steps)


def product(term: Any, index: str = "k", lo: Any = 1, hi: Any = "n") -> ProductResult:
    """prod_{index=lo}^{hi} term, exactly where possible, with steps (see :func:`summation`)."""
    p = _problem(term, index, lo, hi)
    steps = list(p.inner)
    if p.hi == sympy.oo:
        exact = bounded_call(sympy.product, p.term, (p.k, p.lo, sympy.oo))
        exact = None if exact is None or exact.has(sympy.Product) else exact
        closed = None
        if exact is None:  # no closed form: the number still exists (∏ 1 - 1/k² = 1/2)
            value = infinite_value(p.term, p.k, p.lo, "prod")
            latex = _summary(p, "prod", None, False)
            if math.isfinite(value):
                latex = rf"{sigma_tex(p, 'prod')} \approx {value:.10g}"
            return ProductResult(p.term, str(p.k), p.lo, p.hi, None, value, None, str(p.m),
                                 None, latex, steps)
    else:
        steps += _expand_step(p, r"\cdot")
        closed, closed_steps = closed_product(p)
        exact = finish(p, closed, closed_steps, steps, sympy.Mul)
        steps += check_step(p, closed, sympy.Mul)
    latex = _summary(p, "prod", exact, closed is not None)
    return ProductResult(p.term, str(p.k), p.lo, p.hi, exact, float_value(exact, p, "prod"),
                         closed, str(p.m), None, latex, steps)


# --- inputs -------------------------------------------------------------------------

def _problem(term: Any, index: str, lo: Any, hi: Any) -> Problem:
    k = sympy.Symbol(str(index))
    inner: list[Step] = []
    if isinstance(term, (SumResult, ProductResult)):
        kind = "sum" if isinstance(term, SumResult) else "product"
        if term.exact is None:
            raise ParseError(f"The inner {kind} has no exact value to build on", None)
        inner = [Step("inner", f"Work out the inner {kind} first", term.latex.split(" = ")[0],
                      tex(term.exact), substeps=list(term.steps))]
        expr = term.exact
        maker = sympy.Sum if isinstance(term, SumResult) else sympy.Product
        shown = maker(term.term, (sympy.Symbol(term.index), term.lo, term.hi))
    else:
        expr = shown = parse(term, variables=(str(index),))
    lo_e, hi_e = _limit(lo, "lower"), _limit(hi, "upper")
    if lo_e.free_symbols or not lo_e.is_integer:
        raise ParseError("The lower limit must be a whole number", None)
    if hi_e.is_number and hi_e != sympy.oo and not hi_e.is_integer:
        raise ParseError("The upper limit must be a whole number, oo or a letter such as n", None)
    if hi_e.is_number and hi_e.is_finite and hi_e < lo_e - 1:
        raise ParseError("The upper limit is below the lower limit", None)
    if k in hi_e.free_symbols:
        raise ParseError(f"The upper limit can't use the index {k}", None)
    return Problem(expr, k, lo_e, hi_e, _limit_symbol(expr, k, hi_e), inner, shown)


def _limit(value: Any, which: str) -> sympy.Expr:
    if isinstance(value, str) and value.strip() and not value.strip().lstrip("-").isdigit():
        expr = parse(value)  # may be a letter such as n: the closed form is then the answer
    else:
        expr = parse_bound(value)
    if expr.is_number and expr.is_finite and expr.is_integer is False:
        raise ParseError(f"The {which} limit must be a whole number", None)
    return sympy.Integer(int(expr)) if expr.is_Float and expr == int(expr) else expr


def _limit_symbol(term: sympy.Expr, k: sympy.Symbol, hi: sympy.Expr) -> sympy.Symbol:
    if isinstance(hi, sympy.Symbol):
        return hi
    used = term.free_symbols | {k} | hi.free_symbols
    for name in ("m", "n", "N", "M"):
        if sympy.Symbol(name) not in used:
            return sympy.Symbol(name)
    return sympy.Dummy("m")


# --- steps and summaries ----------------------------------------------------------

def _expand_step(p: Problem, joiner: str) -> list[Step]:
    """Write a short range out term by term (the way the curriculum introduces Σ and Π)."""
    count = term_count(p)
    if count is None or count == 0 or count > 40:
        return []
    picks = list(range(count)) if count <= _SHOWN else [0, 1, 2, None, count - 1]
    written, values = [], []
    for i in picks:
        if i is None:
            written.append(r"\cdots")
            values.append(r"\cdots")
            continue
        at = p.lo + i
        written.append(paren(p.term.xreplace({p.k: sympy.Symbol(str(at))}), joiner))
        values.append(paren(p.term.subs(p.k, at), joiner))
    after = f" {joiner} ".join(written)
    if written != values:
        after += " = " + f" {joiner} ".join(values)
    what = "terms" if joiner == "+" else "factors"
    kind = "sum" if joiner == "+" else "prod"
    return [Step("expand", f"Write the {what} out", sigma_tex(p, kind), after)]


def _series(p: Problem) -> SumResult:
    """sum_{k=lo}^{oo} term: does it converge, and to what."""
    steps = list(p.inner)
    exact, convergent, why = series_value(p)
    steps += why
    if convergent:
        value = float_value(exact, p, "sum") if exact is not None \
            else infinite_value(p.term, p.k, p.lo, "sum")
    elif convergent is False and exact is None:
        value = runaway(p.term, p.k, p.lo)
    else:  # oo or -oo when the partial sums run off, else nan (they oscillate, or unknown)
        value = {sympy.oo: math.inf, -sympy.oo: -math.inf}.get(exact, math.nan)
    latex = _summary(p, "sum", exact, True)
    if convergent is False:
        latex = rf"{sigma_tex(p, 'sum')} \text{{ diverges}}"
    closed, _ = closed_sum(p)
    return SumResult(p.term, str(p.k), p.lo, p.hi, exact if convergent else None, value,
                     closed, str(p.m), convergent, latex, steps)


def _summary(p: Problem, kind: str, exact: sympy.Expr | None, closed: bool) -> str:
    """The one-line LaTeX of a result; a long term-by-term total is shown as a decimal."""
    head = sigma_tex(p, kind)
    if exact is None:
        value = float_value(exact, p, kind)
        return head if math.isnan(value) else rf"{head} \approx {value:.10g}"
    if not closed and len(exact.args) > _SHOWN and (exact.is_Add or exact.is_Mul):
        return rf"{head} = {tex(exact.evalf(12))}"
    if exact.is_Integer and len(str(exact)) > 30:  # 2^5000: the digits say nothing
        return rf"{head} \approx {tex(exact.evalf(12))}"
    # series' tex: an exact number too long to print shows as a decimal cut short
    return rf"{head} = {with_decimal(tex(exact), float_value(exact, p, kind))}"

