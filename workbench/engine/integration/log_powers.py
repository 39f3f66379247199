"""R(x)·(A + B·ln q)ⁿ, with R algebraic and the logarithm's derivative rational: by parts.

(The powers that are not whole and positive, and the dilogarithms that the last step of
parts can meet, are in :mod:`log_special`.)

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
    if r.atoms(sympy.Function) or not all(
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
        if not isinstance(t, sympy.log) or t.args[0].atoms(sympy.Function):
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
