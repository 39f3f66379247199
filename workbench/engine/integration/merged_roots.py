"""Roots of polynomials merged or split where that is exact: A^p·B^p = (A·B)^p when B > 0
for every real x (a factor with no real root and a positive leading coefficient).

(x + 1)^(5/2)·(x² − x + 1)^(5/2) is (x³ + 1)^(5/2), and x^(−1)·(x³ + 1)^(−5/2) is a binomial
differential; √(3x² + 2)/√(4 − 9x⁴) is 1/√(2 − 3x²) once 4 − 9x⁴ = (2 − 3x²)(2 + 3x²) is
split. Each base is factored over the rationals; the powers of each factor are added up;
the factors with the same power that is not whole are then gathered into one root,
provided at most one of them can be negative (else the identity fails where two are).
"""

from __future__ import annotations

from collections import defaultdict

import sympy

from workbench.engine.integration.common import words
from workbench.engine.integration.rewrite_base import Rewritten, Solver, solved_rewrite


def merged_roots(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """f = c·∏Bᵢ^(eᵢ) with polynomials Bᵢ and at least two roots: one root per exponent
    after factoring, when that changes the roots and is exact (see the module)."""
    coefficient, powers = sympy.S.One, defaultdict(lambda: sympy.S.Zero)
    roots_before = 0
    for factor in sympy.Mul.make_args(f):
        base, exponent = factor.as_base_exp()
        if not factor.has(x):
            coefficient *= factor
            continue
        if not (base.is_polynomial(x) and exponent.is_Rational):
            return None
        roots_before += not exponent.is_Integer
        content, factors = sympy.factor_list(base, x)
        if not exponent.is_Integer:
            indefinite = [i for i, (p, _) in enumerate(factors) if not _positive_definite(p, x)]
            if len(indefinite) > 1:
                return None  # B^p = ∏ factors^p would fail where two of them are negative
            if content.is_negative:
                if not indefinite or factors[indefinite[0]][1] != 1:
                    return None
                # 4 − 9x⁴ = −(3x² − 2)(3x² + 2) = (2 − 3x²)(3x² + 2)
                content, factors[indefinite[0]] = -content, (-factors[indefinite[0]][0], 1)
        coefficient *= content**exponent
        for p, multiplicity in factors:
            powers[sympy.expand(p)] += multiplicity * exponent
    if roots_before < 2:
        return None
    rational = sympy.Mul(*(p**e for p, e in powers.items() if e.is_Integer))
    by_exponent = defaultdict(list)
    for p, e in powers.items():
        if not e.is_Integer:
            by_exponent[e].append(p)
    if any(sum(not _positive_definite(p, x) for p in group) > 1
           for group in by_exponent.values()):
        return None
    roots = [sympy.expand(sympy.Mul(*group)) ** e for e, group in by_exponent.items()]
    if len(roots) >= roots_before:
        return None
    shown = coefficient * rational * sympy.Mul(*roots)
    title = ("Factor the polynomials under the roots and gather them: a factor that is "
             "positive for every x can move in or out of a root, so the integrand is "
             f"{words(shown)}")
    return solved_rewrite("rewrite", title, f, x, shown, solve)


def _positive_definite(p: sympy.Expr, x: sympy.Symbol) -> bool:
    """Whether the polynomial p is positive for every real x (no real root, leading
    coefficient positive)."""
    poly = sympy.Poly(p, x)
    return poly.degree() % 2 == 0 and poly.LC() > 0 and not sympy.real_roots(poly)
