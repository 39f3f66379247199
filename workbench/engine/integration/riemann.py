"""``riemann_sum``: left, right, midpoint, trapezoid and Simpson sums, vectorised with numpy."""

from __future__ import annotations

import math

import numpy as np
import sympy

from workbench.engine.functions import to_elementary
from workbench.engine.integration.common import SYMPY_FAILURES, tex, words
from workbench.engine.integration.numeric import numeric_function
from workbench.engine.integration.results import RiemannSum
from workbench.engine.parsing import parse, parse_bound
from workbench.protocol.steps import Step
from workbench.engine.symbols import realify, unrealify
from workbench.engine.timebox import StageTimeout, time_limit

RULES = ("left", "right", "midpoint", "trapezoid", "simpson")

_SAMPLE = {
    "left": ("the left end of each piece", r"a + (i-1)\,\Delta x"),
    "right": ("the right end of each piece", r"a + i\,\Delta x"),
    "midpoint": ("the middle of each piece", r"a + (i - \tfrac{1}{2})\,\Delta x"),
}


def _heights(f, xs: np.ndarray, rule: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(left edges, right edges, heights) of the rectangles (panels for Simpson)."""
    if rule == "simpson":
        x0, x1 = xs[:-2:2], xs[2::2]
        return x0, x1, (f(x0) + 4 * f((x0 + x1) / 2) + f(x1)) / 6
    x0, x1 = xs[:-1], xs[1:]
    if rule == "left":
        return x0, x1, f(x0)
    if rule == "right":
        return x0, x1, f(x1)
    if rule == "midpoint":
        return x0, x1, f((x0 + x1) / 2)
    return x0, x1, (f(x0) + f(x1)) / 2


def _check(rule: str, n: int, lo: sympy.Expr, hi: sympy.Expr) -> None:
    if rule not in RULES:
        raise ValueError(f"Unknown rule {rule!r}: use one of {', '.join(RULES)}")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"The number of pieces must be a whole number of at least 1, not {n!r}")
    if rule == "simpson" and n % 2:
        raise ValueError(f"Simpson's rule pairs up the pieces, so it needs an even number "
                         f"of them; {n} is odd")
    if not (lo.is_finite and hi.is_finite):
        raise ValueError("A Riemann sum needs finite bounds")


def _cheap_exact(f, x, lo, hi) -> sympy.Expr | None:
    try:
        with time_limit(1.0):
            exact = sympy.integrate(f, (x, lo, hi))
    except (StageTimeout, *SYMPY_FAILURES):
        return None
    if exact.has(sympy.Integral) or not exact.is_finite or exact.has(sympy.Limit):
        return None
    return exact


def riemann_sum(expr: str | sympy.Expr, var: str = "x", a: object = 0, b: object = 1,
                n: int = 10, rule: str = "midpoint") -> RiemannSum:
    """A Riemann sum of ``expr`` over [a, b] with ``n`` equal pieces.

    ``rule`` is ``left``, ``right``, ``midpoint``, ``trapezoid`` or ``simpson`` (even
    ``n`` only). ``rectangles`` are ``(x0, x1, height)``: see :class:`RiemannSum` for
    what the height means for trapezoid and Simpson. ``exact`` is the integral when
    sympy finds it within a second, else None.
    """
    original = parse(expr, variables=(var,))
    lo, hi = parse_bound(a), parse_bound(b)
    _check(rule, n, lo, hi)
    f, back = realify(to_elementary(original))
    x = next((s for s in back if s.name == var), sympy.Symbol(var, real=True))
    if f.free_symbols - {x}:
        raise ValueError("A Riemann sum needs a function of one variable only")
    func = numeric_function(f, x)
    xs = np.linspace(float(lo), float(hi), int(n) + 1)
    x0, x1, heights = _heights(func, xs, rule)
    # a pole is not a height: mark it undefined, as the window's own evaluator does
    heights = np.where(np.isfinite(heights), heights, np.nan)
    value = float(np.sum(heights * (x1 - x0)))
    rectangles = [(float(p), float(q), float(h)) for p, q, h in zip(x0, x1, heights)]
    exact = _cheap_exact(f, x, lo, hi)
    exact = None if exact is None else unrealify(exact, back)
    steps = _steps(original, var, lo, hi, int(n), rule, value, exact)
    latex = rf"{_sum_latex(rule, int(n))} \approx {value:.10g}"
    return RiemannSum(original, var, float(lo), float(hi), int(n), rule, value, rectangles,
                      exact, latex, steps)


def _sum_latex(rule: str, n: int) -> str:
    if rule == "trapezoid":
        return rf"\sum_{{i=1}}^{{{n}}} \frac{{f(x_{{i-1}}) + f(x_i)}}{{2}}\,\Delta x"
    if rule == "simpson":
        return (rf"\frac{{\Delta x}}{{3}}\left(f(x_0) + 4f(x_1) + 2f(x_2) + \cdots + "
                rf"4f(x_{{{n - 1}}}) + f(x_{{{n}}})\right)")
    return rf"\sum_{{i=1}}^{{{n}}} f(x_i^*)\,\Delta x"


def _steps(expr, var, lo, hi, n, rule, value, exact) -> list[Step]:
    width = (hi - lo) / n
    split = Step(rule="partition", title=f"Cut [{words(lo)}, {words(hi)}] into {n} "
                                         "pieces of equal width",
                 before=rf"\Delta x = \frac{{{tex(hi)} - ({tex(lo)})}}{{{n}}}",
                 after=tex(sympy.nsimplify(width)), var=var)
    if rule in _SAMPLE:
        where, point = _SAMPLE[rule]
        title = f"Each rectangle is as tall as the function at {where}: add their areas"
        before = rf"x_i^* = {point}"
    elif rule == "trapezoid":
        title = ("Join the function's values at the ends of each piece by a straight line: "
                 "add the trapezoids")
        before = r"\text{area}_i = \frac{f(x_{i-1}) + f(x_i)}{2}\,\Delta x"
    else:
        title = ("Fit a parabola through each pair of pieces (Simpson's rule): "
                 "add the areas under them")
        before = (r"\text{panel}_i = \frac{\Delta x}{3}"
                  r"\left(f(x_{2i}) + 4f(x_{2i+1}) + f(x_{2i+2})\right)")
    steps = [split, Step(rule=f"riemann_{rule}", title=title, before=before,
                         after=rf"{_sum_latex(rule, n)} \approx {value:.10g}", var=var)]
    if exact is not None:
        gap = value - float(exact)
        steps.append(Step(rule="compare", title="Compare with the exact integral: the gap "
                                                "shrinks as the pieces get thinner",
                          before=(rf"\int_{{{tex(lo)}}}^{{{tex(hi)}}} {tex(expr)}\,d{var} = "
                                  rf"{tex(exact)}"),
                          after=rf"\text{{error}} \approx {gap:.3g}" if math.isfinite(gap) else "",
                          var=var))
    return steps
