"""Textbook substitutions the step engine does not try, or tries too slowly.

* trigonometric substitution for any odd power of √(c − a·x²) or √(a·x² + c)
  (the step engine handles the square root, not (4 − x²)^(−3/2));
* the tangent half-angle substitution t = tan(x/2) for rational functions of sin, cos;
* x = uⁿ for sums of different roots of x (√x + ∛x);
* θ = arcsin x (or arctan, arsinh) when x appears only inside that function and beside dx;
* e^(ax) times powers of sin and cos: linearise the trigonometric part first.
"""

from __future__ import annotations

import math

import sympy
from sympy.simplify.fu import TR8

from workbench.engine.integration.common import words
from workbench.engine.integration.rewrite_base import (
    Rewritten, Solver, fresh_symbol, is_linear, rewritten, substitute)

_TRIG = (sympy.sin, sympy.cos, sympy.tan, sympy.sec, sympy.csc, sympy.cot)


def _root_quadratic(f: sympy.Expr, x: sympy.Symbol):
    """(q, a, c) for the one quadratic q = a·x² + c that f raises to odd halves, else None."""
    bases = {p.base for p in f.atoms(sympy.Pow)
             if p.base.has(x) and p.exp.is_Rational and p.exp.q == 2}
    if len(bases) != 1:
        return None
    q = bases.pop()
    if not (q.is_polynomial(x) and sympy.degree(q, x) == 2):
        return None
    a, b, c = sympy.Poly(q, x).all_coeffs()
    if b != 0 or not (a.is_number and c.is_number) or c == 0:
        return None
    return q, a, c


_RECIPROCAL = {sympy.tan: sympy.cot, sympy.cot: sympy.tan, sympy.sin: sympy.csc,
               sympy.csc: sympy.sin, sympy.cos: sympy.sec, sympy.sec: sympy.cos}


def _positive_powers(expr: sympy.Expr) -> sympy.Expr:
    """tan⁻²θ as cot²θ and the like: the step engine knows the positive powers' rules."""
    return expr.replace(
        lambda e: e.is_Pow and type(e.base) in _RECIPROCAL and e.exp.is_Integer and e.exp < 0,
        lambda e: _RECIPROCAL[type(e.base)](e.base.args[0]) ** (-e.exp))


def trig_substitution(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """(c − a·x²)^(k/2): x = √(c/a)·sin θ; (a·x² + c)^(k/2): x = √(c/a)·tan θ."""
    found = _root_quadratic(f, x)
    if found is None:
        return None
    q, a, c = found
    if not (c.is_positive and a.is_nonzero):
        return None  # x = k·sec θ holds on one side only; the step engine's own forms do better
    k = sympy.sqrt(c / abs(a))
    theta = fresh_symbol(f, "theta")
    if a.is_negative:
        x_of, root, dx, back = k * sympy.sin(theta), sympy.sqrt(c) * sympy.cos(theta), \
            k * sympy.cos(theta), sympy.asin(x / k)
        title = f"Trigonometric substitution x = {words(k)}·sin θ: then {words(q)} = " \
                f"{words(c)}·cos²θ, and dx = {words(k)}·cos θ dθ"
    else:
        x_of, root, dx, back = k * sympy.tan(theta), sympy.sqrt(c) * sympy.sec(theta), \
            k * sympy.sec(theta) ** 2, sympy.atan(x / k)
        title = f"Trigonometric substitution x = {words(k)}·tan θ: then {words(q)} = " \
                f"{words(c)}·sec²θ, and dx = {words(k)}·sec²θ dθ"
    powers = {p: root ** (2 * p.exp) for p in f.atoms(sympy.Pow) if p.base == q}
    shown = sympy.powsimp(f.xreplace(powers).subs(x, x_of) * dx)
    shown = _positive_powers(sympy.trigsimp(shown))
    if shown.has(x):
        return None
    solved = solve(shown, theta)
    if solved is None:
        return None
    result = sympy.simplify(solved[1].subs(theta, back))
    return rewritten("trig_substitution", title, f, x, shown, theta, solved, result)


def half_angle(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """A rational function of sin x and cos x with either in a denominator: t = tan(x/2)."""
    if not f.has(sympy.sin, sympy.cos) or any(
            isinstance(e, _TRIG) and e.args[0] != x for e in f.atoms(sympy.Function)):
        return None
    g = f.rewrite(sympy.cos, sympy.sin) if f.has(sympy.tan, sympy.sec, sympy.csc,
                                                 sympy.cot) else f
    if not sympy.denom(sympy.together(g)).has(x) or g.atoms(sympy.Function) - \
            g.atoms(sympy.sin, sympy.cos):
        return None
    t = fresh_symbol(f, "t")
    shown = g.subs({sympy.sin(x): 2 * t / (1 + t**2), sympy.cos(x): (1 - t**2) / (1 + t**2)})
    shown = sympy.factor(sympy.cancel(shown * 2 / (1 + t**2)))
    if shown.has(x) or not shown.is_rational_function(t):
        return None
    title = ("Tangent half-angle substitution t = tan(x/2): sin x = 2t/(1 + t²), "
             "cos x = (1 − t²)/(1 + t²), dx = 2 dt/(1 + t²), a rational function of t")
    return substitute(f, x, t, sympy.tan(x / 2), sympy.S.One, shown, solve, "substitution",
                      title)


def root_powers(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """Several roots of x (√x and ∛x): x = uⁿ with n the least common multiple of the roots."""
    roots = {p.exp.q for p in f.atoms(sympy.Pow) if p.base == x and p.exp.is_Rational
             and p.exp.q > 1}
    if len(roots) < 2:
        return None
    n = math.lcm(*roots)
    u = sympy.Symbol(fresh_symbol(f).name, positive=True)
    shown = sympy.powsimp(sympy.powdenest(f.subs(x, u**n) * n * u ** (n - 1), force=True))
    if shown.has(x) or not shown.is_rational_function(u):
        return None
    solved = solve(sympy.cancel(shown), u)
    if solved is None:
        return None
    result = solved[1].subs(u, x ** sympy.Rational(1, n))
    title = (f"Substitute x = {u}^{n} (so {u} = x^(1/{n}) and dx = {n}·{u}^{n - 1} d{u}): "
             "every root of x becomes a whole power of " + u.name)
    return rewritten("substitution", title, f, x, shown, u, solved, result)


_INVERSES = {sympy.asin: sympy.sin, sympy.atan: sympy.tan, sympy.asinh: sympy.sinh}


def inverse_substitution(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """f built from g(x) = arcsin x (or arctan, arsinh) and x: substitute θ = g(x), x = g⁻¹(θ)."""
    funcs = {type(e) for e in f.atoms(sympy.Function) if e.has(x)}
    if len(funcs) != 1 or next(iter(funcs)) not in _INVERSES:
        return None
    func = funcs.pop()
    if any(e.args[0] != x for e in f.atoms(func)):
        return None
    theta = fresh_symbol(f, "theta")
    inverse = _INVERSES[func](theta)
    shown = sympy.trigsimp(f.subs(func(x), theta).subs(x, inverse) * sympy.diff(inverse, theta))
    if shown.has(x):
        return None
    solved = solve(sympy.expand(shown), theta)
    if solved is None:
        return None
    result = sympy.expand(solved[1].subs(theta, func(x)))
    title = (f"Substitute θ = {func.__name__}(x), so x = {words(inverse)} and "
             f"dx = {words(sympy.diff(inverse, theta))} dθ")
    return rewritten("substitution", title, f, x, shown, theta, solved, result)


def exp_trig_powers(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """e^(ax)·(powers and products of sin, cos): linearise the trigonometric part first."""
    factors = sympy.Mul.make_args(f)
    waves = [a for a in factors if a.has(x) and isinstance(a.as_base_exp()[0], (sympy.sin,
                                                                                sympy.cos))]
    growth = [a for a in factors if a.has(x) and a not in waves]
    if not waves or len(growth) != 1 or not isinstance(growth[0], sympy.exp) or \
            not is_linear(growth[0].args[0], x):
        return None
    if sum(a.as_base_exp()[1] for a in waves) < 2:
        return None  # e^x·cos(3x): the step engine's cyclic parts does this at once
    g = sympy.expand(f.as_independent(x, as_Add=False)[0] * growth[0]
                     * sympy.expand(TR8(sympy.Mul(*waves))))
    solved = solve(g, x)
    if solved is None:
        return None
    title = ("Write the powers and products of sin and cos as single sines and cosines: "
             "each term is then e^(ax)·cos(bx) or e^(ax)·sin(bx)")
    return rewritten("product_to_sum", title, f, x, g, x, solved, solved[1])
