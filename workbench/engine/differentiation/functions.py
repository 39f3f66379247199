"""Rules for applied functions: exp, ln, the trig and hyperbolic families and their
inverses, the ML functions (sigmoid, softplus, ReLU), |u|, and sympy as a last resort.

Each known function has a derivative formula in u; when the argument is not the
variable itself the chain rule wraps the formula (outer f(u), inner u(x)).
"""

from __future__ import annotations

from collections.abc import Callable

import sympy
from sympy import Abs, Heaviside, S, cosh, coth, csc, csch, exp, log, sec, sech, sinh, sqrt
from sympy import cos, cot, sin, sign, tan, tanh

from workbench.engine.differentiation.node import (
    RuleNode, chain, register, register_fallback)
from workbench.engine.functions import relu, sigmoid, softplus
from workbench.engine.symbols import realify, unrealify

Formula = Callable[[sympy.Expr], sympy.Expr]

# function class -> (rule name, f'(u)); written in the forms students learn
FORMULAS: dict[type, tuple[str, Formula]] = {
    exp: ("exp", exp),
    log: ("log", lambda u: 1 / u),
    sin: ("trig", cos),
    cos: ("trig", lambda u: -sin(u)),
    tan: ("trig", lambda u: sec(u)**2),
    cot: ("trig", lambda u: -csc(u)**2),
    sec: ("trig", lambda u: sec(u) * tan(u)),
    csc: ("trig", lambda u: -csc(u) * cot(u)),
    sympy.asin: ("inverse_trig", lambda u: 1 / sqrt(1 - u**2)),
    sympy.acos: ("inverse_trig", lambda u: -1 / sqrt(1 - u**2)),
    sympy.atan: ("inverse_trig", lambda u: 1 / (1 + u**2)),
    sympy.acot: ("inverse_trig", lambda u: -1 / (1 + u**2)),
    sympy.asec: ("inverse_trig", lambda u: 1 / (Abs(u) * sqrt(u**2 - 1))),
    sympy.acsc: ("inverse_trig", lambda u: -1 / (Abs(u) * sqrt(u**2 - 1))),
    sinh: ("hyperbolic", cosh),
    cosh: ("hyperbolic", sinh),
    tanh: ("hyperbolic", lambda u: 1 - tanh(u)**2),
    coth: ("hyperbolic", lambda u: 1 - coth(u)**2),
    sech: ("hyperbolic", lambda u: -sech(u) * tanh(u)),
    csch: ("hyperbolic", lambda u: -csch(u) * coth(u)),
    sympy.asinh: ("hyperbolic", lambda u: 1 / sqrt(u**2 + 1)),
    sympy.acosh: ("hyperbolic", lambda u: 1 / sqrt(u**2 - 1)),
    sympy.atanh: ("hyperbolic", lambda u: 1 / (1 - u**2)),
    sympy.acoth: ("hyperbolic", lambda u: 1 / (1 - u**2)),
    sympy.asech: ("hyperbolic", lambda u: -1 / (u * sqrt(1 - u**2))),
    sympy.acsch: ("hyperbolic", lambda u: -1 / (Abs(u) * sqrt(1 + u**2))),
    sigmoid: ("sigmoid", lambda u: sigmoid(u) * (1 - sigmoid(u))),
    softplus: ("softplus", sigmoid),
    relu: ("relu", Heaviside),
    Abs: ("abs", sign),
}

# Functions that are flat between their jumps: derivative 0 wherever it exists.
_STEP_FUNCTIONS = (sympy.floor, sympy.ceiling)


@register(*FORMULAS)
def function_rule(expr: sympy.Expr, var: sympy.Symbol) -> RuleNode:
    """d/dx f(x) from the formula table; the chain rule when the argument is not x."""
    arg = expr.args[0]
    if arg != var:
        return chain(expr, var, expr.func, arg)
    rule, formula = FORMULAS[expr.func]
    return RuleNode(rule, expr, var, formula(var), info={"name": _name(expr.func)})


@register(sympy.Function)
def other_function_rule(expr: sympy.Expr, var: sympy.Symbol) -> RuleNode:
    """A function outside the table (floor, sign, erf ...): chain rule around sympy."""
    if len(expr.args) == 1 and expr.args[0] != var:
        return chain(expr, var, expr.func, expr.args[0])
    return sympy_rule(expr, var)


@register_fallback
def sympy_rule(expr: sympy.Expr, var: sympy.Symbol) -> RuleNode:
    """No rule of ours applies: ask sympy (over the reals, as students work)."""
    real_expr, back = realify(expr)
    real_var = next((r for r, plain in back.items() if plain == var), var)
    result = sympy.diff(real_expr, real_var)
    # floor/ceil are flat between integer jumps; sympy leaves their derivative unevaluated
    result = result.replace(
        lambda e: isinstance(e, sympy.Derivative) and isinstance(e.expr, _STEP_FUNCTIONS),
        lambda e: S.Zero)
    name = _name(expr.func) if isinstance(expr, sympy.Function) else None
    return RuleNode("sympy", expr, var, unrealify(result, back), info={"name": name})


def _name(func: type) -> str:
    """The name students know a function by (ln for log, abs for Abs)."""
    return {"log": "ln", "Abs": "abs", "ceiling": "ceil"}.get(func.__name__, func.__name__)
