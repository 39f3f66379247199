"""Repeated integration by parts (the tabular method) for polynomial × exp × sin/cos.

sympy's step engine recurses one integration by parts at a time and its full
integrator can take minutes on ∫x^10·e^x·sin x. The tabular method does it in one
table: differentiate the polynomial until it vanishes, integrate the other factor as
often, and add the diagonal products with alternating signs. The repeated
antiderivatives of e^(ax)·sin(bx) come from one complex exponential e^((a+ib)x),
whose k-th antiderivative is itself divided by (a+ib)^k.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import sympy

from workbench.engine.integration.common import step_for, tex, words
from workbench.protocol.steps import Step


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
        elif isinstance(factor, (sympy.sin, sympy.cos)) and trig is None and \
                _linear(factor.args[0], x):
            trig = factor
        else:
            return None
    if not poly.is_polynomial(x) or sympy.degree(poly, x) < 1:
        return None
    if exponent == 0 and trig is None:
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
    title = (f"Integrate by parts {degree + 1} times at once (tabular method): differentiate "
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

