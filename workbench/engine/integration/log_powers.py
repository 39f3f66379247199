"""R(x)·(A + B·ln q)ⁿ, with R algebraic and the logarithm's derivative rational: by parts.

The textbook integrates (8x + 6)³·(3 ln(5(4x + 7)³) + 2)³ or (15x + 10)·(ln((x + 2)/(6x + 4))
+ 3)²/(3x/2 + 3)³ by parts with u = the power of the logarithmic factor g and dv = R dx:
g′ is rational, so each step lowers the power by one, and after n steps only an algebraic
integral is left. Two choices make this work where a search gives up:

- **The constant in v.** v = ∫R dx is any antiderivative. For the next step, ∫v·g′ must
  have no logarithm of its own (or the following step meets ln·ln, a dilogarithm); the
  constant is chosen so that v·g′ has no simple poles (for a polynomial R and g = ln(ax + b)
  this is the familiar v = x + b/a, which vanishes where ax + b does).
- **Partial fractions of R first.** The terms of R that are a constant times g′ give
  g^(n+1)/(n + 1) at once (u = g); the rest must integrate without a logarithm.
"""

from __future__ import annotations

import math

import sympy

from workbench.engine.integration.common import step_for, words
from workbench.engine.integration.rewrite_base import (
    Rewritten, Solved, Solver, fresh_symbol, is_linear, solve_terms, solved_rewrite)

_NOT_ALGEBRAIC = (sympy.Function,)
_LOG_OR_INVERSE = (sympy.log, sympy.atan, sympy.asin, sympy.acos, sympy.asinh, sympy.acosh,
                   sympy.atanh, sympy.acot, sympy.acoth, sympy.LambertW, sympy.polylog)


def log_power_parts(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """∫R·gⁿ dx (see the module): by parts n times, or u = g where R is a multiple of g′."""
    found = _split(f, x)
    if found is None:
        return None
    coeff, r, g, n, slope = found
    if n == 1 and not r.has(x):
        return None  # a logarithm alone: split it (log_of_product) or ∫ln = x·ln − ∫x·(ln)′
    along, rest = _along_the_slope(r, slope, x)
    parts = []
    if along != 0:  # ∫k·g′·gⁿ = k·g^(n+1)/(n + 1)
        value = along * g ** (n + 1) / (n + 1)
        title = (f"Substitute u = {words(g)}: du = {words(slope)} dx, and "
                 f"∫{words(along)}·uⁿ du = {words(along)}·u^(n+1)/(n + 1) with n = {n}")
        parts.append(([step_for("substitution", title, along * slope * g ** n, x, value)],
                      value))
    if n == 1 and rest != 0 and rest.is_rational_function(x) and not rest.is_polynomial(x):
        # c/(ex + h)·g: a dilogarithm of its own (log_over_linear), not by parts
        poles = [t for t in sympy.Add.make_args(sympy.apart(rest, x)) if _simple_pole(t, x)
                 and is_linear(sympy.denom(t), x)]
        if poles:
            solved = solve_terms([t * g for t in poles], x, solve)
            if solved is None:
                return None
            parts.append(solved)
            rest = sympy.cancel(rest - sympy.Add(*poles))
    if rest != 0:
        solved = _by_parts(rest, g, n, slope, x, solve)
        if solved is None:
            return None
        parts.append(solved)
    result = sympy.expand_mul(coeff * sympy.Add(*(value for _, value in parts)))
    if len(parts) == 1 and coeff == 1 and len(parts[0][0]) == 1:
        return parts[0][0][0], parts[0][1]
    title = ("Split the factor beside the logarithm into partial fractions: the part that is "
             f"a multiple of ({words(g)})′ is a substitution, the rest goes by parts")
    return step_for("partial_fractions" if len(parts) > 1 else "constant_multiple", title, f,
                    x, result, [step for steps, _ in parts for step in steps]), result


def _split(f: sympy.Expr, x: sympy.Symbol):
    """(c, R, g, n, g′) with f = c·R·gⁿ: g the one factor with a logarithm, linear in
    logarithms whose derivatives are rational; R algebraic; or None."""
    coeff, rest = f.as_independent(x, as_Add=False)
    with_logs = [a for a in sympy.Mul.make_args(rest) if a.has(sympy.log)]
    if len(with_logs) != 1:
        return None
    g, n = with_logs[0].as_base_exp()
    if not (n.is_Integer and n > 0) or not _linear_in_logs(g, x):
        return None
    r = rest / with_logs[0]
    if r.atoms(*_NOT_ALGEBRAIC) or not all(
            p.exp.is_Rational for p in r.atoms(sympy.Pow) if p.base.has(x)):
        return None
    slope = sympy.cancel(sympy.diff(sympy.expand_log(g, force=True), x))
    if not slope.is_rational_function(x) or slope == 0:
        return None
    return coeff, r, g, int(n), slope


def _linear_in_logs(g: sympy.Expr, x: sympy.Symbol) -> bool:
    """g = A + Σ Bᵢ·ln(qᵢ) with constants A, Bᵢ and qᵢ rational, or roots of rational
    functions (ln(√(1 − x)/√(1 + x)))."""
    for term in sympy.Add.make_args(g):
        c, t = term.as_independent(x, as_Add=False)
        if t == 1:
            continue
        if not isinstance(t, sympy.log) or t.args[0].atoms(_NOT_ALGEBRAIC[0]):
            return False
    return g.has(x)


def _along_the_slope(r: sympy.Expr, slope: sympy.Expr, x: sympy.Symbol):
    """(k, rest) with R = k·g′ + rest: the partial fractions of R that are a constant times
    g′ (all of R when R/g′ is constant; none when R is not rational)."""
    ratio = sympy.cancel(r / slope)
    if not ratio.has(x):
        return ratio, sympy.S.Zero
    if not r.is_rational_function(x) or r.is_polynomial(x):
        return sympy.S.Zero, r
    # ln-producing terms of R: those over a factor of g′'s denominator; g′ = Σ cᵢ/pᵢ,
    # so R's share along it is k·g′ with k fitted to one pole and checked at the others
    pieces = sympy.Add.make_args(sympy.apart(sympy.cancel(r), x))
    simple = [t for t in pieces if _simple_pole(t, x)]
    if not simple:
        return sympy.S.Zero, r
    k = sympy.cancel(sympy.Add(*simple) / slope)
    if k.has(x):
        return sympy.S.Zero, r
    return k, sympy.cancel(r - k * slope)


def _simple_pole(term: sympy.Expr, x: sympy.Symbol) -> bool:
    """Whether a partial fraction is c/(x − a) (or (bx + c)/q with q irreducible): its
    integral is a logarithm (or an arctangent)."""
    _, den = sympy.fraction(sympy.together(term))
    if not den.has(x):
        return False
    _, factors = sympy.factor_list(den, x)
    return len([p for p, k in factors if p.has(x)]) == 1 and all(
        k == 1 for p, k in factors if p.has(x))


def _by_parts(r: sympy.Expr, g: sympy.Expr, n: int, slope: sympy.Expr, x: sympy.Symbol,
              solve: Solver) -> Solved | None:
    """∫R·gⁿ = v·gⁿ − n·∫v·g′·g^(n−1), n times over; None where a v would need a logarithm
    (the next step would meet a dilogarithm) or an integral is not found."""
    terms, steps, current = [], [], r
    for k in range(n, 0, -1):
        first = solve(current, x)
        if first is None or first[1].has(*_LOG_OR_INVERSE):
            return None
        # at the last step the constant is only for a shorter answer (v·du rational)
        v = _constant_for_next_step(first[1], slope, x)
        if v is None and k > 1:
            return None
        v = first[1] if v is None else v
        terms.append((v, k))
        steps.append((current, v, k, first[0], first[1]))
        current = sympy.cancel(k * v * slope) if current.is_rational_function(x) \
            else sympy.expand(k * v * slope)
    last = solve(current, x)
    if last is None:
        return None
    value = sum(((-1) ** i * v * g ** k for i, (v, k) in enumerate(terms)), sympy.S.Zero)
    value += (-1) ** n * last[1]
    # the steps nest from the last integral outwards, as the derivation reads them
    inner, inner_value = last[0], last[1]
    for current, v, k, found, found_v in reversed(steps):
        inner_value = v * g ** k - inner_value
        title = (f"Integration by parts with u = {words(g ** k)} and dv = {words(current)} dx: "
                 f"v = {words(v)}"
                 + (" (the constant chosen so that v·du has no logarithm of its own)"
                    if v != found_v else "")
                 + f", and v du = {words(sympy.factor(k * v * slope) * g ** (k - 1))} dx"
                 + ", one power of the logarithm less")
        inner = [step_for("parts", title, current * g ** k, x, inner_value, [*found, *inner])]
    return inner, value


def _constant_for_next_step(v: sympy.Expr, slope: sympy.Expr, x: sympy.Symbol):
    """v + C with C such that (v + C)·g′ has no simple poles (so the next v is free of
    logarithms); v unchanged when it has none already; None when no constant does it."""
    if not v.is_rational_function(x):
        return v  # an algebraic v: no constant is sought (the next v must still be log-free)
    c = sympy.Dummy("C")
    w = sympy.cancel((v + c) * slope)
    equations = []
    for term in sympy.Add.make_args(sympy.apart(w, x)):
        if _simple_pole(term, x):
            num, _ = sympy.fraction(sympy.together(term))
            equations.extend(sympy.Poly(num, x).coeffs())
    if not equations:
        return v
    solution = sympy.solve(equations, c, dict=True)
    if not solution:
        return None
    return sympy.cancel(v + solution[0][c])


def root_in_logarithm(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """R·gⁿ as above but with roots of x in it (x²·(3 ln(5(4∛x + 7)³) + 2)³): x = uᵐ first,
    m the least common multiple of the roots, which leaves the same form in u."""
    f = sympy.powdenest(f, force=True)  # √(1/x) = x^(−1/2): real only for x > 0 anyway
    roots = {p.exp.q for p in f.atoms(sympy.Pow) if p.base == x and p.exp.is_Rational
             and p.exp.q > 1}
    if not roots or not f.has(sympy.log):
        return None
    m = math.lcm(*roots)
    u = sympy.Symbol(fresh_symbol(f).name, positive=True)
    shown = sympy.powsimp(sympy.powdenest(f.subs(x, u**m) * m * u ** (m - 1), force=True))
    if shown.has(x) or _split(shown, u) is None:
        return None
    title = (f"Substitute x = {words(u**m)} (so {words(u)} = {words(x ** sympy.Rational(1, m))}"
             f" and dx = {words(m * u ** (m - 1))} d{u}): every root of x becomes a whole power "
             f"of {u}, and the logarithm's argument a rational function of {u}")
    return solved_rewrite("substitution", title, f, x, shown, solve, u,
                          lambda r: r.subs(u, x ** sympy.Rational(1, m)))


def log_over_linear(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """(A + Σ Bᵢ·ln(κᵢ·pᵢ^mᵢ))/(ex + h), each pᵢ linear and mᵢ odd: the dilogarithm.

    On the integrand's domain κᵢ·pᵢ^mᵢ > 0, so ln(κᵢ·pᵢ^mᵢ) = ln κᵢ + mᵢ·ln pᵢ with pᵢ > 0
    (after a change of sign of both). With t = ex + h and p = αt + β, ∫ln p/t dt is
    ln β·ln|t| − Li₂(−αt/β) when β > 0 (ln p = ln β + ln(1 + αt/β)), and
    ln²(αt)/2 + Li₂(−β/(αt)) when β < 0 (ln p = ln(αt) + ln(1 + β/(αt)), αt > p > 0): each
    real on the whole domain, since the dilogarithm's argument stays below 1.
    """
    coeff, rest = f.as_independent(x, as_Add=False)
    g, denominator = sympy.fraction(rest)
    if not is_linear(denominator, x) or not g.has(sympy.log) or g.is_Pow:
        return None
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
    coeff, rest = f.as_independent(x, as_Add=False)
    g, denominator = sympy.fraction(rest)
    if not is_linear(denominator, x) or not g.has(sympy.log) or g.is_Pow:
        return None
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


def log_product_parts(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """P(x)·g₁^n₁·g₂^n₂… with several logarithmic factors gᵢ (each with a rational
    derivative) and a polynomial P: by parts with u = the product of the logarithmic
    factors and dv = P dx. v·du is a sum of terms with one logarithmic factor fewer, each
    a polynomial or a rational function times the others, which the rules above finish
    (by parts again, or with a dilogarithm where a term is c/(ex + h))."""
    coeff, rest = f.as_independent(x, as_Add=False)
    logs = [a for a in sympy.Mul.make_args(rest) if a.has(sympy.log)]
    if len(logs) < 2:
        return None
    factors = []
    for power in logs:
        g, n = power.as_base_exp()
        if not (n.is_Integer and n > 0) or not _linear_in_logs(g, x):
            return None
        slope = sympy.cancel(sympy.diff(sympy.expand_log(g, force=True), x))
        if not slope.is_rational_function(x) or slope == 0:
            return None
        factors.append((g, int(n), slope))
    if sum(n for _, n, _ in factors) > 3:
        return None  # each step of parts doubles the terms
    p = sympy.Mul(*(a for a in sympy.Mul.make_args(rest) if a not in logs))
    if not p.is_polynomial(x):
        return None
    first = solve(p, x)
    if first is None:
        return None
    v, u = first[1], sympy.Mul(*logs)
    pieces = []
    for i, (g, n, slope) in enumerate(factors):
        others = sympy.Mul(*(h**m for j, (h, m, _) in enumerate(factors) if j != i))
        pieces.append(sympy.cancel(n * v * slope) * g ** (n - 1) * others)
    second = solve_terms(pieces, x, solve)
    if second is None:
        return None
    result = coeff * (u * v - second[1])
    title = (f"Integration by parts with u = {words(u)} and dv = {words(p)} dx: v·du has one "
             "logarithmic factor fewer in each of its terms")
    return step_for("parts", title, f, x, result, [*first[0], *second[0]]), result
