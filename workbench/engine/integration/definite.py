"""``definite_integral``: exact value by the fundamental theorem, quadrature beside it.

The exact value comes from the antiderivative chain (F(b) − F(a), with limits at
infinite or singular ends). It is trusted only when quadrature agrees; otherwise
sympy's definite integrator is asked (it knows about singular points inside the
interval and about divergence). Quadrature is always run, so ``value`` and
``error`` are there even when no exact value is.
"""

from __future__ import annotations

import cmath
import math

import sympy

from workbench.engine.latex import exact_latex
from workbench.engine.functions import to_elementary
from workbench.engine.integration.agreement import precise_value
from workbench.engine.integration.chain import Limits, Progress, announce, antiderivative
from workbench.engine.integration.common import (
    SYMPY_FAILURES, integral_latex, special_functions, tex)
from workbench.engine.integration.numeric import Quadrature, agree, quadrature
from workbench.engine.integration.results import IntegralResult
from workbench.engine.integration.tidying import longest_number
from workbench.engine.parsing import parse, parse_bound
from workbench.protocol.steps import Step
from workbench.engine.symbols import realify, unrealify
from workbench.engine.timebox import StageTimeout, time_limit

_BAD = (sympy.nan, sympy.zoo)


def _words(point: sympy.Expr) -> str:
    """A bound as a title's plain text shows it (titles are words, not LaTeX)."""
    return {sympy.oo: "\u221e", -sympy.oo: "\u2212\u221e"}.get(point, sympy.sstr(point))


def _endpoint(F: sympy.Expr, x: sympy.Symbol, point: sympy.Expr, side: str):
    """F at ``point`` and the step for it: a limit at infinite or singular ends."""
    value = None if point.is_infinite else F.subs(x, point)
    if value is not None and _finite(value) and not value.has(*_BAD, sympy.AccumBounds):
        return value, None  # (arctan of tan(π/2) comes out as a range: take the limit then)
    F = to_elementary(F)  # sympy's limit knows exp and log, not our sigmoid or softplus
    value = sympy.limit(F, x, point, side)
    approach = "" if point.is_infinite else ("^+" if side == "+" else "^-")
    step = Step(rule="limit", title=f"The antiderivative is not defined at {_words(point)}: "
                                    "take its limit there instead (an improper integral)",
                before=rf"\lim_{{{tex(x)} \to {tex(point)}{approach}}} {tex(F)}",
                after=tex(value), var=str(x))
    return value, step


def _finite(value: sympy.Expr) -> bool:
    """Whether a value at a bound is a finite number: sympy cannot tell for Li₂(−27) or
    Ei(3), so a value it leaves undecided is evaluated."""
    if value.is_finite is not None:
        return bool(value.is_finite)
    number = precise_value(value, {})
    return number is not None and cmath.isfinite(number)


def _real_dilogarithms(value: sympy.Expr) -> sympy.Expr:
    """A real value written without i: a dilogarithm's answer can be complex by a constant
    on an interval where its logarithms' arguments are negative, and F(b) − F(a) then
    holds Li₂(z) with z > 1 and ln of negative numbers, whose imaginary parts cancel.
    Li₂(z) = π²/3 − ln²z/2 − Li₂(1/z) − iπ·ln z for z > 1 (the principal branch) turns
    it into real terms; the imaginary part left must vanish, else the value stays as it is."""
    if not value.has(sympy.polylog, sympy.I) or not value.is_number:
        return value
    def inverted(e: sympy.Expr) -> sympy.Expr:
        z = e.args[1]
        return (sympy.pi**2 / 3 - sympy.log(z)**2 / 2 - sympy.polylog(2, 1 / z)
                - sympy.I * sympy.pi * sympy.log(z))
    written = sympy.expand(value.replace(
        lambda e: isinstance(e, sympy.polylog) and e.args[0] == 2 and e.args[1].is_number
        and e.args[1].is_real and e.args[1] > 1, inverted))
    imaginary = written.coeff(sympy.I)
    size = precise_value(imaginary, {})
    if size is None or abs(size) > 1e-15:
        return value
    real = sympy.expand(written - sympy.I * imaginary)
    return value if real.has(sympy.I) else real


def ftc(F: sympy.Expr, x: sympy.Symbol, lo: sympy.Expr, hi: sympy.Expr,
        ) -> tuple[sympy.Expr, list[Step]]:
    """F(hi) − F(lo), simplified, with the steps that show it."""
    upper, up_step = _endpoint(F, x, hi, "-")
    lower, low_step = _endpoint(F, x, lo, "+")
    exact = _real_dilogarithms(upper - lower)
    if not exact.has(sympy.AccumBounds) and exact not in (sympy.oo, -sympy.oo):
        if exact.is_Float:
            exact = sympy.nsimplify(sympy.simplify(exact))
        else:  # simplify can fold logarithms into ln(16·13^(−ln(729∛3) + …)): keep the shorter
            split = sympy.expand(sympy.expand_log(exact, force=True))  # ln of primes
            # by printed length, and no 18-digit numbers: count_ops misses what one ln(…) hides
            exact = min((sympy.simplify(exact), exact, split), key=lambda e: (
                longest_number(e) > 9 or any(p.exp.has(sympy.log)  # 53^(ln 9)
                                             for p in e.atoms(sympy.Pow)),
                len(str(e))))
    main = Step(rule="ftc", title="Fundamental theorem of calculus: the antiderivative at the "
                                  "upper bound minus its value at the lower bound",
                before=rf"\left[{tex(F)}\right]_{{{tex(lo)}}}^{{{tex(hi)}}}",
                after=rf"{tex(upper)} - \left({tex(lower)}\right) = {tex(exact)}", var=str(x))
    return exact, [s for s in (up_step, low_step) if s is not None] + [main]


def _by_integrator(f, x, lo, hi, seconds) -> sympy.Expr | None:
    try:
        with time_limit(seconds):
            exact = sympy.integrate(f, (x, lo, hi))
    except (StageTimeout, *SYMPY_FAILURES):
        return None
    return None if exact.has(sympy.Integral) else exact


def _usable(exact: sympy.Expr | None) -> bool:
    """An exact value we can report: no unevaluated limit, and real when it is a number."""
    if exact is None or exact.has(sympy.Limit):
        return False
    if exact.free_symbols and exact.has(sympy.oo, -sympy.oo, *_BAD):
        return False  # "infinite unless a parameter has the right sign" is no answer
    if exact.is_number and not exact.has(sympy.AccumBounds) and exact.is_finite is not False:
        return abs(complex(sympy.N(exact)).imag) < 1e-12
    return True


def _divergent(exact: sympy.Expr | None) -> bool:
    return exact is not None and (exact.has(sympy.oo, -sympy.oo, *_BAD, sympy.AccumBounds)
                                  or exact.is_finite is False)


def definite_integral(expr: str | sympy.Expr, var: str = "x", a: object = 0, b: object = 1,
                      *, limits: Limits | None = None,
                      progress: Progress | None = None) -> IntegralResult:
    """∫_a^b expr d var: ``exact`` (or None); ``value`` and ``error`` from scipy's ``quad``.

    Bounds are numbers, text such as "-oo" or "pi/2", or sympy expressions. Improper
    integrals are taken as limits; a divergent one has ``value`` inf (or nan when it
    oscillates) and a note saying so. ``progress`` (optional) hears of each stage as it
    starts: quadrature, the antiderivative chain's stages, the bounds, the integrator.
    """
    limits = limits or Limits()
    original = parse(expr, variables=(var,))
    lo, hi = parse_bound(a), parse_bound(b)
    f, back = realify(to_elementary(original))
    x = next((s for s in back if s.name == var), sympy.Symbol(var, real=True))
    back.setdefault(x, sympy.Symbol(var))
    announce(progress, "quadrature")
    quad = quadrature(f, x, lo, hi)
    anti = antiderivative(original, var, limits=limits, progress=progress, cache=True)
    exact, stage, steps, note = _exact_value(f, x, lo, hi, anti, quad, limits, progress)
    exact = None if exact is None else unrealify(exact, back)
    value, error, note = _numbers(exact, quad, note)
    specials = special_functions(f, exact) if exact is not None else ()
    if specials and math.isfinite(value):
        note += f"; numerically ≈ {value:.10g}"
    diverges = _divergent(exact)
    latex = _latex(integral_latex(original, back[x], lo, hi), exact, value, diverges)
    return IntegralResult(original, var, lo, hi, exact, value, error, latex, steps, stage, note,
                          anti.result, specials or anti.special_functions, diverges)


def _latex(head: str, exact: sympy.Expr | None, value: float, diverges: bool) -> str:
    """The integral with its value; a divergent one says so in words (never NaN)."""
    if diverges:
        if exact in (sympy.oo, -sympy.oo):
            return rf"{head} = {tex(exact)} \text{{ (the integral diverges)}}"
        return rf"{head} \text{{ diverges: it has no value}}"
    if exact is not None:
        return f"{head} = {exact_latex(exact)}"  # with its decimal beside it
    return rf"{head} \approx {value:.10g}" if math.isfinite(value) else head


def _ftc_exact(F, x, lo, hi, seconds: float) -> tuple[sympy.Expr | None, list[Step]]:
    """F(hi) − F(lo) and its steps, or (None, []) when it fails or has no usable value."""
    try:
        with time_limit(seconds):
            exact, steps = ftc(F, x, lo, hi)
    except (StageTimeout, *SYMPY_FAILURES):
        return None, []
    if exact is not None and exact in _INFINITE and not exact.free_symbols:
        return exact, steps  # a verified F that blows up at an end: the integral diverges
    return (exact, steps) if _usable(exact) else (None, [])


_INFINITE = (sympy.oo, -sympy.oo, sympy.nan, sympy.zoo)


def _interior_singularities(f, x, lo, hi, seconds: float) -> list[sympy.Expr]:
    """The points strictly inside (lo, hi) where f is undefined, as far as sympy finds them.

    F(b) − F(a) is only valid when f is integrable all the way across; 1/x² on [−1, 2]
    has an antiderivative, but the area through x = 0 is infinite.
    """
    from sympy.calculus.util import singularities

    if not (lo.is_real and hi.is_real) or f.free_symbols - {x}:
        return []
    try:
        with time_limit(seconds):
            found = singularities(f, x, sympy.Interval.open(lo, hi))
    except (StageTimeout, NotImplementedError, *SYMPY_FAILURES):
        return []
    if not isinstance(found, sympy.FiniteSet):
        return []
    return sorted((p for p in found if p.is_real), key=lambda p: float(p))


def _ftc_across(F, x, lo, hi, points, seconds: float,
                jumps: bool = False) -> tuple[sympy.Expr | None, list[Step]]:
    """F(b) − F(a) taken piece by piece between the interior singular points.

    Each piece uses one-sided limits at a singular end; one infinite piece makes the
    whole integral diverge (opposite infinities do not cancel in an improper integral).
    """
    edges = [lo, *points, hi]
    total, steps, infinite = sympy.Integer(0), [], set()
    for left, right in zip(edges, edges[1:]):
        piece, piece_steps = _ftc_exact(F, x, left, right, seconds)
        if piece is None:
            return None, []
        steps += piece_steps
        if piece in (sympy.oo, -sympy.oo):
            infinite.add(piece)
        elif _divergent(piece):
            return sympy.nan, steps
        else:
            total += piece
    where = ", ".join(f"{x} = {p}" for p in points)
    why = (f"the antiderivative's formula may jump at {where}, where a tan or cot in it is "
           "infinite (f itself is fine there)"
           if jumps else f"f is undefined at {where}, inside the interval")
    split = Step(rule="split", title=f"{why}: split the integral there and take each piece "
                                     "as a limit",
                 before=rf"\int_{{{tex(lo)}}}^{{{tex(hi)}}}", after=", ".join(
                     rf"\int_{{{tex(a)}}}^{{{tex(b)}}}" for a, b in zip(edges, edges[1:])),
                 var=str(x))
    if infinite:
        return (infinite.pop() if len(infinite) == 1 else sympy.nan), [split, *steps]
    return sympy.simplify(total), [split, *steps]


def _assuming_positive(F, x, lo, hi, parameters, seconds: float):
    """(exact, steps, names) with as few parameters as possible assumed positive, or None.

    Limits at ±oo often hinge on a parameter's sign (σ in a bell curve, λ in an
    exponential density); students mean the positive one, and the note says so.
    """
    import itertools

    for size in range(1, min(len(parameters), 3) + 1):
        for chosen in itertools.combinations(parameters, size):
            positive = {p: sympy.Symbol(p.name, positive=True) for p in chosen}
            exact, steps = _ftc_exact(sympy.refine(F.xreplace(positive)), x, lo, hi, seconds)
            if exact is not None:
                back = {v: k for k, v in positive.items()}
                return exact.xreplace(back), steps, ", ".join(p.name for p in chosen)
    return None


def _exact_value(f, x, lo, hi, anti, quad: Quadrature, limits: Limits,
                 progress: Progress | None = None):
    """(exact, stage, steps, note) from the antiderivative, else from sympy's integrator."""
    exact, steps = None, list(anti.steps)
    parameters = sorted(f.free_symbols - {x}, key=str)  # quadrature can't check these
    if anti.result is not None:
        announce(progress, "bounds")
        F = realify(anti.result)[0]
        inside = _interior_singularities(f, x, lo, hi, limits.verify)
        # F may jump where f is fine (arctan(tan(x/2)/√3) at x = π): split there as well
        jumps = [p for p in _interior_singularities(F, x, lo, hi, limits.verify)
                 if p not in inside] if F.has(sympy.tan, sympy.cot) else []
        if inside or jumps:
            exact, ftc_steps = _ftc_across(F, x, lo, hi, sorted(
                inside + jumps, key=float), limits.verify * 2, jumps=bool(jumps) and not inside)
        else:
            exact, ftc_steps = _ftc_exact(F, x, lo, hi, limits.verify * 2)
        if exact is None and parameters:
            found = _assuming_positive(F, x, lo, hi, parameters, limits.verify * 2)
            if found is not None:
                exact, ftc_steps, names = found
                return exact, anti.stage, steps + ftc_steps, f"{anti.note}; assuming {names} > 0"
        steps += ftc_steps
    if exact is not None and not _divergent(exact) and (agree(exact, quad) or parameters):
        return exact, anti.stage, steps, anti.note
    if exact in _INFINITE and anti.verified:
        # F' = f on the open interval and F is unbounded at an end: that is divergence,
        # whatever quadrature (which can cancel +∞ against −∞) makes of it
        return exact, anti.stage, steps, anti.note
    seconds = limits.integrator if anti.stage != "none" else min(limits.integrator, 3.0)
    announce(progress, "definite", seconds)
    second = _by_integrator(f, x, lo, hi, seconds)
    second = second if _usable(second) else None
    if second is not None and (agree(second, quad) or _divergent(second) or not quad.reliable):
        same = exact is not None and (agree(exact, quad) and agree(second, quad)
                                      or exact == second and _divergent(exact)
                                      or not quad.reliable and _same_number(exact, second))
        return second, anti.stage if same else "integrator", steps if same else [], \
            "exact value from the full integrator; the antiderivative alone was not enough"
    if exact is not None and _divergent(exact) and not quad.reliable:
        return exact, anti.stage, steps, anti.note
    if math.isfinite(quad.value):
        # with no antiderivative, its note says why (no elementary one exists, and why)
        why = f"; {anti.note}" if anti.result is None and anti.note else ""
        return None, "numeric", [], ("no exact value: the number comes from numerical "
                                     f"integration{why}")
    return None, "none", [], f"no exact value, and numerical integration failed ({quad.message})"


def _same_number(a: sympy.Expr, b: sympy.Expr) -> bool:
    """Whether two exact values are the same finite real number (to 15 digits)."""
    if not (a.is_number and b.is_number) or _divergent(a) or _divergent(b):
        return False
    try:
        return abs(complex(sympy.N(a - b, 20))) <= 1e-15 * max(1.0, abs(complex(sympy.N(a))))
    except (TypeError, ValueError):
        return False


def _numbers(exact, quad: Quadrature, note: str) -> tuple[float, float, str]:
    """The value and error to report; divergent integrals say so."""
    if exact is None:
        return quad.value, quad.error, note
    if _divergent(exact):
        if exact in (sympy.oo, -sympy.oo):
            return float(exact), math.inf, "the integral diverges: the area is infinite"
        if exact.has(sympy.AccumBounds):
            return math.nan, math.nan, ("the integral diverges (it does not converge): the "
                                        "antiderivative keeps oscillating at an infinite end, "
                                        "so it has no limit there")
        return math.nan, math.nan, ("the integral diverges (it does not converge): the area "
                                    "is infinite on both sides of a point, +∞ on one and −∞ "
                                    "on the other, and an improper integral does not let them "
                                    "cancel")
    number = float(sympy.re(sympy.N(exact, 20))) if exact.is_number else quad.value
    if not quad.reliable and math.isfinite(number) and exact.is_number:
        # quadrature struggled (a singular end, slow decay): report its distance from exact
        return number, abs(number - quad.value) if math.isfinite(quad.value) else math.nan, note
    return (number if exact.is_number else quad.value), quad.error, note
