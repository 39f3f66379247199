"""Multiplying out: products of polynomials, and whole powers of sums of functions.

The step engine tries every alternative technique on a product before it multiplies
out: on (3x + 2)(4x + 7)(9x² + 12x + 4)³ or (3 sin x + 2)² that search takes a second
or more, while the multiplied-out sum is a list of table integrals. A textbook does
the same: substitute when the derivative of an inner polynomial is a factor, else
multiply out.
"""

from __future__ import annotations

import sympy

from workbench.engine.integration.common import step_for
from workbench.engine.integration.prepare import inner_substitution, wrap
from workbench.engine.integration.rewrite_base import (
    Rewritten, Solved, Solver, is_linear, solved_rewrite)

_MAX_POWER = 8  # beyond this the multiplied-out sum is long; reduction formulas do better


def power_rule(f: sympy.Expr, x: sympy.Symbol) -> Solved:
    """A polynomial, integrated term by term by the power rule."""
    result = sympy.integrate(sympy.expand(f), x)
    return [step_for("power", "The power rule term by term", f, x, result)], result


def polynomial_product(f: sympy.Expr, x: sympy.Symbol) -> Solved | None:
    """A product or power of polynomials: substitute an inner polynomial whose derivative
    is a factor ((10x + 3)(5x² + 3x)¹³ with u = 5x² + 3x), else multiply out and use the
    power rule. None for what the step engine does at once: a sum of terms, c·(ax + b)ⁿ."""
    if not (f.is_Mul or f.is_Pow) or not f.is_polynomial(x):
        return None
    rest = f.as_independent(x, as_Add=False)[1]
    if rest.is_Pow and is_linear(rest.base, x) or is_linear(rest, x) or rest.is_Pow \
            and rest.base == x:
        return None
    prepared = inner_substitution(f, x)
    if prepared is not None and prepared.var != x and \
            prepared.integrand.is_polynomial(prepared.var):
        return wrap(f, x, prepared, power_rule(prepared.integrand, prepared.var))
    expanded = sympy.expand(f)
    inner = power_rule(expanded, x)
    step = step_for("expand", "Multiply out the product, then integrate term by term", f, x,
                    inner[1], inner[0])
    return [step], inner[1]


def expanded_power(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """c·(sum of functions)ⁿ for a whole n from 2 to 8, such as (3 sin x + 2)²: multiply
    out, then each term is a power of one function (the step engine's search over the
    power itself takes seconds)."""
    coeff, rest = f.as_independent(x, as_Add=False)
    if not (rest.is_Pow and rest.exp.is_Integer and 2 <= rest.exp <= _MAX_POWER
            and rest.base.is_Add) or rest.is_polynomial(x):
        return None
    shown = sympy.expand(coeff * rest)
    if not shown.is_Add:
        return None
    return solved_rewrite("expand", "Multiply out the power, then integrate term by term", f,
                          x, shown, solve)
