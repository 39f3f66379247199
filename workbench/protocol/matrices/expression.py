"""Matrix expressions over named quantities of declared shapes: ``W x + b``, ``delta x^T``,
``Wᵀδ``, ``2 (y - t) / m``, ``dL_dy ⊙ s``.

Grammar (lowest precedence first)::

    sum      := product (("+" | "-") product)*
    product  := unary (("*" | "·" | "@" | "⊙" | "/") unary | <juxtaposition> unary)*
    unary    := "-" unary | postfix
    postfix  := primary ("ᵀ" | "^T" | "^{T}" | "'" | ".T")*
    primary  := number | name | "(" sum ")"

Each operation's shape is worked out as it is read; one that does not fit raises a
:class:`ShapeError` naming the sizes and the orders or transposes that would fit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from workbench.protocol.matrices import shapes as S
from workbench.protocol.matrices.lexer import MToken, tokenize_matrix
from workbench.protocol.syntax.errors import ParseError
from workbench.protocol.syntax.vocabulary import MAX_DEPTH, MAX_LENGTH


@dataclass(frozen=True)
class MatrixExpression:
    """A parsed matrix expression: its plain ``tree``, its ``shape`` (() for a number), the
    ``operands`` it uses (in order of first use), and how it reads (``display``, ``latex``)."""

    text: str
    tree: tuple
    shape: tuple[int, ...]
    operands: tuple[str, ...]
    display: str
    latex: str


def parse_matrix_expression(text: str, shapes: Mapping[str, tuple[int, ...]]
                            ) -> MatrixExpression:
    """Parse ``text`` over the quantities named in ``shapes`` (name -> (rows, cols), or ()
    for a number); names are ASCII (``delta``), and ``δ`` or ``\\delta`` mean the same.

    Raises :class:`ParseError` for text it cannot read (with its column) and
    :class:`ShapeError` for sizes that do not fit.
    """
    if not isinstance(text, str):
        raise ParseError("An expression must be text", None)
    if len(text) > MAX_LENGTH:
        raise ParseError(f"The expression is too long (more than {MAX_LENGTH} characters)",
                         MAX_LENGTH)
    if not text.strip():
        raise ParseError("The expression is empty: write a product such as delta x^T", 0)
    for name, shape in shapes.items():
        if len(shape) not in (0, 2) or any(int(s) < 1 for s in shape):
            raise ValueError(f"The shape of {name} must be (rows, columns) or (), not {shape}")
    parser = _Parser(tokenize_matrix(text, tuple(shapes)), dict(shapes))
    node, shape = parser.parse()
    if _depth(node) > MAX_DEPTH:  # the printers and the evaluator recurse over the tree
        raise ParseError(f"The expression is nested more than {MAX_DEPTH} deep", None)
    return MatrixExpression(text, node, shape, tuple(dict.fromkeys(parser.used)),
                            S.display(node), S.to_latex(node))


def _depth(node: tuple) -> int:
    """The depth of a tree, found without recursion."""
    deepest, stack = 0, [(node, 1)]
    while stack:
        current, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in current[1:] if isinstance(child, tuple))
    return deepest


_PRIMARY_STARTS = frozenset({"NUM", "NAME", "LPAREN"})


class _Parser:
    def __init__(self, tokens: list[MToken], shapes: dict[str, tuple[int, ...]]) -> None:
        self.tokens = tokens
        self.shapes = shapes
        self.i = 0
        self.depth = 0
        self.used: list[str] = []

    @property
    def tok(self) -> MToken:
        return self.tokens[self.i]

    def parse(self) -> tuple[tuple, tuple[int, ...]]:
        node, shape = self._sum()
        if self.tok.kind != "END":
            raise ParseError(f"Unexpected {self.tok.text!r}", self.tok.pos)
        return node, shape

    def _sum(self) -> tuple[tuple, tuple[int, ...]]:
        node, shape = self._product()
        while self.tok.kind == "OP" and self.tok.text in "+-":
            op_tok = self.tokens[self.i]
            self.i += 1
            right, right_shape = self._product()
            op = "add" if op_tok.text == "+" else "sub"
            node, shape = _combine_sum(op, node, shape, right, right_shape, op_tok.pos)
        return node, shape

    def _product(self) -> tuple[tuple, tuple[int, ...]]:
        node, shape = self._unary()
        while True:
            tok = self.tok
            if tok.kind == "OP" and tok.text in "*⊙/":
                self.i += 1
                op = tok.text
            elif tok.kind in _PRIMARY_STARTS:
                op = "*"  # juxtaposition: W x
            else:
                return node, shape
            right, right_shape = self._unary()
            node, shape = _combine_product(op, node, shape, right, right_shape, tok.pos)

    def _unary(self) -> tuple[tuple, tuple[int, ...]]:
        negative = False
        while self.tok.kind == "OP" and self.tok.text in "+-":  # a loop: "- - - x" can be long
            negative ^= self.tok.text == "-"
            self.i += 1
        node, shape = self._postfix()
        return (("neg", node) if negative else node), shape

    def _postfix(self) -> tuple[tuple, tuple[int, ...]]:
        node, shape = self._primary()
        while self.tok.kind in ("T", "OP") and self.tok.text in ("ᵀ", "^"):
            if self.tok.kind == "OP":
                raise ParseError("Only a transpose can be raised here: write W^T (or Wᵀ); "
                                 "powers of a matrix are not part of this", self.tok.pos)
            self.i += 1
            node, shape = S.transpose(node), S.transposed(shape)
        return node, shape

    def _primary(self) -> tuple[tuple, tuple[int, ...]]:
        tok = self.tok
        if tok.kind == "NUM":
            self.i += 1
            return ("num", tok.text), ()
        if tok.kind == "NAME":
            self.i += 1
            self.used.append(tok.text)
            return ("operand", tok.text), tuple(self.shapes[tok.text])
        if tok.kind == "LPAREN":
            return self._group()
        if tok.kind == "END":
            raise ParseError("The expression ends too soon: something is missing", tok.pos)
        raise ParseError(f"Unexpected {tok.text!r}", tok.pos)

    def _group(self) -> tuple[tuple, tuple[int, ...]]:
        opener = self.tok
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ParseError(f"Brackets are nested more than {MAX_DEPTH} deep", opener.pos)
        self.i += 1
        node, shape = self._sum()
        if self.tok.kind != "RPAREN":
            raise ParseError(f"The bracket {opener.text!r} is never closed", opener.pos)
        self.i += 1
        self.depth -= 1
        return node, shape


def _combine_product(op: str, left: tuple, a: tuple[int, ...], right: tuple,
                     b: tuple[int, ...], pos: int) -> tuple[tuple, tuple[int, ...]]:
    if op == "/":
        if b:
            raise S.ShapeError(f"Dividing by a ({S.shape_text(b)}) matrix is not defined: "
                               "divide only by a number", pos)
        return ("div", left, right), a
    if not a or not b:
        return ("scale", left, right), a or b
    if op == "⊙":
        if a != b:
            raise S.ShapeError(
                f"({S.shape_text(a)}) ⊙ ({S.shape_text(b)}) does not fit: an entry-by-entry "
                "product needs equal sizes" + _did_you_mean(
                    S.sum_suggestions("hadamard", left, a, right, b)), pos,
                S.sum_suggestions("hadamard", left, a, right, b))
        return ("hadamard", left, right), a
    shape = S.product_shape(a, b)
    if shape is None:
        options = S.product_suggestions(left, a, right, b)
        raise S.ShapeError(
            f"({S.shape_text(a)})·({S.shape_text(b)}) does not fit: inner sizes {a[1]} and "
            f"{b[0]} differ" + _did_you_mean(options, none="no order or transpose of "
                                              f"{S.display(left)} and {S.display(right)} fits"),
            pos, options)
    return ("matmul", left, right), shape


def _combine_sum(op: str, left: tuple, a: tuple[int, ...], right: tuple, b: tuple[int, ...],
                 pos: int) -> tuple[tuple, tuple[int, ...]]:
    if a == b:
        return (op, left, right), a
    sign = "+" if op == "add" else "−"
    if not a or not b:
        raise S.ShapeError(f"A number and a ({S.shape_text(a or b)}) matrix can't be added: "
                           "a sum needs equal sizes", pos)
    options = S.sum_suggestions(op, left, a, right, b)
    raise S.ShapeError(f"({S.shape_text(a)}) {sign} ({S.shape_text(b)}) does not fit: a sum "
                       "needs equal sizes" + _did_you_mean(options), pos, options)


def _did_you_mean(options: tuple[str, ...], none: str = "") -> str:
    if options:
        return f"; did you mean {S.or_list(options)}?"
    return f"; {none}" if none else ""
