"""Repeated integration by parts (the tabular method) for polynomial × exp × sin/cos,
and polynomial × sinh or cosh.

sympy's step engine recurses one integration by parts at a time and its full
integrator can take minutes on ∫x^10·e^x·sin x. The tabular method does it in one
table: differentiate the polynomial until it vanishes, integrate the other factor as
often, and add the diagonal products with alternating signs. The repeated
antiderivatives of e^(ax)·sin(bx) come from one complex exponential e^((a+ib)x),
whose k-th antiderivative is itself divided by (a+ib)^k; those of cosh(ax + b) are
sinh, cosh, sinh, ... divided by a, a², a³, ...

A polynomial times powers of sin and cos of one angle (x⁵·cos²(3x + 2), θ²·sin³θ) is
first written as a sum of single sines and cosines, each term then a table of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import sympy

from workbench.engine.integration.common import WITH_SIN_COS, step_for, tex, words
from workbench.engine.integration.rewrite_base import Rewritten, Solver, solved_rewrite
from workbench.engine.integration.trig_rewrites import single_waves
from workbench.protocol.steps import Step

_WAVES = (sympy.sin, sympy.cos)
_HYPERBOLIC = (sympy.sinh, sympy.cosh)
_WAVE_QUOTIENTS = (sympy.tan, sympy.cot, sympy.sec, sympy.csc)


def _split(f: sympy.Expr, x: sympy.Symbol):
    """(poly, exponent, trig) with f = poly·e^exponent·trig, or None when f is not like that."""
    poly, exponent, trig = sympy.S.One, sympy.S.Zero, None
    for factor in sympy.Mul.make_args(f):
        if not factor.has(x) or factor.is_polynomial(x):
            poly *= factor
        elif isinstance(factor, sympy.exp) and _linear(factor.args[0], x, numeric=False):
            exponent += factor.args[0]
        elif factor.is_Pow and factor.base.is_number and factor.base.is_positive and \
                _linear(factor.exp, x):
            exponent += factor.exp * sympy.log(factor.base)  # 2^x = e^(x ln 2)
        elif isinstance(factor, (*_WAVES, *_HYPERBOLIC)) and trig is None and \
                _linear(factor.args[0], x):
            trig = factor
        else:
            return None
    if not poly.is_polynomial(x) or sympy.degree(poly, x) < 1:
        return None
    if exponent == 0 and trig is None or exponent != 0 and isinstance(trig, _HYPERBOLIC):
        return None
    return sympy.expand(poly), exponent, trig


def _linear(arg: sympy.Expr, x: sympy.Symbol, numeric: bool = True) -> bool:
    # a rate like λ in e^(-λx) is fine (the answer holds for λ ≠ 0); an angle must be a
    # number, because the sine is taken as the imaginary part of a complex exponential
    if not (arg.is_polynomial(x) and sympy.degree(arg, x) == 1):
        return False
    return not numeric or all(c.is_number for c in sympy.Poly(arg, x).all_coeffs())


def _repeated_antiderivatives(exponent, trig, x, count):
    """[G_1, ..., G_count]: G_1 = ∫e^exponent·trig dx, G_(k+1) = ∫G_k dx."""
    if isinstance(trig, _HYPERBOLIC):  # cosh → sinh/a → cosh/a² → ...
        arg = trig.args[0]
        rate = sympy.diff(arg, x)
        other = sympy.sinh if isinstance(trig, sympy.cosh) else sympy.cosh
        return [(other if k % 2 else trig.func)(arg) / rate**k for k in range(1, count + 1)]
    phase, part = sympy.S.Zero, sympy.re
    if trig is not None:
        phase = trig.args[0]
        part = sympy.im if isinstance(trig, sympy.sin) else sympy.re
    power = sympy.expand(exponent + sympy.I * phase)
    rate = sympy.diff(power, x)
    out = []
    for k in range(1, count + 1):
        g = sympy.expand_complex(sympy.exp(power) / rate**k)
        out.append(sympy.expand(part(g)) if trig is not None else sympy.exp(exponent) / rate**k)
    return out


def tabular_parts(f: sympy.Expr, x: sympy.Symbol, solve: Callable[..., Any],
                  ) -> tuple[Step, sympy.Expr] | None:
    """∫P(x)·e^(ax+b)·sin/cos(cx+d) dx by the tabular method (None when f has another form)."""
    found = _split(f, x)
    if found is None:
        return None
    poly, exponent, trig = found
    other = sympy.exp(exponent) * (trig if trig is not None else 1)
    first = solve(other, x)  # the step engine's own steps for the first antiderivative
    if first is None:
        return None
    degree = int(sympy.degree(poly, x))
    columns = _repeated_antiderivatives(exponent, trig, x, degree + 1)
    derivatives = [sympy.diff(poly, x, k) for k in range(degree + 1)]
    result = sympy.Add(*((-1) ** k * d * g for k, (d, g) in enumerate(zip(derivatives, columns))))
    # e^(x ln 2) back to 2^x, as the student wrote it
    result = sympy.expand(result).replace(
        lambda e: isinstance(e, sympy.exp) and e.args[0].has(sympy.log),
        lambda e: e.rewrite(sympy.Pow))
    rows = [_row(k, d, g, x) for k, (d, g) in enumerate(zip(derivatives, columns))]
    times = "once" if degree == 1 else f"{degree} times"
    title = (f"Integrate by parts {times} at once (tabular method): differentiate "
             f"{words(poly)} until it vanishes, integrate {words(other)} as often, "
             "and add the diagonal products with alternating signs")
    step = step_for("repeated_parts", title, f, x, result, [*first[0], *rows])
    return replace(step, after=tex(result)), result


def _row(k: int, derivative: sympy.Expr, column: sympy.Expr, x: sympy.Symbol) -> Step:
    sign = "+" if k % 2 == 0 else "−"
    return Step(
        rule="parts",
        title=(f"Row {k + 1} (sign {sign}): the {k}-th derivative of the polynomial times "
               f"the {k + 1}-th antiderivative of the other factor"),
        before=rf"{tex(derivative)} \quad\times\quad {tex(column)}",
        after=tex((-1) ** k * derivative * column),
        var=str(x),
    )


def tabular_first(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """The tabular method before any search for a polynomial of degree 3 or more, or beside
    sinh, cosh or e^(ax)·sin(bx): there the step engine searches for tenths of a second or
    seconds (x⁵·cosh(3x + 2), (3x² + 2)²·sin(7x + 5)), or finds nothing. Up to degree 2
    beside one sin, cos or exponential it shows each integration by parts, as a textbook
    does, in about a tenth of a second."""
    found = _split(f, x)
    if found is None:
        return None
    poly, exponent, trig = found
    one_factor = (exponent == 0) != (trig is None) and not isinstance(trig, _HYPERBOLIC)
    if sympy.degree(poly, x) <= 2 and one_factor:
        return None
    return tabular_parts(f, x, solve)


def polynomial_times_waves(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """P(x)·sinᵐ(ax + b)·cosⁿ(ax + b) with m + n ≥ 2, also times e^(cx + d): write the powers
    as single sines and cosines of multiples of the angle (sin³θ = (3 sin θ − sin 3θ)/4),
    then each term P(x)·sin(kθ) by parts (the step engine finds no rule for θ²·sin³θ).
    tan, cot, sec and csc count as quotients of sin and cos (θ·sin³θ·cot θ = θ·sin²θ·cos θ).
    """
    poly, growth, waves, angles = sympy.S.One, sympy.S.One, [], set()
    f = f.xreplace({e: WITH_SIN_COS[e.func](e.args[0]) for e in f.atoms(*_WAVE_QUOTIENTS)})
    for factor in sympy.Mul.make_args(f):
        base, power = factor.as_base_exp()
        if not factor.has(x) or factor.is_polynomial(x):
            poly *= factor
        elif isinstance(base, _WAVES) and power.is_Integer and power > 0 and \
                _linear(base.args[0], x):
            waves.append(factor)
            angles.add(base.args[0])
        elif isinstance(factor, sympy.exp) and _linear(factor.args[0], x) and growth == 1:
            growth = factor
        else:
            return None
    if len(angles) != 1 or sum(w.as_base_exp()[1] for w in waves) < 2 or \
            sympy.degree(poly, x) < 1:
        return None
    shown = sympy.expand(poly * growth * single_waves(sympy.Mul(*waves)))
    title = (f"Write {words(sympy.Mul(*waves))} as a sum of single sines and cosines of "
             "multiples of the angle; each term is then a polynomial times a sine or cosine")
    return solved_rewrite("product_to_sum", title, f, x, shown, solve)
