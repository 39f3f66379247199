"""Roots of two linear expressions: R(x)·(a₁x + b₁)^m·(a₂x + b₂)^n with m + n a whole number.

Then the integrand is R(x)·(L₁/L₂)^m·L₂^(m+n), and the substitution t = (L₁/L₂)^(1/q)
(q the denominator of m) makes it a rational function of t: L₁/L₂ = t^q can be solved for
x, which is then a rational function of t, and so are L₂ and dx. The textbook's
"rationalising substitution" for ∫R(x, ((ax + b)/(cx + d))^(1/q)) dx. When m + n is not
whole (x^m·(1 − x)^n in general), the integral is an incomplete beta function and no
substitution makes it elementary.

Quadratic and higher bases are factored over the rationals first, so
(4x + 7)^(3/2)·(8x + 6)^(3/2)/(140x² + 277x + 56)^(3/2) is seen as (8x + 6)^(3/2)/(35x + 8)^(3/2).
"""

from __future__ import annotations


import sympy

from workbench.engine.integration.common import words
from workbench.engine.integration.rewrite_base import Rewritten, Solver, solved_rewrite

LinearPowers = tuple[sympy.Expr, sympy.Expr, dict[sympy.Poly, tuple[sympy.Expr, sympy.Rational]]]


def linear_powers(f: sympy.Expr, x: sympy.Symbol) -> LinearPowers | None:
    """(c, R, {key: (L, e)}) with f = c·R·∏ L^e, R rational in x and every L linear with a
    fractional exponent e (keys are the monic forms, so 3x + 2 and 6x + 4 are one root);
    None when f has a root of anything else, or a function of x."""
    coeff, rest = f.as_independent(x, as_Add=False)
    rational = sympy.S.One
    roots: dict[sympy.Poly, tuple[sympy.Expr, sympy.Rational]] = {}
    written = {sympy.Poly(b, x).monic() for b in (a.as_base_exp()[0] for a in
               sympy.Mul.make_args(rest)) if b.is_polynomial(x) and sympy.degree(b, x) == 1}
    for factor in sympy.Mul.make_args(rest):
        base, exp = factor.as_base_exp()
        if exp.is_Integer or not base.has(x):
            if not factor.is_rational_function(x):
                return None
            rational *= factor
            continue
        if not (exp.is_Rational and base.is_polynomial(x)):
            return None
        content, parts = (sympy.S.One, [(base, 1)]) if sympy.degree(base, x) == 1 \
            else sympy.factor_list(base, x)
        if content.is_negative:
            # flip the sign of a factor with an odd power: 161 − 48x − 80x² = (4x + 7)(23 − 20x)
            # (one not written on its own elsewhere, whose sign is then free to choose)
            odd = next((i for i, (g, k) in enumerate(parts) if k % 2
                        and sympy.Poly(g, x).monic() not in written), None)
            if odd is None:
                return None
            content = -content
            parts[odd] = (sympy.expand(-parts[odd][0]), parts[odd][1])
        coeff *= content ** exp
        for part, times in parts:
            if sympy.degree(part, x) != 1:
                return None
            constant = _add_root(roots, part, exp * times, x)
            if constant is None:
                return None
            coeff *= constant
    for key, (line, exp) in list(roots.items()):
        if exp.is_Integer:  # the roots cancelled: (4x + 7)^(3/2)/(4x + 7)^(3/2)
            rational *= line ** exp
            del roots[key]
    return coeff, rational, roots


def _add_root(roots: dict, line: sympy.Expr, exp: sympy.Rational,
              x: sympy.Symbol) -> sympy.Expr | None:
    """Count line^exp in ``roots``; the constant it leaves ((6x + 4)^e = 2^e·(3x + 2)^e when
    3x + 2 is there already), or None when line is a negative multiple of a root already
    there ((1 − 2x)^(1/2)·(2x − 1)^(1/2) is not real anywhere)."""
    key = sympy.Poly(line, x).monic()
    if key not in roots:
        roots[key] = (line, exp)
        return sympy.S.One
    known, total = roots[key]
    ratio = sympy.cancel(line / known)
    if not ratio.is_positive:
        return None
    roots[key] = (known, total + exp)
    return ratio ** exp


def two_linear_roots(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """R(x)·L₁^m·L₂^n for linear L₁, L₂ with fractional m, n and m + n whole: t = (L₁/L₂)^(1/q).

    Also R(x)·L^m when L is a linear factor of a root of a higher polynomial
    ((4x + 7)^(3/2)·(−80x² − 48x + 161)^(5/2) is (4x + 7)⁴·(23 − 20x)^(5/2)): t = L^(1/q).
    (A root of a linear expression written as such is left to the other rules.)
    """
    bases = {p.base for p in f.atoms(sympy.Pow) if p.has(x) and not p.exp.is_Integer}
    if len(bases) == 1 and sympy.degree(next(iter(bases)), x) == 2 and _plain_beside(f, x):
        # xʲ·P(x)·√q alone: a trigonometric, Ostrogradsky or reciprocal substitution (a
        # rational factor beside the root, 1/((4x + 7)·√(x(5x + 3))), is this rule's)
        return None
    found = linear_powers(f, x)
    if found is None:
        return None
    coeff, rational, roots = found
    if len(roots) == 1 and (_factored(f, x) or not _plain_beside(f, x)):
        ((line, m),) = roots.values()
        return _one_root(f, x, coeff * rational, line, m, solve)
    if len(roots) != 2:
        return None
    (first, m), (second, n) = sorted(roots.values(), key=lambda r: sympy.default_sort_key(r[0]))
    if not (m + n).is_Integer:
        return None
    q = m.q
    t = sympy.Symbol("t", positive=True)
    a1, b1 = sympy.Poly(first, x).all_coeffs()
    a2, b2 = sympy.Poly(second, x).all_coeffs()
    det = a1 * b2 - a2 * b1
    if det == 0:
        return None
    x_of_t = (b2 * t**q - b1) / (a1 - a2 * t**q)
    second_of_t = det / (a1 - a2 * t**q)
    slope = sympy.diff(x_of_t, t)
    shown = sympy.cancel(coeff * rational.subs(x, x_of_t) * t ** (q * m)
                         * second_of_t ** (m + n) * slope)
    back = (first / second) ** sympy.Rational(1, q)
    sign = _sign_where_both_negative(f, x, first, second,
                                     coeff * rational * (first / second) ** m * second ** (m + n))
    title = (f"Both roots are of linear expressions and their powers add up to a whole number: "
             f"substitute t = {words(back)}. Then x = {words(x_of_t)} and dx = "
             f"{words(sympy.factor(slope))} dt, so the integrand is a rational function of t"
             + ("" if sign == 1 else f" (where {words(first)} and {words(second)} are both "
                f"negative, the answer changes sign: the factor sign({words(second)}))"))
    return _rational_in_t(f, x, shown, t, back, title, solve, sign)


def _sign_where_both_negative(f: sympy.Expr, x: sympy.Symbol, first: sympy.Expr,
                              second: sympy.Expr, formula: sympy.Expr) -> sympy.Expr:
    """sign(L₂) when f is real where L₁ and L₂ are both negative and there equals −formula,
    else 1. (A root of the product L₁·L₂ is real there, and t = (L₁/L₂)^(1/q) still is; the
    integrand in t is then ± the one found where both are positive, and so is the answer.)"""
    r1, r2 = sympy.solve(first, x)[0], sympy.solve(second, x)[0]
    s1, s2 = sympy.diff(first, x).is_positive, sympy.diff(second, x).is_positive
    if s1 == s2:  # both negative on one side of both roots
        point = sympy.Min(r1, r2) - 1 if s1 else sympy.Max(r1, r2) + 1
    else:  # both negative between the roots, if in the right order
        lower, upper = (r2, r1) if s1 else (r1, r2)
        if lower >= upper:
            return sympy.S.One
        point = (lower + upper) / 2
    try:
        ratio = complex((f / formula).subs(x, point).evalf(20))
    except (TypeError, ValueError, ZeroDivisionError):
        return sympy.S.One
    return sympy.sign(second) if abs(ratio + 1) < 1e-9 else sympy.S.One


def _plain_beside(f: sympy.Expr, x: sympy.Symbol) -> bool:
    """Whether the factors of f beside its roots are a polynomial over a power of x."""
    beside = sympy.Mul(*(a for a in sympy.Mul.make_args(f)
                         if not (a.is_Pow and not a.exp.is_Integer and a.has(x))))
    bottom = sympy.denom(sympy.together(beside))
    return not bottom.has(x) or sympy.Poly(bottom, x).is_monomial


def _factored(f: sympy.Expr, x: sympy.Symbol) -> bool:
    """Whether f takes a root of a polynomial of degree two or more."""
    return any(p.has(x) and not p.exp.is_Integer and sympy.degree(p.base, x) > 1
               for p in f.atoms(sympy.Pow))


def _one_root(f: sympy.Expr, x: sympy.Symbol, rest: sympy.Expr, line: sympy.Expr,
              m: sympy.Rational, solve: Solver) -> Rewritten | None:
    """f = rest·line^m with rest rational: t = line^(1/q)."""
    q = m.q
    t = sympy.Symbol("t", positive=True)
    a, b = sympy.Poly(line, x).all_coeffs()
    x_of_t = (t**q - b) / a
    shown = sympy.cancel(rest.subs(x, x_of_t) * t ** (q * m) * q * t ** (q - 1) / a)
    back = line ** sympy.Rational(1, q)
    title = (f"The root is of a linear factor, {words(line)}: substitute t = {words(back)}. "
             f"Then x = {words(x_of_t)} and dx = {words(q * t ** (q - 1) / a)} dt, so the "
             "integrand is a rational function of t")
    return _rational_in_t(f, x, shown, t, back, title, solve)


def _rational_in_t(f: sympy.Expr, x: sympy.Symbol, shown: sympy.Expr, t: sympy.Symbol,
                   back: sympy.Expr, title: str, solve: Solver,
                   sign: sympy.Expr = sympy.S.One) -> Rewritten | None:
    if shown.has(x) or not shown.is_rational_function(t):
        return None
    return solved_rewrite("substitution", title, f, x, shown, solve, t,
                          lambda r: sign * r.subs(t, back))
