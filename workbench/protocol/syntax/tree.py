"""The plain expression tree: nested tuples of operation names, names and number text.

It is what the parser produces and what the worker sends to the window for plotting;
it needs no sympy and pickles as plain data. The node shapes are::

    ("num", "2.5")            a number, as exact decimal or "p/q" text
    ("sym", "x")              a variable
    ("const", "pi")           pi, e or oo
    ("add", a, b, ...)        a + b + ...
    ("mul", a, b, ...)        a · b · ...
    ("div", a, b)             a / b
    ("pow", a, b)             a ^ b
    ("neg", a)                -a
    ("call", "sin", a, ...)   an allowed function (names from the vocabulary)
    ("piecewise", (value, condition), ...)   first branch whose condition holds
    ("lt"|"le"|"gt"|"ge"|"eq"|"ne", a, b), ("and"|"or", a, b, ...), ("true",)   conditions
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any, Union

Node = tuple[Any, ...]
Number = Union[int, float]


def num(text: str) -> Node:
    """A number node from its exact text ("2", "0.5", "1e-3", "3/4")."""
    return ("num", text)


def sym(name: str) -> Node:
    """A variable node."""
    return ("sym", name)


def const(name: str) -> Node:
    """A constant node: "pi", "e" or "oo"."""
    return ("const", name)


def _flatten(op: str, items: tuple[Node, ...]) -> Node:
    out: list[Node] = []
    for item in items:
        out.extend(item[1:] if item[0] == op else (item,))
    return (op, *out)


def add(*terms: Node) -> Node:
    """The sum of ``terms``, nested sums flattened."""
    return _flatten("add", terms)


def mul(*factors: Node) -> Node:
    """The product of ``factors``, nested products flattened."""
    return _flatten("mul", factors)


def div(a: Node, b: Node) -> Node:
    """``a / b``."""
    return ("div", a, b)


def pow_(a: Node, b: Node) -> Node:
    """``a ^ b``."""
    return ("pow", a, b)


def neg(a: Node) -> Node:
    """``-a``."""
    return ("neg", a)


def call(name: str, *args: Node) -> Node:
    """An application of the allowed function ``name``."""
    return ("call", name, *args)


def number_value(text: str) -> float:
    """The float value of a number node's text."""
    return float(Fraction(text))


def numeric_value(node: Node) -> float | None:
    """The value of a tree made only of numbers and arithmetic, else None.

    Used to spot exact powers that would be too large to compute; overflow gives inf.
    """
    op = node[0]
    try:
        if op == "num":
            return number_value(node[1])
        if op == "neg":
            inner = numeric_value(node[1])
            return None if inner is None else -inner
        if op in ("add", "mul", "div", "pow"):
            values = [numeric_value(child) for child in node[1:]]
            if any(v is None for v in values):
                return None
            if op == "add":
                return math.fsum(values)  # type: ignore[arg-type]
            if op == "mul":
                return math.prod(values)  # type: ignore[arg-type]
            if op == "div":
                return values[0] / values[1] if values[1] else None  # type: ignore[operator]
            return _safe_pow(values[0], values[1])  # type: ignore[arg-type]
    except (OverflowError, ValueError, ZeroDivisionError):
        return math.inf
    return None


def numeric_log10(node: Node) -> float | None:
    """An upper estimate of log10 |value| of an all-number tree, without overflow; else None.

    ``-inf`` stands for zero. Used to refuse exact powers with more digits than anyone
    could compute, such as 9^9^9 or 400^(10^400).
    """
    op = node[0]
    if op == "num":
        frac = Fraction(node[1])
        if frac == 0:
            return -math.inf
        return math.log10(abs(frac.numerator)) - math.log10(frac.denominator)
    if op == "neg":
        return numeric_log10(node[1])
    if op == "call" and node[1] in ("factorial", "binomial"):
        return _gamma_log10(node)
    logs = [numeric_log10(child) for child in node[1:]] if op in ("add", "mul", "div",
                                                                 "pow") else None
    if logs is None or any(v is None for v in logs):
        return None
    if op == "add":
        return max(logs) + math.log10(len(logs))  # type: ignore[type-var, operator]
    if op == "mul":
        return math.fsum(logs)  # type: ignore[arg-type]
    if op == "div":
        return logs[0] - logs[1]  # type: ignore[operator]
    base_log, exponent_log = logs
    if base_log in (0.0, -math.inf):
        return base_log
    try:
        return abs(base_log) * 10.0 ** exponent_log  # type: ignore[operator]
    except OverflowError:
        return math.inf


def _gamma_log10(node: Node) -> float | None:
    """An upper estimate of log10 |n!| or log10 |C(n, k)| for all-number arguments."""
    values = [numeric_value(arg) for arg in node[2:]]
    if any(v is None for v in values):
        return None
    if any(math.isinf(v) for v in values):  # type: ignore[arg-type]
        return math.inf
    n = values[0]
    try:  # log |Γ(n + 1)|, less log |Γ(k + 1) Γ(n - k + 1)| for a binomial
        log_value = math.lgamma(n + 1)  # type: ignore[operator]
        if node[1] == "binomial":
            k = values[1]
            log_value -= math.lgamma(k + 1) + math.lgamma(n - k + 1)  # type: ignore[operator]
    except ValueError:  # a pole: n! of a negative whole number, or a zero binomial
        return None
    return log_value / math.log(10)


def _safe_pow(base: float, exponent: float) -> float | None:
    if base == 0 and exponent < 0:
        return None
    try:
        value = base ** exponent
    except OverflowError:
        return math.inf
    return None if isinstance(value, complex) else float(value)


def symbols_of(node: Node) -> set[str]:
    """The variable names a tree uses."""
    if node[0] == "sym":
        return {node[1]}
    found: set[str] = set()
    children = node[1:] if isinstance(node[0], str) else node  # piecewise pairs are bare
    for child in children:
        if isinstance(child, tuple):
            found |= symbols_of(child)
    return found
