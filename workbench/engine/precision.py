"""Numbers to the last digit of a double: exact sympy numbers worked out at 30+ digits
and rounded once (``real_value``), with a check that the digits have settled
(``settled``), and float input read as the exact decimal it was typed as
(``exact_number``). Shared by the derivative tools, several variables, optimizers,
backprop and densities.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import sympy

from workbench.engine.functions import to_elementary

#: Digits a number is worked out to before it is rounded to a float: well past the 17 a
#: double holds, so the float is the correctly rounded value (evalf raises its working
#: precision by itself where terms cancel).
DIGITS = 30
DEEP = 340  # digits for a value that vanished at DIGITS (a double reaches down to 1e-324)
#: evalf's limit on the working precision it may raise to while terms cancel (its default,
#: 100 digits, leaves σ(1406)·(1 − σ(1406)) wrong in every digit)
MAXN = 1000


def settled(evaluate: Callable[[int], sympy.Expr]) -> sympy.Expr:
    """A number from ``evaluate(digits)`` that two working precisions agree on.

    sympy's evalf misjudges some cancellations: log(1 + x⁴) at x = 3e-7 comes out with 3
    right digits at 30 (and 0 for log(1 + e^-700)). So the value is worked out at
    :data:`DIGITS` and twice that; if they disagree past 1e-25 (relative), once more at
    :data:`DEEP` digits, deep enough to reach a double's smallest numbers.
    """
    first, second = evaluate(DIGITS), evaluate(2 * DIGITS)
    try:
        gap = abs(complex(first) - complex(second))
        scale = abs(complex(second))
    except (TypeError, ValueError, OverflowError):  # beyond a double: e^3750
        return second
    if gap <= 1e-25 * scale and scale > 0:
        return second
    return evaluate(DEEP)  # disagreement, or 0 both times (log(1 + e^-700) is not 0)


def real_value(expr: sympy.Expr) -> float:
    """A numeric sympy expression as the nearest float; NaN where it is undefined or not real.

    Worked out to 30+ digits (see :func:`settled`), not at float precision:
    ``sympy.N(expr)`` alone gives 15 digits, which can round to a neighbour of the double.
    """
    expr = to_elementary(expr)  # sigmoid/softplus as exp and log, which evalf refines
    try:
        value = expr if expr.is_Float else settled(
            lambda digits: sympy.N(expr, digits, maxn=MAXN))
    except (TypeError, ValueError, ArithmeticError):
        return math.nan
    if value.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
        return math.nan if value.has(sympy.zoo, sympy.nan) else float(value)
    real, imag = value.as_real_imag()
    try:
        # an imaginary part at the level of the working precision is rounding noise
        if imag != 0 and abs(float(imag)) > 1e-25 * max(1.0, abs(float(real))):
            return math.nan
        return float(real)
    except OverflowError:  # past the largest double, as a float computation overflows
        return math.copysign(math.inf, float(sympy.sign(real)))
    except (TypeError, ValueError):
        return math.nan


def exact_number(value: Any) -> Any:
    """A float coordinate as the exact decimal a student typed (0.1 -> 1/10); other input as is.

    Substituting a 15-digit ``sympy.Float`` would make sympy evaluate every function at
    float precision on the spot, losing digits before the value is worked out.
    """
    if isinstance(value, sympy.Float):
        value = float(value)
    if isinstance(value, float) and math.isfinite(value):
        return sympy.Rational(repr(value))
    return value
