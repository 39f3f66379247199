"""Ostrogradsky's method for a polynomial times an odd power of the root of a quadratic.

Every P(x)·q^(k/2) with q = ax² + bx + c, P a polynomial and k odd is P̃(x)/q^(m + 1/2)
for a polynomial P̃ and a whole m ≥ 0, and

    ∫ P̃/q^(m + 1/2) dx = U(x)/q^(m − 1/2) + λ·∫ dx/√q

for a polynomial U and a number λ. Differentiating both sides gives
P̃ = U′·q + (1/2 − m)·U·q′ + λ·q^m, a linear system for U's coefficients and λ: no search,
and the one integral left is a table form (a logarithm or an arcsine). The textbook's
alternative, a trigonometric or Euler substitution, ends in powers of sec θ or rational
functions of high degree.
"""

from __future__ import annotations

from dataclasses import replace

import sympy

from workbench.engine.integration.common import integral_latex, step_for, tex, words
from workbench.engine.integration.rewrite_base import Rewritten, Solver

# a polynomial of a higher degree than this is no textbook exercise; the system grows with it
_MAX_DEGREE = 12


def _parts(f: sympy.Expr, x: sympy.Symbol):
    """(P, q, m) with f = P/q^(m + 1/2), P a polynomial and q a quadratic, else None."""
    coeff, rest = f.as_independent(x, as_Add=False)
    roots = [a for a in sympy.Mul.make_args(rest) if a.is_Pow and a.exp.is_Rational
             and a.exp.q == 2]
    if len(roots) != 1:
        return None
    q, k = roots[0].base, roots[0].exp
    if not (q.is_polynomial(x) and sympy.degree(q, x) == 2):
        return None
    poly = sympy.cancel(coeff * rest / roots[0])
    if not poly.is_polynomial(x) or sympy.degree(poly, x) > _MAX_DEGREE:
        return None
    a, b, c = sympy.Poly(q, x).all_coeffs()
    if b**2 - 4 * a * c == 0:
        return None  # √q = |linear|: no root left
    # P·q^(k/2) = (P·q^j)/q^(m + 1/2) with m = j − k/2 − 1/2 ≥ 0
    m = max(0, int(-k - sympy.S.Half))
    top = sympy.expand(poly * q ** (m + k + sympy.S.Half))
    return top, q, m


def ostrogradsky_first(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """Ostrogradsky's method before any search, except for c·xʲ·(ax² + c)^(k/2), a single
    power of x times a root of a quadratic without a linear term: the trigonometric
    substitution that textbooks teach for those is quick too."""
    coeff, rest = f.as_independent(x, as_Add=False)
    factors = [a for a in sympy.Mul.make_args(rest) if a.has(x)]
    if len(factors) <= 2 and all(a.as_base_exp()[0] == x or _pure_quadratic(a, x)
                                 for a in factors):
        return None
    return ostrogradsky(f, x, solve)


def _pure_quadratic(factor: sympy.Expr, x: sympy.Symbol) -> bool:
    base, exp = factor.as_base_exp()
    return exp.is_Rational and exp.q == 2 and base.is_polynomial(x) \
        and sympy.degree(base, x) == 2 and sympy.Poly(base, x).all_coeffs()[1] == 0


def ostrogradsky(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """∫P/q^(m + 1/2) = U/q^(m − 1/2) + λ∫dx/√q, U and λ from a linear system."""
    found = _parts(f, x)
    if found is None:
        return None
    top, q, m = found
    if m == 0 and not top.has(x):
        return None  # c/√q is the table form that the method ends in
    degree = max(sympy.degree(top, x) - 1, 2 * m - 1, 0)
    # Dummies: the integrand may have its own c0 or lambda
    unknowns = sympy.symbols(f"c0:{degree + 1}", cls=sympy.Dummy)
    lam = sympy.Dummy("lambda")
    u = sum(c * x**i for i, c in enumerate(unknowns))
    residual = sympy.expand(sympy.diff(u, x) * q + (sympy.S.Half - m) * u * sympy.diff(q, x)
                            + lam * q**m - top)
    equations = sympy.Poly(residual, x).all_coeffs()
    solution = sympy.solve(equations, [*unknowns, lam], dict=True)
    if not solution:
        return None
    free = {s: 0 for s in (*unknowns, lam) if s not in solution[0]}  # any choice will do
    u_found = sympy.expand(u.subs(solution[0]).subs(free))
    lam_found = sympy.S(solution[0].get(lam, 0)).subs(free)
    part = u_found * q ** (sympy.S.Half - m)
    title = (f"Ostrogradsky's method: the integral is U(x)·{words(q ** (sympy.S.Half - m))} "
             f"plus λ·∫dx/√({words(q)}), for a polynomial U of degree {degree}. "
             f"Differentiating both and comparing coefficients gives U = {words(u_found)} "
             f"and λ = {words(lam_found)}")
    if lam_found == 0:
        return step_for("ostrogradsky", title, f, x, part), part
    rest = solve(1 / sympy.sqrt(q), x)
    if rest is None:
        return None
    result = part + lam_found * rest[1]
    step = step_for("ostrogradsky", title, f, x, result, rest[0])
    middle = f"{tex(part)} + {tex(lam_found)} {integral_latex(1 / sympy.sqrt(q), x)}"
    return replace(step, after=f"{middle} = {step.after}"), result
