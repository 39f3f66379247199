"""Shapes, the error a misfit raises, and the orders and transposes that would fit.

A shape is ``(rows, columns)``, or ``()`` for a plain number (a scalar). Trees are plain
tuples: ``("operand", name)``, ``("num", text)``, ``("transpose", a)``, ``("neg", a)``,
``("matmul", a, b)``, ``("scale", a, b)`` (one side a scalar), ``("hadamard", a, b)``,
``("add", a, b)``, ``("sub", a, b)``, ``("div", a, b)`` (b a scalar).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from workbench.protocol.syntax.errors import ParseError
from workbench.protocol.syntax.vocabulary import GREEK_LETTERS

Shape = tuple[int, ...]
MNode = tuple

_GREEK_BY_NAME = {name: letter for letter, name in GREEK_LETTERS.items()}
_GREEK_BY_NAME["epsilon"] = "ε"
_GREEK_BY_NAME["phi"] = "φ"
_PRECEDENCE = {"add": 1, "sub": 1, "matmul": 2, "scale": 2, "hadamard": 2, "div": 2,
               "neg": 3, "transpose": 4, "operand": 5, "num": 5}


class ShapeError(ParseError):
    """Operands whose sizes do not fit; ``suggestions`` are rewritings that would fit
    (orders and transposes of the same operands), as display text."""

    def __init__(self, message: str, position: int | None = None,
                 suggestions: tuple[str, ...] = ()) -> None:
        super().__init__(message, position)
        self.suggestions = tuple(suggestions)

    def __reduce__(self):  # keeps the suggestions across a process boundary
        return (type(self), (self.message, self.position, self.suggestions))


def shape_text(shape: Shape) -> str:
    """"3×2" for (3, 2); "1×1" for a scalar."""
    return "×".join(str(s) for s in shape) if shape else "1×1"


def display_name(name: str) -> str:
    """An operand's name as shown: Greek names as their letter (delta -> δ)."""
    return _GREEK_BY_NAME.get(name, name)


@dataclass(frozen=True)
class _Style:
    """How one notation writes names, operators, transposes and groups."""

    name: Callable[[str], str]
    ops: dict[str, str]
    transpose: str
    minus: str
    group: tuple[str, str]
    fraction: bool  # a/b as \frac{a}{b}


def _render(node: MNode, style: _Style) -> str:
    op = node[0]
    if op == "operand":
        return style.name(node[1])
    if op == "num":
        return node[1]
    if op == "transpose":
        return _grouped(node[1], 4, style) + style.transpose
    if op == "neg":
        return style.minus + _grouped(node[1], 3, style)
    if op == "div" and style.fraction:
        return rf"\frac{{{_render(node[1], style)}}}{{{_render(node[2], style)}}}"
    level = _PRECEDENCE[op]
    # a right operand of equal precedence is grouped: a − (b + c)
    return (_grouped(node[1], level, style) + style.ops[op]
            + _grouped(node[2], level + 1, style))


def _grouped(node: MNode, level: int, style: _Style) -> str:
    text = _render(node, style)
    return style.group[0] + text + style.group[1] if _PRECEDENCE[node[0]] < level else text


def display(node: MNode) -> str:
    """A tree as text a student reads (and the grammar reads back): δᵀ·W, W·x + b, (W·x)ᵀ."""
    return _render(node, _TEXT)


def to_latex(node: MNode) -> str:
    """A tree in LaTeX: \\delta\\,x^{T}, W^{T}\\,\\delta, \\frac{a}{m}."""
    return _render(node, _LATEX)


def transpose(node: MNode) -> MNode:
    """Aᵀ, with (Aᵀ)ᵀ written back as A."""
    return node[1] if node[0] == "transpose" else ("transpose", node)


def product_shape(a: Shape, b: Shape) -> Shape | None:
    """The shape of a·b (matrix product, or scaling when one is a scalar); None if it cannot be."""
    if not a:
        return b
    if not b:
        return a
    return (a[0], b[1]) if a[1] == b[0] else None


def transposed(shape: Shape) -> Shape:
    """The shape of the transpose."""
    return shape[::-1]


def product_suggestions(left: MNode, a: Shape, right: MNode, b: Shape) -> tuple[str, ...]:
    """Products of the two operands, in either order and either transposed, that fit."""
    options = []
    for first, s1, second, s2 in ((left, a, right, b), (right, b, left, a)):
        for t1 in (False, True):
            for t2 in (False, True):
                if (first, t1, t2) == (left, False, False):
                    continue  # what the student wrote
                shape1 = transposed(s1) if t1 else s1
                shape2 = transposed(s2) if t2 else s2
                if product_shape(shape1, shape2) is not None:
                    n1 = transpose(first) if t1 else first
                    n2 = transpose(second) if t2 else second
                    options.append(display(("matmul", n1, n2)))
    return tuple(dict.fromkeys(options))[:3]


def sum_suggestions(op: str, left: MNode, a: Shape, right: MNode, b: Shape) -> tuple[str, ...]:
    """Sums (or ⊙ products) with one operand transposed that fit."""
    options = []
    if transposed(a) == b:
        options.append(display((op, transpose(left), right)))
        options.append(display((op, left, transpose(right))))
    return tuple(options)


def or_list(options: tuple[str, ...]) -> str:
    """"a", "a or b", "a, b or c"."""
    if len(options) < 2:
        return "".join(options)
    return ", ".join(options[:-1]) + " or " + options[-1]


def _name_tex(name: str) -> str:
    if name in _GREEK_BY_NAME:
        return "\\" + name
    base, _, sub = name.partition("_")
    base = base if len(base) == 1 else rf"\mathrm{{{base}}}"
    return f"{base}_{{{sub}}}" if sub else base


_TEXT = _Style(display_name, {"add": " + ", "sub": " − ", "matmul": "·", "scale": "·",
                              "hadamard": " ⊙ ", "div": "/"}, "ᵀ", "−", ("(", ")"), False)
_LATEX = _Style(_name_tex, {"add": " + ", "sub": " - ", "matmul": r"\,", "scale": r"\,",
                            "hadamard": r" \odot "}, "^{T}", "-", (r"\left(", r"\right)"), True)
