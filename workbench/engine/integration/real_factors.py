"""The real factors of a denominator that has no factors over the rationals: x⁴ + 1.

Over the real numbers every polynomial splits into linear and quadratic factors, but
their coefficients may be irrational (x⁴ + 1 = (x² − √2·x + 1)(x² + √2·x + 1), pairing
each complex root with its conjugate). Partial fractions over those factors need the
irrational numbers named, as the ``extension`` sympy's ``apart`` accepts. A binomial
a·xⁿ + c is split by hand instead (``binomial_fractions``): its real factors come from the
roots of unity, with a single radical.
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


def biquadratic_factors(bottom: sympy.Expr,
                        x: sympy.Symbol) -> tuple[sympy.Expr, sympy.Expr, sympy.Expr] | None:
    """k, Q₊ and Q₋ with bottom = k·Q₊·Q₋ when bottom is a·x⁴ + b·x² + c without real roots.

    x⁴ + Bx² + C = (x² + q)² − (2q − B)·x² with q = √C, a difference of squares:
    Q± = x² ± p·x + q with p = √(2q − B), real because B² < 4C makes 2q > |B|. The
    radicals nest (√(2√C − B)), which ``apart``'s field extensions handle only slowly.
    """
    poly = sympy.Poly(bottom, x)
    if poly.degree() != 4 or any(poly.coeff_monomial(x**k) != 0 for k in (1, 3)):
        return None
    a, b, c = (poly.coeff_monomial(x**k) for k in (4, 2, 0))
    big_b, big_c = b / a, c / a
    if not (big_c > 0 and big_b**2 < 4 * big_c):
        return None
    q = sympy.sqrt(big_c)
    p = sympy.sqrt(2 * q - big_b)
    return a, x**2 + p * x + q, x**2 - p * x + q


def biquadratic_fractions(proper: sympy.Expr, bottom: sympy.Expr,
                          x: sympy.Symbol) -> sympy.Expr | None:
    """N/(a·x⁴ + b·x² + c), deg N < 4, split over the real quadratics Q± = x² ± p·x + q of
    :func:`biquadratic_factors`: N/a·Q₊·Q₋ is (A·x + B)/a·Q₊ + (C·x + D)/a·Q₋ when
    N = (A·x + B)·Q₋ + (C·x + D)·Q₊.

    Comparing coefficients of N = n₃x³ + n₂x² + n₁x + n₀ in the sums and differences
    S = A + C, T = C − A, U = B + D, V = D − B gives S = n₃, U + pT = n₂, qS + pV = n₁
    and qU = n₀, solved at once (sympy's ``solve`` took tenths of a second over the
    radicals in p)."""
    factors = biquadratic_factors(bottom, x)
    if factors is None:
        return None
    k, plus, minus = factors
    q = plus.subs(x, 0)
    p = plus.coeff(x, 1)
    coeffs = sympy.Poly(sympy.cancel(proper * bottom), x).all_coeffs()
    n3, n2, n1, n0 = [0] * (4 - len(coeffs)) + coeffs  # deg N < 4: pad the missing powers
    s_, u_ = n3, n0 / q
    t_, v_ = (n2 - u_) / p, (n1 - q * s_) / p
    a_, c_, b_, d_ = (sympy.radsimp(v / 2) for v in (s_ - t_, s_ + t_, u_ - v_, u_ + v_))
    return (a_ * x + b_) / (k * plus) + (c_ * x + d_) / (k * minus)


_MAX_BINOMIAL = 8  # x⁸ + 1: four quadratic factors; beyond, the answer is a page long


def binomial_fractions(proper: sympy.Expr, bottom: sympy.Expr,
                       x: sympy.Symbol) -> sympy.Expr | None:
    """P/(a·(xⁿ − K)) over its real factors by hand, for a binomial irreducible over the
    rationals with n from 3 to 8: the roots are ρₖ = |K|^(1/n)·e^(iθₖ) with
    θₖ = (2πk + arg K)/n, the cover-up rule gives Aₖ = P(ρₖ)/(a·n·ρₖⁿ⁻¹) = P(ρₖ)·ρₖ/(a·n·K),
    and each conjugate pair makes one real quadratic factor
    x² − 2|K|^(1/n)·cos θₖ·x + |K|^(2/n). One radical, |K|^(1/n), and the cosines of the
    angles make the field: apart over the field of sympy's radicals takes seconds, or more
    than the rule's time, when they are written with several primes (2x⁴ − 3: 2^(3/4)·3^(1/4)/2;
    25x⁶ + 1 needs only ∛5 and √3)."""
    poly = sympy.Poly(bottom, x)
    n = poly.degree()
    if not 3 <= n <= _MAX_BINOMIAL or len(poly.terms()) != 2 or poly.TC() == 0:
        return None
    if not poly.is_irreducible:
        return None  # rational factors: apart over the rationals does it
    a, big_k = poly.LC(), -poly.TC() / poly.LC()
    radius = sympy.root(abs(big_k), n)
    start = 0 if big_k > 0 else sympy.pi
    top = sympy.Poly(sympy.cancel(proper * bottom), x)
    terms = []
    for k in range(n):
        theta = (2 * sympy.pi * k + start) / n
        if sympy.sin(theta).is_negative:
            continue  # the conjugate of a root already taken
        rho = radius * (sympy.cos(theta) + sympy.I * sympy.sin(theta))
        coeff = sympy.expand_complex(top.eval(rho) * rho / (a * n * big_k))
        if sympy.sin(theta) == 0:  # a real root
            terms.append(sympy.radsimp(sympy.re(coeff)) / (x - sympy.re(rho)))
            continue
        re_a, im_a = sympy.re(coeff), sympy.im(coeff)
        re_r, im_r = sympy.re(rho), sympy.im(rho)
        slope = sympy.radsimp(2 * re_a)
        constant = sympy.radsimp(-2 * (re_a * re_r + im_a * im_r))
        quadratic = x**2 - sympy.radsimp(2 * re_r) * x + sympy.radsimp(re_r**2 + im_r**2)
        terms.append((slope * x + constant) / quadratic)
    return sympy.Add(*terms)
