"""A small reader for the subset of Mathematica's input syntax that integration test files use.

It knows numbers, symbols, ``+ - * / ^``, implicit multiplication, parentheses, calls
``f[a, b]``, lists ``{a, b}``, comparisons (for ``If[$VersionNumber >= 8, ...]``) and nested
``(* comments *)``, and builds plain trees of
tuples (never evaluating anything)::

    ("int", 3)  ("real", "0.5")  ("sym", "x")  ("call", "Sin", arg, ...)
    ("plus", a, b, ...)  ("times", a, b, ...)  ("power", base, exponent)  ("list", a, ...)
    ("compare", ">=", a, b)

``a - b`` is read as ``plus(a, times(-1, b))`` and ``a / b`` as ``times(a, power(b, -1))``,
as Mathematica itself reads them. Anything else (strings, rules, patterns) is a
:class:`SyntaxProblem`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

Tree = tuple[Any, ...]

_TOKEN = re.compile(r"\s*(?:(?P<num>\d+\.?\d*`*)|(?P<name>[A-Za-z$][A-Za-z0-9$]*)"
                    r"|(?P<op>>=|<=|==|!=|[-+*/^()\[\]{},<>]))")
_FACTOR_START = {"num", "name", "(", "{"}
_BRACKET = re.compile(r"[()\[\]{},]")
_COMPARISONS = {">=", "<=", "==", "!=", ">", "<"}
MINUS_ONE: Tree = ("int", -1)


class SyntaxProblem(ValueError):
    """The text is outside the subset this reader understands."""


@dataclass(frozen=True)
class Token:
    """One token: ``kind`` is ``num``, ``name``, an operator character or ``end``."""

    kind: str
    text: str
    line: int


def strip_comments(text: str) -> str:
    """``text`` with every (possibly nested) ``(* ... *)`` comment blanked out.

    Newlines inside comments are kept, so line numbers stay those of the file.
    """
    out: list[str] = []
    depth, last = 0, 0
    for match in re.finditer(r"\(\*|\*\)", text):
        opening = match.group() == "(*"
        if not opening and depth == 0:
            continue
        if depth == 0:
            out.append(text[last:match.start()])
            last = match.start()
        depth += 1 if opening else -1
        if depth == 0:
            out.append("\n" * text.count("\n", last, match.end()))
            last = match.end()
    out.append(text[last:] if depth == 0 else "\n" * text.count("\n", last))
    return "".join(out)


def tokenize(text: str, first_line: int = 1) -> list[Token]:
    """The tokens of comment-free ``text``; each remembers its line."""
    tokens: list[Token] = []
    line, pos = first_line, 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            if text[pos:].strip() == "":
                break
            raise SyntaxProblem(f"unexpected character {text[pos]!r} on line {line}")
        line += text.count("\n", pos, match.start(match.lastindex))
        kind = match.lastgroup
        word = match.group(kind)
        tokens.append(Token(word if kind == "op" else kind, word, line))
        line += word.count("\n")
        pos = match.end()
    tokens.append(Token("end", "", line))
    return tokens


def top_level_lists(text: str) -> Iterator[tuple[int, list[str]]]:
    """Each top-level ``{...}`` of a file: its first line and the text of each element.

    Elements are split at the list's own commas without tokenizing them, so that a
    caller can read the first element and skip a long last one it does not need.
    """
    clean = strip_comments(text)
    depth, start, line, items = 0, 0, 1, []
    counted, lines = 0, 1  # newlines are counted incrementally, up to ``counted``
    for match in _BRACKET.finditer(clean):
        ch = match.group()
        if ch in "([{":
            if depth == 0:
                lines += clean.count("\n", counted, match.start())
                counted = match.start()
                if ch != "{":
                    raise SyntaxProblem(f"expected '{{' on line {lines}")
                line, start, items = lines, match.end(), []
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if depth < 0:
                raise SyntaxProblem(f"unbalanced {ch!r} after line {line}")
            if depth == 0:
                yield line, [*items, clean[start:match.start()]]
        elif depth == 1:  # a comma of the top-level list itself
            items.append(clean[start:match.start()])
            start = match.end()
    if depth:
        raise SyntaxProblem(f"unclosed list from line {line}")


def parse_tokens(tokens: list[Token]) -> Tree:
    """The tree of one expression given as tokens (an ``end`` token is added if missing)."""
    if not tokens or tokens[-1].kind != "end":
        tokens = [*tokens, Token("end", "", tokens[-1].line if tokens else 0)]
    reader = _Reader(tokens)
    tree = reader.expression()
    if reader.tok.kind != "end":
        raise SyntaxProblem(f"unexpected {reader.tok.text!r} on line {reader.tok.line}")
    return tree


def parse(text: str) -> Tree:
    """The tree of one expression written as text."""
    return parse_tokens(tokenize(strip_comments(text)))


class _Reader:
    """Recursive descent over the tokens, with Mathematica's precedences."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.i = 0

    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def _take(self, kind: str) -> Token:
        tok = self.tok
        if tok.kind != kind:
            raise SyntaxProblem(f"expected {kind!r}, found {tok.text!r} on line {tok.line}")
        self.i += 1
        return tok

    def expression(self) -> Tree:
        left = self.sum()
        while self.tok.kind in _COMPARISONS:
            op = self._take(self.tok.kind).kind
            left = ("compare", op, left, self.sum())
        return left

    def sum(self) -> Tree:
        terms = [self.product()]
        while self.tok.kind in ("+", "-"):
            sign = self._take(self.tok.kind).kind
            term = self.product()
            terms.append(term if sign == "+" else negate(term))
        return terms[0] if len(terms) == 1 else ("plus", *terms)

    def product(self) -> Tree:
        factors = [self.signed()]
        while True:
            kind = self.tok.kind
            if kind == "*":
                self.i += 1
                factors.append(self.signed())
            elif kind == "/":
                self.i += 1
                factors.append(("power", self.signed(), MINUS_ONE))
            elif kind in _FACTOR_START:
                factors.append(self.power())  # implicit multiplication
            else:
                break
        return factors[0] if len(factors) == 1 else ("times", *factors)

    def signed(self) -> Tree:
        if self.tok.kind == "-":
            self.i += 1
            return negate(self.signed())
        if self.tok.kind == "+":
            self.i += 1
            return self.signed()
        return self.power()

    def power(self) -> Tree:
        base = self.primary()
        if self.tok.kind != "^":
            return base
        self.i += 1
        return ("power", base, self.signed())  # right-associative; binds tighter than -

    def primary(self) -> Tree:
        tok = self.tok
        if tok.kind == "num":
            self.i += 1
            text = tok.text.rstrip("`")
            return ("real", text) if "." in text else ("int", int(text))
        if tok.kind == "name":
            self.i += 1
            node: Tree = ("sym", tok.text)
            while self.tok.kind == "[":
                self.i += 1
                node = ("call", tok.text, *self._items("]"))
            return node
        if tok.kind == "(":
            self.i += 1
            inner = self.expression()
            self._take(")")
            return inner
        if tok.kind == "{":
            self.i += 1
            return ("list", *self._items("}"))
        raise SyntaxProblem(f"unexpected {tok.text or 'end'!r} on line {tok.line}")

    def _items(self, closer: str) -> list[Tree]:
        items: list[Tree] = []
        if self.tok.kind == closer:
            self.i += 1
            return items
        while True:
            items.append(self.expression())
            if self.tok.kind == closer:
                self.i += 1
                return items
            self._take(",")


def modern_branch(tree: Tree) -> Tree:
    """``tree`` with each ``If[condition, then, else]`` replaced by its ``then``.

    The suite writes answers that changed between Mathematica versions as
    ``If[$VersionNumber >= 8, newer, older]``; the newer one is Rubi's current answer.
    """
    if tree[0] in ("int", "real", "sym"):
        return tree
    if tree[0] == "call" and tree[1] == "If" and len(tree) >= 4:
        return modern_branch(tree[3])
    if tree[0] == "call":
        return (tree[0], tree[1], *(modern_branch(child) for child in tree[2:]))
    if tree[0] == "compare":
        return tree
    return (tree[0], *(modern_branch(child) for child in tree[1:]))


def negate(tree: Tree) -> Tree:
    """``-tree`` as Mathematica writes it: a negative number, or ``times(-1, tree)``."""
    if tree[0] == "int":
        return ("int", -tree[1])
    if tree[0] == "real":
        return ("real", tree[1][1:] if tree[1].startswith("-") else "-" + tree[1])
    return ("times", MINUS_ONE, tree)


def symbols(tree: Tree) -> set[str]:
    """The names of the symbols in ``tree`` (not the heads of calls)."""
    if tree[0] == "sym":
        return {tree[1]}
    if tree[0] in ("int", "real"):
        return set()
    children = tree[2:] if tree[0] == "call" else tree[1:]
    return set().union(*(symbols(child) for child in children))


def heads(tree: Tree) -> set[str]:
    """The names of the functions called in ``tree``."""
    if tree[0] in ("int", "real", "sym"):
        return set()
    own = {tree[1]} if tree[0] == "call" else set()
    children = tree[2:] if tree[0] == "call" else tree[1:]
    return own.union(*(heads(child) for child in children))


def exponent_symbols(tree: Tree) -> set[str]:
    """The symbols that occur inside an exponent (m, n, p in ``(a + b x^n)^p``)."""
    if tree[0] in ("int", "real", "sym"):
        return set()
    if tree[0] == "power":
        return exponent_symbols(tree[1]) | symbols(tree[2])
    children = tree[2:] if tree[0] == "call" else tree[1:]
    return set().union(*(exponent_symbols(child) for child in children))


def substitute(tree: Tree, values: dict[str, Tree]) -> Tree:
    """``tree`` with each symbol named in ``values`` replaced by its tree."""
    kind = tree[0]
    if kind == "sym":
        return values.get(tree[1], tree)
    if kind in ("int", "real"):
        return tree
    if kind == "call":
        return (kind, tree[1], *(substitute(child, values) for child in tree[2:]))
    return (kind, *(substitute(child, values) for child in tree[1:]))
