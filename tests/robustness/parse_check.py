"""One parser input checked against the contract: a bounded result or a ParseError, nothing else.

Used by the fuzz tests (which assert that no failure kind comes back) and by the
figures script (which counts the kinds). No wall clock: instead of timing a call, the
check proves the bounds that keep it short - the size of the tree against the length
of the text, its depth against MAX_DEPTH, and the digits of every exact number.
"""

from __future__ import annotations

import sympy

from workbench.engine import parse
from workbench.protocol.syntax import ParseError, parse_tree
from workbench.protocol.syntax.magnitude import digits
from workbench.protocol.syntax.vocabulary import MAX_DEPTH, MAX_DIGITS

NODES_PER_CHARACTER = 8  # "∛x" is pow(x, div(1, 3)): 5 nodes for 2 characters
MAX_BITS = int(MAX_DIGITS * 3.33) + 64


def check(text: str, build: bool = True) -> str | None:
    """None if ``text`` honours the parser's contract, else the kind of failure."""
    stages = ((parse_tree, _check_tree), (parse, _check_expr)) if build else \
        ((parse_tree, _check_tree),)
    return _run(text, stages)


def check_build(text: str) -> str | None:
    """Only the second half of :func:`check`: sympy's build (``parse``) of ``text``."""
    return _run(text, ((parse, _check_expr),))


def _run(text: str, stages: tuple) -> str | None:
    for parser, check_result in stages:
        try:
            result = parser(text)
        except ParseError as error:
            return _check_error(error, text)
        except Exception as error:  # noqa: BLE001 - the failure being counted
            return f"{parser.__name__} raised {type(error).__name__}"
        problem = check_result(result, text)
        if problem:
            return problem
    return None


def _check_error(error: ParseError, text: str) -> str | None:
    if not isinstance(error.message, str) or not error.message:
        return "ParseError without a message"
    if error.position is not None and not 0 <= error.position <= len(text):
        return "ParseError column outside the text"
    return None


def _check_tree(tree: tuple, text: str) -> str | None:
    count, depth = _shape(tree)
    if count > NODES_PER_CHARACTER * len(text) + 8:
        return "tree larger than its text allows"
    if depth > 4 * MAX_DEPTH + 10:
        return "tree deeper than MAX_DEPTH allows"
    size = digits(tree)
    if size is not None and size > MAX_DIGITS:
        return "constant beyond MAX_DIGITS"
    return None


def _shape(tree: tuple) -> tuple[int, int]:
    """(node count, depth) without recursion."""
    count = deepest = 0
    stack = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        count += 1
        deepest = max(deepest, depth)
        children = node[1:] if isinstance(node[0], str) else node
        stack.extend((child, depth + 1) for child in children if isinstance(child, tuple))
    return count, deepest


def _check_expr(expr: sympy.Expr, text: str) -> str | None:
    for number in expr.atoms(sympy.Rational):
        if max(int(number.p).bit_length(), int(number.q).bit_length()) > MAX_BITS:
            return "sympy number beyond MAX_DIGITS"
    return None
