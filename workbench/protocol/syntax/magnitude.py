"""How many digits an exact evaluation of an all-constant tree could need, without computing it.

The parser refuses a formula when any constant part of it would need more than
``MAX_DIGITS`` digits (``abs(9)^(9^9)``, ``ceil(cosh(10^5))``, ``9^floor(9^9)``): sympy
would try to build the integer exactly and never return, or Python would refuse to
print it. The estimate works in log10 space, so it never builds a large number itself.

``digits(node)`` is an upper estimate of log10 of the largest of |value|, 1/|value|
and the numerator and denominator of an exact value: small values count as well as
large ones, because their reciprocals are one operation away.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction

from workbench.protocol.syntax.tree import Node, numeric_value

_LOG10_E = math.log10(math.e)
# Functions whose size grows like e^|x| (their reciprocals decay like e^-|x|).
_EXPONENTIAL = frozenset({"exp", "sinh", "cosh", "tanh", "coth", "sech", "csch", "sigmoid"})
# The most digits a step function's value has: sign is 0 or ±1, heaviside also 1/2.
_STEPS = {"sign": 0.0, "heaviside": math.log10(2)}


Memo = dict[int, tuple[Node, float | None]]


def digits(node: Node, memo: Memo | None = None) -> float | None:
    """An upper estimate of the digits the constant tree ``node`` needs; None if it has symbols.

    ``memo`` keeps repeated checks of growing subtrees linear in the size of the tree.
    It is keyed by ``id`` and holds each node too: a node freed while the memo lives
    would otherwise hand its id, and its size, to a new node.
    """
    memo = {} if memo is None else memo
    key = id(node)
    if key not in memo:
        memo[key] = (node, _digits(node, memo))
    return memo[key][1]


def _digits(node: Node, memo: Memo) -> float | None:
    op = node[0]
    if op == "num":
        return _number_digits(node[1])
    if op == "const":
        return 0.5
    if op == "sym" or op not in _COMBINE:
        return None
    children = node[2:] if op == "call" else node[1:]
    sizes = [digits(child, memo) for child in children]
    if any(size is None for size in sizes):
        return None
    return _COMBINE[op](node, sizes)  # type: ignore[arg-type]


def _number_digits(text: str) -> float:
    frac = Fraction(text)
    if frac == 0:
        return 0.0
    return max(_int_log10(frac.numerator), _int_log10(frac.denominator))


def _int_log10(n: int) -> float:
    n = abs(n)
    bits = n.bit_length()
    if bits < 1000:
        return math.log10(n)
    return (bits - 1) * math.log10(2)  # close enough, and no float overflow


def _abs_value(node: Node, size: float) -> float:
    """|value| of a constant tree: exact when it fits a float, else the bound 10^size."""
    value = numeric_value(node)
    if value is not None and math.isfinite(value):
        return abs(value)
    return _pow10(size)


def _pow10(exponent: float) -> float:
    try:
        return 10.0 ** exponent
    except OverflowError:
        return math.inf


def _add(node: Node, sizes: list[float]) -> float:
    return max(sizes) + math.log10(len(sizes))


def _mul(node: Node, sizes: list[float]) -> float:
    return math.fsum(sizes)


def _pow(node: Node, sizes: list[float]) -> float:
    base_size, exponent_size = sizes
    base = node[1][1] if node[1][0] == "neg" else node[1]
    if base_size == 0.0 and base[0] == "num":  # exactly 0, 1 or -1 (not acosh(0) = iπ/2)
        return exponent_size
    # 2 is the smallest base an exact power can grow from
    per_unit = max(base_size, math.log10(2))
    return max(per_unit * _abs_value(node[2], exponent_size), exponent_size)


def _call(node: Node, sizes: list[float]) -> float:
    name = node[1]
    if name in _STEPS:
        return _STEPS[name]
    if name in ("factorial", "binomial"):
        return _gamma_digits(node, sizes)
    if name in _EXPONENTIAL:
        return max(sizes[0], _abs_value(node[2], sizes[0]) * _LOG10_E)
    return math.fsum(sizes)  # log with a base needs both; others keep their argument's size


def _gamma_digits(node: Node, sizes: list[float]) -> float:
    """Digits of n! (at most log10 Γ(n + 1)) or of C(n, k) (at most n·log10 2)."""
    n = _abs_value(node[2], sizes[0])
    if not math.isfinite(n):
        return math.inf
    if node[1] == "binomial":
        return max(n * math.log10(2), *sizes)
    try:
        return max(math.lgamma(n + 1) / math.log(10), *sizes)
    except (ValueError, OverflowError):
        return math.inf


_COMBINE: dict[str, Callable[[Node, list[float]], float]] = {
    "neg": lambda node, sizes: sizes[0],
    "add": _add,
    "mul": _mul,
    "div": _mul,
    "pow": _pow,
    "call": _call,
}
