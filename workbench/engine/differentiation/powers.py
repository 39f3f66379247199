"""Rules for powers: x^n (power rule), a^x (exponential rule), f(x)^g(x) (logarithmic
differentiation), and the chain rule whenever the base or exponent is not x itself."""

from __future__ import annotations

import sympy

from workbench.engine.differentiation.node import RuleNode, chain, diff_rule, register


@register(sympy.Pow)
def pow_rule(expr: sympy.Expr, var: sympy.Symbol) -> RuleNode:
    """Pick the power, exponential or logarithmic-differentiation rule."""
    base, exp = expr.base, expr.exp
    if not exp.has(var):
        if base != var:
            return chain(expr, var, lambda u: u**exp, base)
        return RuleNode("power", expr, var, exp * var**(exp - 1), info={"exponent": exp})
    if not base.has(var):
        if exp != var:
            return chain(expr, var, lambda u: base**u, exp)
        return RuleNode("exp", expr, var, expr * sympy.log(base), info={"base": base})
    return log_differentiation(expr, var)


def log_differentiation(expr: sympy.Expr, var: sympy.Symbol) -> RuleNode:
    """y = f^g: ln y = g ln f, so y'/y = (g ln f)' and y' = f^g · (g ln f)'."""
    base, exp = expr.base, expr.exp
    logged = exp * sympy.log(base)
    sub = diff_rule(logged, var)
    return RuleNode("log_differentiation", expr, var, expr * sub.result, (sub,),
                    {"base": base, "exponent": exp, "logged": logged})
