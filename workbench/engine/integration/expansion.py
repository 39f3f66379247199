"""Multiplying out (products of polynomials, whole powers of sums of functions) and
rationalising (roots of one linear expression).

The step engine tries every alternative technique on a product before it multiplies
out: on (3x + 2)(4x + 7)(9x² + 12x + 4)³ or (3 sin x + 2)² that search takes a second
or more, while the multiplied-out sum is a list of table integrals. A textbook does
the same: substitute when the derivative of an inner polynomial is a factor, else
multiply out.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import sympy

from workbench.engine.integration.common import TRIG_AND_HYPERBOLIC, step_for, words
from workbench.engine.integration.prepare import Prepared, inner_substitution, wrap
from workbench.engine.integration.rewrite_base import (
    Rewritten, Solved, Solver, fresh_symbol, is_linear, solved_rewrite)

_MAX_POWER = 8  # beyond this the multiplied-out sum is long; reduction formulas do better
_MAX_TERMS = 12  # a polynomial in sec x multiplied out: one reduction formula per term


def power_rule(f: sympy.Expr, x: sympy.Symbol) -> Solved:
    """A polynomial, integrated term by term by the power rule."""
    result = sympy.integrate(sympy.expand(f), x)
    return [step_for("power", "The power rule term by term", f, x, result)], result


def polynomial_product(f: sympy.Expr, x: sympy.Symbol) -> Solved | None:
    """A product or power of polynomials: substitute an inner polynomial whose derivative
    is a factor ((10x + 3)(5x² + 3x)¹³ with u = 5x² + 3x), else multiply out and use the
    power rule. None for what the step engine does at once: a sum of terms, c·(ax + b)ⁿ."""
    if not (f.is_Mul or f.is_Pow) or not f.is_polynomial(x):
        return None
    rest = f.as_independent(x, as_Add=False)[1]
    if rest.is_Pow and is_linear(rest.base, x) or is_linear(rest, x) or rest.is_Pow \
            and rest.base == x:
        return None
    prepared = inner_substitution(f, x)
    if prepared is not None and prepared.var != x and \
            prepared.integrand.is_polynomial(prepared.var):
        return wrap(f, x, prepared, power_rule(prepared.integrand, prepared.var))
    expanded = sympy.expand(f)
    inner = power_rule(expanded, x)
    step = step_for("expand", "Multiply out the product, then integrate term by term", f, x,
                    inner[1], inner[0])
    return [step], inner[1]


def expanded_power(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """c·(sum of functions)ⁿ for a whole n from 2 to 8, such as (3 sin x + 2)²: multiply
    out, then each term is a power of one function (the step engine's search over the
    power itself takes seconds)."""
    coeff, rest = f.as_independent(x, as_Add=False)
    if not (rest.is_Pow and rest.exp.is_Integer and 2 <= rest.exp <= _MAX_POWER
            and rest.base.is_Add) or rest.is_polynomial(x):
        return None
    shown = sympy.expand(coeff * rest)
    if not shown.is_Add:
        return None
    return solved_rewrite("expand", "Multiply out the power, then integrate term by term", f,
                          x, shown, solve)


def linear_radical(f: sympy.Expr, x: sympy.Symbol,
                   finish: Callable[[sympy.Expr, sympy.Symbol], Solved | None]) -> Solved | None:
    """A rational function of x and roots of one linear L = ax + b, such as
    (5x + 3)²/((1 − 2x)^(5/2)·(3x + 2)²): t = L^(1/n), with n the least common multiple of
    the roots' orders, makes every root a whole power of t and x = (tⁿ − b)/a, so the
    integrand becomes a rational function of t, which ``finish`` integrates. Left alone:
    a polynomial times one power of L (the step engine's u = L does it at once)."""
    roots = [p for p in f.atoms(sympy.Pow)
             if p.base.has(x) and p.exp.is_Rational and not p.exp.is_Integer]
    if not roots or len({p.base for p in roots}) != 1:
        return None
    line = roots[0].base
    plain = f.xreplace({p: sympy.Dummy() for p in roots})
    if not is_linear(line, x) or line.free_symbols != {x} or plain.is_polynomial(x) \
            and len(roots) == 1 or not plain.is_rational_function(x):
        return None
    n = math.lcm(*(int(p.exp.q) for p in roots))
    t = sympy.Symbol(fresh_symbol(f, "t").name, positive=True)
    slope, start = sympy.diff(line, x), line.subs(x, 0)
    h = f.xreplace({p: t ** (p.exp * n) for p in roots}).subs(x, (t**n - start) / slope)
    h = sympy.cancel(h * n * t ** (n - 1) / slope)
    if h.has(x) or not h.is_rational_function(t):
        return None
    inner = finish(h, t)
    if inner is None:
        return None
    root, x_of_t = line ** sympy.Rational(1, n), (t**n - start) / slope
    title = (f"Substitute {t} = {words(root)}, so x = {words(x_of_t)}: every root becomes a "
             f"whole power of {t} and the integrand a rational function of {t}")
    return wrap(f, x, Prepared(h, t, line ** sympy.Rational(1, n), "rationalise", title), inner)


def _absolute_powers(f: sympy.Expr, x: sympy.Symbol) -> sympy.Expr:
    """f with every (c·Rⁿ)^(p/n) for even n (a root of a perfect power) written c^(p/n)·|R|ᵖ."""
    def opened(power: sympy.Expr) -> sympy.Expr:
        n = int(power.exp.q)
        coeff, factors = sympy.sqf_list(power.base, x)
        if coeff <= 0 or not factors or any(m % n for _, m in factors):
            return power
        inner = sympy.Mul(*(p ** (m // n) for p, m in factors))
        return coeff**power.exp * sympy.Abs(inner) ** (power.exp * n)
    return f.replace(lambda e: e.is_Pow and e.exp.is_Rational and e.exp.q % 2 == 0
                     and e.base.is_polynomial(x) and e.base.has(x)
                     and sympy.degree(e.base, x) >= 2, opened)


def _shown(f: sympy.Expr, g: sympy.Expr) -> str:
    """The roots of f that g writes as powers, as text: (9x⁴ + 12x² + 4)^(3/2) = (3x² + 2)³."""
    roots = [p for p in f.atoms(sympy.Pow) if p.exp.is_Rational and p.exp.q % 2 == 0
             and p not in g.atoms(sympy.Pow)]
    return ", ".join(f"{sympy.sstr(p)} = {sympy.sstr(_absolute_powers(p, *p.free_symbols))}"
                     .replace("**", "^") for p in roots if len(p.free_symbols) == 1)


def signed_root(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """|R| for one polynomial R, also as √(R²) or (9x⁶ + 12x³ + 4)^(3/2) = |3x³ + 2|³:
    |R|ᵏ = sign(R)ᵏ·Rᵏ, and sign(R) is constant on every interval where f is integrated
    (its derivative is zero off the roots of R), so it comes out of the integral."""
    if not (f.is_Mul or f.is_Pow or isinstance(f, sympy.Abs)):
        return None
    g = _absolute_powers(f, x)
    bars = {a for a in g.atoms(sympy.Abs) if a.has(x)}
    if not bars and g != f:  # the root of a square that is never negative: (3x² + 2)³
        return solved_rewrite("simplify", "A root of a perfect power is a power: "
                              f"{_shown(f, g)}", f, x, g, solve)
    if len(bars) != 1 or not next(iter(bars)).args[0].is_polynomial(x):
        return None
    inner = next(iter(bars)).args[0]
    s = sympy.Dummy("s")
    signed = sympy.powsimp(g.xreplace({sympy.Abs(inner): s * inner}))
    shown, with_s = signed.as_independent(s, as_Add=False)
    k = with_s.as_base_exp()[1] if with_s.as_base_exp()[0] == s else None
    if k is None or not k.is_Integer or shown.has(sympy.Abs) or g == f and \
            shown.is_polynomial(x):
        return None  # a typed |R| times a polynomial: split at the roots (the piecewise way)
    sign = sympy.sign(inner) ** (k % 2)
    title = (f"|{sympy.sstr(inner)}| = sign({sympy.sstr(inner)})·({sympy.sstr(inner)}), and the "
             "sign is constant on each interval between the roots: it comes out of the "
             "integral").replace("**", "^")
    return solved_rewrite("substitution", title, f, x, shown, solve,
                          back=lambda r: sign * r)


def trig_polynomial(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """A polynomial in one trigonometric or hyperbolic function of x with a sum in it, such
    as (2 sec x + 2)²·sec⁴x: multiply out; each term is then a power of that function, for
    its reduction formula."""
    functions = {e for e in f.atoms(sympy.Function) if e.has(x)}
    if len(functions) != 1 or not isinstance(next(iter(functions)), TRIG_AND_HYPERBOLIC):
        return None
    func = functions.pop()
    y = sympy.Dummy("y")
    plain = f.xreplace({func: y})
    if plain.has(x) or not plain.is_polynomial(y) or not any(
            a.is_Add and a.has(y) for a in sympy.preorder_traversal(plain)):
        return None
    shown = sympy.expand(f)
    if not shown.is_Add or len(shown.args) > _MAX_TERMS:
        return None
    return solved_rewrite("expand", f"A polynomial in {words(func)}: multiply out, then "
                          "integrate each power by its reduction formula", f, x, shown, solve)
