"""Telescoping sums and products: the terms cancel in pairs and only the ends are left.

A sum telescopes when its term is g(k) − g(k + d): partial fractions find g for a
rational term such as 1/(k(k + 1)) = 1/k − 1/(k + 1). A product telescopes when its
factor is g(k + d)/g(k), as (1 + 1/k) = (k + 1)/k. In both cases

    sum_{k=lo}^{m} [g(k) − g(k + d)] = [g(lo) + … + g(lo + d − 1)] − [g(m + 1) + … + g(m + d)]

and likewise for the product with quotients, so the closed form needs no search.
"""

from __future__ import annotations

import sympy

from workbench.engine.series_problem import (
    Problem,
    bounded_call,
    latex_ln,
    prod_tex,
    sum_tex,
    tex,
    words,
)
from workbench.protocol.steps import Step

_MAX_SHIFT = 4  # g(k) − g(k + d) for d up to this


def telescoping_sum(p: Problem) -> tuple[sympy.Expr | None, list[Step]]:
    """The closed form of a telescoping sum with its steps, or (None, []) if it isn't one."""
    k = p.k
    if not p.term.is_rational_function(k) or p.term.is_polynomial(k):
        return None, []
    parts = bounded_call(sympy.apart, p.term, k)
    if parts is None or not parts.is_Add:
        return None, []
    rising = sympy.Add(*(t for t in parts.args if _sign(t) > 0))
    for d in range(1, _MAX_SHIFT + 1):
        if sympy.simplify(parts - (rising - rising.subs(k, k + d))) == 0:
            return _sum_steps(p, parts, rising, d)
    return None, []


def _sign(term: sympy.Expr) -> int:
    coeff, _ = term.as_coeff_Mul()
    return 1 if coeff > 0 else -1


def _sum_steps(p: Problem, parts: sympy.Expr, g: sympy.Expr,
               d: int) -> tuple[sympy.Expr, list[Step]]:
    k, m = p.k, p.m
    head = sympy.Add(*(g.subs(k, p.lo + j) for j in range(d)))
    tail = sympy.Add(*(g.subs(k, m + j) for j in range(1, d + 1)))
    closed = sympy.factor(sympy.together(head - tail))
    written = " + ".join(
        rf"\left({latex_ln(g.subs(k, at))} - {latex_ln(g.subs(k, at + d))}\right)"
        for at in (p.lo, p.lo + 1)) + r" + \cdots + " + \
        rf"\left({latex_ln(g.subs(k, m))} - {latex_ln(g.subs(k, m + d))}\right)"
    split = f"{latex_ln(g)} - {latex_ln(g.subs(k, k + d))}"
    return closed, [
        Step("partial_fractions", "Split the term into partial fractions",
             latex_ln(p.term), split),
        Step("telescoping", f"Each term is g({k}) − g({k} + {d}) with g({k}) = "
             f"{words(g)}: neighbouring terms cancel (a telescoping sum), only the "
             "ends are left", sum_tex(p.term, k, p.lo, m),
             rf"{written} = {latex_ln(head)} - {latex_ln(tail)} = {tex(closed)}"),
    ]


def telescoping_product(p: Problem) -> tuple[sympy.Expr | None, list[Step]]:
    """The closed form of a product of g(k + d)/g(k) (or its reciprocal), with its steps;
    else (None, [])."""
    k = p.k
    if not p.term.is_rational_function(k) or p.term.is_polynomial(k):
        return None, []
    top, bottom = sympy.fraction(sympy.factor(sympy.together(p.term)))
    for d in range(1, _MAX_SHIFT + 1):
        if sympy.expand(top - bottom.subs(k, k + d)) == 0:
            return _product_steps(p, bottom, d, 1)
        if sympy.expand(bottom - top.subs(k, k + d)) == 0:  # g(k)/g(k + d): k/(k + 1)
            return _product_steps(p, top, d, -1)
    return None, []


def _product_steps(p: Problem, g: sympy.Expr, d: int,
                   power: int) -> tuple[sympy.Expr, list[Step]]:
    """prod g(k + d)/g(k) = g(m + 1)…g(m + d) / g(lo)…g(lo + d − 1), to the ``power`` ±1."""
    k, m = p.k, p.m
    head = sympy.Mul(*(g.subs(k, p.lo + j) for j in range(d)))
    tail = sympy.Mul(*(g.subs(k, m + j) for j in range(1, d + 1)))
    closed = sympy.factor((tail / head) ** power)
    written = r" \cdot ".join(_quotient(g, k, at, d, power) for at in (p.lo, p.lo + 1)) \
        + r" \cdots " + _quotient(g, k, m, d, power)
    shape = f"g({k} + {d})/g({k})" if power == 1 else f"g({k})/g({k} + {d})"
    return closed, [Step(
        "telescoping", f"Each factor is {shape} with g({k}) = {words(g)}: each numerator "
        "cancels a denominator further along (a telescoping product)",
        prod_tex(p.term, k, p.lo, m), rf"{written} = {tex(closed)}")]


def _quotient(g: sympy.Expr, k: sympy.Symbol, at: sympy.Expr, d: int, power: int) -> str:
    """g(at + d)/g(at) (``power`` 1) or its reciprocal in LaTeX: one factor written out."""
    upper, lower = latex_ln(g.subs(k, at + d)), latex_ln(g.subs(k, at))
    if power == -1:
        upper, lower = lower, upper
    return rf"\frac{{{upper}}}{{{lower}}}"
