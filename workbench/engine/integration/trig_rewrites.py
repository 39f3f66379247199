"""Trigonometric rewrites: odd and even powers of sin and cos, products with different
angles, and reduction formulas for powers of sec, csc, tan and cot.

sympy's step engine explores every alternative on these and can take over a minute
(∫sin⁵x·cos³x) or give up (∫sec³x); each rule here is one textbook move.
"""

from __future__ import annotations

from dataclasses import replace

import sympy
from sympy.simplify.fu import TR8

from workbench.engine.integration.common import (
    WITH_SIN_COS, integral_latex, step_for, tex, words)
from workbench.engine.integration.rewrite_base import (
    Rewritten, Solved, Solver, fresh_symbol, is_linear, solved_rewrite, substitute)

_TRIG = (sympy.sin, sympy.cos)


def paired_powers(f: sympy.Expr, x: sympy.Symbol, pair: tuple = _TRIG):
    """(c, arg, m, n) when f = c·sin(arg)^m·cos(arg)^n with arg linear in x, else None
    (with ``pair`` = (sinh, cosh): the same for the hyperbolic functions)."""
    coeff, factors = sympy.S.One, dict.fromkeys(pair, 0)
    arg = None
    for factor in sympy.Mul.make_args(f):
        base, power = factor.as_base_exp()
        if not factor.has(x):
            coeff *= factor
        elif isinstance(base, pair) and power.is_Integer and power > 0 and \
                (arg is None or base.args[0] == arg):
            arg = base.args[0]
            factors[base.func] += int(power)
        else:
            return None
    if arg is None or not (arg.is_polynomial(x) and sympy.degree(arg, x) == 1):
        return None
    return coeff, arg, factors[pair[0]], factors[pair[1]]


def trig_powers(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """sin^m·cos^n: peel one factor off an odd power and substitute; else halve the angle."""
    found = paired_powers(f, x)
    if found is None or found[2] + found[3] < 2:
        return None
    coeff, arg, m, n = found
    u = fresh_symbol(f)
    slope = sympy.diff(arg, x)
    if n % 2 == 1:
        shown = sympy.expand(coeff * u**m * (1 - u**2) ** ((n - 1) // 2))
        title = (f"One cosine is the derivative of sine: write cos² = 1 − sin² "
                 f"and substitute {u} = sin({words(arg)})")
        return substitute(f, x, u, sympy.sin(arg), 1 / slope, shown, solve, "trig_powers", title)
    if m % 2 == 1:
        shown = sympy.expand(-coeff * (1 - u**2) ** ((m - 1) // 2) * u**n)
        title = (f"One sine is minus the derivative of cosine: write sin² = 1 − cos² "
                 f"and substitute {u} = cos({words(arg)})")
        return substitute(f, x, u, sympy.cos(arg), 1 / slope, shown, solve, "trig_powers", title)
    return _power_reduction(f, x, solve)


def with_sin_cos(f: sympy.Expr) -> sympy.Expr:
    """f with tan, sec, ... written with sin and cos (tanh, sech, ... with sinh and cosh), and
    powers of powers joined: sec^(3/2) = cos^(−3/2) where cos > 0. That is enough: whether
    an antiderivative is elementary is decided on one interval, and every answer is checked
    where f is real."""
    g = f.replace(lambda e: type(e) in WITH_SIN_COS, lambda e: WITH_SIN_COS[type(e)](e.args[0]))
    return sympy.powdenest(g, force=True)


_PAIRS = {sympy.sin: sympy.sin, sympy.cos: sympy.sin, sympy.sinh: sympy.sinh,
          sympy.cosh: sympy.sinh}  # each function: the first of its pair


def sin_cos_powers(f: sympy.Expr, x: sympy.Symbol):
    """(c, sin or sinh, arg, a, b) when f = c·sin(arg)^a·cos(arg)^b (or the same with sinh
    and cosh) with rational a, b and arg linear in x, else None; tan, sec, ... count as
    written with sin and cos (:func:`with_sin_cos`)."""
    coeff, powers, arg, first = sympy.S.One, {}, None, None
    for factor in sympy.Mul.make_args(with_sin_cos(f)):
        base, power = factor.as_base_exp()
        if not factor.has(x):
            coeff *= factor
        elif type(base) in _PAIRS and power.is_Rational and arg in (None, base.args[0]) \
                and first in (None, _PAIRS[type(base)]):
            arg, first = base.args[0], _PAIRS[type(base)]
            powers[type(base)] = powers.get(type(base), 0) + power
        else:
            return None
    if arg is None or not is_linear(arg, x):
        return None
    second = sympy.cos if first is sympy.sin else sympy.cosh
    return coeff, first, arg, sympy.Rational(powers.get(first, 0)), \
        sympy.Rational(powers.get(second, 0))


def fractional_powers(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """sin^a·cos^b with a power that is not whole (√(sin x)·cos³x, sin^(1/3)x·cos^(−7/3)x):
    Chebyshev's cases for t = sin²x. An odd whole b: u = sin x; an odd whole a: u = cos x;
    (a + b)/2 whole: u = tan x, with sin^a·cos^b = tan^a·(1 + tan²)^(−(a + b)/2) and
    dx = du/(1 + u²). (In no other case is there an elementary antiderivative.)"""
    found = sin_cos_powers(f, x)
    if found is None or found[1] is not sympy.sin or found[3].is_Integer and found[4].is_Integer:
        return None
    coeff, _sin, arg, a, b = found
    u, slope = fresh_symbol(f), sympy.diff(arg, x)
    if b.is_Integer and b % 2 == 1:
        shown = _opened(coeff * u**a * (1 - u**2) ** ((b - 1) / 2), u)
        title = (f"The cosine has an odd power: write cos² = 1 − sin² and substitute "
                 f"{u} = sin({words(arg)}), du = cos({words(arg)}) d{words(arg)}")
        return substitute(f, x, u, sympy.sin(arg), 1 / slope, shown, solve, "trig_powers", title)
    if a.is_Integer and a % 2 == 1:
        shown = _opened(-coeff * (1 - u**2) ** ((a - 1) / 2) * u**b, u)
        title = (f"The sine has an odd power: write sin² = 1 − cos² and substitute "
                 f"{u} = cos({words(arg)}), du = −sin({words(arg)}) d{words(arg)}")
        return substitute(f, x, u, sympy.cos(arg), 1 / slope, shown, solve, "trig_powers", title)
    if ((a + b) / 2).is_Integer:
        shown = _opened(coeff * u**a * (1 + u**2) ** (-(a + b) / 2 - 1), u)
        title = (f"The powers add up to an even number: write sin^a·cos^b = tan^a·cos^(a + b) "
                 f"with cos² = 1/(1 + tan²) and substitute {u} = tan({words(arg)}), "
                 f"d{words(arg)} = d{u}/(1 + {u}²)")
        return substitute(f, x, u, sympy.tan(arg), 1 / slope, shown, solve, "trig_powers", title)
    return None


def _opened(expr: sympy.Expr, u: sympy.Symbol) -> sympy.Expr:
    """expr multiplied out when that leaves a sum of powers of u (a whole power ≥ 0)."""
    opened = sympy.expand(expr)
    return opened if all(t.as_independent(u)[1].as_base_exp()[0] in (u, 1)
                         for t in sympy.Add.make_args(opened)) else expr


def single_waves(f: sympy.Expr) -> sympy.Expr:
    """f with every product and power of sines and cosines written as a sum of single sines
    and cosines of multiples of the angles (sin²x·cos x = (cos x − cos 3x)/4), multiplied
    out: the product-to-sum formulas applied until nothing changes."""
    g = sympy.expand(f)
    for _ in range(8):
        nxt = sympy.expand(TR8(g))
        if nxt == g:
            break
        g = nxt
    return g


def _power_reduction(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """Even powers: sin² = (1 − cos 2x)/2 and cos² = (1 + cos 2x)/2 until no power is left."""
    g = single_waves(f)
    if g == f or any(isinstance(p.base, _TRIG) for p in g.atoms(sympy.Pow)):
        return None
    title = "Power reduction: use the double-angle formulas to turn powers into sums of cosines"
    return solved_rewrite("power_reduction", title, f, x, g, solve)


def product_to_sum(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """sin(ax)·cos(bx) and friends with different angles: turn the product into a sum."""
    trig = [a for a in sympy.Mul.make_args(f) if a.has(x)]
    angles = {a.as_base_exp()[0].args[0] for a in trig if isinstance(a.as_base_exp()[0], _TRIG)}
    if len(trig) < 2 or len(angles) < 2 or not all(
            isinstance(a.as_base_exp()[0], _TRIG) and a.as_base_exp()[1].is_Integer
            and a.as_base_exp()[1] > 0 for a in trig):
        return None
    if not all(angle.is_polynomial(x) and sympy.degree(angle, x) == 1 for angle in angles):
        return None
    found = _power_reduction(f, x, solve)
    if found is None:
        return None
    step, result = found
    title = "Product to sum: sin A·cos B = (sin(A−B) + sin(A+B))/2 and the like turn the " \
            "product into a sum of single sines and cosines"
    return replace(step, rule="product_to_sum", title=title), result


_REDUCIBLE = {sympy.sec: "sec", sympy.csc: "csc", sympy.tan: "tan", sympy.cot: "cot",
              sympy.sech: "sech", sympy.csch: "csch", sympy.tanh: "tanh", sympy.coth: "coth"}
_RECIPROCALS = {sympy.cos: sympy.sec, sympy.sin: sympy.csc, sympy.cosh: sympy.sech,
                sympy.sinh: sympy.csch}


def reduction_formula(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """c·sec^n, c·csc^n (n ≥ 3) and c·tan^n, c·cot^n (n ≥ 2): lower the power by two."""
    coeff, rest = f.as_independent(x, as_Add=False)
    base, n = rest.as_base_exp()
    if type(base) in _RECIPROCALS and n.is_Integer and n < 0:  # 1/cosh³x is sech³x
        base, n = _RECIPROCALS[type(base)](*base.args), -n
        rest = base**n
    if not (isinstance(base, tuple(_REDUCIBLE)) and n.is_Integer and base.args[0] == x):
        return None
    n = int(n)
    if n < (3 if isinstance(base, (sympy.sec, sympy.csc, sympy.sech, sympy.csch)) else 2):
        return None
    head, factor = _reduction_terms(base.func, x, n)
    lower = reduction_formula(base.func(x) ** (n - 2), x, solve)  # the formula again
    solved = _table_integral(base.func, x, n - 2) or (
        ([lower[0]], lower[1]) if lower else solve(base.func(x) ** (n - 2), x))
    if solved is None:
        return None
    result = sympy.expand(coeff * (head + factor * solved[1]))
    name = _REDUCIBLE[base.func]
    title = (f"Reduction formula for powers of {name}: the integral of {words(rest)} "
             f"is written with the integral of {words(base.func(x) ** (n - 2))}")
    lower = base.func(x) ** (n - 2)
    step = step_for("reduction_formula", title, f, x, result, solved[0])
    middle = rf"{tex(coeff * head)} + {tex(coeff * factor)} {integral_latex(lower, x)}"
    return replace(step, after=f"{middle} = {step.after}"), result


_FIRST_POWERS = {
    # ∫f dx for the four functions whose powers reduce; the step engine is slow on these
    sympy.sec: (lambda x: sympy.log(sympy.Abs(sympy.sec(x) + sympy.tan(x))),
                "sec integrates to ln|sec + tan| (multiply by (sec + tan)/(sec + tan))"),
    sympy.csc: (lambda x: -sympy.log(sympy.Abs(sympy.csc(x) + sympy.cot(x))),
                "csc integrates to −ln|csc + cot| (multiply by (csc + cot)/(csc + cot))"),
    sympy.tan: (lambda x: -sympy.log(sympy.Abs(sympy.cos(x))),
                "tan = sin/cos integrates to −ln|cos|"),
    sympy.cot: (lambda x: sympy.log(sympy.Abs(sympy.sin(x))),
                "cot = cos/sin integrates to ln|sin|"),
    sympy.sech: (lambda x: sympy.atan(sympy.sinh(x)),
                 "sech = cosh/(1 + sinh²) integrates to arctan(sinh)"),
    sympy.csch: (lambda x: sympy.log(sympy.Abs(sympy.tanh(x / 2))),
                 "csch integrates to ln|tanh(x/2)|"),
    sympy.tanh: (lambda x: sympy.log(sympy.cosh(x)), "tanh = sinh/cosh integrates to ln cosh"),
    sympy.coth: (lambda x: sympy.log(sympy.Abs(sympy.sinh(x))),
                 "coth = cosh/sinh integrates to ln|sinh|"),
}


def _table_integral(func, x: sympy.Symbol, power: int) -> Solved | None:
    """∫func(x)^power dx from the table when power is 0 or 1, else None."""
    if power == 0:
        return [step_for("constant", "A constant integrates to the constant times x",
                         sympy.S.One, x, x)], x
    if power != 1:
        return None
    make, sentence = _FIRST_POWERS[func]
    result = make(x)
    return [step_for("trig", sentence, func(x), x, result)], result


def _reduction_terms(func, x: sympy.Symbol, n: int) -> tuple[sympy.Expr, sympy.Expr]:
    """(head, factor) with ∫f^n = head + factor·∫f^(n-2)."""
    if func is sympy.sec:
        return sympy.sec(x) ** (n - 2) * sympy.tan(x) / (n - 1), sympy.Rational(n - 2, n - 1)
    if func is sympy.csc:
        return -sympy.csc(x) ** (n - 2) * sympy.cot(x) / (n - 1), sympy.Rational(n - 2, n - 1)
    if func is sympy.tan:
        return sympy.tan(x) ** (n - 1) / (n - 1), sympy.S.NegativeOne
    if func is sympy.cot:
        return -sympy.cot(x) ** (n - 1) / (n - 1), sympy.S.NegativeOne
    return _hyperbolic_terms(func, x, n)


def _hyperbolic_terms(func, x: sympy.Symbol, n: int) -> tuple[sympy.Expr, sympy.Expr]:
    """(head, factor) for sech, csch (by parts) and tanh, coth (tanh² = 1 − sech²,
    coth² = 1 + csch²)."""
    if func is sympy.sech:
        return sympy.sech(x) ** (n - 2) * sympy.tanh(x) / (n - 1), sympy.Rational(n - 2, n - 1)
    if func is sympy.csch:
        return -sympy.csch(x) ** (n - 2) * sympy.coth(x) / (n - 1), \
            -sympy.Rational(n - 2, n - 1)
    return -func(x) ** (n - 1) / (n - 1), sympy.S.One
