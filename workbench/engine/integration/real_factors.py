"""The real factors of a denominator that has no factors over the rationals: x⁴ + 1.

Over the real numbers every polynomial splits into linear and quadratic factors, but
their coefficients may be irrational (x⁴ + 1 = (x² − √2·x + 1)(x² + √2·x + 1), pairing
each complex root with its conjugate). Partial fractions over those factors need the
irrational numbers named, as the ``extension`` sympy's ``apart`` accepts.
"""

from __future__ import annotations

import sympy

# roots of quartics are written with radicals; higher degrees rarely have a readable form
_MAX_DEGREE = 4


def real_extension(denominator: sympy.Expr, x: sympy.Symbol) -> list[sympy.Expr]:
    """The radicals the real linear and quadratic factors of ``denominator`` need, or []
    when it factors over the rationals already or its roots have no radical form here."""
    radicals: set[sympy.Expr] = set()
    for factor, _power in sympy.factor_list(denominator, x)[1]:
        degree = sympy.degree(factor, x)
        if degree <= 2:
            continue
        if degree > _MAX_DEGREE:
            return []
        roots = sympy.roots(factor, x)
        if sum(roots.values()) != degree:
            return []
        for root in roots:
            radicals |= _radicals(_real_coefficients(root))
    return sorted(radicals, key=sympy.default_sort_key)


def _real_coefficients(root: sympy.Expr) -> list[sympy.Expr]:
    """x − r for a real root; x² − 2·Re(r)·x + |r|² for a complex one and its conjugate."""
    re, im = root.as_real_imag()
    if im == 0:
        return [re]
    return [sympy.expand(2 * re), sympy.expand(re**2 + im**2)]


def _radicals(numbers: list[sympy.Expr]) -> set[sympy.Expr]:
    return {p for n in numbers for p in n.atoms(sympy.Pow)
            if p.base.is_Rational and p.exp.is_Rational and not p.exp.is_Integer}


def real_partial_fractions(f: sympy.Expr, x: sympy.Symbol) -> sympy.Expr | None:
    """``apart`` over the real factors of the denominator, or None when that splits nothing."""
    radicals = real_extension(sympy.denom(sympy.together(f)), x)
    if not radicals:
        return None
    try:
        split = sympy.apart(sympy.together(f), x, extension=radicals)
    except (sympy.PolynomialError, NotImplementedError, ValueError, TypeError):
        return None
    return split if len(sympy.Add.make_args(split)) > 1 else None
