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
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sympy

from workbench.engine.parsing import parse, parse_bound
from workbench.engine.results import ResultMixin
from workbench.engine.series_numeric import infinite_value, runaway
from workbench.engine.steps import Step
from workbench.engine.syntax import ParseError

_DIRECT_LIMIT = 10_000  # beyond this many terms only a closed form (or numbers) will do
_NUMERIC_LIMIT = 10_000_000
_SHOWN = 6  # terms written out in an "expand" step before eliding with \cdots
_SECONDS = 5.0


def bounded_call(func: Callable[..., Any], *args: Any, seconds: float = _SECONDS,
                 default: Any = None) -> Any:
    """``func(*args)`` under the engine's time limit; ``default`` if it fails or runs out.

    sympy's closed forms are a bonus here (the numbers come from elsewhere), so any
    failure of sympy simply means "no closed form".
    """
    try:
        from workbench.engine.timebox import remaining, time_limit
    except ImportError:  # timebox not merged yet: sympy runs unbounded (the worker still can kill it)
        time_limit = remaining = None
    try:
        if time_limit is None:
            return func(*args)
        with time_limit(seconds):
            return func(*args)
    except Exception:  # noqa: BLE001 - sympy raises many kinds; all mean "no answer"
        if remaining is not None and remaining() <= 0:
            raise  # an enclosing stage's time is up: stop it, don't carry on without it
        return default


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


@dataclass(frozen=True)
class _Problem:
    """Parsed inputs shared by sums and products."""

    term: sympy.Expr
    k: sympy.Symbol
    lo: sympy.Expr
    hi: sympy.Expr
    m: sympy.Symbol  # the symbol the closed form is written in
    inner: list[Step]
    shown: sympy.Expr  # the term as displayed: a nested sum or product stays unevaluated


def summation(term: Any, index: str = "k", lo: Any = 1, hi: Any = "n") -> SumResult:
    """sum_{index=lo}^{hi} term, exactly where possible, with steps.

    ``term`` is text, a sympy expression or a nested result; ``lo`` is a whole number;
    ``hi`` is a whole number, ``oo`` (a series) or an expression such as ``n``.
    """
    p = _problem(term, index, lo, hi)
    if p.hi == sympy.oo:
        return _series(p)
    steps = list(p.inner) + _expand_step(p, "+")
    closed, closed_steps = _closed_sum(p)
    exact = _finish(p, closed, closed_steps, steps, sympy.Add)
    latex = _summary(p, "sum", exact, closed is not None)
    return SumResult(p.term, str(p.k), p.lo, p.hi, exact, _value(exact, p, "sum"),
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
                latex = rf"{_sigma(p, 'prod')} \approx {value:.10g}"
            return ProductResult(p.term, str(p.k), p.lo, p.hi, None, value, None, str(p.m),
                                 None, latex, steps)
    else:
        steps += _expand_step(p, r"\cdot")
        closed, closed_steps = _closed_product(p)
        exact = _finish(p, closed, closed_steps, steps, sympy.Mul)
    latex = _summary(p, "prod", exact, closed is not None)
    return ProductResult(p.term, str(p.k), p.lo, p.hi, exact, _value(exact, p, "prod"),
                         closed, str(p.m), None, latex, steps)


# --- inputs -------------------------------------------------------------------------

def _problem(term: Any, index: str, lo: Any, hi: Any) -> _Problem:
    k = sympy.Symbol(str(index))
    inner: list[Step] = []
    if isinstance(term, (SumResult, ProductResult)):
        kind = "sum" if isinstance(term, SumResult) else "product"
        if term.exact is None:
            raise ParseError(f"The inner {kind} has no exact value to build on", None)
        inner = [Step("inner", f"Work out the inner {kind} first", term.latex.split(" = ")[0],
                      _tex(term.exact), substeps=list(term.steps))]
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
    return _Problem(expr, k, lo_e, hi_e, _limit_symbol(expr, k, hi_e), inner, shown)


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


# --- finite sums ------------------------------------------------------------------

def _closed_sum(p: _Problem) -> tuple[sympy.Expr | None, list[Step]]:
    """F(m) = sum_{k=lo}^{m} term, with the steps that find it."""
    if p.term.is_polynomial(p.k):
        return _faulhaber(p)
    ratio = _ratio(p.term, p.k)
    if ratio is not None:
        return _geometric_partial(p, ratio)
    closed = bounded_call(sympy.summation, p.term, (p.k, p.lo, p.m))
    if closed is None or closed.has(sympy.Sum):
        return None, []
    closed = sympy.simplify(closed)
    return closed, [Step("sum", "The sum in closed form",
                         _sum_tex(p.term, p.k, p.lo, p.m), _tex(closed))]


def _faulhaber(p: _Problem) -> tuple[sympy.Expr, list[Step]]:
    k, m = p.k, p.m
    poly = sympy.Poly(p.term, k)
    pieces = [(int(powers[0]), coeff) for powers, coeff in sorted(poly.terms())]
    steps: list[Step] = []
    split = sympy.Add(*(c * sympy.Symbol(_sum_tex(k ** e, k, 1, m)) for e, c in pieces))
    if len(pieces) > 1 or pieces[0][1] != 1:
        steps.append(Step("sum", "Split the sum: constants come out, each power is summed alone",
                          _sum_tex(p.term, k, 1, m), sympy.latex(split)))
    total = sympy.Integer(0)
    for e, c in pieces:
        s_e = sympy.factor(sympy.summation(k ** e, (k, 1, m)))
        if e == 0:
            steps.append(Step("constant", f"Adding 1 {m} times gives {m}",
                              _sum_tex(sympy.Integer(1), k, 1, m),
                              _tex(s_e)))
        else:
            steps.append(Step("faulhaber", f"Faulhaber's formula for the sum of {k}^{e}",
                              _sum_tex(k ** e, k, 1, m), _tex(s_e)))
        total += c * s_e
    closed = sympy.factor(total)
    if len(pieces) > 1:
        steps.append(Step("simplify", "Collect everything into one formula",
                          sympy.latex(total), _tex(closed)))
    if p.lo != 1:
        closed = sympy.factor(total - total.subs(m, p.lo - 1))
        steps.append(Step("shift", f"Start at {k} = {p.lo}: take the terms below it (F at {p.lo - 1}) away",
                          _sum_tex(p.term, k, p.lo, m),
                          rf"F({sympy.latex(m)}) - F({p.lo - 1}) = {_tex(closed)}"))
    return closed, steps


def _ratio(term: sympy.Expr, k: sympy.Symbol) -> sympy.Expr | None:
    """r if each term is r times the one before (a geometric series), else None."""
    if not term.has(k) or term.is_polynomial(k):
        return None
    ratio = sympy.simplify(sympy.powsimp(term.subs(k, k + 1) / term, force=True))
    if ratio.has(k) or ratio == 1 or ratio == 0:
        return None
    return ratio


def _geometric_partial(p: _Problem, r: sympy.Expr) -> tuple[sympy.Expr, list[Step]]:
    first = p.term.subs(p.k, p.lo)
    closed = first * (1 - r ** (p.m - p.lo + 1)) / (1 - r)
    title = f"Each term is {r} times the one before: a geometric series"
    return closed, [Step("geometric", title, _sum_tex(p.term, p.k, p.lo, p.m),
                         rf"\frac{{a\,(1 - r^{{n}})}}{{1 - r}} = {_tex(closed)}")]


def _finish(p: _Problem, closed: sympy.Expr | None, closed_steps: list[Step],
            steps: list[Step], combine: Callable[..., sympy.Expr]) -> sympy.Expr | None:
    """Add the closed-form steps, substitute the limit, and return the exact value."""
    steps += closed_steps
    count = _count(p)
    if closed is not None:
        shown = sympy.latex(closed.xreplace({p.m: sympy.Symbol(_tex(p.hi))}))
        if count is not None and count > _DIRECT_LIMIT and not closed.is_polynomial(p.m):
            # harmonic(10^6) would be worked out as one enormous fraction: give a decimal
            value = _numeric(p, count, "sum" if combine is sympy.Add else "prod")
            steps.append(Step("substitute", f"Put {p.m} = {p.hi}", _tex(closed),
                              rf"{shown} \approx {value:.12g}"))
            return None
        exact = sympy.simplify(closed.subs(p.m, p.hi))
        if exact.has(sympy.gamma):  # simplify writes n! as Gamma(n + 1): write it back
            exact = exact.rewrite(sympy.factorial)
        if p.hi != p.m:
            steps.append(Step("substitute", f"Put {p.m} = {p.hi}", _tex(closed),
                              rf"{shown} = {_tex(exact)}"))
        return exact
    if count is None or count > _DIRECT_LIMIT:
        return None
    return combine(*(p.term.subs(p.k, p.lo + i) for i in range(count)))


def _count(p: _Problem) -> int | None:
    if not (p.hi.is_number and p.lo.is_number) or p.hi == sympy.oo:
        return None
    return max(int(p.hi) - int(p.lo) + 1, 0)


def _expand_step(p: _Problem, joiner: str) -> list[Step]:
    """Write a short range out term by term (the way the curriculum introduces Σ and Π)."""
    count = _count(p)
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
        written.append(_paren(p.term.xreplace({p.k: sympy.Symbol(str(at))}), joiner))
        values.append(_paren(p.term.subs(p.k, at), joiner))
    after = f" {joiner} ".join(written)
    if written != values:
        after += " = " + f" {joiner} ".join(values)
    what = "terms" if joiner == "+" else "factors"
    return [Step("expand", f"Write the {what} out", _sigma(p, "sum" if joiner == "+" else "prod"),
                 after)]


def _paren(expr: sympy.Expr, joiner: str = "+") -> str:
    text = sympy.latex(expr)
    wrap = expr.is_Add or (expr.is_Mul and joiner != "+") or (expr.is_number and expr < 0)
    return f"\\left({text}\\right)" if wrap else text


# --- infinite series ----------------------------------------------------------------

def _series(p: _Problem) -> SumResult:
    """sum_{k=lo}^{oo} term: does it converge, and to what."""
    steps = list(p.inner)
    exact, convergent, why = _series_value(p)
    steps += why
    if convergent:
        value = _value(exact, p, "sum") if exact is not None else infinite_value(p.term, p.k, p.lo, "sum")
    elif convergent is False and exact is None:
        value = runaway(p.term, p.k, p.lo)
    else:  # oo or -oo when the partial sums run off, else nan (they oscillate, or unknown)
        value = {sympy.oo: math.inf, -sympy.oo: -math.inf}.get(exact, math.nan)
    latex = _summary(p, "sum", exact, True)
    if convergent is False:
        latex = rf"{_sigma(p, 'sum')} \text{{ diverges}}"
    closed, _ = _closed_sum(p)
    return SumResult(p.term, str(p.k), p.lo, p.hi, exact if convergent else None, value,
                     closed, str(p.m), convergent, latex, steps)


def _series_value(p: _Problem) -> tuple[sympy.Expr | None, bool | None, list[Step]]:
    before = _sigma(p, "sum")
    ratio = _ratio(p.term, p.k)
    if ratio is not None and ratio.is_number:
        first = p.term.subs(p.k, p.lo)
        if abs(complex(ratio)) < 1:
            exact = sympy.simplify(first / (1 - ratio))
            return exact, True, [Step("geometric", f"A geometric series with ratio {ratio}, "
                                      "|r| < 1: it converges to a/(1 - r)", before,
                                      rf"\frac{{{_tex(first)}}}{{1 - {_paren(ratio)}}} = {_tex(exact)}")]
        return sympy.oo, False, [Step("geometric", f"A geometric series with ratio {ratio}, "
                                      "|r| >= 1: it diverges", before, r"\text{diverges}")]
    tail = bounded_call(sympy.limit, p.term, p.k, sympy.oo)
    if tail is not None and tail.is_number and tail != 0:
        grows = tail if tail.is_infinite else None  # k^2: the partial sums run off to oo
        return grows, False, [Step("divergence_test", "The terms don't shrink to 0, so the "
                                  "series can't converge", rf"\lim_{{{p.k} \to \infty}} "
                                  rf"{sympy.latex(p.term)} = {_tex(tail)}", r"\text{diverges}")]
    steps = _p_series_step(p)
    exact = bounded_call(sympy.summation, p.term, (p.k, p.lo, sympy.oo))
    if exact is not None and not exact.has(sympy.Sum):
        exact = sympy.simplify(exact)
        if exact.is_finite:
            return exact, True, steps + [Step("sum", "Its value", before, _tex(exact))]
        return exact, False, steps or [Step("sum", "The partial sums grow without bound",
                                            before, r"\infty")]
    convergent = bounded_call(lambda: sympy.Sum(p.term, (p.k, p.lo, sympy.oo)).is_convergent())
    return None, (bool(convergent) if convergent is not None else None), steps


def _p_series_step(p: _Problem) -> list[Step]:
    coeff, power = p.term.as_coeff_exponent(p.k)
    if coeff.has(p.k) or power == 0 or not power.is_number:
        return []
    exponent = -power
    verdict = "converges" if exponent > 1 else "diverges"
    return [Step("p_series", f"A p-series with p = {exponent}: it converges only when p > 1",
                 _sigma(p, "sum"), rf"p = {_tex(exponent)}\ \Rightarrow\ \text{{{verdict}}}")]


# --- shared ------------------------------------------------------------------------

def _closed_product(p: _Problem) -> tuple[sympy.Expr | None, list[Step]]:
    before = _prod_tex(p.term, p.k, p.lo, p.m)
    closed = bounded_call(sympy.product, p.term, (p.k, p.lo, p.m))
    if closed is None or closed.has(sympy.Product):
        return None, []
    # combsimp cancels rising factorials; it writes m! as Gamma(m + 1), which students
    # don't know, so the result is rewritten back into factorials
    closed = sympy.powsimp(sympy.combsimp(closed).rewrite(sympy.factorial))
    if closed.has(sympy.factorial):
        title = "A product of consecutive whole numbers is a factorial"
        return closed, [Step("factorial", title, before, _tex(closed))]
    return closed, [Step("product", "The product in closed form", before, _tex(closed))]


def _value(exact: sympy.Expr | None, p: _Problem, kind: str) -> float:
    if exact is not None and exact.is_number:
        try:
            # 30 digits, then one rounding: float(exact) works at 15 and can miss by an ulp
            value = exact.evalf(30)
            return float(value) if value.is_extended_real else math.nan
        except OverflowError:
            return math.inf if exact > 0 else -math.inf
        except (TypeError, ValueError):
            return math.nan
    count = _count(p)
    if exact is None and count is not None and count <= _NUMERIC_LIMIT \
            and p.term.free_symbols <= {p.k}:
        return _numeric(p, count, kind)
    return math.nan


def _numeric(p: _Problem, count: int, kind: str) -> float:
    import numpy as np

    # lambdify only ever sees the parser-built term
    func = sympy.lambdify(p.k, p.term, modules="numpy")
    ks = np.arange(int(p.lo), int(p.lo) + count, dtype=float)
    with np.errstate(all="ignore"):
        values = np.broadcast_to(np.asarray(func(ks), dtype=float), ks.shape)
        return float(math.fsum(values) if kind == "sum" else np.prod(values))


def _sigma(p: _Problem, kind: str) -> str:
    maker = _sum_tex if kind == "sum" else _prod_tex
    return maker(p.shown, p.k, p.lo, p.hi)


def _sum_tex(term: Any, k: sympy.Symbol, lo: Any, hi: Any) -> str:
    return sympy.latex(sympy.Sum(term, (k, lo, hi)))


def _prod_tex(term: Any, k: sympy.Symbol, lo: Any, hi: Any) -> str:
    # sympy would print prod 6 i^3 without brackets; a product of factors gets them here
    limits = rf"\prod_{{{sympy.latex(k)}={sympy.latex(lo)}}}^{{{sympy.latex(hi)}}}"
    body = sympy.latex(term)
    if isinstance(term, sympy.Product):
        body = _prod_tex(term.function, *term.limits[0])
    elif getattr(term, "is_Add", False) or getattr(term, "is_Mul", False):
        body = rf"\left({body}\right)"
    return f"{limits} {body}"


def _summary(p: _Problem, kind: str, exact: sympy.Expr | None, closed: bool) -> str:
    """The one-line LaTeX of a result; a long term-by-term total is shown as a decimal."""
    head = _sigma(p, kind)
    if exact is None:
        value = _value(exact, p, kind)
        return head if math.isnan(value) else rf"{head} \approx {value:.10g}"
    if not closed and len(exact.args) > _SHOWN and (exact.is_Add or exact.is_Mul):
        return rf"{head} = {_tex(exact.evalf(12))}"
    if exact.is_Integer and len(str(exact)) > 30:  # 2^5000: the digits say nothing
        return rf"{head} \approx {_tex(exact.evalf(12))}"
    return rf"{head} = {_tex(exact)}"


def _tex(expr: Any) -> str:
    try:
        return sympy.latex(expr)
    except ValueError:  # an exact number past Python's 4,300-digit printing limit
        return rf"{sympy.latex(sympy.Float(expr, 15))}\ldots"  # a decimal, cut short
