"""Rules for sums and products: sum, constant multiple, product, quotient, base-b logs.

A product is read the way a student reads it: constant factors are pulled out first
(constant multiple rule), a product with a non-constant denominator *and* numerator is
a quotient, anything else with several varying factors is the (n-ary) product rule.
sympy writes log_b(u) as log(u)/log(b); that pattern is recognised here and named.
"""

from __future__ import annotations

import sympy

from workbench.engine.differentiation.node import RuleNode, chain, diff_rule, register


@register(sympy.Add)
def sum_rule(expr: sympy.Expr, var: sympy.Symbol) -> RuleNode:
    """(f + g)' = f' + g'."""
    subs = tuple(diff_rule(term, var) for term in expr.args)
    return RuleNode("sum", expr, var, sympy.Add(*(s.result for s in subs)), subs)


@register(sympy.Mul)
def mul_rule(expr: sympy.Expr, var: sympy.Symbol) -> RuleNode:
    """Constant multiple, base-b logarithm, quotient or product, whichever applies."""
    const = [f for f in expr.args if not f.has(var)]
    varying = [f for f in expr.args if f.has(var)]
    base = _log_base(const, varying)
    if base is not None:
        # c · log(u)/log(b): the constant is c, the rest is log_b(u), one rule of its own
        coeff = sympy.Mul(*const) * sympy.log(base)
        sub = base_log_rule(varying[0] / sympy.log(base), var, base)
        if coeff == 1:
            return sub
        return RuleNode("constant_multiple", expr, var, coeff * sub.result, (sub,),
                        {"coefficient": coeff})
    if const:
        coeff = sympy.Mul(*const)
        sub = diff_rule(sympy.Mul(*varying), var)
        return RuleNode("constant_multiple", expr, var, coeff * sub.result, (sub,),
                        {"coefficient": coeff})
    numer = [f for f in varying if not _is_denominator(f, var)]
    denom = [1 / f for f in varying if _is_denominator(f, var)]
    if numer and denom:
        return quotient_rule(expr, var, sympy.Mul(*numer), sympy.Mul(*denom))
    return product_rule(expr, var, varying)


def _is_denominator(factor: sympy.Expr, var: sympy.Symbol) -> bool:
    """A power with a negative constant exponent, such as (x+1)^-2 or x^(-1/2)."""
    return bool(factor.is_Pow and not factor.exp.has(var)
                and factor.exp.could_extract_minus_sign())


def _log_base(const: list[sympy.Expr], varying: list[sympy.Expr]) -> sympy.Expr | None:
    """b when the product is c · log(u) / log(b) (sympy's spelling of log_b u)."""
    if len(varying) != 1 or not isinstance(varying[0], sympy.log):
        return None
    for factor in const:
        if factor.is_Pow and factor.exp == -1 and isinstance(factor.base, sympy.log):
            return factor.base.args[0]
    return None


def base_log_rule(expr: sympy.Expr, var: sympy.Symbol, base: sympy.Expr) -> RuleNode:
    """d/dx log_b(x) = 1 / (x ln b); for log_b(u) the chain rule wraps it."""
    arg = next(f for f in sympy.Mul.make_args(expr) if isinstance(f, sympy.log)).args[0]
    if arg != var:
        return chain(expr, var, lambda u: sympy.log(u) / sympy.log(base), arg)
    result = 1 / (var * sympy.log(base))
    return RuleNode("log", expr, var, result, info={"name": "log_b", "base": base})


def quotient_rule(expr: sympy.Expr, var: sympy.Symbol, numer: sympy.Expr,
                  denom: sympy.Expr) -> RuleNode:
    """(f/g)' = (f'g - fg') / g²."""
    top, bottom = diff_rule(numer, var), diff_rule(denom, var)
    result = (top.result * denom - numer * bottom.result) / denom**2
    return RuleNode("quotient", expr, var, result, (top, bottom),
                    {"numerator": numer, "denominator": denom})


def product_rule(expr: sympy.Expr, var: sympy.Symbol, factors: list[sympy.Expr]) -> RuleNode:
    """(f₁f₂…fₙ)' = Σᵢ fᵢ' · Πⱼ≠ᵢ fⱼ: differentiate one factor at a time."""
    subs = tuple(diff_rule(f, var) for f in factors)
    terms = []
    for i, sub in enumerate(subs):
        others = sympy.Mul(*(f for j, f in enumerate(factors) if j != i))
        terms.append(sub.result * others)
    return RuleNode("product", expr, var, sympy.Add(*terms), subs, {"factors": tuple(factors)})
