"""By parts twice, then solving for the integral: ∫aᵏˣ·cos(bx), ∫cosh(kx)·sin(bx) and the like.

sympy's step engine finds this for e^x·cos x only: with 3^x it integrates 3^x once,
gets 3^x back as a power rather than an exponential and no longer sees the integral
come back. The textbook move works for any base a > 0 (aᵏˣ = e^(kx·ln a)): two
integrations by parts with u the trigonometric factor give

    I = T·B/r − T′·B/r² − (b²/r²)·I,   r = (ln B)′ = k·ln a,

an equation for I. cosh and sinh go the same way, each integrating to the other.
"""

from __future__ import annotations

import sympy

from workbench.engine.integration.common import step_for, tex, words
from workbench.engine.integration.rewrite_base import Rewritten, Solver, is_linear
from workbench.protocol.steps import Step

_I = sympy.Symbol("I")  # the integral being solved for, as a plain unknown


_PARTNERS = {sympy.cosh: sympy.sinh, sympy.sinh: sympy.cosh}


def growth_rate(factor: sympy.Expr, x: sympy.Symbol) -> tuple[sympy.Expr, sympy.Expr] | None:
    """(r, P) when ``factor`` B is e^(linear), a^(linear) (a > 0, a ≠ 1), cosh or sinh of a
    linear argument: B′ = r·P and P′ = r·B (P = B for the exponentials)."""
    if type(factor) in _PARTNERS:
        rate = sympy.diff(factor.args[0], x)
        if not (is_linear(factor.args[0], x) and rate.is_number):
            return None
        return rate, _PARTNERS[type(factor)](factor.args[0])
    base, power = factor.as_base_exp()
    if isinstance(factor, sympy.exp):
        base, power = sympy.E, factor.args[0]
    if not (base.is_number and base.is_positive and base != 1 and is_linear(power, x)):
        return None
    rate = sympy.diff(power, x) * sympy.log(base)
    return (rate, factor) if rate.is_number else None


def _split(f: sympy.Expr, x: sympy.Symbol):
    """(c, B, r, P, T): f = c·B·T, B an exponential or cosh/sinh of rate r with partner P,
    T = sin or cos (linear)."""
    coeff, rest = f.as_independent(x, as_Add=False)
    factors = sympy.Mul.make_args(rest)
    if len(factors) != 2:
        return None
    for growth, wave in (factors, factors[::-1]):
        found = growth_rate(growth, x)
        if found is not None and isinstance(wave, (sympy.sin, sympy.cos)) and \
                is_linear(wave.args[0], x) and sympy.diff(wave.args[0], x).is_number:
            return coeff, growth, *found, wave
    return None


def cyclic_parts(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """c·aᵏˣ·cos(bx + d), c·cosh(kx)·sin(bx + d), ...: by parts twice, then solve for I."""
    found = _split(f, x)
    if found is None:
        return None
    coeff, growth, rate, partner, wave = found
    slope = sympy.diff(wave.args[0], x)
    first, second = sympy.diff(wave, x), sympy.diff(wave, x, 2)  # second = −b²·wave
    v = partner / rate
    v_found = solve(growth, x)  # the exponential (or hyperbolic) rule's own step for v
    solution = (rate * wave * partner - first * growth) / (rate**2 + slope**2)
    result = sympy.expand(coeff * solution)
    steps = [
        *(v_found[0] if v_found is not None else []),
        _parts_step(wave, growth, v, first, x, f"u = {words(wave)}, dv = {words(growth)} dx, "
                    f"v = {words(v)}"),
        _parts_step(first / rate, partner, growth / rate, second / rate, x,
                    f"u = {words(first / rate)}, dv = {words(partner)} dx: the integral of "
                    "the original function comes back"),
        Step(rule="solve", title="Call the integral I: the two steps give an equation for I, "
                                 "solve it",
             before=f"I = {tex(wave * v - first * growth / rate**2 - slope**2 / rate**2 * _I)}",
             after=tex(solution),
             var=str(x)),
    ]
    title = ("Integrate by parts twice, with u the trigonometric factor each time: the "
             "original integral comes back, so solve the equation for it")
    return step_for("cyclic_parts", title, f, x, result, steps), result


def _parts_step(u: sympy.Expr, dv: sympy.Expr, v: sympy.Expr, du: sympy.Expr, x: sympy.Symbol,
                what: str) -> Step:
    """One integration by parts ∫u dv = u·v − ∫v du, shown as an identity."""
    return Step(rule="parts", title=f"Integration by parts with {what}",
                before=rf"\int {tex(u * dv)} \, d{tex(x)}",
                after=rf"{tex(u * v)} - \int {tex(v * du)} \, d{tex(x)}", var=str(x))
