"""Recognise a named density (normal, logistic, Laplace, ...) in what a student typed.

Each family is found from the shape of its score function s(x) = d/dx ln f(x): constant
for the exponential, linear for the normal, (k − 1)/x − β for the gamma, and so on. That
fixes the parameters; the match then stands only if f divided by the family's pdf is a
constant c, checked at several points with random parameter values. That constant is
the total area: c = 1 for a density, otherwise the student's f is c times a density.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable

import sympy

from workbench.engine import named_densities as nd
from workbench.engine.density_integrals import split_at_jumps
from workbench.engine.functions import to_elementary
from workbench.engine.series_problem import bounded_call

Fit = Callable[[sympy.Expr, sympy.Symbol, sympy.Expr, sympy.Expr], "nd.Family | None"]


def recognise(pdf: sympy.Expr, x: sympy.Symbol, lo: sympy.Expr,
              hi: sympy.Expr) -> tuple[nd.Family, sympy.Expr] | None:
    """(family, total area) when ``pdf`` on [lo, hi] is a constant times a named density."""
    if lo.free_symbols or hi.free_symbols:
        return None
    pieces = split_at_jumps(to_elementary(pdf), x, lo, hi)
    if len(pieces) != 1:
        return None
    left, right, f = pieces[0]
    score = None
    # the shapes that need no score first: simplifying the score is the slow part
    for fit in (_uniform, _cauchy, _laplace, _logistic, _exponential, _gamma, _beta, _normal):
        if score is None and fit in (_exponential, _gamma, _beta, _normal):
            score = bounded_call(_score, f, x, seconds=2.0)
        family = bounded_call(fit, f, x, left, right, score, seconds=3.0)
        if family is not None:
            scale = _scale(f, family)
            if scale is not None:
                return family, scale
    return None


def _score(f: sympy.Expr, x: sympy.Symbol) -> sympy.Expr:
    return sympy.simplify(sympy.diff(sympy.expand_log(sympy.log(f), force=True), x))


def _linear(expr: sympy.Expr | None, x: sympy.Symbol) -> tuple[sympy.Expr, sympy.Expr] | None:
    """(c0, c1) when expr = c0 + c1·x, else None."""
    if expr is None:
        return None
    expr = sympy.expand(expr)
    if not expr.is_polynomial(x) or sympy.degree(expr, x) > 1:
        return None
    return expr.coeff(x, 0), expr.coeff(x, 1)


def _positive(*values: sympy.Expr) -> bool:
    return all(v.is_positive is not False and not v.has(sympy.I) for v in values)


def _uniform(f, x, lo, hi, score) -> nd.Family | None:
    if f.has(x) or not (lo.is_finite and hi.is_finite):
        return None
    return nd.uniform(x, lo, hi)


def _exponential(f, x, lo, hi, score) -> nd.Family | None:
    if lo != 0 or hi != sympy.oo or score is None or score.has(x) or not _positive(-score):
        return None
    return nd.exponential(x, sympy.simplify(-score))


def _gamma(f, x, lo, hi, score) -> nd.Family | None:
    if lo != 0 or hi != sympy.oo or score is None:
        return None
    line = _linear(sympy.simplify(score * x), x)
    if line is None or not _positive(line[0] + 1, -line[1]):
        return None
    return nd.gamma(x, sympy.simplify(line[0] + 1), sympy.simplify(-line[1]))


def _beta(f, x, lo, hi, score) -> nd.Family | None:
    if lo != 0 or hi != 1 or score is None:
        return None
    line = _linear(sympy.simplify(score * x * (1 - x)), x)
    if line is None:
        return None
    a, b = sympy.simplify(line[0] + 1), sympy.simplify(1 - line[0] - line[1])
    return nd.beta(x, a, b) if _positive(a, b) else None


def _normal(f, x, lo, hi, score) -> nd.Family | None:
    if lo != -sympy.oo or hi != sympy.oo or score is None:
        return None
    line = _linear(score, x)
    if line is None or not _positive(-line[1]):
        return None
    mu, variance = sympy.simplify(-line[0] / line[1]), sympy.simplify(-1 / line[1])
    return nd.normal(x, mu, sympy.sqrt(variance))


def _cauchy(f, x, lo, hi, score) -> nd.Family | None:
    if lo != -sympy.oo or hi != sympy.oo or not f.is_rational_function(x):
        return None
    inverse = sympy.expand(sympy.cancel(1 / f))
    if not inverse.is_polynomial(x) or sympy.degree(inverse, x) != 2:
        return None
    a, b, c = (inverse.coeff(x, j) for j in (2, 1, 0))
    x0 = sympy.simplify(-b / (2 * a))
    width2 = sympy.simplify(c / a - x0 ** 2)
    return nd.cauchy(x, x0, sympy.sqrt(width2)) if _positive(a, width2) else None


def _laplace(f, x, lo, hi, score) -> nd.Family | None:
    if lo != -sympy.oo or hi != sympy.oo:
        return None
    bars = [a for a in f.atoms(sympy.Abs) if a.has(x)]
    if len(bars) != 1 or _linear(bars[0].args[0], x) is None:
        return None
    inner = bars[0].args[0]
    c0, c1 = _linear(inner, x)  # type: ignore[misc]
    right = f.xreplace({bars[0]: inner if _positive(c1) else -inner})
    slope = _score(right, x)
    if slope.has(x) or not _positive(-slope):
        return None
    return nd.laplace(x, sympy.simplify(-c0 / c1), sympy.simplify(-1 / slope))


def _logistic(f, x, lo, hi, score) -> nd.Family | None:
    """The centre and scale come from an exponential e^{±(x − μ)/s} inside f."""
    if lo != -sympy.oo or hi != sympy.oo or f.has(sympy.Abs):
        return None
    for power in f.atoms(sympy.exp):
        line = _linear(power.args[0], x)
        if line is None or line[1] == 0:
            continue
        c0, c1 = line
        family = nd.logistic(x, sympy.simplify(-c0 / c1), sympy.simplify(sympy.Abs(1 / c1)))
        if _scale(f, family) is not None:
            return family
    return None


def _scale(f: sympy.Expr, family: nd.Family) -> sympy.Expr | None:
    """The constant c with f = c·(the family's pdf), or None when the ratio varies with x."""
    x = family.x
    ratio = sympy.simplify(sympy.powsimp(f / family.pdf, force=True))
    if ratio.has(x):
        ratio = ratio.subs(x, _inside(family))
        if not _constant_ratio(f, family, ratio):
            return None
    return sympy.simplify(ratio)


def _inside(family: nd.Family) -> sympy.Expr:
    if family.lo.is_finite and family.hi.is_finite:
        return (family.lo + family.hi) / 2
    return family.lo + 1 if family.lo.is_finite else sympy.Integer(0)


def _constant_ratio(f: sympy.Expr, family: nd.Family, ratio: sympy.Expr) -> bool:
    """f = ratio·pdf at a few points, with each letter given a random positive value."""
    rng = random.Random(7)
    x = family.x
    for _ in range(3):
        letters = (f.free_symbols | ratio.free_symbols) - {x}
        values = {s: sympy.Rational(rng.randint(11, 29), 10) for s in letters}
        for point in _probes(family, values):
            a = complex(sympy.N(f.xreplace(values).subs(x, point), 20))
            b = complex(sympy.N((ratio * family.pdf).xreplace(values).subs(x, point), 20))
            same = math.isclose(a.real, b.real, rel_tol=1e-9, abs_tol=1e-300)
            if not same or abs(a.imag) > 1e-12:
                return False
    return True


def _probes(family: nd.Family, values: dict) -> list[sympy.Expr]:
    lo = family.lo.xreplace(values)
    hi = family.hi.xreplace(values)
    if lo.is_finite and hi.is_finite:
        return [lo + (hi - lo) * sympy.Rational(j, 7) for j in (1, 3, 6)]
    base = lo if lo.is_finite else sympy.Integer(0)
    return [base + sympy.Rational(j, 3) for j in (1, 4, 7)] + ([] if lo.is_finite else [-2])
