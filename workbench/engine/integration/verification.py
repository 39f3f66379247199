"""Checking an antiderivative: does d(result)/dx give back the integrand?

Three answers, because they lead to different actions: True (it does, symbolically or
at every random point tried), False (a point was found where it does not: the answer
is wrong there and must not be shown as an antiderivative), None (undecided: too few
usable points and no quick symbolic proof).
"""

from __future__ import annotations

import sympy

from workbench.engine.integration.agreement import derivative_agreement, numeric_agreement
from workbench.engine.integration.common import SYMPY_FAILURES
from workbench.engine.timebox import StageTimeout, time_limit


def _unsigned(factor: sympy.Expr) -> sympy.Expr:
    base, power = factor.as_base_exp()
    return base.args[0] ** power if isinstance(base, sympy.Abs) else factor


def _without_abs_in_logs(expr: sympy.Expr) -> sympy.Expr:
    # ln|u| and ln u have the same derivative u'/u wherever they are defined, and the
    # latter differentiates without sign(u) factors that simplify struggles with; so do
    # ln(c·|u|ᵏ) and ln(c·uᵏ), a product's logarithm being the sum of its factors'
    return expr.replace(
        lambda e: isinstance(e, sympy.log) and e.args[0].has(sympy.Abs),
        lambda e: sympy.log(sympy.Mul(*map(_unsigned, sympy.Mul.make_args(e.args[0])))))


def _symbolic_zero(difference: sympy.Expr, seconds: float, thorough: bool) -> bool:
    try:
        with time_limit(seconds):
            if difference == 0 or sympy.cancel(sympy.together(difference)) == 0:
                return True
            return thorough and sympy.simplify(difference) == 0
    except (StageTimeout, *SYMPY_FAILURES):
        return False


_MAX_OPS = 4000  # beyond this size an expression's evaluation at 32 points is not cheap


def _small(expr: sympy.Expr) -> bool:
    return sympy.count_ops(expr) <= _MAX_OPS


def check(f: sympy.Expr, result: sympy.Expr, x: sympy.Symbol,
          seconds: float = 2.0) -> bool | None:
    """Whether d(result)/dx equals ``f`` (True), provably not (False), or undecided (None).

    First, a central difference of the compiled ``result`` is compared with ``f`` at random
    real points: that confirms most answers without differentiating them symbolically,
    which is slow. Otherwise d(result)/dx and ``f`` are compared at random real points:
    compiled, that takes hundredths of a second, where ``cancel`` spends tenths failing on
    most differences (and on rational functions with irrational coefficients). A quick
    symbolic proof still overrules a point where they differ, and only when too few points
    are usable does a full ``simplify`` decide.
    """
    try:
        if _small(result) and derivative_agreement(result, f, x) is True:
            return True
    except SYMPY_FAILURES:
        pass
    try:
        # sign(x)′ = 2δ(x) is zero wherever the comparison can look
        derivative = sympy.diff(_without_abs_in_logs(result), x).replace(
            lambda e: isinstance(e, sympy.DiracDelta), lambda e: sympy.S.Zero)
        difference = derivative - f
    except SYMPY_FAILURES:
        return None
    if difference == 0:
        return True
    # bounded work rather than a time limit (at most 32 evaluations of each side), so that
    # the verdict does not depend on how busy the machine is
    try:
        same = numeric_agreement(derivative, f, x) if _small(derivative) else None
    except SYMPY_FAILURES:
        same = None
    if same is True:
        return True
    # refuted at a point, or undecided: a symbolic proof still wins (a quick one first)
    if _symbolic_zero(difference, seconds / 4, thorough=False):
        return True
    if same is False:
        return False
    return True if _symbolic_zero(difference, seconds, thorough=True) else None


def verify(f: sympy.Expr, result: sympy.Expr, x: sympy.Symbol, seconds: float = 2.0) -> bool:
    """Whether d(result)/dx equals ``f``: symbolically when that is quick, else at random points.
    """
    return check(f, result, x, seconds) is True



