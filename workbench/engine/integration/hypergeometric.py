"""Answers with the hypergeometric function ₂F₁ where Chebyshev's theorem rules out an
elementary one.

A binomial differential outside Chebyshev's three cases integrates to an incomplete beta
function, which is ₂F₁ with c = b + 1:

    ∫x^m·(a + b·xⁿ)^p dx = a^p·x^(m+1)/(m + 1) · ₂F₁(−p, (m + 1)/n; (m + 1)/n + 1; −b·xⁿ/a)

for a > 0 (differentiate the series term by term: Σ (−p)ₖ/k!·(−b/a)ᵏ·x^(m + nk) is
x^m·(1 + b·xⁿ/a)^p). With a < 0 < b, (a + b·xⁿ)^p = (xⁿ)^p·(b + a·x⁻ⁿ)^p puts the
positive number in front. A power product sinᵃu·cosᵇu is such a differential in
t = sin u (or cos u, whichever power is not whole, so that its root fixes the sign of the
other function's square root):

    ∫sinᵃu·cosᵇu du = sin^(a+1)u/(a + 1) · ₂F₁((1 − b)/2, (a + 1)/2; (a + 3)/2; sin²u)

where cos u ≥ 0 (the same with sin and cos exchanged, and a minus sign, for t = cos u).
The chain checks every answer by differentiating, like any other.
"""

from __future__ import annotations

import sympy

from workbench.engine.integration.algebraic import binomial_parts, chebyshev_case
from workbench.engine.integration.common import small_to_expand, step_for, words
from workbench.engine.integration.trig_rewrites import sin_cos_powers
from workbench.engine.integration.rewrite_base import Solved


def hypergeometric_form(f: sympy.Expr, x: sympy.Symbol) -> Solved | None:
    """∫f dx with ₂F₁ for a binomial differential outside Chebyshev's cases, or for
    c·sinᵃx·cosᵇx (or sinh, cosh) outside them, or a sum of such terms; else None."""
    found = _binomial(f, x) or _sin_cos_answer(f, x)
    if found is not None or not small_to_expand(f):
        return found
    terms = sympy.Add.make_args(sympy.expand(f))
    if len(terms) == 1:
        return None
    # term by term, when every term has no elementary antiderivative of its own (a term
    # that has one would need the chain)
    solved = [_binomial(t, x) or _sin_cos_answer(t, x) for t in terms]
    if any(s is None for s in solved):
        return None
    result = sympy.Add(*(s[1] for s in solved))
    title = "Sum rule: integrate each term separately and add the results"
    return [step_for("sum", title, f, x, result, [s[0][0] for s in solved])], result


def _binomial(f: sympy.Expr, x: sympy.Symbol) -> Solved | None:
    parts = binomial_parts(f, x)
    if parts is None or chebyshev_case(*(parts[i] for i in (1, 4, 5))) != 0:
        return None
    c, m, a, b, n, p = parts
    if not (a.is_real and b.is_real):
        return None
    power = x ** (m + 1)  # x^(m+1), or x^(m+1)·(xⁿ)^p = x^(m + np + 1) after the swap
    if a.is_negative and b.is_positive:
        # (a + b·xⁿ)^p = (xⁿ)^p·(b + a·x⁻ⁿ)^p: the positive number in front
        power, m, n, a, b = power * (x**n) ** p, m + n * p, -n, b, a
    elif not a.is_positive:
        return None
    beta = (m + 1) / n
    z = -b * x**n / a
    result = c * a**p * power / (m + 1) * sympy.hyper([-p, beta], [beta + 1], z)
    title = ("Outside Chebyshev's three cases x^m(a + bxⁿ)^p has no elementary antiderivative; "
             "it is an incomplete beta function: a^p·x^(m+1)/(m + 1)·₂F₁(−p, (m + 1)/n; "
             f"(m + 1)/n + 1; −bxⁿ/a), here with m = {words(m)}, n = {words(n)}, "
             f"p = {words(p)}")
    return [step_for("special_function", title, f, x, result)], result


def _sin_cos_answer(f: sympy.Expr, x: sympy.Symbol) -> Solved | None:
    found = sin_cos_powers(f, x)
    if found is None or found[2] != x:
        return None
    if found[1] is sympy.sinh:
        return _sinh_cosh_powers(f, found, x)
    c, _first, _x, a, b = found
    if a.is_Integer and b.is_Integer or any(
            v.is_Integer for v in ((b - 1) / 2, (a + 1) / 2, (a + b) / 2)):
        return None  # elementary: Chebyshev's substitutions
    # t = sin x (dt = cos x dx), or t = cos x (dt = −sin x dx) when b is whole: then sinᵃ
    # (a not whole) needs sin ≥ 0, which fixes the sign of √(1 − cos²); a and b trade
    # places, a being the power of t's function
    t_func, sign = (sympy.cos, -1) if b.is_Integer else (sympy.sin, 1)
    if b.is_Integer:
        a, b = b, a
    result = sign * c * t_func(x) ** (a + 1) / (a + 1) * sympy.hyper(
        [(1 - b) / 2, (a + 1) / 2], [(a + 3) / 2], t_func(x) ** 2)
    t = f"{t_func.__name__} {words(x)}"
    title = (f"With t = {t} this is a binomial differential outside Chebyshev's cases, so "
             "no elementary antiderivative exists; it integrates to an incomplete beta "
             f"function: {'−' if sign < 0 else ''}t^(a+1)/(a + 1)·₂F₁((1 − b)/2, (a + 1)/2; "
             f"(a + 3)/2; t²), here with a = {words(a)} and b = {words(b)}")
    return [step_for("special_function", title, f, x, result)], result


def _sinh_cosh_powers(f: sympy.Expr, found, x: sympy.Symbol) -> Solved | None:
    """c·sinhᵃx·coshᵇx with t = sinh x (cosh x = √(1 + t²) > 0 needs no sign)."""
    c, _first, _x, a, b = found
    if a.is_Integer and b.is_Integer or any(
            v.is_Integer for v in ((b - 1) / 2, (a + 1) / 2, (a + b) / 2)):
        return None
    result = c * sympy.sinh(x) ** (a + 1) / (a + 1) * sympy.hyper(
        [(1 - b) / 2, (a + 1) / 2], [(a + 3) / 2], -sympy.sinh(x) ** 2)
    title = (f"With t = sinh {words(x)} this is a binomial differential outside Chebyshev's "
             "cases, so no elementary antiderivative exists; it integrates to an incomplete "
             "beta function: t^(a+1)/(a + 1)·₂F₁((1 − b)/2, (a + 1)/2; (a + 3)/2; −t²), here "
             f"with a = {words(a)} and b = {words(b)}")
    return [step_for("special_function", title, f, x, result)], result
