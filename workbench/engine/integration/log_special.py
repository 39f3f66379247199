"""Logarithmic integrands whose antiderivatives need a special function: Li₂, Ei, erfi, li.

- A logarithm of a linear factor over a linear factor is a dilogarithm, written real on
  the whole domain where the logarithm splits into real pieces (``log_over_linear``), and in
  Rubi's form ln·ln + Li₂ where it does not (a quotient, an even power:
  ``log_over_linear_branches``), whose derivative is the integrand on every interval.
- A power of a logarithmic factor that is not a whole positive number (1/g, √g) becomes
  e^(λt)·tˢ with t = g (``logarithm_substitution``): Ei, erfi or li.

The whole positive powers go by parts in :mod:`log_powers`.
"""

from __future__ import annotations

import sympy

from workbench.engine.integration.common import step_for, words
from workbench.engine.integration.rewrite_base import (
    Rewritten, Solver, fresh_symbol, is_linear, solved_rewrite)


def log_over_linear(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """(A + Σ Bᵢ·ln(κᵢ·pᵢ^mᵢ))/(ex + h), each pᵢ linear and mᵢ odd: the dilogarithm.

    On the integrand's domain κᵢ·pᵢ^mᵢ > 0, so ln(κᵢ·pᵢ^mᵢ) = ln κᵢ + mᵢ·ln pᵢ with pᵢ > 0
    (after a change of sign of both). With t = ex + h and p = αt + β, ∫ln p/t dt is
    ln β·ln|t| − Li₂(−αt/β) when β > 0 (ln p = ln β + ln(1 + αt/β)), and
    ln²(αt)/2 + Li₂(−β/(αt)) when β < 0 (ln p = ln(αt) + ln(1 + β/(αt)), αt > p > 0): each
    real on the whole domain, since the dilogarithm's argument stays below 1.
    """
    found = _over_linear(f, x)
    if found is None:
        return None
    coeff, g, denominator = found
    pieces = _logs_of_linear(g, x)
    if pieces is None:
        return None
    constant, logs = pieces
    e, h = sympy.Poly(denominator, x).all_coeffs()
    result = constant / e * sympy.log(sympy.Abs(denominator))
    special = False
    for weight, p in logs:
        a, b = sympy.Poly(p, x).all_coeffs()
        alpha, beta = a / e, sympy.cancel(b - a * h / e)
        shifted = sympy.expand(alpha * denominator)  # αt, positive wherever p is
        if beta == 0:
            part = sympy.log(p) ** 2 / 2
        elif beta.is_positive:
            part = sympy.log(beta) * sympy.log(sympy.Abs(denominator)) \
                - sympy.polylog(2, -shifted / beta)
            special = True
        else:
            part = sympy.log(shifted) ** 2 / 2 + sympy.polylog(2, -beta / shifted)
            special = True
        result += weight / e * part
    if not special:
        return None  # ln²: u = ln p, which log_power_parts does with its own step
    result = sympy.expand(coeff * result)
    title = (f"With t = {words(denominator)}, write each logarithm as ln β + ln(1 + αt/β) "
             "(or ln(αt) + ln(1 + β/(αt))): ∫ln(1 + kt)/t dt = −Li₂(−kt), the dilogarithm, "
             "which has no elementary form")
    return step_for("special_function", title, f, x, result), result


def _over_linear(f: sympy.Expr, x: sympy.Symbol):
    """(c, g, ex + h) with f = c·g/(ex + h) and g a sum with logarithms; or None."""
    coeff, rest = f.as_independent(x, as_Add=False)
    g, denominator = sympy.fraction(rest)
    if not is_linear(denominator, x) or not g.has(sympy.log) or g.is_Pow:
        return None
    return coeff, g, denominator


def _logs_of_linear(g: sympy.Expr, x: sympy.Symbol, even: bool = False):
    """(A, [(Bᵢ·mᵢ, pᵢ)]) with g = A + Σ Bᵢ·mᵢ·ln pᵢ on g's domain, each pᵢ linear with
    pᵢ > 0 there; None unless every logarithm is of κ·p^m with m odd. With ``even``, an
    even m is taken too, and then ln pᵢ stands for ln|pᵢ| (pᵢ of either sign)."""
    constant, logs = sympy.S.Zero, []
    for term in sympy.Add.make_args(sympy.expand(g)):
        weight, t = term.as_independent(x, as_Add=False)
        if t == 1:
            constant += term
            continue
        if not isinstance(t, sympy.log):
            return None
        kappa, factors = _factors(t.args[0], x)
        if len(factors) != 1 or not is_linear(factors[0][0], x) or (
                factors[0][1] % 2 == 0 and not even):
            return None
        p, m = factors[0]
        if kappa.is_negative and m % 2:  # κ·p^m = (−κ)·(−p)^m for m odd
            kappa, p = -kappa, -p
        if not kappa.is_positive:
            return None
        constant += weight * sympy.log(kappa)
        logs.append((weight * m, sympy.expand(p)))
    return constant, logs


def logarithm_substitution(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """c·pᵏ·gˢ with g = A + B·ln(κ·p^m), p linear, and s not a whole positive number
    (1/g, √g, g^(−3/2)): t = g turns it into e^(λt)·tˢ, an exponential integral or error
    function. On the domain p > 0 (after a change of sign), p = e^((t − A′)/W) with
    A′ = A + B·ln κ and W = B·m, so pᵏ dx = e^((k + 1)(t − A′)/W)/(aW) dt."""
    coeff, rest = f.as_independent(x, as_Add=False)
    with_logs = [e for e in sympy.Mul.make_args(rest) if e.has(sympy.log)]
    if len(with_logs) != 1:
        return None
    g, s = with_logs[0].as_base_exp()
    if not s.is_Rational or (s.is_Integer and s > 0):
        return None
    if g == sympy.log(x) and s == -1 and rest == with_logs[0]:
        return None  # 1/ln x: the table's li(x), which the step engine gives in one step
    pieces = _logs_of_linear(g, x, even=True)
    if pieces is None or len({p for _, p in pieces[1]}) != 1:
        return None
    shift, logs = pieces
    p, weight = logs[0][1], sympy.Add(*(w for w, _ in logs))
    signed = _logs_of_linear(g, x) is None  # an even power: ln|p|, p of either sign
    powers = _powers_of(rest / with_logs[0], p, x)
    if powers is None or weight == 0 or signed and not all(k.is_Integer for _, k in powers):
        return None
    a = sympy.diff(p, x)
    t = fresh_symbol(f, "t")
    size = "|" + words(p) + "|" if signed else words(p)
    title = (f"Substitute t = {words(g)}: then {size} = "
             f"e^((t − {words(shift)})/{words(weight)}), so the integrand becomes an "
             "exponential times a power of t")
    if not signed:
        shown = sympy.Add(*(coeff * scale / (a * weight) * sympy.exp(
            (k + 1) * (t - shift) / weight) * t ** s for scale, k in powers))
        return solved_rewrite("substitution", title, f, x, shown, solve, t,
                              lambda r: _logarithmic_integral(r.subs(t, g)))
    # where p < 0, p = −|p| and dp = −d|p|: the term with pᵏ changes sign by (−1)^(k+1),
    # which sign(p)^(k + 1) writes for both sides at once
    steps, result = [], sympy.S.Zero
    for scale, k in powers:
        shown = coeff * scale / (a * weight) * sympy.exp((k + 1) * (t - shift) / weight) * t**s
        solved = solve(shown, t)
        if solved is None:
            return None
        steps.extend(solved[0])
        sign = sympy.sign(p) if (k + 1) % 2 else sympy.S.One
        result += sign * _logarithmic_integral(solved[1].subs(t, g))
    return step_for("substitution", title, f, x, result, steps), result


def _logarithmic_integral(expr: sympy.Expr) -> sympy.Expr:
    """Ei(c·ln z) written li(z^c), the name the textbook gives ∫dx/ln x (z > 0 on the
    domain, so z^c = e^(c·ln z))."""
    def plain_log(e: sympy.Expr) -> bool:
        c, rest = e.as_coeff_Mul()
        return c.is_Rational and isinstance(rest, sympy.log)

    def li(e: sympy.Expr) -> sympy.Expr:
        c, log = e.args[0].as_coeff_Mul()
        return sympy.li(log.args[0] ** c)

    return expr.replace(lambda e: isinstance(e, sympy.Ei) and plain_log(e.args[0]), li)


def _powers_of(r: sympy.Expr, p: sympy.Expr, x: sympy.Symbol):
    """[(c, k), …] with r = Σ c·pᵏ: a power of a positive multiple of the linear p, a
    constant, or a polynomial (written in powers of p); None otherwise."""
    if not r.has(x):
        return [(r, sympy.S.Zero)]
    if r.is_polynomial(x):
        a, b = sympy.Poly(p, x).all_coeffs()
        w = sympy.Dummy("w")
        in_p = sympy.Poly(sympy.expand(r.subs(x, (w - b) / a)), w)
        return [(c, sympy.Integer(m[0])) for m, c in zip(in_p.monoms(), in_p.coeffs())]
    base, k = r.as_independent(x, as_Add=False)[1].as_base_exp()
    ratio = sympy.cancel(base / p)
    if ratio.has(x) or not k.is_Rational or ratio.is_negative:
        return None
    c = r / base**k
    return [(sympy.cancel(c * ratio**k), k)]


def log_over_linear_branches(f: sympy.Expr, x: sympy.Symbol,
                             solve: Solver) -> Rewritten | None:
    """(A + Σ Bⱼ·ln qⱼ)/(ex + h) with each qⱼ a product of powers of linear factors, where
    the logarithm cannot be split into real pieces (ln((x + 2)/(3x + 2)), ln((6x + 4)⁶)).

    By parts with u = ln qⱼ, v = ln(ex + h)/e, each ∫ln(ex + h)/(dᵢ + eᵢx) is
    ln(e(dᵢ + eᵢx)/(e·dᵢ − eᵢ·h))·ln(ex + h)/eᵢ + Li₂(−eᵢ(ex + h)/(e·dᵢ − eᵢ·h))/eᵢ: the two
    logarithms of the same argument cancel in the derivative, so it is the integrand at
    every point of the domain; where an argument is negative, the answer is complex by a
    constant on that interval (the principal branch), as in Rubi's tables.
    """
    found = _over_linear(f, x)
    if found is None:
        return None
    coeff, g, denominator = found
    if _logs_of_linear(g, x) is not None:
        return None  # log_over_linear writes these real
    e, h = sympy.Poly(denominator, x).all_coeffs()
    result, special = sympy.S.Zero, False
    for term in sympy.Add.make_args(sympy.expand(g, deep=False, log=False)):
        weight, t = term.as_independent(x, as_Add=False)
        if t == 1:
            result += weight * sympy.log(sympy.Abs(denominator)) / e
            continue
        if not isinstance(t, sympy.log):
            return None
        kappa, factors = _factors(t.args[0], x)
        if not factors or not all(is_linear(p, x) for p, _ in factors):
            return None
        part = sympy.log(denominator) * t / e
        for p, m in factors:
            d_i, e_i = sympy.Poly(p, x).all_coeffs()[::-1]
            gap = sympy.expand(e * d_i - e_i * h)
            if gap == 0:  # the factor is the denominator itself: ln²/2
                inner = sympy.log(denominator) ** 2 / (2 * e_i)
            else:
                inner = (sympy.log(sympy.expand(e * p / gap)) * sympy.log(denominator)
                         + sympy.polylog(2, sympy.expand(-e_i * denominator / gap))) / e_i
                special = True
            part -= m * e_i / e * inner
        result += weight * part
    if not special:
        return None
    result = coeff * result
    title = (f"Integration by parts with u = the logarithm and v = ln({words(denominator)}): "
             "each ∫ln(ex + h)/(d + kx) dx is a logarithm times a logarithm plus Li₂, the "
             "dilogarithm, which has no elementary form")
    return step_for("special_function", title, f, x, result), result


def _factors(q: sympy.Expr, x: sympy.Symbol) -> tuple[sympy.Expr, list[tuple[sympy.Expr, int]]]:
    """(κ, [(p, m), …]) with q = κ·∏ pᵐ for a rational function q (m < 0 below the bar);
    (q, []) when q is not rational (a root), which no rule here takes."""
    if not q.is_rational_function(x):
        return q, []
    top, bottom = sympy.fraction(sympy.together(q))
    kappa_top, above = sympy.factor_list(top, x)
    kappa_bottom, below = sympy.factor_list(bottom, x)
    return kappa_top / kappa_bottom, [(p, m) for p, m in above if p.has(x)] + [
        (p, -m) for p, m in below if p.has(x)]
