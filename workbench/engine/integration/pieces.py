"""Integrands that change form between intervals: |x|, max, ReLU, steps, |sin|, √(1 − sin).

Each piece is integrated on its own; the constants are then chosen so that the pieces
join without a jump (an antiderivative must be continuous, or F(b) − F(a) across a
joint would be wrong). |sin u| and |cos u| change sign infinitely often, so their
antiderivative counts the whole periods instead; √(a ± a·cos u) and √(a ± a·sin u)
become such an absolute value by a half-angle identity.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import sympy

from workbench.engine.integration.common import SYMPY_FAILURES, step_for, tex, words
from workbench.engine.integration.rewrite_base import Rewritten, Solver, is_linear, rewritten
from workbench.engine.integration.verification import check
from workbench.protocol.steps import Step

_KINDS = (sympy.Abs, sympy.Max, sympy.Min, sympy.sign, sympy.Heaviside, sympy.Piecewise)


def piecewise(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """|x|, max, ReLU, steps: integrate each piece, then join them continuously."""
    if not f.has(*_KINDS):
        return None
    g = sympy.piecewise_fold(f.rewrite(sympy.Piecewise))
    if not isinstance(g, sympy.Piecewise):
        return None
    steps: list[Step] = []
    antiderivatives = []
    for value, _cond in g.args:
        solved = solve(value, x)
        if solved is None:
            return None
        steps.extend(solved[0])
        antiderivatives.append(solved[1])
    result = join_pieces(g, antiderivatives, x)
    if result is None:
        # sympy picks the constants on each piece so that the pieces join up continuously;
        # with periodic pieces (sin x ≥ 0) it can be wrong: then leave f to the other moves
        result = sympy.integrate(g, x)
        if result.has(sympy.Integral):
            return None
        if not f.free_symbols - {x} and check(f, result, x, 1.0) is False:
            return None  # (with parameters a random point may break an assumption)
    title = ("Split into pieces, integrate each one, and choose the constants so the "
             "pieces join without a jump")
    return rewritten("piecewise", title, f, x, g, x, (steps, result), result)


def join_pieces(g: sympy.Piecewise, antiderivatives: Sequence[sympy.Expr],
                x: sympy.Symbol) -> sympy.Expr | None:
    """The pieces' antiderivatives, each shifted by a constant so that they join without a
    jump, from the leftmost piece on; None unless the pieces are intervals end to end."""
    covered, spans = sympy.S.EmptySet, []
    try:
        for index, ((_value, cond), anti) in enumerate(zip(g.args, antiderivatives)):
            region = cond.as_set().intersect(sympy.S.Reals) - covered
            covered = covered | region
            if isinstance(region, sympy.FiniteSet):
                continue  # a single point: its value does not change any integral
            if not isinstance(region, sympy.Interval):
                return None
            spans.append((region, anti, index))
        spans.sort(key=lambda span: span[0].inf)
        shifts = {spans[0][2]: sympy.S.Zero}
        for (left, anti, i), (right, nxt, j) in zip(spans, spans[1:]):
            if left.sup != right.inf:
                return None
            shift = _value_at(anti, x, left.sup, "-") + shifts[i] - \
                _value_at(nxt, x, right.inf, "+")
            if not _finite(shift):
                return None
            shifts[j] = sympy.simplify(shift)
    except SYMPY_FAILURES:
        return None
    return sympy.Piecewise(*((anti + shifts[i], g.args[i][1]) for i, anti in
                             enumerate(antiderivatives) if i in shifts))


def _value_at(expr: sympy.Expr, x: sympy.Symbol, point: sympy.Expr, side: str) -> sympy.Expr:
    """expr at ``point`` (its one-sided limit where plain substitution has no value)."""
    value = expr.subs(x, point)
    if _finite(value):
        return value
    return sympy.limit(expr, x, point, side)


def _finite(value: sympy.Expr) -> bool:
    """Whether ``value`` is a finite number (Li₂(−1/e) is, though sympy cannot tell)."""
    if value.is_finite:
        return True
    if value.free_symbols or value.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
        return False
    try:
        number = complex(value.evalf(15))
    except (TypeError, ValueError):
        return False
    return math.isfinite(number.real) and math.isfinite(number.imag)


def periodic_abs(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """c·|sin(ax + b)|ᵏ or c·|cos(ax + b)|ᵏ for odd k ≥ 1: count whole half-periods, each
    adds A = ∫₀^π sinᵏ, then integrate the part of the last one.

    With ∫sinᵏs ds = Q(cos s) for an odd polynomial Q, on [mπ, (m + 1)π] (where
    sign(sin s) = (−1)ᵐ) the continuous antiderivative from 0 is
    A·m + sign(sin s)·Q(cos s) − Q(1), and A = −2Q(1).
    """
    coeff, rest = f.as_independent(x, as_Add=False)
    found = _abs_wave_power(rest)
    if found is None:
        return None
    wave, k = found
    u = wave.args[0]
    slope = sympy.diff(u, x)
    if not (is_linear(u, x) and slope.is_number):
        return None
    s = u if isinstance(wave, sympy.sin) else u + sympy.pi / 2  # |cos u| = |sin(u + π/2)|
    t = sympy.Dummy("t")
    q = -sympy.integrate(sympy.expand((1 - t**2) ** ((k - 1) // 2)), (t, 0, t))
    whole = -2 * q.subs(t, 1)  # ∫₀^π sinᵏ
    periods = whole_periods(s)
    result = coeff * (whole * periods + sympy.sign(sympy.sin(s)) * q.subs(t, sympy.cos(s))
                      - q.subs(t, 1)) / slope
    power = "" if k == 1 else f"^{k}"
    t_shown = sympy.Symbol("t")
    in_cos = q.subs(t, sympy.cos(t_shown))  # Q(cos t), as the step shows it
    def head(var: str) -> str:  # |sin var|ᵏ in LaTeX
        return rf"\left|\sin {var}\right|{'' if k == 1 else f'^{{{k}}}'}"

    steps = [
        Step(rule="period", title=f"|sin|{power} repeats every π and equals sin{power} on "
                                  f"[0, π]: each whole period adds the same area, {whole}",
             before=rf"\int_{{0}}^{{\pi}} {head('t')} \, dt",
             after=tex(whole), var=str(x)),
        Step(rule="piecewise", title=f"On the period [kπ, (k + 1)π] that holds t, |sin t|{power} "
                                     f"= ±sin{power} t integrates to ±({words(in_cos)}); "
                                     "choose the constant so it continues the whole periods "
                                     "before it",
             before=rf"\int_{{0}}^{{t}} {head('s')} \, ds",
             after=tex(whole * sympy.floor(t_shown / sympy.pi) + sympy.sign(
                 sympy.sin(t_shown)) * in_cos - q.subs(t, 1)), var=str(x)),
        Step(rule="rewrite", title="Write the count of whole periods without floor: "
                                   "⌊t/π⌋ = (t − arctan(tan(t − π/2)))/π − 1/2 between the zeros",
             before=r"\left\lfloor \frac{t}{\pi} \right\rfloor",
             after=r"\frac{t - \operatorname{atan}(\tan(t - \pi/2))}{\pi} - \frac{1}{2}",
             var=str(x)),
    ]
    title = (f"The absolute value of a periodic function: with t = {words(s)}, count the "
             "whole half-periods and integrate the part of the last one"
             + ("" if slope == 1 else f" (divide by {words(slope)}, the inner slope)"))
    return step_for("periodic_abs", title, f, x, result, steps), result


def _abs_wave_power(rest: sympy.Expr):
    """(wave, k) when rest = |wave|ᵏ for sin or cos and odd k ≥ 1, also in the form sympy
    gives it for real x (|sin x|³ = sin²x·|sin x|); else None."""
    absolute = [a for a in sympy.Mul.make_args(rest) if isinstance(a, sympy.Abs)]
    if len(absolute) != 1 or not isinstance(absolute[0].args[0], (sympy.sin, sympy.cos)):
        return None
    wave = absolute[0].args[0]
    even = rest / absolute[0]
    base, power = even.as_base_exp()
    if even == 1:
        return wave, 1
    if base == wave and power.is_Integer and power > 0 and power % 2 == 0:
        return wave, int(power) + 1
    return None


def whole_periods(s: sympy.Expr) -> sympy.Expr:
    """⌊s/π⌋, the number of zeros of sin passed, written s/π − (sawtooth)/π − 1/2, which
    every rule can differentiate (its derivative is 0 between the zeros)."""
    return (s - _sawtooth(s)) / sympy.pi - sympy.S.Half


def _sawtooth(s: sympy.Expr) -> sympy.Expr:
    """s − π/2 − π⌊s/π⌋: slope 1, a jump of −π at every zero of sin s.

    arctan(tan(s − π/2)) or −arccot(tan s), whichever sympy keeps in tan: their
    derivatives cancel to 1 at once, while a form in cot (which sympy writes for some
    shifts of tan) makes every numerical check of the answer slow.
    """
    for form in (sympy.atan(sympy.tan(s - sympy.pi / 2)), -sympy.acot(sympy.tan(s))):
        if not form.has(sympy.cot):
            return form
    return sympy.atan(sympy.tan(s - sympy.pi / 2))


def half_angle_root(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """c·(a ± a·cos u)^(k/2) or c·(a ± a·sin u)^(k/2) for odd k ≥ 1: 1 ± cos φ = 2cos²(φ/2)
    or 2sin²(φ/2), then |·|ᵏ."""
    coeff, rest = f.as_independent(x, as_Add=False)
    base, power = rest.as_base_exp()
    if not (power.is_Rational and power.q == 2 and power > 0) or not base.is_Add:
        return None
    a, wave_part = base.as_independent(x, as_Add=True)
    b, wave = wave_part.as_independent(x, as_Add=False)
    if not (isinstance(wave, (sympy.sin, sympy.cos)) and a.is_positive and b.is_number and
            sympy.simplify(abs(b) - a) == 0 and is_linear(wave.args[0], x)):
        return None
    phi = wave.args[0] if isinstance(wave, sympy.cos) else wave.args[0] - sympy.pi / 2
    half = sympy.expand(phi / 2)
    square = sympy.cos(half) if b.is_positive else sympy.sin(half)
    shown = coeff * (2 * a) ** power * sympy.Abs(square) ** (2 * power)
    found = periodic_abs(shown, x, solve)
    if found is None:
        return None
    moved = "" if isinstance(wave, sympy.cos) else "sin x = cos(x − π/2), and "
    # (a ± a sin)^(k/2) = (2a)^(k/2)·|…|ᵏ, unevaluated (sympy would write |s|³ as s²·|s|)
    powered = sympy.Pow(base, power, evaluate=False)
    as_abs = sympy.Mul((2 * a) ** power, sympy.Pow(sympy.Abs(square), 2 * power,
                                                    evaluate=False), evaluate=False)
    title = (f"Half-angle identity: {moved}1 + cos φ = 2cos²(φ/2), 1 − cos φ = 2sin²(φ/2); "
             f"so {words(base)} = {words(2 * a * square**2)}, and the square root of a square "
             "is an absolute value" + ("" if power == sympy.S.Half else
                                       f": {words(powered)} = {words(as_abs)}"))
    return rewritten("half_angle", title, f, x, shown, x, ([found[0]], found[1]), found[1])


def hyperbolic_half_angle(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """(a + a·cosh u)^(k/2) and (a + a·sinh²u)^(k/2) anywhere in f: 1 + cosh u = 2cosh²(u/2)
    and 1 + sinh²u = cosh²u, and cosh is positive, so the root is a power of cosh with no
    absolute value (x³·√(2cosh(7x + 5) + 2), tanh⁶u·√(2sinh²u + 2))."""
    swaps, said = {}, []
    for power in f.atoms(sympy.Pow):
        base, exp = power.base, power.exp
        if not (exp.is_Rational and exp.q == 2 and base.is_Add and base.has(x)):
            continue
        a, wave_part = base.as_independent(x, as_Add=True)
        b, wave = wave_part.as_independent(x, as_Add=False)
        if not (a.is_positive and b == a):
            continue
        if isinstance(wave, sympy.cosh) and is_linear(wave.args[0], x):
            square = sympy.cosh(sympy.expand(wave.args[0] / 2))  # 1 + cosh u = 2cosh²(u/2)
            swaps[power] = (2 * a) ** exp * square ** (2 * exp)
            said.append(f"{words(base)} = {words(2 * a * square**2)}")
        elif wave.is_Pow and wave.exp == 2 and isinstance(wave.base, sympy.sinh):
            swaps[power] = a ** exp * sympy.cosh(wave.base.args[0]) ** (2 * exp)
            said.append(f"{words(base)} = {words(a * sympy.cosh(wave.base.args[0])**2)}")
    if not swaps:
        return None
    title = (f"1 + cosh u = 2cosh²(u/2) and 1 + sinh²u = cosh²u: {', '.join(said)}; cosh is "
             "positive, so the root of its square is cosh itself")
    shown = f.xreplace(swaps)
    solved = solve(shown, x)
    if solved is None:
        return None
    return rewritten("half_angle", title, f, x, shown, x, solved, solved[1])
