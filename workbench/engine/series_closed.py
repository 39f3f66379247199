"""Closed forms of sums and products, and whether an infinite series converges.

Each function returns its answer with the steps that find it, the way the curriculum
teaches them: a polynomial term is split by linearity and each power summed with
Faulhaber's formula; a term that is a fixed multiple of the one before is a geometric
series; an infinite sum goes through the geometric ratio, the divergence test and the
p-series test before sympy is asked, and sympy's open-ended searches (``summation``,
``product``, ``limit``) run under ``bounded_call``.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy

from workbench.engine.latex import latex as to_latex
from workbench.engine.series_problem import (Problem, bounded_call, numeric_total, paren,
                                             prod_tex, sigma_tex, sum_tex, term_count, tex)
from workbench.protocol.steps import Step

_DIRECT_LIMIT = 10_000  # beyond this many terms only a closed form (or numbers) will do


# --- finite sums ------------------------------------------------------------------

def closed_sum(p: Problem) -> tuple[sympy.Expr | None, list[Step]]:
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
                         sum_tex(p.term, p.k, p.lo, p.m), tex(closed))]


def _faulhaber(p: Problem) -> tuple[sympy.Expr, list[Step]]:
    k, m = p.k, p.m
    poly = sympy.Poly(p.term, k)
    pieces = [(int(powers[0]), coeff) for powers, coeff in sorted(poly.terms())]
    steps: list[Step] = []
    split = sympy.Add(*(c * sympy.Symbol(sum_tex(k ** e, k, 1, m)) for e, c in pieces))
    if len(pieces) > 1 or pieces[0][1] != 1:
        steps.append(Step("sum", "Split the sum: constants come out, each power is summed alone",
                          sum_tex(p.term, k, 1, m), to_latex(split)))
    total = sympy.Integer(0)
    for e, c in pieces:
        s_e = sympy.factor(sympy.summation(k ** e, (k, 1, m)))
        if e == 0:
            steps.append(Step("constant", f"Adding 1 {m} times gives {m}",
                              sum_tex(sympy.Integer(1), k, 1, m),
                              tex(s_e)))
        else:
            steps.append(Step("faulhaber", f"Faulhaber's formula for the sum of ${tex(k ** e)}$",
                              sum_tex(k ** e, k, 1, m), tex(s_e)))
        total += c * s_e
    closed = sympy.factor(total)
    if len(pieces) > 1:
        steps.append(Step("simplify", "Collect everything into one formula",
                          to_latex(total), tex(closed)))
    if p.lo != 1:
        closed = sympy.factor(total - total.subs(m, p.lo - 1))
        steps.append(Step("shift", f"Start at {k} = {p.lo}: take the terms below it (F at {p.lo - 1}) away",
                          sum_tex(p.term, k, p.lo, m),
                          rf"F({to_latex(m)}) - F({p.lo - 1}) = {tex(closed)}"))
    return closed, steps


def _ratio(term: sympy.Expr, k: sympy.Symbol) -> sympy.Expr | None:
    """r if each term is r times the one before (a geometric series), else None."""
    if not term.has(k) or term.is_polynomial(k):
        return None
    ratio = sympy.simplify(sympy.powsimp(term.subs(k, k + 1) / term, force=True))
    if ratio.has(k) or ratio == 1 or ratio == 0:
        return None
    return ratio


def _geometric_partial(p: Problem, r: sympy.Expr) -> tuple[sympy.Expr, list[Step]]:
    first = p.term.subs(p.k, p.lo)
    closed = first * (1 - r ** (p.m - p.lo + 1)) / (1 - r)
    title = f"Each term is {r} times the one before: a geometric series"
    return closed, [Step("geometric", title, sum_tex(p.term, p.k, p.lo, p.m),
                         rf"\frac{{a\,(1 - r^{{n}})}}{{1 - r}} = {tex(closed)}")]


def finish(p: Problem, closed: sympy.Expr | None, closed_steps: list[Step],
           steps: list[Step], combine: Callable[..., sympy.Expr]) -> sympy.Expr | None:
    """Add the closed-form steps, substitute the limit, and return the exact value."""
    steps += closed_steps
    count = term_count(p)
    if closed is not None:
        shown = to_latex(closed.xreplace({p.m: sympy.Symbol(tex(p.hi))}))
        if count is not None and count > _DIRECT_LIMIT and not closed.is_polynomial(p.m):
            # harmonic(10^6) would be worked out as one enormous fraction: give a decimal
            value = numeric_total(p, count, "sum" if combine is sympy.Add else "prod")
            steps.append(Step("substitute", f"Put {p.m} = {p.hi}", tex(closed),
                              rf"{shown} \approx {value:.12g}"))
            return None
        exact = sympy.simplify(closed.subs(p.m, p.hi))
        if exact.has(sympy.gamma):  # simplify writes n! as Gamma(n + 1): write it back
            exact = exact.rewrite(sympy.factorial)
        if p.hi != p.m:
            steps.append(Step("substitute", f"Put {p.m} = {p.hi}", tex(closed),
                              rf"{shown} = {tex(exact)}"))
        return exact
    if count is None or count > _DIRECT_LIMIT:
        return None
    return combine(*(p.term.subs(p.k, p.lo + i) for i in range(count)))


# --- products -------------------------------------------------------------------------

def closed_product(p: Problem) -> tuple[sympy.Expr | None, list[Step]]:
    """G(m) = prod_{k=lo}^{m} term, with the step that names it (a factorial where it is one)."""
    before = prod_tex(p.term, p.k, p.lo, p.m)
    closed = bounded_call(sympy.product, p.term, (p.k, p.lo, p.m))
    if closed is None or closed.has(sympy.Product):
        return None, []
    # combsimp cancels rising factorials; it writes m! as Gamma(m + 1), which students
    # don't know, so the result is rewritten back into factorials
    closed = sympy.powsimp(sympy.combsimp(closed).rewrite(sympy.factorial))
    if closed.has(sympy.factorial):
        title = "A product of consecutive whole numbers is a factorial"
        return closed, [Step("factorial", title, before, tex(closed))]
    return closed, [Step("product", "The product in closed form", before, tex(closed))]


# --- infinite series ----------------------------------------------------------------

def series_value(p: Problem) -> tuple[sympy.Expr | None, bool | None, list[Step]]:
    """(exact value or None, convergent or None when unknown, steps) of sum_{k=lo}^{oo} term."""
    before = sigma_tex(p, "sum")
    ratio = _ratio(p.term, p.k)
    if ratio is not None and ratio.is_number:
        first = p.term.subs(p.k, p.lo)
        if abs(complex(ratio)) < 1:
            exact = sympy.simplify(first / (1 - ratio))
            ratio_words = f"A geometric series with ratio ${tex(ratio)}$, "
            return exact, True, [Step("geometric", ratio_words +
                                      "$|r| < 1$: it converges to $a/(1 - r)$", before,
                                      rf"\frac{{{tex(first)}}}{{1 - {paren(ratio)}}} = {tex(exact)}")]
        return sympy.oo, False, [Step("geometric", f"A geometric series with ratio ${tex(ratio)}$, "
                                      "$|r| \\ge 1$: it diverges", before, r"\text{diverges}")]
    tail = bounded_call(sympy.limit, p.term, p.k, sympy.oo)
    if tail is not None and tail.is_number and tail != 0:
        grows = tail if tail.is_infinite else None  # k^2: the partial sums run off to oo
        return grows, False, [Step("divergence_test", "The terms don't shrink to 0, so the "
                                  "series can't converge", rf"\lim_{{{p.k} \to \infty}} "
                                  rf"{to_latex(p.term)} = {tex(tail)}", r"\text{diverges}")]
    steps = _p_series_step(p)
    exact = bounded_call(sympy.summation, p.term, (p.k, p.lo, sympy.oo))
    if exact is not None and not exact.has(sympy.Sum):
        exact = sympy.simplify(exact)
        if exact.is_finite:
            return exact, True, steps + [Step("sum", "Its value", before, tex(exact))]
        return exact, False, steps or [Step("sum", "The partial sums grow without bound",
                                            before, r"\infty")]
    convergent = bounded_call(lambda: sympy.Sum(p.term, (p.k, p.lo, sympy.oo)).is_convergent())
    return None, (bool(convergent) if convergent is not None else None), steps


def _p_series_step(p: Problem) -> list[Step]:
    coeff, power = p.term.as_coeff_exponent(p.k)
    if coeff.has(p.k) or power == 0 or not power.is_number:
        return []
    exponent = -power
    verdict = "converges" if exponent > 1 else "diverges"
    return [Step("p_series",
                 f"A p-series with $p = {tex(exponent)}$: it converges only when $p > 1$",
                 sigma_tex(p, "sum"), rf"p = {tex(exponent)}\ \Rightarrow\ \text{{{verdict}}}")]

