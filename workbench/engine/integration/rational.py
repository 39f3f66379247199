"""Rational functions the way a textbook integrates them, in one pass and with real answers.

1. Divide: a polynomial plus a proper fraction.
2. Factor the denominator over the real numbers: linear factors (also with irrational
   roots, x² − 2 = (x − √2)(x + √2)) and quadratics without real roots (each pairs a
   complex root with its conjugate, x³ + 1 = (x + 1)(x² − x + 1)).
3. Partial fractions over those factors.
4. Each simple fraction by its textbook form: A/(x − r)ᵏ gives ln|x − r| or a power;
   (Bx + C)/qᵏ is split into a multiple of q′/qᵏ (ln q or a power) and D/qᵏ, which
   completing the square turns into an arctangent (with the reduction formula for k ≥ 2).

The answer has only real logarithms and arctangents; no complex number appears. sympy's
step engine reaches the same answers, but after a search that takes seconds on x⁴ + 1.
"""

from __future__ import annotations

import math
from dataclasses import replace

import sympy

from sympy.integrals.rationaltools import ratint_ratpart

from workbench.engine.integration.common import (
    SYMPY_FAILURES, integral_latex, step_for, tex, words)
from workbench.engine.integration.real_factors import (
    biquadratic_fractions, binomial_fractions, real_extension)
from workbench.protocol.steps import Step

Solved = tuple[list[Step], sympy.Expr]

# more simple fractions than this are no textbook exercise, and apart's cost grows quickly
# over a field of radicals; over the rationals alone it solves a linear system, which stays
# cheap for the denominators a substitution makes (t = ((1 − 2x)/(5x + 3))^(1/2): degree 10)
_MAX_DEGREE = 8
_MAX_RATIONAL_DEGREE = 16
# the degree of the number field apart works in (√2, ∜2·√3 ...): beyond it factoring is slow
_MAX_EXTENSION = 8


def is_plain_rational(f: sympy.Expr, x: sympy.Symbol) -> bool:
    """Whether ``f`` is a rational function of ``x`` alone (numbers as coefficients)."""
    try:
        return f.free_symbols == {x} and f.is_rational_function(x) and not f.is_polynomial(x)
    except SYMPY_FAILURES:
        return False


def needs_radicals(f: sympy.Expr, x: sympy.Symbol) -> bool:
    """Whether the real factors of f's denominator have irrational coefficients (x⁴ + 1,
    x² − 2): partial fractions beyond the rational numbers, which the step engine lacks."""
    if not is_plain_rational(f, x):
        return False
    bottom = sympy.denom(sympy.together(f))
    return bool(real_extension(bottom, x) or _quadratic_radicals(bottom, x))


def rational_integral(f: sympy.Expr, x: sympy.Symbol) -> Solved | None:
    """∫f dx for a rational function ``f`` with numeric coefficients, with its steps; None
    when f is not one, its denominator is too large, or its real factors have no radical form."""
    if not is_plain_rational(f, x):
        return None
    try:
        top, bottom = sympy.fraction(sympy.cancel(sympy.together(f)))
        if _repeated_radical_factor(bottom, x):
            return _hermite(f, top, bottom, x)
        degree = sympy.degree(bottom, x)
        # the factors are split over the rationals first, and each is then split over its
        # own radicals: the size that counts is the largest factor's (t⁶·(t⁴ + 1): 4)
        radical_degree = max((sympy.degree(p, x) for p, _ in sympy.factor_list(bottom, x)[1]
                              if _needs_field(p, x)), default=0)
        if degree > _MAX_RATIONAL_DEGREE or radical_degree > _MAX_DEGREE:
            return None
        whole, rest = sympy.div(sympy.Poly(top, x), sympy.Poly(bottom, x))
        split = _partial_fractions(rest.as_expr() / bottom, bottom, x)
    except SYMPY_FAILURES:
        return None
    if split is None:
        return None
    steps, results = [], []
    if not whole.is_zero:
        found = _polynomial(whole.as_expr(), x)
        steps.append(found[0])
        results.append(found[1])
    for term in sympy.Add.make_args(split):
        found = simple_fraction(term, x)
        if found is None:
            return None
        steps.append(found[0])
        results.append(found[1])
    result = sympy.Add(*results)
    if len(steps) == 1 and whole.is_zero and not steps[0].substeps:
        return steps, result  # one simple fraction already: its own rule says it all
    return [_outline(f, x, whole.as_expr(), bottom, split, result, steps)], result


def _repeated_radical_factor(bottom: sympy.Expr, x: sympy.Symbol) -> bool:
    """Whether a factor that splits over the reals only with radicals is repeated
    ((3x⁴ + 2)³): partial fractions would need the field of its radicals for every power."""
    return any(k > 1 and _needs_field(p, x) for p, k in sympy.factor_list(bottom, x)[1])


def _hermite(f: sympy.Expr, top: sympy.Expr, bottom: sympy.Expr,
             x: sympy.Symbol) -> Solved | None:
    """Ostrogradsky's method for rational functions: ∫P/Q = P₁/Q₁ + ∫P₂/Q₂ with
    Q₁ = gcd(Q, Q′) and Q₂ = Q/Q₁ free of repeated factors; P₁ and P₂ come from comparing
    coefficients (sympy's Hermite reduction, ``ratint_ratpart``), and the integral left
    has simple factors only."""
    whole, proper = sympy.div(sympy.Poly(top, x), sympy.Poly(bottom, x))
    part, rest = ratint_ratpart(proper, sympy.Poly(bottom, x), x)  # a proper fraction only
    if (part + rest).free_symbols - {x}:
        return None  # its system had no solution
    rest = whole.as_expr() + rest
    found = rational_integral(rest, x) if rest != 0 else ([], sympy.S.Zero)
    if found is None:
        return None
    result = part + found[1]
    q1 = sympy.gcd(sympy.Poly(bottom, x), sympy.Poly(bottom, x).diff(x)).as_expr()
    title = (f"Ostrogradsky's method for the repeated factors of {words(sympy.factor(bottom))}: "
             f"the integral is a rational function over {words(sympy.factor(q1))}, plus the "
             "integral of a fraction whose denominator has each factor once; differentiating "
             "and comparing coefficients gives both")
    step = step_for("ostrogradsky", title, f, x, result, found[0])
    shown = f"{tex(part)} + {integral_latex(rest, x)}" if rest != 0 else tex(part)
    return [replace(step, after=f"{shown} = {step.after}")], result


def _partial_fractions(proper: sympy.Expr, bottom: sympy.Expr,
                       x: sympy.Symbol) -> sympy.Expr | None:
    """``proper`` split over the real factors of ``bottom`` (0 when there is nothing)."""
    if proper == 0:
        return sympy.S.Zero
    factors = sympy.factor_list(bottom, x)[1]
    if len(factors) > 1 and any(_needs_field(p, x) for p, _ in factors):
        # split over the rationals first, then each factor over its own radicals: one
        # field for all of (t⁴ + 1)(2t⁴ − 3) would be of degree 16
        pieces = [_partial_fractions(term, sympy.denom(sympy.together(term)), x)
                  for term in sympy.Add.make_args(sympy.apart(proper, x))]
        return None if any(p is None for p in pieces) else sympy.Add(*pieces)
    if sympy.degree(bottom, x) == 4:  # a·x⁴ + b·x² + c: its factors' radicals nest
        split = biquadratic_fractions(proper, bottom, x)
        if split is not None:
            return split
    split = binomial_fractions(proper, bottom, x)
    if split is not None:
        return split
    radicals = real_extension(bottom, x) + _quadratic_radicals(bottom, x)
    if radicals and _irreducible_degree(bottom, x) > 4:
        return None  # no radical form for the real factors of a quintic and beyond
    extension = sorted(set(radicals), key=sympy.default_sort_key)
    if _field_degree(extension) > _MAX_EXTENSION:
        return None  # apart factors over that field for minutes
    split = sympy.apart(proper, x, extension=extension) if extension else sympy.apart(proper, x)
    if split.has(sympy.RootSum, sympy.I):
        return None
    return split


def _needs_field(factor: sympy.Expr, x: sympy.Symbol) -> bool:
    """Whether an irreducible factor over the rationals splits over the reals only with
    radicals (x² − 2, x⁴ + 1; not x² + 1)."""
    return sympy.degree(factor, x) > 2 or bool(_quadratic_radicals(factor, x))


def _field_degree(radicals: list[sympy.Expr]) -> int:
    """A bound on the degree of the field the radicals make: ∛2 and ∛4 make one of degree 3,
    √10 and ∜2 one of degree at most 8 (per base, the lcm of the roots' orders)."""
    orders: dict[sympy.Expr, int] = {}
    for radical in radicals:
        orders[radical.base] = math.lcm(orders.get(radical.base, 1), int(radical.exp.q))
    return math.prod(orders.values())


def _irreducible_degree(bottom: sympy.Expr, x: sympy.Symbol) -> int:
    return max(sympy.degree(p, x) for p, _ in sympy.factor_list(bottom, x)[1])


def _quadratic_radicals(bottom: sympy.Expr, x: sympy.Symbol) -> list[sympy.Expr]:
    """√d for every quadratic factor with two irrational real roots (x² − 2: √2)."""
    out = []
    for factor, _power in sympy.factor_list(bottom, x)[1]:
        if sympy.degree(factor, x) != 2:
            continue
        a, b, c = sympy.Poly(factor, x).all_coeffs()
        disc = b**2 - 4 * a * c
        if disc.is_positive:
            root = sympy.sqrt(disc)
            out.extend(p for p in root.atoms(sympy.Pow) if not p.exp.is_Integer)
    return out


def _polynomial(p: sympy.Expr, x: sympy.Symbol) -> tuple[Step, sympy.Expr]:
    result = sympy.integrate(p, x)  # a polynomial: the power rule term by term
    return step_for("power", "The polynomial part: the power rule term by term", p, x,
                    result), result


def simple_fraction(term: sympy.Expr, x: sympy.Symbol) -> tuple[Step, sympy.Expr] | None:
    """∫ of one simple fraction: c/(ax + b)ᵏ or (Bx + C)/(ax² + bx + c)ᵏ without real roots."""
    top, bottom = sympy.fraction(sympy.factor_terms(term))
    coeff, base_power = sympy.S.One, sympy.S.One
    for factor in sympy.Mul.make_args(bottom):
        if factor.has(x):
            base_power *= factor
        else:
            coeff /= factor
    base, k = base_power.as_base_exp()
    if not (k.is_Integer and k > 0 and base.is_polynomial(x)) or base_power.is_Mul:
        return None
    scale, base = _normal_base(base, x)
    top = sympy.expand(coeff * top / scale**k)
    degree = sympy.degree(base, x)
    if degree == 1 and not top.has(x):
        return _linear(top, base, int(k), x)
    if degree == 2 and sympy.degree(top, x) <= 1:
        return _quadratic(top, base, int(k), x) or _real_roots(top, base, int(k), x)
    return None


def _real_roots(top: sympy.Expr, q: sympy.Expr, k: int,
                x: sympy.Symbol) -> tuple[Step, sympy.Expr] | None:
    """(Bx + C)/q for a quadratic q with real roots r₁, r₂ that apart left whole (their
    radicals nest: u² − (2 + √6)): A₁/(x − r₁) + A₂/(x − r₂) by the cover-up rule."""
    a, b, c = sympy.Poly(q, x).all_coeffs()
    disc = b**2 - 4 * a * c
    if k != 1 or not disc.is_positive:
        return None
    r1, r2 = (-b + sympy.sqrt(disc)) / (2 * a), (-b - sympy.sqrt(disc)) / (2 * a)
    value = sympy.Lambda(x, top)
    first = sympy.radsimp(value(r1) / (a * (r1 - r2)))
    second = sympy.radsimp(value(r2) / (a * (r2 - r1)))
    steps, results = [], []
    for coeff, root in ((first, r1), (second, r2)):
        if coeff != 0:
            step, result = _linear(coeff, x - root, 1, x)
            steps.append(step)
            results.append(result)
    result = sympy.Add(*results)
    title = (f"{words(q)} has the real roots {words(r1)} and {words(r2)}: split the fraction "
             "over x minus each root (cover-up rule), each part a logarithm")
    return step_for("partial_fractions", title, top / q, x, result, steps), result


def _normal_base(base: sympy.Expr, x: sympy.Symbol) -> tuple[sympy.Expr, sympy.Expr]:
    """(s, p) with base = s·p and p as a textbook writes it: whole coefficients without a
    common factor when they are rational (2x² + 3x + 5), else leading coefficient 1
    (apart gives 4x − 4√2 for x − √2)."""
    poly = sympy.Poly(base, x)
    if all(c.is_Rational for c in poly.all_coeffs()):
        scale, prim = poly.primitive()
        if prim.LC() < 0:
            scale, prim = -scale, -prim
        return scale, prim.as_expr()
    lead = poly.LC()
    return lead, sympy.expand(base / lead)


def _linear(c: sympy.Expr, base: sympy.Expr, k: int,
            x: sympy.Symbol) -> tuple[Step, sympy.Expr]:
    slope = sympy.diff(base, x)
    term = c / base**k
    if k == 1:
        result = c / slope * sympy.log(sympy.Abs(base))
        title = f"c/({words(base)}) integrates to a logarithm: ln|{words(base)}|" + (
            "" if slope == 1 else f", divided by {words(slope)}, the inner slope")
        return step_for("log", title, term, x, result), result
    result = c / (slope * (1 - k)) * base ** (1 - k)
    title = f"Power rule with u = {words(base)}: u^(−{k}) integrates to u^({1 - k})/({1 - k})" + (
        "" if slope == 1 else f", divided by {words(slope)}, the inner slope")
    return step_for("power", title, term, x, result), result


def _quadratic(top: sympy.Expr, q: sympy.Expr, k: int,
               x: sympy.Symbol) -> tuple[Step, sympy.Expr] | None:
    """(Bx + C)/qᵏ for a quadratic q without real roots: a multiple of q′/qᵏ plus D/qᵏ."""
    a, b, c = sympy.Poly(q, x).all_coeffs()
    if not (b**2 - 4 * a * c).is_negative:
        return None
    big_b, big_c = sympy.Poly(top, x).all_coeffs()[-2:] if sympy.degree(top, x) == 1 \
        else (sympy.S.Zero, top)
    share = big_b / (2 * a)  # Bx + C = share·q′ + rest
    rest = sympy.expand(big_c - share * b)
    steps, results = [], []
    if share != 0:
        found = _log_part(share, q, k, x)
        steps.append(found[0])
        results.append(found[1])
    if rest != 0:
        found = _arctan_part(rest, q, k, x)
        steps.append(found[0])
        results.append(found[1])
    result = sympy.Add(*results)
    term = top / q**k
    if len(steps) == 1:
        return steps[0], result
    title = (f"Split the numerator as a multiple of the derivative of {words(q)} plus a "
             f"constant: {words(top)} = {words(share)}·({words(sympy.diff(q, x))}) + "
             f"{words(rest)}")
    return step_for("split_numerator", title, term, x, result, steps), result


def _log_part(share: sympy.Expr, q: sympy.Expr, k: int,
              x: sympy.Symbol) -> tuple[Step, sympy.Expr]:
    """share·q′/qᵏ: the derivative of the denominator over (a power of) it."""
    term = share * sympy.diff(q, x) / q**k
    if k == 1:
        # q has no real roots and a > 0 or a < 0 throughout: ln|q| is ln(±q)
        result = share * sympy.log(sympy.Abs(q))
        title = (f"The numerator is a multiple of the derivative of the denominator "
                 f"{words(q)}: f′/f integrates to ln|f|")
        return step_for("log", title, term, x, result), result
    result = share * q ** (1 - k) / (1 - k)
    title = f"Substitute u = {words(q)}: du = ({words(sympy.diff(q, x))}) dx, and u^(−{k}) " \
            f"integrates to u^({1 - k})/({1 - k})"
    return step_for("substitution", title, term, x, result), result


def _arctan_part(d: sympy.Expr, q: sympy.Expr, k: int,
                 x: sympy.Symbol) -> tuple[Step, sympy.Expr]:
    """d/qᵏ: complete the square, q = a((x + h)² + m²), then arctan (and the reduction
    formula for k ≥ 2)."""
    a, b, c = sympy.Poly(q, x).all_coeffs()
    h = b / (2 * a)
    m2 = sympy.radsimp(sympy.expand((4 * a * c - b**2) / (4 * a**2)))
    u = x + h
    inner, inner_steps = _inverse_square_power(u, m2, k, x, q / a)
    result = d / a**k * inner
    term = d / q**k
    square = a * ((x + h) ** 2 + m2)
    arctan = (f"the arctangent: 1/(u² + m²) integrates to arctan(u/m)/m with "
              f"m = {words(sympy.sqrt(m2))}" if k == 1 else "the reduction formula")
    if b == 0:
        return step_for("inverse_trig" if k == 1 else "reduction_formula",
                        arctan[0].upper() + arctan[1:], term, x, result, inner_steps), result
    title = f"Complete the square: {words(q)} = {words(square)}, then {arctan}"
    return step_for("complete_square", title, term, x, result, inner_steps), result


def _inverse_square_power(u: sympy.Expr, m2: sympy.Expr, k: int, x: sympy.Symbol,
                          square: sympy.Expr) -> tuple[sympy.Expr, list[Step]]:
    """∫du/(u² + m²)ᵏ for u = x + h, by the reduction formula down to the arctangent;
    ``square`` is u² + m² as the integrand wrote it (the answer keeps that form)."""
    m = sympy.sqrtdenest(sympy.sqrt(m2))
    value = sympy.atan(u / m) / m
    steps = []
    for n in range(2, k + 1):
        # J_n = u/(2m²(n − 1)(u² + m²)ⁿ⁻¹) + (2n − 3)/(2m²(n − 1))·J_(n−1)
        value = sympy.together(u) / (2 * m2 * (n - 1)) / square ** (n - 1) + \
            sympy.Rational(2 * n - 3) / (2 * m2 * (n - 1)) * value
        title = (f"Reduction formula: the integral of 1/(u² + {words(m2)})^{n} is written "
                 f"with the integral of 1/(u² + {words(m2)})^{n - 1} (parts read backwards)")
        steps.append(step_for("reduction_formula", title, 1 / (u**2 + m2) ** n, x, value))
    return value, steps


def _outline(f: sympy.Expr, x: sympy.Symbol, whole: sympy.Expr, bottom: sympy.Expr,
             split: sympy.Expr, result: sympy.Expr, steps: list[Step]) -> Step:
    """The whole move as one step: divide, factor over the reals, split, integrate."""
    shown = whole + split
    parts = []
    if whole != 0:
        parts.append("divide to get a polynomial plus a proper fraction")
    if len(steps) > 1 or whole == 0 and split != f:
        parts.append(f"factor {words(sympy.expand(bottom))} over the real numbers (a complex "
                     "root is paired with its conjugate in a quadratic factor) and split into "
                     "partial fractions")
    parts.append("integrate each simple fraction")
    title = "Rational function: " + ", then ".join(parts)
    step = step_for("partial_fractions", title, f, x, result, steps)
    if shown == f:
        return step
    return replace(step, after=f"{integral_latex(shown, x)} = {step.after}")
