"""``parse``: student text -> sympy expression, through our own grammar only.

The grammar (:mod:`workbench.protocol.syntax`) builds a plain tree from an allow-list;
this module turns that tree into sympy objects node by node. No text ever reaches
``sympify``, ``parse_expr``, ``eval`` or ``exec``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from fractions import Fraction

import sympy

from workbench.engine.functions import relu, sigmoid, softplus
from workbench.engine.trees import UnsupportedExpression, to_tree
from workbench.protocol.syntax import ParseError, magnitude
from workbench.protocol.syntax.parser import parse_tree_with_columns
from workbench.protocol.syntax.tree import Node
from workbench.protocol.syntax.vocabulary import MAX_DIGITS

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
_MAX_BITS = math.ceil(MAX_DIGITS * math.log2(10))


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
    returned unchanged. Raises :class:`ParseError` (message, column) on bad input, and
    nothing else.
    """
    if isinstance(text, sympy.Basic):
        return text
    tree, columns = parse_tree_with_columns(text, tuple(variables or ()))
    try:
        expr = _Builder(columns).build(tree)
    except ParseError:
        raise
    except (ArithmeticError, ValueError, TypeError, AttributeError, RecursionError) as error:
        # sympy's own failures on a constant it could not settle (0/0 inside a custom
        # function, a number past Python's digit limit): still only a ParseError.
        raise ParseError("This formula can't be worked with exactly "
                         f"({type(error).__name__})", None) from None
    if expr.has(sympy.zoo, sympy.nan):
        raise ParseError("This formula divides by zero", None)
    return expr


def build(node: Node) -> sympy.Expr:
    """Build the sympy expression for a plain tree made by the parser (or by ``to_tree``)."""
    return _Builder({}).build(node)


class _Builder:
    """Builds sympy node by node, refusing constants sympy would grow past ``MAX_DIGITS``.

    The parser already refuses constant parts that are too large; this catches what only
    sympy's own simplification makes constant, such as ``(x + 9 - x)^(9^9)``.
    """

    def __init__(self, columns: dict[int, int]) -> None:
        self.columns = columns

    def build(self, node: Node) -> sympy.Expr:
        op = node[0]
        if op == "num":
            frac = Fraction(node[1])
            return sympy.Rational(frac.numerator, frac.denominator)
        if op == "sym":
            return sympy.Symbol(node[1])
        if op == "const":
            return _CONSTANTS[node[1]]
        if op == "neg":
            return -self.build(node[1])
        args = [self.build(child) for child in (node[2:] if op == "call" else node[1:])]
        if op == "add":
            return self._coefficient_checked(node, sympy.Add(*args))
        if op == "mul":
            return self._coefficient_checked(node, sympy.Mul(*args))
        if op == "div":
            reciprocal = self._power(node, args[1], sympy.S.NegativeOne)
            return self._settled(node, self._coefficient_checked(node, sympy.Mul(args[0],
                                                                                reciprocal)))
        if op == "pow":
            return self._settled(node, self._power(node, args[0], args[1]))
        if op == "call":
            if node[1] in ("floor", "ceil"):
                self._check(node, args[0])
            return self._settled(node, _FUNCTIONS[node[1]](*args))
        raise ParseError(f"The operation {op!r} can't be built", None)

    def _power(self, node: Node, base: sympy.Expr, exponent: sympy.Expr) -> sympy.Expr:
        if base.is_number and exponent.is_Rational and abs(exponent) > 2:
            self._check(node, sympy.Pow(base, exponent, evaluate=False))
        return sympy.Pow(base, exponent)

    def _check(self, node: Node, constant: sympy.Expr) -> None:
        """Refuse ``constant`` (a number sympy is about to settle) if it has too many digits."""
        if not constant.is_number:
            return
        try:
            size = magnitude.digits(to_tree(constant))
        except UnsupportedExpression:
            return
        if size is not None and size > MAX_DIGITS:
            raise ParseError(f"This number is too large to work with exactly (more than "
                             f"{MAX_DIGITS:,} digits)", self.columns.get(id(node)))

    def _coefficient_checked(self, node: Node, expr: sympy.Expr) -> sympy.Expr:
        """``expr``, unless sympy gathered its numbers into one too large to print.

        1e4000 · log(w) / 1e-260 has no constant part for the parser to check, but
        sympy multiplies the two numbers into one of 4260 digits.
        """
        # a number times a sum is distributed: 1e3999 (x + 1e3999 y) has 1e7998 y
        terms = expr.args if expr.is_Add else (expr,)
        for term in terms:
            coefficient = term.as_coeff_Mul()[0]
            if coefficient.is_Rational and max(int(coefficient.p).bit_length(),
                                               int(coefficient.q).bit_length()) > _MAX_BITS:
                raise ParseError(f"This number is too large to work with exactly (more than "
                                 f"{MAX_DIGITS:,} digits)", self.columns.get(id(node)))
        return expr

    def _settled(self, node: Node, expr: sympy.Expr) -> sympy.Expr:
        if expr is sympy.nan or expr is sympy.zoo:
            raise ParseError("This formula divides by zero", self.columns.get(id(node)))
        return expr


def parse_bound(value: object) -> sympy.Expr:
    """A bound or point given as a number, text ("-oo", "pi/2") or sympy expression."""
    if isinstance(value, sympy.Basic):
        return value
    if isinstance(value, bool):
        raise ParseError("A bound must be a number", None)
    if isinstance(value, int):
        return sympy.Integer(value)
    if isinstance(value, float):
        if math.isnan(value):
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
