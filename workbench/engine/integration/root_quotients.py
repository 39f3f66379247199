"""A rational function times a root of a quadratic: W(x)/√q with W rational, q = ax² + bx + c.

* **Partial fractions of W** when its denominator splits into rational linear factors:
  W = P(x) + Σ cᵢ/(x − αᵢ)^k, so the integral is ∫P/√q, a standard form (the degree is
  lowered step by step), plus ∫cᵢ/((x − αᵢ)^k·√q), which u = 1/(x − αᵢ) turns into a
  polynomial over a root of a quadratic in u.
* **Even denominators and b = 0** (quadratic factors without real roots, such as
  200x² + 8): W splits into its even part E(x) = V(x²) and its odd part O(x) = x·U(x²),
  and each becomes a rational function.
  - **Abel's substitution** t = x/√q for the even part. Then dt/dx = c/q^(3/2), and
    x² = c·t²/(1 − a·t²), q = c/(1 − a·t²), so dx/√q = dt/(1 − a·t²) and
    ∫V(x²)/√q dx = ∫V(c·t²/(1 − a·t²))/(1 − a·t²) dt. The map x ↦ t is monotonic on
    each interval where q > 0, so nothing depends on a sign.
  - t = √q for the odd part: x·dx = t·dt/a and x² = (t² − c)/a, so
    ∫x·U(x²)/√q dx = ∫U((t² − c)/a)/a dt.

The step engine knows polynomials over √q and the trigonometric substitution, but on
quotients such as √(4x² + 7)/(200x² + 8) or √(5x² + 3x + 2)/((4x + 7)(8x + 6)⁴) it
searches for seconds and gives up.
"""

from __future__ import annotations

from dataclasses import replace

import sympy

from workbench.engine.integration.algebraic import root_of_quadratic
from workbench.engine.integration.common import step_for, tex, words
from workbench.engine.integration.rewrite_base import (
    Rewritten, Solver, fresh_symbol, solve_terms, substitute)


def even_odd_root(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """W(x)/√(ax² + c) with W rational and its denominator even in x (not a power of x
    alone, which the trigonometric substitution does as a textbook would): the even part
    by Abel's substitution, the odd part by t = √q."""
    found = _over_the_root(f, x)
    if found is None:
        return None
    q, w = found
    a, b, c = sympy.Poly(q, x).all_coeffs()
    if b != 0 or c == 0:
        return None
    denominator = sympy.denom(w)
    if not _even_denominator(denominator, x) or \
            sympy.rem(q ** sympy.degree(denominator, x), denominator, x) == 0:
        return None  # powers of q alone, 1/(4 − x²)^(3/2): the trigonometric substitution
    mirrored = w.subs(x, -x)
    even, odd = sympy.cancel((w + mirrored) / 2), sympy.cancel((w - mirrored) / 2)
    y = sympy.Symbol("y", positive=True)
    t = fresh_symbol(f, "t")
    parts = []
    if even != 0:
        v = sympy.cancel(even.subs(x, sympy.sqrt(y)))
        shown = sympy.cancel(v.subs(y, c * t**2 / (1 - a * t**2)) / (1 - a * t**2))
        title = (f"Abel's substitution {t} = x/√({words(q)}): then x² = "
                 f"{words(c * t**2)}/({words(1 - a * t**2)}) and dx/√({words(q)}) = "
                 f"d{t}/({words(1 - a * t**2)}), so the integrand becomes a rational "
                 f"function of {t}")
        parts.append((even / sympy.sqrt(q), shown, x / sympy.sqrt(q), title))
    if odd != 0:
        u = sympy.cancel((odd / x).subs(x, sympy.sqrt(y)))
        shown = sympy.cancel(u.subs(y, (t**2 - c) / a) / a)
        title = (f"Substitute {t} = √({words(q)}): then x·dx = {t}·d{t}/{words(a)} and x² = "
                 f"({words(t**2 - c)})/{words(a)}, a rational function of {t}")
        parts.append((odd / sympy.sqrt(q), shown, sympy.sqrt(q), title))
    if any(not shown.is_rational_function(t) or shown.has(x) for _, shown, _, _ in parts):
        return None
    solved = []
    for integrand, shown, inner, title in parts:
        found = substitute(integrand, x, t, inner, sympy.S.One, shown, solve,
                           "substitution", title)
        if found is None:
            return None
        result = _algebraic_terms_reduced(found[1], x, q)
        solved.append((replace(found[0], after=tex(result)) if result != found[1]
                       else found[0], result))
    if len(solved) == 1:
        return solved[0]
    result = sympy.Add(*(found[1] for found in solved))
    title = ("Split the part of the integrand that is even in x from the part that is odd: "
             "each takes its own substitution")
    return step_for("sum", title, f, x, result, [found[0] for found in solved]), result


def root_partial_fractions(f: sympy.Expr, x: sympy.Symbol,
                           solve: Solver) -> Rewritten | None:
    """W(x)/√q with W rational, its denominator a product of rational linear factors and
    more than one term (one term, c·xʲ/((x − α)^k·√q), is the reciprocal substitution's
    alone): partial fractions of W, then each term over √q."""
    found = _over_the_root(f, x)
    if found is None or not sympy.denom(found[1]).has(x):
        return None
    q, w = found
    _, factors = sympy.factor_list(sympy.denom(w), x)
    if any(sympy.degree(factor, x) != 1 for factor, _ in factors):
        return None
    split = sympy.apart(w, x)
    polynomial = sympy.Add(*(t for t in sympy.Add.make_args(split) if t.is_polynomial(x)))
    fractions = [t for t in sympy.Add.make_args(split) if not t.is_polynomial(x)]
    terms = [sympy.expand(polynomial) / sympy.sqrt(q)] if polynomial != 0 else []
    terms += [t / sympy.sqrt(q) for t in fractions]
    if len(terms) < 2:
        return None
    solved = solve_terms(terms, x, solve)
    if solved is None:
        return None
    steps, result = solved
    title = (f"Write the integrand as W(x)/√({words(q)}) and split W = {words(split)} into "
             "partial fractions: a polynomial over the root, and c/((x − α)^k·√q) for each "
             "linear factor, which u = 1/(x − α) makes a standard form")
    return step_for("partial_fractions", title, f, x, result, steps), result


def _over_the_root(f: sympy.Expr, x: sympy.Symbol):
    """(q, W) with f = W/√q, q the one quadratic under a square root in f and W rational;
    None for another form."""
    q = root_of_quadratic(f, x)
    if q is None:
        return None
    w = sympy.cancel(sympy.expand(f * sympy.sqrt(q)))
    return (q, w) if w.is_rational_function(x) else None


def _algebraic_terms_reduced(result: sympy.Expr, x: sympy.Symbol,
                             q: sympy.Expr) -> sympy.Expr:
    """The terms of ``result`` without a logarithm or inverse function written as
    A(x) + B(x)·√q with A, B rational: t = x/√q put back leaves nested quotients such as
    x/(√q·(85x²/q − 25)), which are x·√q/(10x² − 50)."""
    r = sympy.Dummy("r", positive=True)
    kept, reduced = [], []
    for term in sympy.Add.make_args(result):
        if term.atoms(sympy.Function):
            kept.append(term)
            continue
        plain = term.replace(lambda e: e.is_Pow and e.base == q and e.exp.is_Rational,
                             lambda e: r ** (2 * e.exp))
        reduced.append(plain)
    if not reduced:
        return result
    top, bottom = sympy.fraction(sympy.cancel(sympy.together(sympy.Add(*reduced))))
    top, bottom = (sympy.rem(sympy.Poly(e, r), sympy.Poly(r**2 - q, r)).as_expr()
                   for e in (top, bottom))
    d0, d1 = bottom.coeff(r, 0), bottom.coeff(r, 1)
    top = sympy.expand(top * (d0 - d1 * r))
    bottom = sympy.expand(d0**2 - d1**2 * q)
    top = sympy.rem(sympy.Poly(top, r), sympy.Poly(r**2 - q, r)).as_expr()
    a, b = (sympy.factor(sympy.cancel(top.coeff(r, k) / bottom)) for k in (0, 1))
    return sympy.Add(*kept, a, b * sympy.sqrt(q))


def _even_denominator(denominator: sympy.Expr, x: sympy.Symbol) -> bool:
    """Whether the denominator has x, is even or odd in x, and is not a power of x alone."""
    poly = sympy.Poly(denominator, x)
    if poly.degree() < 1 or len(poly.terms()) == 1:
        return False
    degrees = {monomial[0] % 2 for monomial, _ in poly.terms()}
    return len(degrees) == 1
