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

import itertools
import math

import sympy

from workbench.engine.integration.common import words
from workbench.engine.integration.rewrite_base import (
    Rewritten, Solver, fresh_symbol, solved_rewrite)

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
    powers = []
    for factor in sympy.Mul.make_args(rest):
        base, exp = factor.as_base_exp()
        if exp.is_Integer or not base.has(x):
            if not factor.is_rational_function(x):
                return None
            rational *= factor
        elif not (exp.is_Rational and base.is_rational_function(x)):
            return None
        elif base.is_polynomial(x):
            powers.append((base, exp))
        else:  # ((1 + x)/(1 − x))^(1/6): a root of each (the sign is settled by the caller)
            top, bottom = sympy.fraction(sympy.together(base))
            powers.extend([(top, exp), (bottom, -exp)])
    for base, exp in powers:
        if not base.has(x):
            coeff *= base ** exp
            continue
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
    base, exp = f.as_independent(x, as_Add=False)[1].as_base_exp()
    if exp == sympy.S.Half and not base.is_polynomial(x):
        return None  # c·√(A/B) alone: multiplying by √A is the textbook's way (rationalise)
    if len(bases) == 1 and next(iter(bases)).is_polynomial(x) and \
            sympy.degree(next(iter(bases)), x) == 2 and _plain_beside(f, x):
        # xʲ·P(x)·√q alone: a trigonometric, Ostrogradsky or reciprocal substitution (a
        # rational factor beside the root, 1/((4x + 7)·√(x(5x + 3))), is this rule's)
        return None
    found = linear_powers(f, x)
    if found is None:
        return None
    coeff, rational, roots = found
    if not roots:
        return _roots_cancel(f, x, coeff * rational, solve)
    if len(roots) == 1 and (_factored(f, x) or not _plain_beside(f, x)):
        ((line, m),) = roots.values()
        return _one_root(f, x, coeff * rational, line, m, solve)
    if len(roots) != 2:
        return None
    (first, m), (second, n) = sorted(roots.values(), key=lambda r: sympy.default_sort_key(r[0]))
    if not (m + n).is_Integer:
        return None
    q = m.q
    t = sympy.Symbol(fresh_symbol(f, "t").name, positive=True)
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
    sign = sign_pattern(f, coeff * rational * (first / second) ** m * second ** (m + n),
                        _lines(f, x), x)
    if sign is None:
        return None
    title = (f"Both roots are of linear expressions and their powers add up to a whole number: "
             f"substitute t = {words(back)}. Then x = {words(x_of_t)} and dx = "
             f"{words(sympy.factor(slope))} dt, so the integrand is a rational function of t"
             + _sign_words(sign))
    return _rational_in_t(f, x, shown, t, back, title, solve, sign)


def _sign_words(sign: sympy.Expr) -> str:
    if sign == 1:
        return ""
    return (" (where some of the linear factors are negative, the integrand is the opposite "
            f"of this form, so the answer carries the factor {words(sign)})")


def sign_pattern(f: sympy.Expr, formula: sympy.Expr, lines: list[sympy.Expr],
                 x: sympy.Symbol) -> sympy.Expr | None:
    """The product S of signs of some of the linear ``lines`` with f = S·formula wherever f
    is real (1 when they agree); None when no such product fits. Roots of products and
    quotients of linear factors are real also where some factors are negative, and there
    the gathered formula can differ from f by a sign that is constant between the roots:
    S·∫formula is then an antiderivative of f on every interval."""
    roots = sorted({sympy.solve(line, x)[0] for line in lines}, key=float)
    points = [roots[0] - 1, *((a + b) / 2 for a, b in zip(roots, roots[1:])), roots[-1] + 1]
    seen = []
    for point in points:
        try:
            value = complex(f.subs(x, point).evalf(20))
            want = complex(formula.subs(x, point).evalf(20))
        except (TypeError, ValueError, ZeroDivisionError):
            continue
        if abs(value.imag) > 1e-12 * max(1.0, abs(value)) or want == 0:
            continue  # f is not real here: nothing to match
        ratio = value / want
        if abs(ratio - 1) < 1e-9:
            seen.append((point, 1))
        elif abs(ratio + 1) < 1e-9:
            seen.append((point, -1))
        else:
            return None
    for chosen in itertools.product((0, 1), repeat=len(lines)):
        for overall in (1, -1):
            if all(overall * math.prod(int(sympy.sign(line.subs(x, p))) ** e for line, e in
                                       zip(lines, chosen)) == sign for p, sign in seen):
                return overall * sympy.Mul(*(sympy.sign(line) ** e
                                             for line, e in zip(lines, chosen)))
    return None


def _plain_beside(f: sympy.Expr, x: sympy.Symbol) -> bool:
    """Whether the factors of f beside its roots are a polynomial over a power of x."""
    beside = sympy.Mul(*(a for a in sympy.Mul.make_args(f)
                         if not (a.is_Pow and not a.exp.is_Integer and a.has(x))))
    bottom = sympy.denom(sympy.together(beside))
    return not bottom.has(x) or sympy.Poly(bottom, x).is_monomial


# sign_pattern tries every product of these signs: 2^(n+1) products at n + 1 points
_MAX_LINES = 6


def _lines(expr: sympy.Expr, x: sympy.Symbol) -> list[sympy.Expr]:
    """The linear factors over the rationals of the factors of expr and of every base in it
    (at most ``_MAX_LINES``, in a fixed order)."""
    found = {}
    bases = {p.base for p in expr.atoms(sympy.Pow)} | set(sympy.Mul.make_args(expr))
    for base in sorted((b for b in bases if b.has(x)), key=sympy.default_sort_key):
        for part in sympy.fraction(sympy.together(base)):
            if part.has(x) and part.is_polynomial(x):
                for line, _ in sympy.factor_list(part, x)[1]:
                    if sympy.degree(line, x) == 1:
                        found.setdefault(sympy.Poly(line, x).monic(), line)
    return list(found.values())[:_MAX_LINES]


def _roots_cancel(f: sympy.Expr, x: sympy.Symbol, rational: sympy.Expr,
                  solve: Solver) -> Rewritten | None:
    """f equals a rational function once its roots are gathered (x·√((1 + 2x)/(1 − 2x))/
    (5 − 20x²)^(5/2)); only when that holds wherever f is real (checked at sample points)."""
    if f.is_rational_function(x):
        return None
    sign = sign_pattern(f, rational, _lines(f, x), x)
    if sign is None:
        return None
    title = (f"Gather the powers of each linear factor: the roots cancel, and the integrand is "
             f"the rational function {words(rational)}")
    return solved_rewrite("rewrite", title, f, x, rational, solve, back=lambda r: sign * r)


def _factored(f: sympy.Expr, x: sympy.Symbol) -> bool:
    """Whether f takes a root of a polynomial of degree two or more."""
    return any(p.has(x) and not p.exp.is_Integer and sympy.degree(p.base, x) > 1
               for p in f.atoms(sympy.Pow))


def _one_root(f: sympy.Expr, x: sympy.Symbol, rest: sympy.Expr, line: sympy.Expr,
              m: sympy.Rational, solve: Solver) -> Rewritten | None:
    """f = rest·line^m with rest rational: t = line^(1/q)."""
    q = m.q
    t = sympy.Symbol(fresh_symbol(f, "t").name, positive=True)
    a, b = sympy.Poly(line, x).all_coeffs()
    x_of_t = (t**q - b) / a
    shown = sympy.cancel(rest.subs(x, x_of_t) * t ** (q * m) * q * t ** (q - 1) / a)
    back = line ** sympy.Rational(1, q)
    sign = sign_pattern(f, rest * line**m, _lines(f, x), x)
    if sign is None:
        return None
    title = (f"The root is of a linear factor, {words(line)}: substitute t = {words(back)}. "
             f"Then x = {words(x_of_t)} and dx = {words(q * t ** (q - 1) / a)} dt, so the "
             "integrand is a rational function of t" + _sign_words(sign))
    return _rational_in_t(f, x, shown, t, back, title, solve, sign)


def _rational_in_t(f: sympy.Expr, x: sympy.Symbol, shown: sympy.Expr, t: sympy.Symbol,
                   back: sympy.Expr, title: str, solve: Solver,
                   sign: sympy.Expr = sympy.S.One) -> Rewritten | None:
    if shown.has(x) or not shown.is_rational_function(t):
        return None
    return solved_rewrite("substitution", title, f, x, shown, solve, t,
                          lambda r: sign * r.subs(t, back))
