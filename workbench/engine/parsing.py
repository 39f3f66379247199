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

from workbench.engine import build_bounds as bounds
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
    nothing else. The build is bounded: an operation whose evaluation would make sympy
    multiply out powers or factor long numbers is kept as written (``sech(tanh(θ^9999))``
    stays so), and a number sympy grows past ``MAX_DIGITS`` is a ParseError (see
    :mod:`workbench.engine.build_bounds`).
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
    """Builds sympy node by node, within the bounds of :mod:`workbench.engine.build_bounds`.

    The parser already refuses constant parts that are too large; this catches what only
    sympy's own evaluation makes: a constant such as ``(x + 9 - x)^(9^9)``, a number
    grown by an identity (``asec(10^3999/x)``), and the questions about a heavy argument
    that would multiply out its powers (a function of one is left unevaluated).
    """

    def __init__(self, columns: dict[int, int]) -> None:
        self.columns = columns
        self.seen: bounds.Seen = {}
        self.costs = bounds.Estimates()
        self.budget = bounds.SPLIT_BUDGET

    def build(self, node: Node) -> sympy.Expr:
        expr = self._build(node)
        if bounds.oversized_number(expr, self.seen):
            raise self._too_large(node)
        return expr

    def _build(self, node: Node) -> sympy.Expr:
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
            return self._combined(sympy.Add, args)
        if op == "mul":
            return self._combined(sympy.Mul, args)
        if op == "div":
            return self._settled(node, self._combined(
                sympy.Mul, [args[0], self._power(node, args[1], sympy.S.NegativeOne)]))
        if op == "pow":
            return self._settled(node, self._power(node, args[0], args[1]))
        if op == "call":
            return self._settled(node, self._call(node, node[1], args))
        raise ParseError(f"The operation {op!r} can't be built", None)

    def _evaluates(self, args: list[sympy.Expr]) -> bool:
        """Whether sympy may evaluate an operation on ``args``: not while its questions
        about them would multiply out too many terms (within one formula, their total
        is bounded as well)."""
        size = max(self.costs.split_terms(arg) for arg in args)
        if size > bounds.MAX_SPLIT_TERMS or (size > bounds.FREE_SPLIT_TERMS and self.budget < size):
            return False
        if size > bounds.FREE_SPLIT_TERMS:
            self.budget -= size
        return True

    def _combined(self, operation: type, args: list[sympy.Expr]) -> sympy.Expr:
        """A sum or product, unevaluated if sympy's questions about a term would be slow."""
        slow = any(self.costs.asks_slowly(arg) for arg in args)
        return operation(*args, evaluate=not slow)

    def _call(self, node: Node, name: str, args: list[sympy.Expr]) -> sympy.Expr:
        if name in ("floor", "ceil"):
            self._check(node, args[0])
        root_of_big = name in ("sqrt", "cbrt") and bounds.hard_root(
            args[0], sympy.Rational(1, 2 if name == "sqrt" else 3))
        root_of_big = root_of_big or (name == "exp" and bounds.raises_a_log(args[0]))
        if not root_of_big and not any(map(self.costs.asks_slowly, args)) \
                and self._evaluates(args):
            return _FUNCTIONS[name](*args)
        with sympy.evaluate(False):  # the same function, as written
            if name == "log" and len(args) == 2:
                return sympy.log(args[0]) / sympy.log(args[1])
            return _FUNCTIONS[name](*args)

    def _power(self, node: Node, base: sympy.Expr, exponent: sympy.Expr) -> sympy.Expr:
        if exponent.is_Rational and abs(exponent) > 2:
            # sympy raises a base's numbers at once: (10^3999 x)^99 has 10^395901
            numbers = [factor for factor in sympy.Mul.make_args(base) if factor.is_number]
            if numbers:
                self._check(node, sympy.Pow(sympy.Mul(*numbers), exponent, evaluate=False))
        slow = any(self.costs.asks_slowly(arg) for arg in (base, exponent)) or \
            bounds.hard_root(base, exponent) or \
            (base == sympy.E and bounds.raises_a_log(exponent))
        return sympy.Pow(base, exponent, evaluate=not slow)

    def _check(self, node: Node, constant: sympy.Expr) -> None:
        """Refuse ``constant`` (a number sympy is about to settle) if it has too many digits."""
        if not constant.is_number:
            return
        try:
            size = magnitude.digits(to_tree(constant))
        except UnsupportedExpression:
            return
        if size is not None and size > MAX_DIGITS:
            raise self._too_large(node)

    def _too_large(self, node: Node) -> ParseError:
        return ParseError(f"This number is too large to work with exactly (more than "
                          f"{MAX_DIGITS:,} digits)", self.columns.get(id(node)))

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
