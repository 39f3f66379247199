"""``double_integral`` (inner range first, as in ``sympy.integrate``) and ``swap_order``."""

from __future__ import annotations

from collections.abc import Sequence

import sympy

from workbench.engine.latex import exact_latex
from workbench.engine.functions import to_elementary
from workbench.engine.integration.chain import Limits, antiderivative
from workbench.engine.integration.common import SYMPY_FAILURES, tex
from workbench.engine.integration.definite import definite_integral, ftc
from workbench.engine.integration.numeric import agree, dbl_quadrature
from workbench.engine.integration.results import DoubleIntegral
from workbench.engine.integration.swap import SwapError, swap_region
from workbench.engine.parsing import parse, parse_bound
from workbench.protocol.steps import Step
from workbench.engine.symbols import realify, unrealify
from workbench.protocol.syntax import ParseError
from workbench.engine.timebox import StageTimeout, time_limit

Range = tuple[str, sympy.Expr, sympy.Expr]
__all__ = ["SwapError", "double_integral", "read_ranges", "swap_order"]


def _name(var: object) -> str:
    if isinstance(var, sympy.Symbol):
        return var.name
    if isinstance(var, str) and var.isidentifier():
        return var
    raise ValueError(f"A variable of integration must be a name, not {var!r}")


def read_ranges(inner: Sequence, outer: Sequence) -> tuple[Range, Range]:
    """The two ranges as (name, lower, upper) with sympy bounds, checked.

    Outer bounds are numbers; inner bounds may use the outer variable (text such as
    "x^2" is parsed with ``parse``).
    """
    if len(inner) != 3 or len(outer) != 3:
        raise ValueError("Each range is (variable, lower, upper)")
    y, x = _name(inner[0]), _name(outer[0])
    if x == y:
        raise ValueError("The inner and outer variables must differ")
    a, b = parse_bound(outer[1]), parse_bound(outer[2])
    c, d = (_inner_bound(v, x) for v in inner[1:])
    return (y, c, d), (x, a, b)


def _inner_bound(value: object, outer: str) -> sympy.Expr:
    if isinstance(value, str):
        expr = parse(value, variables=(outer,))
    elif isinstance(value, sympy.Basic):
        expr = value
    else:
        expr = parse_bound(value)
    extra = {s.name for s in expr.free_symbols} - {outer}
    if extra:
        raise ParseError(f"An inner bound may only use {outer}, not {', '.join(sorted(extra))}",
                         None)
    return expr


def double_integral(expr: str | sympy.Expr, inner: Sequence, outer: Sequence, *,
                    limits: Limits | None = None) -> DoubleIntegral:
    """∫_a^b ∫_c^d expr d(inner) d(outer): the FIRST range is integrated first.

    ``inner`` = (y, c, d) whose bounds may depend on the outer variable; ``outer`` =
    (x, a, b) with constant bounds. ``value`` and ``error`` come from
    ``scipy.integrate.dblquad``; ``exact`` from an inner then an outer integral.
    """
    limits = limits or Limits()
    (y, c, d), (x, a, b) = read_ranges(inner, outer)
    original = parse(expr, variables=(x, y))
    f, back = realify(to_elementary(original))
    ry, rx = sympy.Symbol(y, real=True), sympy.Symbol(x, real=True)
    rc, rd = realify(c)[0], realify(d)[0]
    back.update({ry: sympy.Symbol(y), rx: sympy.Symbol(x)})
    quad = dbl_quadrature(f, (ry, rc, rd), (rx, a, b))
    exact, steps, note = _exact(original, f, (y, ry, rc, rd), (x, a, b), back, limits)
    if exact is not None and quad.reliable and not agree(exact, quad):
        note = "the exact value and numerical integration disagree; trust neither blindly"
    value = float(sympy.N(exact)) if exact is not None and exact.is_number and \
        exact.is_finite and not quad.reliable else quad.value
    latex = (rf"\int_{{{tex(a)}}}^{{{tex(b)}}} \int_{{{tex(c)}}}^{{{tex(d)}}} {tex(original)}"
             rf" \, d{y} \, d{x}")
    latex += f" = {exact_latex(exact)}" if exact is not None else rf" \approx {quad.value:.10g}"
    return DoubleIntegral(original, (y, c, d), (x, a, b), exact, value, quad.error, latex,
                          steps, note or quad.message)


def _exact(original, f, inner, outer, back, limits: Limits):
    """(exact, steps, note): inner antiderivative and bounds, then the outer definite integral."""
    y, ry, rc, rd = inner
    x, a, b = outer
    anti = antiderivative(original, y, limits=limits)
    if anti.result is None:
        return _whole(f, ry, rc, rd, sympy.Symbol(x, real=True), a, b, back, limits)
    F = realify(anti.result)[0]
    try:
        with time_limit(limits.verify * 2):
            middle, ftc_steps = ftc(F, ry, rc, rd)
    except (StageTimeout, *SYMPY_FAILURES):
        return _whole(f, ry, rc, rd, sympy.Symbol(x, real=True), a, b, back, limits)
    middle_plain = unrealify(middle, back)
    inner_step = Step(rule="inner_integral",
                      title=f"Inner integral: integrate with respect to {y}, treating {x} "
                            "as a constant",
                      before=rf"\int_{{{tex(rc)}}}^{{{tex(rd)}}} {tex(f)} \, d{y}",
                      after=tex(middle_plain), substeps=[*anti.steps, *ftc_steps], var=y)
    outer_result = definite_integral(middle_plain, x, a, b, limits=limits)
    outer_step = Step(rule="outer_integral",
                      title=f"Outer integral: integrate the result with respect to {x}",
                      before=rf"\int_{{{tex(a)}}}^{{{tex(b)}}} {tex(middle_plain)} \, d{x}",
                      after=tex(outer_result.exact) if outer_result.exact is not None else
                      rf"\approx {outer_result.value:.10g}",
                      substeps=outer_result.steps, var=x)
    return outer_result.exact, [inner_step, outer_step], outer_result.note


def _whole(f, ry, rc, rd, rx, a, b, back, limits: Limits):
    """Fallback: sympy's own iterated integral, without steps."""
    try:
        with time_limit(limits.integrator):
            exact = sympy.integrate(f, (ry, rc, rd), (rx, a, b))
    except (StageTimeout, *SYMPY_FAILURES):
        return None, [], "no exact value: the number comes from numerical integration"
    if exact.has(sympy.Integral):
        return None, [], "no exact value: the number comes from numerical integration"
    return unrealify(exact, back), [], "exact value from the full integrator, without steps"


def swap_order(expr: str | sympy.Expr, inner: Sequence, outer: Sequence) -> tuple[Range, Range]:
    """The same region with the order of integration swapped: (new inner, new outer).

    Handles rectangles and regions between two curves that are monotonic on the
    outer interval (so they can be inverted) and meet the other bound at an end.
    Raises ValueError when the region would have to be cut into pieces.
    """
    (y, c, d), (x, a, b) = read_ranges(inner, outer)
    parse(expr, variables=(x, y))  # the integrand must at least be valid
    X = sympy.Symbol(x)
    if not c.has(X) and not d.has(X):
        return (x, a, b), (y, c, d)
    return swap_region(X, sympy.Symbol(y), a, b, c, d)
