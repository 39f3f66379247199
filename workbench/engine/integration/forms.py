"""Stage 0 of the chain: rules chosen from the form of the integrand, tried before any search.

A textbook author looks at an integrand and knows the method: f′/f is a logarithm, a
rational function is partial fractions, x^m·(a + b·xⁿ)^p is one of Chebyshev's three
substitutions. Each rule here checks its form at once (a few sympy operations), so a
form that fits costs milliseconds and one that does not costs almost nothing; the
searching stages (the step engine, the rewrites, the full integrator) come after.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import replace

import sympy

from workbench.engine.integration.agreement import precise_value
from workbench.engine.integration.common import (
    SYMPY_FAILURES, integral_latex, step_for, tex, words)
from workbench.engine.integration.expansion import linear_radical, power_rule
from workbench.engine.integration.prepare import inner_substitution, wrap
from workbench.engine.integration.rational import (
    is_plain_rational, needs_radicals, rational_integral)
from workbench.engine.integration.rewrite_base import Solved, is_linear
from workbench.engine.integration.rewrites import softplus_integral
from workbench.engine.integration.standard_forms import table_form

FormRule = Callable[[sympy.Expr, sympy.Symbol], "Solved | None"]


def log_derivative(f: sympy.Expr, x: sympy.Symbol) -> Solved | None:
    """f = c·g′/g: the integral is c·ln|g| (the numerator is a multiple of the denominator's
    derivative)."""
    top, bottom = sympy.fraction(sympy.together(f))
    if not bottom.has(x) or not top.has(x):
        return None
    if top.is_polynomial(x) and bottom.is_polynomial(x) and \
            sympy.degree(top, x) != sympy.degree(bottom, x) - 1:
        return None  # a multiple of g′ has degree deg g − 1 (differentiating g costs more)
    if _ratio_varies(top, bottom, x):
        return None
    slope = sympy.diff(bottom, x)
    if slope == 0:
        return None
    ratio = sympy.cancel(top / slope)
    if ratio.has(x):
        return None
    result = ratio * sympy.log(sympy.Abs(bottom))
    title = (f"The numerator is {'' if ratio == 1 else words(ratio) + ' times '}the derivative "
             f"of the denominator {words(bottom)}: g′/g integrates to ln|g|")
    return [step_for("log", title, f, x, result)], result


def _ratio_varies(top: sympy.Expr, bottom: sympy.Expr, x: sympy.Symbol) -> bool:
    """Whether top/g′ (g = bottom) takes two different values at two points, g′ taken as a
    central difference: a refutation for the price of a few evaluations, where the
    symbolic derivative and ``cancel`` cost tenths of a second on roots and powers. False
    when a value cannot be had (the symbolic test then decides)."""
    ratios = []
    for point in ("0.3719", "0.6173"):
        at, step = sympy.Float(point, 40), sympy.Float("1e-12", 40)
        try:
            # the difference at 40 digits: in floating point it would cancel to noise
            slope = (bottom.subs(x, at + step).evalf(40)
                     - bottom.subs(x, at - step).evalf(40)) / (2 * step)
            ratios.append(complex(top.subs(x, at).evalf(40)) / complex(slope))
        except (TypeError, ValueError, ZeroDivisionError, OverflowError):
            return False
    return abs(ratios[0] - ratios[1]) > 1e-6 * max(1.0, abs(ratios[0]))


def rational(f: sympy.Expr, x: sympy.Symbol) -> Solved | None:
    """A rational function: substitute an inner function whose derivative is a factor when
    that lowers the degree (x³/(x⁴ + 1)² with u = x⁴ + 1), else partial fractions over
    the real factors of the denominator."""
    if not is_plain_rational(f, x):
        return None
    prepared = inner_substitution(f, x) if f.is_Mul or f.is_Pow else None
    if prepared is not None and _smaller(prepared.integrand, prepared.var, f, x):
        inner = solve_by_form(prepared.integrand, prepared.var)
        if inner is not None:
            return wrap(f, x, prepared, inner)
    return rational_integral(f, x)


def _smaller(g: sympy.Expr, t: sympy.Symbol, f: sympy.Expr, x: sympy.Symbol) -> bool:
    """Whether the rational function g of t has a denominator of lower degree than f's."""
    return is_plain_rational(g, t) and sympy.degree(sympy.denom(sympy.together(g)), t) < \
        sympy.degree(sympy.denom(sympy.together(f)), x) or g.is_polynomial(t)


def _no_pieces(_g: sympy.Expr, _u: sympy.Symbol) -> None:
    return None


def closed_form(f: sympy.Expr, x: sympy.Symbol) -> Solved | None:
    """A form of the table with a known antiderivative in one step (sech², csch·coth...,
    and softplus ln(1 + e^(ax+b)), whose antiderivative is the dilogarithm)."""
    found = table_form(f, x, _no_pieces) or softplus_integral(f, x, _no_pieces)
    return None if found is None else ([found[0]], found[1])


def dilogarithm(f: sympy.Expr, x: sympy.Symbol) -> Solved | None:
    """c·ln(1 + k·x)/x: no elementary antiderivative; it is −c·Li₂(−k·x), the dilogarithm
    (integrate the series of ln(1 + t)/t term by term)."""
    coeff, rest = f.as_independent(x, as_Add=False)
    logs = [a for a in sympy.Mul.make_args(rest) if isinstance(a, sympy.log)]
    if len(logs) != 1 or sympy.cancel(rest * x / logs[0]) != 1:
        return None
    inner = sympy.expand(logs[0].args[0])
    k = sympy.cancel((inner - 1) / x)
    if k.has(x) or k == 0 or not k.is_number:
        return None
    result = -coeff * sympy.polylog(2, -k * x)
    title = ("ln(1 + kx)/x has no elementary antiderivative: the series of ln(1 + t)/t, "
             "integrated term by term, is −Li₂(−t), the dilogarithm")
    return [step_for("special_function", title, f, x, result)], result


_RECIPROCAL_TRIG = (sympy.tan, sympy.cot, sympy.sec, sympy.csc)


def derivative_divides(f: sympy.Expr, x: sympy.Symbol) -> Solved | None:
    """f = c·h(u)·u′ with h rational (tan³x·sec²x with u = tan x, x²·√(x³ + 1) with
    u = x³ + 1): substitute u, then integrate the rational function h at once."""
    if not (f.is_Mul or f.is_Pow) or is_plain_rational(f, x):
        return None  # a sum goes term by term (e^x + e^(−x): u = ±x, not t = eˣ)
    # (tan u)′ = 1 + tan²u, which sympy writes so: see sec² as that too
    pythagoras = f.replace(lambda e: e.is_Pow and isinstance(e.base, sympy.sec) and e.exp == 2,
                           lambda e: 1 + sympy.tan(e.base.args[0]) ** 2) \
        if f.has(sympy.tan) else f
    # tan x·ln(cos x): in sin and cos, (ln cos x)′ = −sin x/cos x cancels against the integrand
    in_sin_cos = f.replace(lambda e: isinstance(e, _RECIPROCAL_TRIG), lambda e: {
        sympy.tan: sympy.sin(e.args[0]) / sympy.cos(e.args[0]),
        sympy.cot: sympy.cos(e.args[0]) / sympy.sin(e.args[0]),
        sympy.sec: 1 / sympy.cos(e.args[0]), sympy.csc: 1 / sympy.sin(e.args[0])}[type(e)]) \
        if f.has(*_RECIPROCAL_TRIG) and f.has(sympy.log) else None  # (sec·tan: the table)
    prepared = inner_substitution(pythagoras, x) or (
        in_sin_cos is not None and inner_substitution(in_sin_cos, x)) or None
    if prepared is None or prepared.var == x:
        return None
    h, t = prepared.integrand, prepared.var
    inner = solve_by_form(h, t) if h.is_polynomial(t) or is_plain_rational(h, t) else None
    return None if inner is None else wrap(f, x, prepared, inner)


def log_of_linear(f: sympy.Expr, x: sympy.Symbol) -> Solved | None:
    """c·ln(ax + b): by parts with u = ln(ax + b), dv = dx (v = x + b/a, so v·du = dx)."""
    coeff, rest = f.as_independent(x, as_Add=False)
    if not isinstance(rest, sympy.log) or not is_linear(rest.args[0], x):
        return None
    inner = rest.args[0]
    slope = sympy.diff(inner, x)
    # v = (ax + b)/a, v·du = dx; ln(ax + b) needs ax + b > 0 already, so no |·|
    result = coeff * (inner * rest / slope - x)
    title = (f"Integration by parts with u = {words(rest)} and dv = dx, choosing "
             f"v = {words(sympy.expand(inner / slope))} so that v du = dx")
    return [step_for("parts", title, f, x, result)], result


def power_times_log(f: sympy.Expr, x: sympy.Symbol) -> Solved | None:
    """c·x^a·ln(bx)ⁿ (a ≠ −1, n ≥ 1 whole): by parts with u = ln(bx)ⁿ, dv = x^a dx, which
    lowers the power of the logarithm by one each time (v·du = x^a/(a + 1)·n·ln(bx)ⁿ⁻¹)."""
    coeff, rest = f.as_independent(x, as_Add=False)
    a, log_power = sympy.S.Zero, None
    for factor in sympy.Mul.make_args(rest):
        base, power = factor.as_base_exp()
        if base == x and power.is_Rational:
            a += power
        elif isinstance(base, sympy.log) and power.is_Integer and power > 0 and log_power is None:
            log_power = (base, int(power))
        else:
            return None
    if log_power is None or a == -1 or not is_linear(log_power[0].args[0], x) \
            or log_power[0].args[0].subs(x, 0) != 0:
        return None
    log, n = log_power
    value, steps = x ** (a + 1) / (a + 1), []
    for k in range(1, n + 1):
        value = x ** (a + 1) * log**k / (a + 1) - sympy.Rational(k) / (a + 1) * value
        title = (f"Integration by parts with u = {words(log ** k)} and dv = {words(x ** a)} dx: "
                 f"v du = {words(x ** a / (a + 1))}·{k}·{words(log ** (k - 1))} dx, one power "
                 "of the logarithm less")
        steps = [step_for("parts", title, x**a * log**k, x, sympy.expand_mul(value), steps)]
    result = sympy.expand_mul(coeff * value)
    return [replace(steps[0], before=integral_latex(f, x), after=tex(result))], result


def exponential_pair(f: sympy.Expr, x: sympy.Symbol) -> Solved | None:
    """e^(ax + b)·h with h = a·g + g′ for g made of some of h's terms (after partial
    fractions): the product rule read backwards, ∫ = e^(ax + b)·g. The textbook's
    eˣ·(1 + sin x)/(1 + cos x) = eˣ·(tan(x/2))′ + eˣ·tan(x/2), and x·eˣ/(1 + x)²."""
    # c^(ax + b) with a number c > 0 is e^((ax + b)·ln c): its rate is a·ln c
    growth = [e for e in sympy.Mul.make_args(f) if isinstance(e, sympy.exp) or (
        e.is_Pow and e.base.is_number and e.base.is_positive and e.exp.has(x))]
    if len(growth) != 1:
        return None
    exponent = growth[0].args[0] if isinstance(growth[0], sympy.exp) else growth[0].exp
    if not is_linear(exponent, x):
        return None
    # (f/growth would keep 2^(4x + 4)·2^(−4x − 4) uncancelled)
    h = sympy.Mul(*(e for e in sympy.Mul.make_args(f) if e is not growth[0]))
    if h.has(sympy.exp) or h.is_polynomial(x) or not h.has(x) or any(
            p.base.is_number and p.exp.has(x) for p in h.atoms(sympy.Pow)):
        return None
    a = sympy.diff(exponent, x) * (1 if isinstance(growth[0], sympy.exp)
                                   else sympy.log(growth[0].base))
    terms = sympy.Add.make_args(sympy.apart(h, x) if h.is_rational_function(x)
                                else sympy.expand(h, log=False))
    if not 2 <= len(terms) <= 6:
        return None
    for size in range(1, len(terms)):
        for chosen in itertools.combinations(terms, size):
            g = sympy.Add(*chosen) / a
            if _vanishes(a * g + sympy.diff(g, x) - h, x):
                result = growth[0] * sympy.together(g)
                title = (f"The integrand is {words(growth[0])}·(a·g + g′) with a = {words(a)} "
                         f"and g = {words(sympy.together(g))}: the derivative of "
                         f"{words(growth[0])}·g by the product rule, so that is the integral")
                return [step_for("product", title, f, x, result)], result
    return None


def _vanishes(expr: sympy.Expr, x: sympy.Symbol) -> bool:
    """Whether expr is 0: at three points first (quick to refute), then symbolically."""
    for point in ("0.3137", "1.2711", "-0.8329"):
        value = precise_value(expr, {x: sympy.Float(point, 30)})
        if value is not None and abs(value) > 1e-15:
            return False
    together = sympy.together(expr.rewrite(sympy.sin) if expr.has(sympy.tan) else expr)
    return sympy.cancel(together) == 0 or sympy.trigsimp(together) == 0


def rationalised(f: sympy.Expr, x: sympy.Symbol) -> Solved | None:
    """Roots of one linear expression: t = (ax + b)^(1/n) makes f a rational function of t."""
    return linear_radical(f, x, lambda h, t: rational(h, t) if not h.is_polynomial(t)
                          else power_rule(h, t))


FORM_RULES: tuple[FormRule, ...] = (closed_form, log_derivative, log_of_linear,
                                    power_times_log, derivative_divides, rational, dilogarithm,
                                    rationalised, exponential_pair)


def solve_by_form(f: sympy.Expr, x: sympy.Symbol) -> Solved | None:
    """The first rule of :data:`FORM_RULES` that fits ``f`` and answers, else None; a
    polynomial goes term by term by the power rule."""
    if f.is_polynomial(x):
        result = sympy.integrate(f, x)
        return [step_for("power", "The power rule term by term", f, x, result)], result
    for rule in FORM_RULES:
        try:
            found = rule(f, x)
        except SYMPY_FAILURES:
            continue
        if found is not None:
            return found
    return None


# moves of ours that the step engine lacks: an answer that uses one is our rewrite's
_OURS = {"reduction_formula", "table", "special_function", "rationalise", "product"}


def form_stage(f: sympy.Expr, x: sympy.Symbol, solved: Solved) -> str:
    """``rewrite`` when the answer needed a move the step engine lacks (a reduction
    formula, our table, a special function, partial fractions over irrational factors),
    else ``steps`` (the step engine's own moves, only chosen without its search)."""
    rules = {s.rule for top in solved[0] for s in top.walk()}
    return "rewrite" if rules & _OURS or needs_radicals(f, x) else "steps"
