"""``parse``: student text -> sympy expression, through our own grammar only.

The grammar (:mod:`workbench.protocol.syntax`) builds a plain tree from an allow-list;
this module turns that tree into sympy objects node by node. No text ever reaches
``sympify``, ``parse_expr``, ``eval`` or ``exec``.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

import sympy

from workbench.engine.functions import relu, sigmoid, softplus
from workbench.protocol.syntax import ParseError, parse_tree
from workbench.protocol.syntax.tree import Node

_FUNCTIONS = {
    "sin": sympy.sin, "cos": sympy.cos, "tan": sympy.tan, "cot": sympy.cot,
    "sec": sympy.sec, "csc": sympy.csc, "asin": sympy.asin, "acos": sympy.acos,
    "atan": sympy.atan, "acot": sympy.acot, "asec": sympy.asec, "acsc": sympy.acsc,
    "sinh": sympy.sinh, "cosh": sympy.cosh, "tanh": sympy.tanh, "coth": sympy.coth,
    "sech": sympy.sech, "csch": sympy.csch, "asinh": sympy.asinh, "acosh": sympy.acosh,
    "atanh": sympy.atanh, "acoth": sympy.acoth, "asech": sympy.asech, "acsch": sympy.acsch,
    "exp": sympy.exp, "ln": sympy.log, "log": sympy.log, "sqrt": sympy.sqrt,
    "cbrt": lambda x: sympy.Pow(x, sympy.Rational(1, 3)), "abs": sympy.Abs,
    "sign": sympy.sign, "floor": sympy.floor, "ceil": sympy.ceiling,
    "sigmoid": sigmoid, "relu": relu, "softplus": softplus,
    "heaviside": sympy.Heaviside, "erf": sympy.erf, "factorial": sympy.factorial,
    "binomial": sympy.binomial, "max": lambda a, b: _max(a, b), "min": sympy.Min,
}
_CONSTANTS = {"pi": sympy.pi, "e": sympy.E, "oo": sympy.oo}


def _max(a: sympy.Expr, b: sympy.Expr) -> sympy.Expr:
    """max(a, b); max(0, u) is ReLU(u), so that its derivative is taught by the ReLU rule."""
    if a == 0 or b == 0:
        return relu(b if a == 0 else a)
    return sympy.Max(a, b)


def parse(text: str | sympy.Expr, variables: Iterable[str] | None = None) -> sympy.Expr:
    """Parse what a student typed into a sympy expression.

    Accepts ``^`` and ``**``, implicit multiplication, ``sin x``, ``e^x``, ``|x|``,
    ``√``, superscripts, the ML functions (sigmoid, relu, softplus, tanh) and LaTeX.
    Symbols are plain ``sympy.Symbol`` objects named as typed. A sympy expression is
    returned unchanged. Raises :class:`ParseError` (message, column) on bad input.
    """
    if isinstance(text, sympy.Basic):
        return text
    tree = parse_tree(text, tuple(variables or ()))
    expr = build(tree)
    if expr.has(sympy.zoo, sympy.nan):
        raise ParseError("This formula divides by zero", None)
    return expr


def build(node: Node) -> sympy.Expr:
    """Build the sympy expression for a plain tree made by the parser (or by ``to_tree``)."""
    op = node[0]
    if op == "num":
        frac = Fraction(node[1])
        return sympy.Rational(frac.numerator, frac.denominator)
    if op == "sym":
        return sympy.Symbol(node[1])
    if op == "const":
        return _CONSTANTS[node[1]]
    if op == "add":
        return sympy.Add(*(build(child) for child in node[1:]))
    if op == "mul":
        return sympy.Mul(*(build(child) for child in node[1:]))
    if op == "div":
        return sympy.Mul(build(node[1]), sympy.Pow(build(node[2]), -1))
    if op == "pow":
        return sympy.Pow(build(node[1]), build(node[2]))
    if op == "neg":
        return -build(node[1])
    if op == "call":
        return _FUNCTIONS[node[1]](*(build(child) for child in node[2:]))
    raise ParseError(f"The operation {op!r} can't be built", None)


def parse_bound(value: object) -> sympy.Expr:
    """A bound or point given as a number, text ("-oo", "pi/2") or sympy expression."""
    if isinstance(value, sympy.Basic):
        return value
    if isinstance(value, bool):
        raise ParseError("A bound must be a number", None)
    if isinstance(value, int):
        return sympy.Integer(value)
    if isinstance(value, float):
        if value != value:
            raise ParseError("A bound can't be NaN", None)
        if value in (float("inf"), float("-inf")):
            return sympy.oo if value > 0 else -sympy.oo
        return sympy.Float(value)
    if isinstance(value, str):
        expr = parse(value)
        if expr.free_symbols:
            names = ", ".join(sorted(str(s) for s in expr.free_symbols))
            raise ParseError(f"A bound must be a number, but this one contains {names}", None)
        return expr
    raise ParseError(f"A bound must be a number or text, not {type(value).__name__}", None)
