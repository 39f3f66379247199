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
from workbench.engine.series_problem import (
    Problem,
    bounded_call,
    claim,
    numeric_total,
    paren,
    prod_tex,
    sigma_tex,
    sum_tex,
    term_count,
    tex,
    words,
)
from workbench.engine.series_telescoping import telescoping_product, telescoping_sum
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
    for pattern in (telescoping_sum, _binomial_theorem, _sum_of_logs):
        closed, steps = pattern(p)
        if closed is not None:
            return closed, steps
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
        steps.append(Step("shift",
                          f"Start at {k} = {p.lo}: take the terms below it (F at {p.lo - 1}) away",
                          sum_tex(p.term, k, p.lo, m),
                          rf"F({to_latex(m)}) - F({p.lo - 1}) = {tex(closed)}"))
    return closed, steps


def _ratio(term: sympy.Expr, k: sympy.Symbol) -> sympy.Expr | None:
    """r if each term is r times the one before (a geometric series), else None."""
    if not term.has(k) or term.is_polynomial(k):
        return None
    after = term.subs(k, k + 1)
    # r^(k+1)/r^k: splitting the exponent first lets a letter r cancel as well as 2
    ratio = sympy.simplify(sympy.expand_power_exp(after) / term)
    if ratio.has(k):
        ratio = sympy.simplify(sympy.powsimp(after / term, force=True))
    if ratio.has(k) or ratio == 1 or ratio == 0:
        return None
    return ratio


def _geometric_partial(p: Problem, r: sympy.Expr) -> tuple[sympy.Expr, list[Step]]:
    first = p.term.subs(p.k, p.lo)
    count = p.m - p.lo + 1
    closed = first * (1 - r ** count) / (1 - r)
    if r.is_number:
        closed = sympy.simplify(closed)
    many = words(count) if count.is_Atom else f"({words(count)})"
    title = f"Each term is {words(r)} times the one before: a geometric series " \
        f"with first term a = {words(first)}, ratio r = {words(r)} and {many} terms"
    if not r.is_number:
        title += f" (for r ≠ 1; when r = 1 every term is a and the sum is {many}·a)"
    formula = rf"\frac{{a\,(1 - r^{{{to_latex(count)}}})}}{{1 - r}}"
    return closed, [Step("geometric", title, sum_tex(p.term, p.k, p.lo, p.m),
                         rf"{formula} = {tex(closed)}")]


def _binomial_theorem(p: Problem) -> tuple[sympy.Expr | None, list[Step]]:
    """sum_{k=0}^{n} C(n, k) a^k b^(n-k) = (a + b)^n, checked on the first few n."""
    k, m = p.k, p.m
    choose = sympy.binomial(m, k)
    if p.lo != 0 or not p.term.has(choose):
        return None, []
    rest = sympy.simplify(p.term / choose)
    ratio = sympy.simplify(sympy.expand_power_exp(rest.subs(k, k + 1)) / rest)
    if rest.has(sympy.binomial, sympy.factorial) or ratio.has(k):
        return None, []
    closed = sympy.simplify(sympy.powsimp(rest.subs(k, 0) * (1 + ratio) ** m, force=True))
    for top in range(5):  # the pattern was matched loosely: the first sums must agree
        brute = sum(p.term.subs({m: top, k: i}) for i in range(top + 1))
        if sympy.simplify(brute - closed.subs(m, top)) != 0:
            return None, []
    return closed, [Step("binomial_theorem", "The binomial theorem: the sum of "
                         "C(n, k)·a^k·b^(n − k) over k = 0 … n is (a + b)^n",
                         sum_tex(p.term, k, p.lo, m), tex(closed))]


def _sum_of_logs(p: Problem) -> tuple[sympy.Expr | None, list[Step]]:
    """sum ln g(k) = ln prod g(k): Σ ln k = ln n!, as log-likelihoods turn products into sums."""
    if not isinstance(p.term, sympy.log) or len(p.term.args) != 1:
        return None, []
    inner = Problem(p.term.args[0], p.k, p.lo, p.hi, p.m, [], p.term.args[0])
    product_form, steps = closed_product(inner)
    if product_form is None:
        return None, []
    closed = sympy.log(product_form)
    return closed, [Step("log_of_product", "A sum of logarithms is the logarithm of the "
                         "product: ln a + ln b = ln(ab)", sum_tex(p.term, p.k, p.lo, p.m),
                         rf"\ln\left({prod_tex(inner.term, p.k, p.lo, p.m)}\right) = "
                         rf"{tex(closed)}", substeps=steps)]


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


def check_step(p: Problem, closed: sympy.Expr | None,
               combine: Callable[..., sympy.Expr]) -> list[Step]:
    """For a letter as the upper limit: the formula against the first few partial sums
    (or products), added up term by term."""
    if closed is None or p.hi.is_number or not p.lo.is_number:
        return []
    tops = [int(p.lo) + j for j in range(4)]
    joiner = " + " if combine is sympy.Add else r" \cdot "
    lines = []
    for top in tops:
        terms = [p.term.subs(p.k, i) for i in range(int(p.lo), top + 1)]
        value = closed.subs(p.m, top)
        if sympy.simplify(combine(*terms) - value) != 0:
            return []  # never claim a check that fails (the closed form would be wrong)
        written = joiner.join(paren(t, joiner.strip()) for t in terms)
        shown = sympy.cancel(value) if value.is_rational_function() else sympy.simplify(value)
        lines.append(rf"{to_latex(p.m)} = {top}:\ {written} = {tex(shown)}")
    what = "sums" if combine is sympy.Add else "products"
    # one statement (no "after"): each line is its own equation
    return [Step("check", f"Check: the formula gives the first partial {what}, added up "
                 "term by term", r",\quad ".join(lines), "")]


# --- products -------------------------------------------------------------------------

def closed_product(p: Problem) -> tuple[sympy.Expr | None, list[Step]]:
    """G(m) = prod_{k=lo}^{m} term, with the step that names it (a factorial where it is one)."""
    before = prod_tex(p.term, p.k, p.lo, p.m)
    if not p.term.has(p.k):
        closed = p.term ** (p.m - p.lo + 1)
        count = words(p.m - p.lo + 1)
        return closed, [Step("constant", f"The same factor {words(p.term)} taken "
                             f"{count} times is a power", before, tex(closed))]
    closed, steps = telescoping_product(p)
    if closed is not None:
        return closed, steps
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
        r = tex(ratio)
        if abs(complex(ratio)) < 1:
            exact = sympy.simplify(first / (1 - ratio))
            return exact, True, [Step("geometric", f"A geometric series with ratio "
                                      f"r = {words(ratio)}: |r| < 1, so it converges to a/(1 − r)",
                                      before, rf"\frac{{{tex(first)}}}{{1 - {paren(ratio)}}} = "
                                      rf"{tex(exact)}")]
        # r ≥ 1: the partial sums run off to ±∞; r ≤ −1: they swing ever wider (no limit)
        runs = sympy.oo * sympy.sign(first) if ratio.is_positive else None
        return runs, False, [Step("geometric", f"A geometric series with ratio "
                                      f"r = {words(ratio)}: |r| ≥ 1, so it diverges",
                                      rf"{before} {claim(' is geometric with ')} r = {r},\ "
                                      rf"|r| \ge 1 {claim(', so it diverges')}", "")]
    tail = bounded_call(sympy.limit, p.term, p.k, sympy.oo)
    if tail is not None and tail.is_number and tail != 0:
        grows = tail if tail.is_infinite else None  # k^2: the partial sums run off to oo
        return grows, False, [Step("divergence_test", "The terms don't shrink to 0, so the "
                                  "series can't converge", rf"\lim_{{{p.k} \to \infty}} "
                                  rf"{to_latex(p.term)} = {tex(tail)} \neq 0 "
                                  rf"{claim(', so ')} {before} {claim(' diverges')}", "")]
    verdict, steps = _p_series_step(p)
    if verdict is None:
        verdict, steps = _ratio_test_step(p)
    exact = bounded_call(sympy.summation, p.term, (p.k, p.lo, sympy.oo))
    if exact is not None and not exact.has(sympy.Sum):
        exact = sympy.simplify(exact)
        # exp(x) is finite for every x although sympy can't say so: our test decides
        if exact.is_finite or (verdict and not exact.has(sympy.oo, sympy.zoo)):
            return exact, True, steps + [Step("sum", "Its value", before, tex(exact))]
        return exact, False, steps or [Step("sum", "The partial sums grow without bound",
                                            before, r"\infty")]
    if verdict is not None:
        return None, verdict, steps
    convergent = bounded_call(lambda: sympy.Sum(p.term, (p.k, p.lo, sympy.oo)).is_convergent())
    return None, (bool(convergent) if convergent is not None else None), steps


def _p_series_step(p: Problem) -> tuple[bool | None, list[Step]]:
    """(converges, [the step]) for c/k^p; (None, []) for any other term."""
    coeff, power = p.term.as_coeff_exponent(p.k)
    if coeff.has(p.k) or power == 0 or not power.is_number:
        return None, []
    exponent = -power
    converges = bool(exponent > 1)
    compare = ">" if converges else r"\le"
    verdict = "converges" if converges else "diverges"
    return converges, [Step("p_series", "p-series test: the sum of 1/k^p converges exactly "
                 f"when p > 1; here p = {words(exponent)}, so it {verdict}",
                 rf"{sigma_tex(p, 'sum')} {claim(' is a ')} p{claim('-series with ')} "
                 rf"p = {tex(exponent)} {compare} 1{claim(', so it ' + verdict)}", "")]


def _ratio_test_step(p: Problem) -> tuple[bool | None, list[Step]]:
    """The ratio test, when its limit is a number other than 1 (1 decides nothing)."""
    k = sympy.Symbol(p.k.name, integer=True, positive=True)  # so that |k + 1| = k + 1
    term = p.term.xreplace({p.k: k})
    quotient = sympy.simplify(sympy.expand_power_exp(term.subs(k, k + 1)) / term)
    if not quotient.has(k):
        return None, []
    size = sympy.simplify(sympy.Abs(quotient)).xreplace({k: p.k})
    if quotient.has(sympy.sin, sympy.cos, sympy.tan):
        return None, []  # sin(k + 1)/sin(k) has no limit: the test can't decide
    limit = bounded_call(sympy.limit, size, p.k, sympy.oo, seconds=2.0)
    if limit is None or not limit.is_number or limit == 1 or not limit.is_real:
        return None, []
    k = p.k
    converges = bool(limit < 1)
    verdict = "converges" if converges else "diverges"
    ratio = rf"\left|\frac{{a_{{{k}+1}}}}{{a_{{{k}}}}}\right|"
    return converges, [Step("ratio_test", f"Ratio test: each term over the one before "
                 f"tends to L = {words(limit)}; L {'<' if converges else '>'} 1, so it {verdict}",
                 rf"{ratio} = {tex(size)} \to {tex(limit)} "
                 rf"{'<' if converges else '>'} 1 {claim(', so ')}{sigma_tex(p, 'sum')} "
                 rf"{claim(' ' + verdict)}", "")]
