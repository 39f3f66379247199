"""Algebraic integrands: binomial differentials and roots of quadratics.

* Binomial differentials x^m·(a + b·xⁿ)^p with rational m, n, p. Chebyshev's theorem:
  the antiderivative is elementary exactly when p is whole (substitute x = t^N), or
  (m + 1)/n is whole (t = (a + b·xⁿ)^(1/s)), or (m + 1)/n + p is whole
  (t = ((a + b·xⁿ)/xⁿ)^(1/s)), s being the denominator of p; each substitution leaves a
  rational function of t. In no other case is there an elementary antiderivative.
* c/((x − α)^k·√q) for a quadratic q: u = 1/(x − α) leaves a root of a quadratic in u.
* R(x, √(ax² + bx + c)) in general: Euler's substitutions make it rational in t.
"""

from __future__ import annotations

import math

import sympy

from workbench.engine.integration.common import words
from workbench.engine.integration.rewrite_base import Rewritten, Solver, solved_rewrite
from workbench.engine.integration.agreement import derivative_agreement


def binomial_parts(f: sympy.Expr, x: sympy.Symbol):
    """(c, m, a, b, n, p) when f = c·x^m·(a + b·xⁿ)^p with rational m, n, p and numbers
    a, b ≠ 0 (not all of m, n, p whole), else None."""
    if f.free_symbols != {x}:
        return None
    coeff, m, found = sympy.S.One, sympy.S.Zero, None
    for factor in sympy.Mul.make_args(f):
        base, power = factor.as_base_exp()
        if not factor.has(x):
            coeff *= factor
        elif base == x and power.is_Rational:
            m += power
        elif found is None and power.is_Rational and base.is_Add:
            found = _linear_in_power(base, x), power
        else:
            return None
    if found is None or found[0] is None:
        return None
    (a, b, n), p = found
    if all(v.is_Integer for v in (m, n, p)):
        return None  # a rational function: partial fractions
    return coeff, m, a, b, n, p


def _linear_in_power(base: sympy.Expr, x: sympy.Symbol):
    """(a, b, n) when base = a + b·xⁿ with rational n ≠ 0 and a ≠ 0, else None."""
    a, rest = base.as_independent(x, as_Add=True)
    b, power = rest.as_independent(x, as_Add=False)
    xb, n = power.as_base_exp()
    if a == 0 or xb != x or not n.is_Rational or n == 0 or rest.is_Add:
        return None
    return a, b, n


def binomial_first(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """Chebyshev's substitutions before any search, except for the square root of a
    quadratic (n = ±2, p = ±1/2), where the step engine's standard forms and the
    trigonometric substitution give the answer a textbook prints."""
    parts = binomial_parts(f, x)
    if parts is None or parts[5].q == 2 and (abs(parts[4]) == 2 or 2 * (parts[1] + 1) == parts[4]):
        return None  # √(a + b·u²) with u = x or u = x^(n/2) whose du is there: a standard form
    return binomial_differential(f, x, solve)


def chebyshev_case(m: sympy.Rational, n: sympy.Rational, p: sympy.Rational) -> int:
    """Which of Chebyshev's three cases x^m(a + bxⁿ)^p falls in (1, 2, 3), 0 for none."""
    k = (m + 1) / n
    if p.is_Integer:
        return 1
    if k.is_Integer:
        return 2
    if (k + p).is_Integer:
        return 3
    return 0


def binomial_differential(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """x^m·(a + b·xⁿ)^p by the substitution of Chebyshev's case it falls in."""
    parts = binomial_parts(f, x)
    if parts is None:
        return None
    c, m, a, b, n, p = parts
    case = chebyshev_case(m, n, p)
    if case == 0:
        return None
    t = sympy.Symbol("t", positive=True)
    if case == 1:
        big_n = math.lcm(int(m.q), int(n.q))
        shown = c * t ** (big_n * m) * (a + b * t ** (big_n * n)) ** p * big_n * t ** (big_n - 1)
        back = x ** sympy.Rational(1, big_n)
        title = (f"A binomial differential x^m(a + bxⁿ)^p with a whole power p = {p} "
                 f"(Chebyshev's first case): substitute x = t^{big_n}, which clears every "
                 "root of x and leaves a rational function of t")
    else:
        s = int(p.q)
        k = (m + 1) / n
        if case == 2:
            u = (t**s - a) / b  # xⁿ when t^s = a + b·xⁿ
            shown = c / n * u ** (k - 1) * t ** (s * p) * s * t ** (s - 1) / b
            back = (a + b * x**n) ** sympy.Rational(1, s)
            why = f"(m + 1)/n = {k} is whole (Chebyshev's second case)"
        else:
            u = a / (t**s - b)  # xⁿ when t^s = a/xⁿ + b
            shown = c / n * u ** (k + p - 1) * t ** (s * p) * (-a * s * t ** (s - 1)) \
                / (t**s - b) ** 2
            # written (a + bxⁿ)^(1/s)·x^(−n/s): where n/s is whole this is the same formula
            # on both sides of 0 (the integrand's symmetry), not only for x > 0
            back = (a + b * x**n) ** sympy.Rational(1, s) * x ** (-n / s)
            why = f"(m + 1)/n + p = {k + p} is whole (Chebyshev's third case)"
        title = (f"A binomial differential x^m(a + bxⁿ)^p with m = {m}, n = {n}, p = {p}: "
                 f"{why}, so substitute t = {words(back)}, which leaves a rational "
                 "function of t")
    shown = sympy.factor(sympy.powsimp(sympy.expand_power_base(shown, force=True)))
    if not shown.is_rational_function(t):
        return None
    return solved_rewrite("binomial_substitution", title, f, x, shown, solve, t,
                          lambda r: r.subs(t, back))


def root_of_quadratic(f: sympy.Expr, x: sympy.Symbol) -> sympy.Expr | None:
    """The one quadratic q that f takes the square root of (q^(k/2), k odd), else None."""
    bases = {p.base for p in f.atoms(sympy.Pow) if p.base.has(x) and p.exp.is_Rational
             and p.exp.q == 2}
    if len(bases) != 1:
        return None
    q = bases.pop()
    if not (q.is_polynomial(x) and sympy.degree(q, x) == 2 and q.free_symbols == {x}):
        return None
    return q


def reciprocal_substitution(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """c·xʲ/((x − α)^k·√q) with q quadratic, k ≥ 1: substitute u = 1/(x − α), which leaves
    a power of u over the root of a quadratic in u (sign(x − α) is constant on each side)."""
    q = root_of_quadratic(f, x)
    if q is None:
        return None
    coeff, rest = f.as_independent(x, as_Add=False)
    linear = [a.as_base_exp() for a in sympy.Mul.make_args(rest) if a.as_base_exp()[0] != q]
    if len(linear) != 1 or sympy.Mul.make_args(rest).count(q ** sympy.Rational(-1, 2)) != 1:
        return None
    base, power = linear[0]
    if not (power.is_Integer and power <= -1 and base.is_polynomial(x)
            and sympy.degree(base, x) == 1):
        return None
    slope, alpha = sympy.Poly(base, x).all_coeffs()
    alpha = -alpha / slope
    u = sympy.Symbol("u", positive=True)
    big_q = sympy.expand(u**2 * q.subs(x, alpha + 1 / u))  # q(α + 1/u) = Q(u)/u²
    k = -power
    # dx = −du/u², (x − α)^(−k) = u^k, 1/√q = u/√Q for u > 0
    shown = -coeff * slope**power * u ** (k - 1) / sympy.sqrt(big_q)
    title = (f"Substitute u = 1/({words(x - alpha)}): then dx = −du/u² and √({words(q)}) = "
             f"√({words(big_q)})/|u|, a root of a quadratic in u (for x < {alpha} the sign "
             "changes, hence sign(x − α) in the answer)")
    return solved_rewrite("substitution", title, f, x, shown, solve, u,
                          lambda r: _without_sign(f, x, alpha, r.subs(u, 1 / (x - alpha))))


def _without_sign(f: sympy.Expr, x: sympy.Symbol, alpha: sympy.Expr,
                  result: sympy.Expr) -> sympy.Expr:
    """sign(x − α)·result, or result with its roots tidied for x > α when that form alone
    holds on both sides (−√(1 + 1/x²)·sign x is −√(x² + 1)/x)."""
    p = sympy.Symbol("p", positive=True)
    tidied = result.subs(x, alpha + p).replace(
        lambda e: e.is_Pow and e.exp.is_Rational and not e.exp.is_Integer,
        lambda e: sympy.together(e.base) ** e.exp).subs(p, x - alpha)
    # the numbers alone: a sign-free form they do not confirm is simply not used, and
    # refuting it symbolically would cost a tenth of a second for every such piece
    if derivative_agreement(tidied, f, x) is True:
        return tidied
    return sympy.sign(x - alpha) * result


def euler_substitution(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """R(x, √(ax² + bx + c)): Euler's first substitution √q = t − √a·x when a > 0, the
    second √q = x·t + √c when c > 0; either makes the integrand a rational function of t."""
    q = root_of_quadratic(f, x)
    if q is None:
        return None
    a, b, c = sympy.Poly(q, x).all_coeffs()
    t = sympy.Symbol("t", real=True)
    root = sympy.sqrt(q)
    if a.is_positive:
        ra = sympy.sqrt(a)
        x_of = (t**2 - c) / (b + 2 * ra * t)
        root_of = t - ra * x_of
        back = root + ra * x
        title = f"Euler's substitution √({words(q)}) = t − {words(ra)}·x"
    elif c.is_positive:
        rc = sympy.sqrt(c)
        x_of = (2 * rc * t - b) / (a - t**2)
        root_of = x_of * t + rc
        back = (root - rc) / x
        title = f"Euler's substitution √({words(q)}) = x·t + {words(rc)}"
    else:
        return None
    g = f.xreplace({p: root_of ** (2 * p.exp) for p in f.atoms(sympy.Pow) if p.base == q})
    shown = sympy.factor(sympy.cancel(g.subs(x, x_of) * sympy.diff(x_of, t)))
    if shown.has(x) or not shown.is_rational_function(t):
        return None
    title += ": squaring gives x as a rational function of t, so the integrand becomes one"
    return solved_rewrite("euler_substitution", title, f, x, shown, solve, t,
                          lambda r: r.subs(t, back))


# the special function a binomial differential integrates to, when not elementary
INCOMPLETE_BETA = "it is an incomplete beta function, ₂F₁"


def chebyshev_note(f: sympy.Expr, x: sympy.Symbol) -> str:
    """A sentence when f is a binomial differential with no elementary antiderivative
    (none of Chebyshev's three cases), else ""."""
    parts = binomial_parts(f, x)
    if parts is None:
        return ""
    _c, m, _a, _b, n, p = parts
    if chebyshev_case(m, n, p) != 0:
        return ""
    k = (m + 1) / n
    return (f"; x^m(a + bxⁿ)^p with m = {m}, n = {n}, p = {p}: none of p, (m + 1)/n = {k} and "
            f"(m + 1)/n + p = {k + p} is whole, so by Chebyshev's theorem there is no "
            f"elementary antiderivative ({INCOMPLETE_BETA})")


def conjugate_denominator(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """N/(A + B·√q) with polynomials A, B, q: multiply top and bottom by the conjugate
    A − B·√q, so the denominator A² − B²·q has no root left."""
    top, bottom = sympy.fraction(sympy.together(f))
    roots = [t for t in sympy.Add.make_args(bottom) if t.has(x) and _root_term(t, x)]
    if not bottom.is_Add or not 1 <= len(roots) <= 2:
        return None
    a = bottom - roots[0]  # a polynomial, or the other root (√(x + 1) + √x)
    if not sympy.expand(a**2).is_polynomial(x):
        return None
    conjugate = a - roots[0]
    rest = sympy.expand(a**2 - roots[0] ** 2)
    if not rest.is_polynomial(x) or rest == 0:
        return None
    shown = sympy.expand(top * conjugate / rest)
    title = (f"Multiply top and bottom by the conjugate {words(conjugate)}: the denominator "
             f"becomes ({words(a)})² − ({words(roots[0])})² = {words(rest)}, without a root")
    return solved_rewrite("rationalise", title, f, x, shown, solve)


def _root_term(term: sympy.Expr, x: sympy.Symbol) -> bool:
    """Whether term = B·√q with a polynomial B and a polynomial q."""
    return any(p.exp == sympy.S.Half and p.base.is_polynomial(x) and p.base.has(x)
               for p in sympy.Mul.make_args(term) if p.is_Pow) and \
        (term / sympy.Mul(*(p for p in sympy.Mul.make_args(term) if p.is_Pow
                            and p.exp == sympy.S.Half))).is_polynomial(x)
