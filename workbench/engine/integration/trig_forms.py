"""Trigonometric and hyperbolic forms a textbook rewrites before integrating.

* Quotients with different multiples of the angle (sin 5x/sin x, cos 2x/(sin x + cos x)):
  the multiple-angle formulas write every function in the one angle, and the quotient
  cancels (cos 3x = 4cos³x − 3cos x).
* The tangent half-angle substitution made continuous: arctan(c·tan(x/2) + d) jumps by
  ∓π where tan(x/2) does, at x = π + 2kπ; adding x/2 − arctan(tan(x/2)), which is constant
  between those points and jumps by +π at each, gives one antiderivative on the whole line.
* Rational functions of sinh and cosh: u = cosh x or u = sinh x when the integrand is odd
  in the other (Bioche's rules), else with eˣ they become rational functions of t = eˣ.
"""

from __future__ import annotations

from dataclasses import replace
from functools import reduce

import sympy

from workbench.engine.integration.common import WITH_SIN_COS, tex, words
from workbench.engine.integration.prepare import exp_substitution
from workbench.engine.integration.rewrite_base import (
    Rewritten, Solver, fresh_symbol, solved_rewrite)
from workbench.engine.integration.substitutions import half_angle
from workbench.engine.integration.trig_rewrites import paired_powers

_TRIG = (sympy.sin, sympy.cos, sympy.tan, sympy.sec, sympy.csc, sympy.cot)
_HYPERBOLIC = (sympy.sinh, sympy.cosh, sympy.tanh, sympy.sech, sympy.csch, sympy.coth)


def _multiples(f: sympy.Expr, x: sympy.Symbol, family: tuple) -> list[sympy.Rational] | None:
    """k for every function of ``family`` of k·x in f; None if some argument is not k·x."""
    found = []
    for e in f.atoms(*family):
        k = sympy.cancel(e.args[0] / x)
        if not k.is_Rational:
            return None
        found.append(k)
    return found


def multiple_angles(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """A quotient of trigonometric (or hyperbolic) functions of different multiples of one
    angle θ: write each with the multiple-angle formulas in θ and cancel."""
    for family, (sin, cos), sign in ((_TRIG, (sympy.sin, sympy.cos), 1),
                                     (_HYPERBOLIC, (sympy.sinh, sympy.cosh), -1)):
        ks = _multiples(f, x, family)
        if ks and len(set(ks)) > 1 and sympy.denom(sympy.together(f)).has(*family):
            return _in_one_angle(f, x, solve, family, sin, cos, reduce(sympy.gcd, ks) * x, sign)
    return None


def _in_one_angle(f, x, solve, family, sin, cos, theta, sign) -> Rewritten | None:
    y = sympy.Dummy("y")
    single = f.replace(lambda e: isinstance(e, family),
                       lambda e: sympy.expand_trig(e.func(sympy.cancel(e.args[0] / theta) * y)))
    s, c = sympy.Dummy("s"), sympy.Dummy("c")
    plain = sympy.cancel(sympy.together(single.subs({sin(y): s, cos(y): c})))
    if plain.has(y):
        return None
    if sympy.denom(plain).has(s, c):
        # cancel again modulo sin² + cos² = 1 (cosh² − sinh² = 1): (2cos² − 1)/(sin + cos)
        # is cos − sin
        plain = sympy.ratsimpmodprime(plain, [c**2 + sign * s**2 - 1], s, c)
    # without a cancellation the quotient is now in the one angle, for Bioche's rules
    # (sin 2x/(1 + cos²x) = 2 sin x cos x/(1 + cos²x): u = cos x)
    shown = plain.subs({s: sin(theta), c: cos(theta)})
    shown = shown if sympy.denom(plain).has(s, c) else sympy.expand(shown)
    example = ("cos 3θ = 4cos³θ − 3cos θ, sin 2θ = 2 sin θ cos θ" if sign == 1 else
               "cosh 3θ = 4cosh³θ − 3cosh θ, sinh 2θ = 2 sinh θ cosh θ")
    title = (f"Write every function with the multiple-angle formulas in {words(theta)} (for "
             f"example {example}); the quotient "
             + ("cancels" if sympy.denom(plain) == 1 else "is now in one angle"))
    return solved_rewrite("multiple_angle", title, f, x, shown, solve)


def continuous_half_angle(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """t = tan(x/2), with the arctangents of the answer made continuous across x = π + 2kπ."""
    found = half_angle(f, x, solve)
    if found is None:
        return None
    step, result = found
    t = sympy.tan(x / 2)
    sawtooth = x / 2 - sympy.atan(t)  # constant between the jumps of tan(x/2), +π at each

    fixed = result.replace(
        lambda e: isinstance(e, sympy.atan) and _slope_in(e.args[0], t) is not None,
        lambda e: e + sympy.sign(_slope_in(e.args[0], t)) * sawtooth)
    if fixed == result:
        return found
    title = (f"{step.title}; each arctan(c·tan(x/2) + d) jumps by ∓π where tan(x/2) does, at "
             "x = π + 2kπ: adding ±(x/2 − arctan(tan(x/2))), constant between those points, "
             "makes the antiderivative continuous on the whole line")
    return replace(step, title=title, after=tex(fixed)), fixed


def _slope_in(arg: sympy.Expr, t: sympy.Expr) -> sympy.Expr | None:
    """c when arg = c·t + d with numbers c ≠ 0 and d (t = tan(x/2)), else None."""
    u = sympy.Dummy("u")
    plain = sympy.expand(arg.xreplace({t: u}))
    if plain.free_symbols != {u} or not plain.is_polynomial(u) or sympy.degree(plain, u) != 1:
        return None
    slope = plain.coeff(u, 1)
    return slope if slope.is_number and slope != 0 else None


def hyperbolic_bioche(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """Bioche's rules for sinh and cosh: an integrand odd in sinh x is (an even function of
    sinh x)·sinh x, so u = cosh x with sinh²x = u² − 1 leaves a function of u alone; odd in
    cosh x, u = sinh x with cosh²x = 1 + u². (sinh⁹x/(2 − 3 sinh⁴x)² with t = eˣ becomes a
    quotient of degree 18 in t; with u = cosh x it is of degree 8.)"""
    if f.has(*_TRIG) or any(e.args[0] != x for e in f.atoms(*_HYPERBOLIC)):
        return None
    s, c = sympy.Dummy("s"), sympy.Dummy("c")
    plain = f.xreplace({e: WITH_SIN_COS[e.func](x) for e in f.atoms(*WITH_SIN_COS)}).xreplace(
        {sympy.sinh(x): s, sympy.cosh(x): c})
    if plain.has(x) or not plain.has(s, c) or not sympy.denom(sympy.together(plain)).has(s, c):
        return None
    u = fresh_symbol(f, "u")
    if sympy.cancel(plain + plain.subs(s, -s)) == 0:
        # divided by s the integrand is even in s: s² = u² − 1 is exact under any root
        shown = sympy.cancel((plain / s).subs(s, sympy.sqrt(u**2 - 1)).subs(c, u))
        inner, title = sympy.cosh(x), (f"The integrand is odd in sinh {x}: substitute "
                                       f"{u} = cosh {x} (d{u} = sinh {x} d{x}, "
                                       f"sinh²{x} = {u}² − 1)")
    elif sympy.cancel(plain + plain.subs(c, -c)) == 0:
        shown = sympy.cancel((plain / c).subs(c, sympy.sqrt(1 + u**2)).subs(s, u))
        inner, title = sympy.sinh(x), (f"The integrand is odd in cosh {x}: substitute "
                                       f"{u} = sinh {x} (d{u} = cosh {x} d{x}, "
                                       f"cosh²{x} = 1 + {u}²)")
    else:
        return None
    if shown.has(s, c, x) or not shown.is_rational_function(u):
        return None
    return solved_rewrite("substitution", title, f, x, shown, solve, u,
                          lambda r: r.subs(u, inner))


def hyperbolic_rational(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """A rational function of sinh x and cosh x with one of them in a denominator (or tanh,
    sech, csch, coth): write them with eˣ and substitute t = eˣ."""
    if not f.has(*_HYPERBOLIC) or f.has(*_TRIG) or any(
            e.args[0] != x for e in f.atoms(*_HYPERBOLIC)):
        return None
    symbols = {h: sympy.Dummy() for h in f.atoms(*_HYPERBOLIC)}
    plain = sympy.together(f.subs(symbols))
    reciprocal = f.has(sympy.tanh, sympy.sech, sympy.csch, sympy.coth)
    if plain.has(x) or not (reciprocal or sympy.denom(plain).has(*symbols.values())):
        return None  # powers and products of sinh and cosh: the identities do them
    g = sympy.together(f.rewrite(sympy.exp))
    prepared = exp_substitution(g, x)
    if prepared is None:
        return None
    title = ("Write the hyperbolic functions with eˣ (cosh x = (eˣ + e⁻ˣ)/2, "
             "sinh x = (eˣ − e⁻ˣ)/2), then substitute t = eˣ, dx = dt/t: a rational "
             "function of t")
    return solved_rewrite("substitution", title, f, x, prepared.integrand, solve,
                          prepared.var, lambda r: r.subs(prepared.var, prepared.back))


def hyperbolic_powers(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """sinh^m·cosh^n with an odd power: peel one factor off it and substitute (cosh² =
    1 + sinh², sinh² = cosh² − 1), the hyperbolic analogue of sin^m·cos^n."""
    found = paired_powers(f, x, (sympy.sinh, sympy.cosh))
    if found is None or found[2] + found[3] < 2:
        return None
    coeff, arg, m, n = found
    u = sympy.Symbol("u", real=True)
    slope = sympy.diff(arg, x)
    if n % 2 == 1:
        shown = sympy.expand(coeff * u**m * (1 + u**2) ** ((n - 1) // 2) / slope)
        inner, title = sympy.sinh(arg), ("One cosh is the derivative of sinh: write "
                                         "cosh² = 1 + sinh² and substitute u = sinh")
    elif m % 2 == 1:
        shown = sympy.expand(coeff * (u**2 - 1) ** ((m - 1) // 2) * u**n / slope)
        inner, title = sympy.cosh(arg), ("One sinh is the derivative of cosh: write "
                                         "sinh² = cosh² − 1 and substitute u = cosh")
    else:
        return None  # even powers: the exponentials (or half-angle identities) do them
    return solved_rewrite("trig_powers", title, f, x, shown, solve, u,
                          lambda r: r.subs(u, inner))


def _opened_exp(arg: sympy.Expr) -> sympy.Expr | None:
    """e^(n·artanh u) = ((1 + u)/(1 − u))^(n/2) and e^(n·arcoth u) = ((u + 1)/(u − 1))^(n/2)
    (from artanh u = ½·ln((1 + u)/(1 − u))); None for another exponent."""
    n, inner = arg.as_independent(sympy.atanh, sympy.acoth, as_Add=False)
    if not (n.is_Rational and isinstance(inner, (sympy.atanh, sympy.acoth))):
        return None
    u = inner.args[0]
    ratio = (1 + u) / (1 - u) if isinstance(inner, sympy.atanh) else (u + 1) / (u - 1)
    return ratio ** (n / 2)


def exp_of_inverse_tanh(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """e^(n·artanh u) or e^(n·arcoth u) in the integrand: a power of a quotient of linear
    expressions (x³·e^(2 artanh 2x) = x³(1 + 2x)/(1 − 2x), a rational function)."""
    if not f.has(sympy.atanh, sympy.acoth):
        return None
    opened = {e: _opened_exp(e.args[0]) for e in f.atoms(sympy.exp)}
    g = f.xreplace({e: o for e, o in opened.items() if o is not None})
    if g == f or g.has(sympy.atanh, sympy.acoth):
        return None
    title = ("artanh u = ½·ln((1 + u)/(1 − u)), so e^(n·artanh u) = ((1 + u)/(1 − u))^(n/2) "
             "(and arcoth u = ½·ln((u + 1)/(u − 1))): the exponential is an algebraic function")
    return solved_rewrite("rewrite", title, f, x, sympy.cancel(g) if g.is_rational_function(x)
                          else g, solve)
