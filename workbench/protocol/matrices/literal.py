"""Vectors and matrices written out: ``[1, 2, 3]``, ``[[1, 2], [3, 4]]``, ``[1, 2; 3, 4]``.

Each entry is read by the scalar grammar (``1/2``, ``sqrt(2)``, ``x*y``); ``?`` leaves an
entry open (a symbol the engine names, such as w₁₂). A vector is a column.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from workbench.protocol.syntax.errors import ParseError
from workbench.protocol.syntax.parser import parse_tree
from workbench.protocol.syntax.tree import Node
from workbench.protocol.syntax.vocabulary import MAX_DEPTH, MAX_LENGTH

_OPEN = {"(": ")", "[": "]", "{": "}"}
OPEN_ENTRY = "?"


@dataclass(frozen=True)
class MatrixLiteral:
    """Entries as typed (``texts``, None for an open ``?``) and as plain trees (``trees``),
    row by row; ``shape`` (rows, cols); ``vector`` when written as one flat list."""

    texts: tuple[tuple[str | None, ...], ...]
    trees: tuple[tuple[Node | None, ...], ...]
    shape: tuple[int, int]
    vector: bool

    def flat_texts(self) -> list[str | None]:
        """Every entry's text, row after row (a vector's entries in order)."""
        return [text for row in self.texts for text in row]


def parse_matrix_literal(text: str, variables: Iterable[str] = ()) -> MatrixLiteral:
    """Read a vector or matrix; ParseError (with the column) for anything else.

    Brackets may be left off a plain list (``1, 2, 3``). Rows must all be as long.
    """
    if not isinstance(text, str):
        raise ParseError("A matrix must be text", None)
    if len(text) > MAX_LENGTH:
        raise ParseError(f"The matrix is too long (more than {MAX_LENGTH} characters)",
                         MAX_LENGTH)
    start, end = _outer(text)
    pieces = _split(text, start, end, ",;")
    rows = _rows(text, start, end, pieces)
    widths = [len(r) for r in rows]
    for k, width in enumerate(widths[1:], start=2):
        if width != widths[0]:
            raise ParseError(f"Row {k} has {width} entries but row 1 has {widths[0]}: every "
                             "row needs the same number", rows[k - 1][0][1])
    names = tuple(variables)
    trees = tuple(tuple(_entry(piece, pos, names) for piece, pos in row) for row in rows)
    texts = tuple(tuple(None if p.strip() == OPEN_ENTRY else p.strip() for p, _ in row)
                  for row in rows)
    vector = len(rows) > 0 and all(len(r) == 1 for r in rows) and not _nested(text, start, end)
    return MatrixLiteral(texts, trees, (len(rows), widths[0]), vector)


def vector_texts(text: str, variables: Iterable[str] = ()) -> tuple[str, ...]:
    """The entries of a vector (one row or one column) as text, each checked by the grammar:
    "[x*y, x + y^2]" -> ("x*y", "x + y^2"). ParseError for a matrix or an open entry."""
    literal = parse_matrix_literal(text, variables)
    if 1 not in literal.shape:
        raise ParseError(f"This is a {literal.shape[0]}×{literal.shape[1]} matrix; a vector is "
                         "one list of entries, like [x*y, x + y^2]", None)
    texts = literal.flat_texts()
    if None in texts:
        raise ParseError(f"Entry {texts.index(None) + 1} is open (?): give it a formula", None)
    return tuple(t for t in texts if t is not None)


def _outer(text: str) -> tuple[int, int]:
    """The span inside the outer brackets (or the whole text when there are none)."""
    stripped = text.strip()
    if not stripped:
        raise ParseError("The matrix is empty: write its entries, like [1, 2, 3]", 0)
    first = text.index(stripped[0])
    if stripped[0] != "[":
        return first, first + len(stripped)
    close = _matching(text, first)
    if text[close + 1:].strip():
        raise ParseError("Text after the closing bracket", close + 1)
    return first + 1, close


def _matching(text: str, open_at: int) -> int:
    stack = []
    for k in range(open_at, len(text)):
        ch = text[k]
        if ch in _OPEN:
            stack.append(_OPEN[ch])
            if len(stack) > MAX_DEPTH:
                raise ParseError(f"Brackets are nested more than {MAX_DEPTH} deep", k)
        elif ch in ")]}":
            if not stack or stack.pop() != ch:
                raise ParseError(f"The bracket {ch!r} does not match", k)
            if not stack:
                return k
    raise ParseError("The bracket '[' is never closed", open_at)


def _split(text: str, start: int, end: int, separators: str) -> list[tuple[str, int, str]]:
    """Pieces between separators outside brackets: (text, column, the separator after it)."""
    pieces, depth, begin = [], 0, start
    for k in range(start, end):
        ch = text[k]
        if ch in _OPEN:
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif depth == 0 and ch in separators:
            pieces.append((text[begin:k], begin, ch))
            begin = k + 1
    pieces.append((text[begin:end], begin, ""))
    return pieces


def _rows(text: str, start: int, end: int, pieces: list[tuple[str, int, str]]
          ) -> list[list[tuple[str, int]]]:
    """Rows of (entry text, column): [[..], [..]] rows, ``;`` rows, or one flat list."""
    bracketed = [p.strip().startswith("[") for p, _, _ in pieces]
    if any(bracketed):
        if not all(bracketed):
            k = bracketed.index(False)
            raise ParseError("Mix of rows and single entries: write every row in brackets, "
                             "like [[1, 2], [3, 4]]", pieces[k][1])
        rows = []
        for piece, pos, _ in pieces:
            open_at = pos + piece.index("[")
            close = _matching(text, open_at)
            if text[close + 1:pos + len(piece)].strip():
                raise ParseError("Text after a row's closing bracket", close + 1)
            rows.append([(p, c) for p, c, _ in _split(text, open_at + 1, close, ",")])
        return rows
    if any(sep == ";" for _, _, sep in pieces):
        return [[(p, c) for p, c, _ in _split(text, pos, pos + len(row), ",")]
                for row, pos, _ in _split(text, start, end, ";")]
    return [[(p, c)] for p, c, _ in pieces]


def _nested(text: str, start: int, end: int) -> bool:
    return text[start:end].strip().startswith("[")


def _entry(piece: str, pos: int, names: tuple[str, ...]) -> Node | None:
    stripped = piece.strip()
    if stripped == OPEN_ENTRY:
        return None
    if not stripped:
        raise ParseError("An entry is empty: write a number, or ? for a symbol", pos)
    offset = pos + piece.index(stripped[0])
    try:
        return parse_tree(stripped, names)
    except ParseError as problem:
        column = None if problem.position is None else problem.position + offset
        raise ParseError(problem.message, column) from problem
