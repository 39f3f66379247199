"""Print a plain expression tree (:mod:`workbench.protocol.syntax.tree`) as NumPy or SymPy code.

Nothing the student typed is ever copied into code: only the node kinds listed here
are printed, function names come from fixed tables keyed by the parser's canonical
names, numbers are printed from their parsed values, and variable names must match
the parser's name pattern before they become identifiers (:func:`identifier`).
Anything else raises :class:`CodegenError`.
"""

from __future__ import annotations

import builtins
import keyword
import math
import re
from collections.abc import Iterable
from fractions import Fraction

from workbench.codegen.vocabulary import (
    CONSTANTS,
    NUMPY_DIRECT,
    NUMPY_RECIPROCAL,
    NUMPY_TEMPLATES,
    SCRIPT_NAMES,
    SYMPY_DIRECT,
    SYMPY_TEMPLATES,
)
from workbench.protocol.syntax.tree import Node

# names the parser can produce: a letter, then letters/digits, with an optional subscript
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]{0,30}(_[A-Za-z0-9]{1,12})?\Z")

_RESERVED = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | frozenset(dir(builtins))


class CodegenError(ValueError):
    """A tree holds something the printer will not print (an unknown node or name)."""


def identifier(name: object, reserved: Iterable[str] = SCRIPT_NAMES) -> str:
    """The Python identifier for the variable ``name``; CodegenError if it is no parser name.

    A name that is a keyword, a builtin or one of ``reserved`` gets a trailing ``_``
    (parser names never end in ``_``, so the result is unique).
    """
    if not isinstance(name, str) or not _NAME.match(name):
        raise CodegenError(f"not a variable name the parser makes: {name!r:.40}")
    if name in _RESERVED or name in frozenset(reserved):
        return name + "_"
    return name


def symbol_name(name: object) -> str:
    """``name`` as a quoted string literal, for ``sp.Symbol("x")`` (validated first)."""
    identifier(name)
    return f'"{name}"'


# ------------------------------------------------------------------------- numbers
def _fraction(text: object) -> Fraction:
    if not isinstance(text, str) or len(text) > 2100:
        raise CodegenError("a number node must hold its text")
    try:
        return Fraction(text)
    except (ValueError, ZeroDivisionError):
        raise CodegenError(f"not a number: {text!r:.40}") from None


def float_literal(value: float) -> str:
    """A float as Python source that reads back as exactly the same float."""
    value = float(value)
    if math.isnan(value):
        return "np.nan"
    if math.isinf(value):
        return "np.inf" if value > 0 else "-np.inf"
    return repr(value)


def _numpy_number(text: object) -> str:
    frac = _fraction(text)
    if frac.denominator == 1 and abs(frac.numerator) < 2 ** 53:
        return str(frac.numerator)
    try:
        return float_literal(float(frac))
    except OverflowError:
        return "np.inf"


def _sympy_number(text: object) -> tuple[str, bool]:
    """(source, is_plain_int): decimals and fractions stay exact as sp.Rational."""
    frac = _fraction(text)
    if max(frac.numerator.bit_length(), frac.denominator.bit_length()) > 3300:
        raise CodegenError("a number too long to print exactly")
    if frac.denominator == 1:
        return str(frac.numerator), True
    return f"sp.Rational({frac.numerator}, {frac.denominator})", False


# ------------------------------------------------------------------------ printing
_ATOM, _POW, _UNARY, _MUL, _ADD, _COMPARE = 6, 5, 4, 3, 2, 1
_COMPARISONS = {"lt": "<", "le": "<=", "gt": ">", "ge": ">=", "eq": "==", "ne": "!="}
_SYMPY_RELATIONS = {"lt": "Lt", "le": "Le", "gt": "Gt", "ge": "Ge", "eq": "Eq", "ne": "Ne"}

class _Printer:
    """One printing run; ``names`` maps variable names to identifiers, ``modules`` collects
    the modules the code needs (``np``, ``sp``, ``special``)."""

    def __init__(self, target: str, names: dict[str, str] | None) -> None:
        self.target = target
        self.names = names
        self.modules: set[str] = set()

    def code(self, node: Node) -> str:
        return self.expr(node)[0]

    # each method returns (source, precedence)
    def expr(self, node: object) -> tuple[str, int]:
        if not isinstance(node, tuple) or not node or not isinstance(node[0], str):
            raise CodegenError("not a tree node")
        method = getattr(self, "_" + node[0], None) if node[0] in _KINDS else None
        if method is None:
            raise CodegenError(f"unknown node kind {node[0]!r:.30}")
        return method(node)

    def sub(self, node: Node, least: int) -> str:
        text, prec = self.expr(node)
        return f"({text})" if prec < least else text

    def _num(self, node: Node) -> tuple[str, int]:
        _arity(node, 1)
        if self.target == "numpy":
            return _numpy_number(node[1]), _ATOM
        text, _ = _sympy_number(node[1])
        self.modules.add("sp") if text.startswith("sp.") else None
        return text, _ATOM

    def _sym(self, node: Node) -> tuple[str, int]:
        _arity(node, 1)
        ident = identifier(node[1])
        if self.names is not None:
            if node[1] not in self.names:
                raise CodegenError(f"the variable {node[1]!r} was not declared")
            ident = self.names[node[1]]
        return ident, _ATOM

    def _const(self, node: Node) -> tuple[str, int]:
        _arity(node, 1)
        table = CONSTANTS[self.target]
        if node[1] not in table:
            raise CodegenError(f"unknown constant {node[1]!r:.30}")
        self.modules.add("np" if self.target == "numpy" else "sp")
        return table[node[1]], _ATOM

    def _add(self, node: Node) -> tuple[str, int]:
        _arity(node, 1, None)
        parts = [self.sub(node[1], _ADD)]
        for child in node[2:]:
            if isinstance(child, tuple) and child[:1] == ("neg",):
                _arity(child, 1)
                parts.append("- " + self.sub(child[1], _MUL))
            else:
                parts.append("+ " + self.sub(child, _MUL))
        return " ".join(parts), _ADD

    def _mul(self, node: Node) -> tuple[str, int]:
        _arity(node, 1, None)
        parts = [self.sub(node[1], _MUL)]
        for child in node[2:]:  # a later quotient or negation in brackets, as it was read
            parts.append(self.sub(child, _UNARY + 1 if child[:1] in (("div",), ("neg",))
                                  else _MUL))
        return " * ".join(parts), _MUL

    def _div(self, node: Node) -> tuple[str, int]:
        _arity(node, 2)
        frac = _rational(node) if self.target == "sympy" else None
        if frac is not None:  # 1/3 as the exact sp.Rational(1, 3), never Python's float
            self.modules.add("sp")
            text = f"sp.Rational({frac.numerator}, {frac.denominator})"
            return (text, _ATOM) if frac >= 0 else ("-" + text.replace("(-", "(", 1), _UNARY)
        top = self.exact_left(node[1]) if _all_numeric(node[2]) else None
        return f"{top or self.sub(node[1], _MUL)} / {self.sub(node[2], _UNARY)}", _MUL

    def _pow(self, node: Node) -> tuple[str, int]:
        _arity(node, 2)
        base, exponent = node[1], node[2]
        if base == ("const", "e"):  # e^u is exp(u), as sympy reads it too
            return self.expr(("call", "exp", exponent))
        if self.target == "numpy":
            odd = _odd_root(exponent)
            if odd is not None:
                return self.odd_root(base, *odd)
            if _all_numeric(base) and _all_numeric(exponent):
                self.modules.add("np")  # float power: overflow gives inf, not an exception
                return f"np.power(np.float64({self.code(base)}), {self.code(exponent)})", _ATOM
        top = self.exact_left(base) if _all_numeric(exponent) else None
        left = top or self.sub(base, _ATOM)
        return f"{left}**{self.sub(exponent, _ATOM)}", _POW

    def exact_left(self, node: Node) -> str | None:
        """For SymPy: an all-number left operand of / or ** made a SymPy number, so that
        Python never rounds 1/3 to a float."""
        if self.target != "sympy" or not _all_numeric(node):
            return None
        self.modules.add("sp")
        if node[0] == "num":
            text, plain = _sympy_number(node[1])
            return f"sp.Integer({text})" if plain else text
        return f"sp.S({self.code(node)})"

    def odd_root(self, base: Node, p: int, q: int) -> tuple[str, int]:
        """x^(p/q) with q odd is real for x < 0, as the window plots it."""
        self.modules.add("np")
        inner = self.code(base)
        if (p, q) == (1, 3):
            return f"np.cbrt({inner})", _ATOM
        power = f"np.abs({inner})**({p} / {q})"
        return (f"np.sign({inner}) * {power}" if p % 2 else power), _MUL

    def _neg(self, node: Node) -> tuple[str, int]:
        _arity(node, 1)
        return "-" + self.sub(node[1], _UNARY), _UNARY

    def _call(self, node: Node) -> tuple[str, int]:
        _arity(node, 2, 3)
        name = node[1]
        args = [self.code(child) for child in node[2:]]
        if name == "log":
            return self.log(node, args)
        if len(args) != 1 or not isinstance(name, str):
            raise CodegenError(f"unknown function {name!r:.30}")
        if self.target == "sympy":
            return self.sympy_call(name, args[0])
        return self.numpy_call(name, args[0]), _ATOM

    def numpy_call(self, name: str, arg: str) -> str:
        self.modules.add("np")
        if name in NUMPY_DIRECT:
            function = NUMPY_DIRECT[name]
            self.modules.add("special") if function.startswith("special.") else None
            return f"{function}({arg})"
        if name in NUMPY_RECIPROCAL:
            function, inverse = NUMPY_RECIPROCAL[name]
            return (f"{function}(1 / {_wrapped(arg)})" if inverse
                    else f"(1 / {function}({arg}))")
        if name in NUMPY_TEMPLATES:
            return NUMPY_TEMPLATES[name].format(arg, _wrapped(arg))
        raise CodegenError(f"unknown function {name!r:.30}")

    def sympy_call(self, name: str, arg: str) -> tuple[str, int]:
        self.modules.add("sp")
        if name in SYMPY_DIRECT:
            return f"{SYMPY_DIRECT[name]}({arg})", _ATOM
        if name in SYMPY_TEMPLATES:
            text = SYMPY_TEMPLATES[name].format(arg, _wrapped(arg))
            return text, (_MUL if name == "sigmoid" else _ATOM)
        raise CodegenError(f"unknown function {name!r:.30}")

    def log(self, node: Node, args: list[str]) -> tuple[str, int]:
        if len(args) != 2:
            raise CodegenError("log takes a value and a base")
        if self.target == "sympy":
            self.modules.add("sp")
            return f"sp.log({args[0]}, {args[1]})", _ATOM
        self.modules.add("np")
        base = node[3]
        if base == ("const", "e"):
            return f"np.log({args[0]})", _ATOM
        if base[0] == "num" and _fraction(base[1]) in (2, 10):
            return f"np.log{_fraction(base[1]).numerator}({args[0]})", _ATOM
        return f"np.log({args[0]}) / np.log({args[1]})", _MUL

    def _piecewise(self, node: Node) -> tuple[str, int]:
        _arity(node, 1, None)
        pairs = []
        for pair in node[1:]:
            if not (isinstance(pair, tuple) and len(pair) == 2):
                raise CodegenError("a piecewise branch is a (value, condition) pair")
            pairs.append((self.code(pair[0]), self.condition(pair[1])))
        if self.target == "sympy":
            branches = ", ".join(f"({v}, {c})" for v, c in pairs)
            return f"sp.Piecewise({branches})", _ATOM
        self.modules.add("np")
        text = "np.nan"
        for value, cond in reversed(pairs):  # the first branch whose condition holds wins
            text = value if cond == "True" and text == "np.nan" else \
                f"np.where({cond}, {value}, {text})"
        return text, _ATOM

    def condition(self, node: object) -> str:
        if not isinstance(node, tuple) or not node:
            raise CodegenError("not a condition")
        op = node[0]
        if op == "true":
            _arity(node, 0)
            return "True"
        if op in _COMPARISONS:
            _arity(node, 2)
            if self.target == "sympy":
                left, right = self.code(node[1]), self.code(node[2])
                return f"sp.{_SYMPY_RELATIONS[op]}({left}, {right})"
            left, right = self.sub(node[1], _ADD), self.sub(node[2], _ADD)
            return f"({left} {_COMPARISONS[op]} {right})"
        if op in ("and", "or"):
            _arity(node, 1, None)
            parts = ", ".join(self.condition(child) for child in node[1:])
            if self.target == "sympy":
                return f"sp.{op.capitalize()}({parts})"
            return f"np.logical_{op}.reduce([{parts}])"
        raise CodegenError(f"unknown condition {op!r:.30}")


_KINDS = frozenset({"num", "sym", "const", "add", "mul", "div", "pow", "neg", "call",
                    "piecewise"})


def _arity(node: Node, least: int, most: int | None = -1) -> None:
    count = len(node) - 1
    top = least if most == -1 else most
    if count < least or (top is not None and count > top):
        raise CodegenError(f"a {node[0]!r:.20} node has {count} parts")


def _nonzero(value: Fraction) -> Fraction:
    if value == 0:
        raise CodegenError("division by zero")
    return value


def _wrapped(arg: str) -> str:
    """``arg`` bracketed unless it is a plain name or number (for -{0} in templates)."""
    return arg if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*|[0-9.]+", arg) else f"({arg})"


def _all_numeric(node: object) -> bool:
    """True for a tree of numbers and + - * / ^ only (Python would compute it itself)."""
    if not isinstance(node, tuple) or not node:
        return False
    if node[0] == "num":
        return True
    return node[0] in ("add", "mul", "div", "pow", "neg") and all(
        _all_numeric(child) for child in node[1:])


def _rational(node: object) -> Fraction | None:
    """The exact value of a literal fraction (numbers, -, /), else None."""
    if not isinstance(node, tuple) or not node:
        return None
    if node[0] == "num" and len(node) == 2:
        return _fraction(node[1])
    if node[0] == "neg" and len(node) == 2:
        inner = _rational(node[1])
        return None if inner is None else -inner
    if node[0] == "div" and len(node) == 3:
        top, bottom = _rational(node[1]), _rational(node[2])
        if top is None or bottom is None:
            return None
        return top / _nonzero(bottom)
    return None


def _odd_root(exponent: Node) -> tuple[int, int] | None:
    """(p, q) for a literal exponent p/q in lowest terms with q odd and > 1, else None.

    Only the shapes the window's evaluator reads as an odd root (a number or number/number,
    perhaps negated), so that the script's curve is the one on screen.
    """
    inner = exponent[1] if exponent[:1] == ("neg",) and len(exponent) == 2 else exponent
    if not (inner[:1] == ("num",) or (inner[:1] == ("div",) and len(inner) == 3 and
                                      inner[1][:1] == ("num",) and inner[2][:1] == ("num",))):
        return None
    frac = _rational(exponent)
    if frac is not None and frac.denominator % 2 == 1 and frac.denominator > 1:
        return frac.numerator, frac.denominator
    return None


def to_numpy(tree: Node, names: dict[str, str] | None = None) -> str:
    """NumPy source for ``tree``: ``x^2 sin(x)`` -> ``x**2 * np.sin(x)``.

    ``names`` maps variable names to identifiers (default: :func:`identifier` of each);
    a variable missing from ``names`` is a CodegenError.
    """
    return _Printer("numpy", names).code(tree)


def to_sympy(tree: Node, names: dict[str, str] | None = None) -> str:
    """SymPy source for ``tree``: ``x^2 sin(x)`` -> ``x**2 * sp.sin(x)`` (numbers exact)."""
    return _Printer("sympy", names).code(tree)


def modules_used(tree: Node, target: str) -> set[str]:
    """The module aliases (``np``, ``sp``, ``special``) the printed ``tree`` refers to."""
    printer = _Printer(target, None)
    printer.code(tree)
    return printer.modules
