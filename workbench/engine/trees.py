"""``to_tree``: a sympy expression -> the plain tree the window evaluates with numpy.

The worker sends these trees instead of sympy objects or generated code, so the
window can sample curves itself without importing sympy and without running code.
"""

from __future__ import annotations

import sympy

from workbench.engine.functions import relu, sigmoid, softplus
from workbench.protocol.syntax.tree import Node

_NAMES: dict[type, str] = {
    sympy.sin: "sin", sympy.cos: "cos", sympy.tan: "tan", sympy.cot: "cot",
    sympy.sec: "sec", sympy.csc: "csc", sympy.asin: "asin", sympy.acos: "acos",
    sympy.atan: "atan", sympy.acot: "acot", sympy.asec: "asec", sympy.acsc: "acsc",
    sympy.sinh: "sinh", sympy.cosh: "cosh", sympy.tanh: "tanh", sympy.coth: "coth",
    sympy.sech: "sech", sympy.csch: "csch", sympy.asinh: "asinh", sympy.acosh: "acosh",
    sympy.atanh: "atanh", sympy.acoth: "acoth", sympy.asech: "asech", sympy.acsch: "acsch",
    sympy.exp: "exp", sympy.Abs: "abs", sympy.sign: "sign", sympy.floor: "floor",
    sympy.ceiling: "ceil", sympy.erf: "erf", sigmoid: "sigmoid", relu: "relu",
    softplus: "softplus", sympy.factorial: "factorial", sympy.binomial: "binomial",
}
_RELATIONS = {
    sympy.StrictLessThan: "lt", sympy.LessThan: "le", sympy.StrictGreaterThan: "gt",
    sympy.GreaterThan: "ge", sympy.Equality: "eq", sympy.Unequality: "ne",
}


class UnsupportedExpression(ValueError):
    """The expression uses something the plain tree cannot express."""


def to_tree(expr: sympy.Basic) -> Node:
    """The plain tree of ``expr`` (see :mod:`workbench.protocol.syntax.tree`)."""
    if isinstance(expr, bool):
        raise UnsupportedExpression("a truth value is not an expression")
    if isinstance(expr, int):
        expr = sympy.Integer(expr)
    elif isinstance(expr, float):
        expr = sympy.Float(expr)
    return _convert(expr)


def _convert(e: sympy.Basic) -> Node:  # a flat dispatch on node type
    if e.is_Integer or e.is_Rational:
        p, q = int(e.p), int(e.q)
        return ("num", str(p) if q == 1 else f"{p}/{q}")
    if e.is_Float:
        return ("num", repr(float(e)))
    if e.is_Symbol:
        return ("sym", e.name)
    if e is sympy.pi:
        return ("const", "pi")
    if e is sympy.E:
        return ("const", "e")
    if e is sympy.oo:
        return ("const", "oo")
    if e is sympy.S.NegativeInfinity:
        return ("neg", ("const", "oo"))
    if e is sympy.zoo or e is sympy.nan:
        return ("const", "nan")
    if e.is_Add:
        return ("add", *(_convert(a) for a in e.args))
    if e.is_Mul:
        return ("mul", *(_convert(a) for a in e.args))
    if e.is_Pow:
        return ("pow", _convert(e.base), _convert(e.exp))
    if isinstance(e, sympy.log):
        if len(e.args) == 2:
            return ("call", "log", _convert(e.args[0]), _convert(e.args[1]))
        return ("call", "ln", _convert(e.args[0]))
    if isinstance(e, sympy.Heaviside):
        return ("call", "heaviside", _convert(e.args[0]))
    if isinstance(e, sympy.DiracDelta):
        return ("num", "0")  # zero wherever a curve can be drawn
    if isinstance(e, (sympy.Max, sympy.Min)):
        name = "max" if isinstance(e, sympy.Max) else "min"
        node = _convert(e.args[0])
        for arg in e.args[1:]:
            node = ("call", name, node, _convert(arg))
        return node
    if isinstance(e, sympy.Piecewise):
        return ("piecewise", *((_convert(v), _convert(c)) for v, c in e.args))
    if e is sympy.true:
        return ("true",)
    if e is sympy.false:
        return ("lt", ("num", "1"), ("num", "0"))
    if type(e) in _RELATIONS:
        return (_RELATIONS[type(e)], _convert(e.lhs), _convert(e.rhs))
    if isinstance(e, sympy.And):
        return ("and", *(_convert(a) for a in e.args))
    if isinstance(e, sympy.Or):
        return ("or", *(_convert(a) for a in e.args))
    if e.func in _NAMES:
        return ("call", _NAMES[e.func], *(_convert(a) for a in e.args))
    raise UnsupportedExpression(f"can't draw {type(e).__name__} yet")
