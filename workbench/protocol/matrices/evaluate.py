"""Values of matrix expressions (numpy), and a student's expression checked against the
right matrix: the lab's "try it yourself" field."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from workbench.protocol.matrices import shapes as S
from workbench.protocol.matrices.expression import (
    MatrixExpression,
    parse_matrix_expression,
)
from workbench.protocol.syntax.errors import ParseError


def evaluate_matrix(expr: MatrixExpression | tuple, values: Mapping[str, Any]) -> np.ndarray:
    """The value of ``expr`` given each operand's value (a flat list is a column vector).

    Returns a 2-D array (a 0-d array for a number). ValueError if an operand has no value
    or values whose sizes do not fit.
    """
    tree = expr.tree if isinstance(expr, MatrixExpression) else expr
    try:
        with np.errstate(all="ignore"):  # W/0 is inf, as the numbers say; no warning
            return _eval(tree, values)
    except KeyError as missing:
        raise ValueError(f"No value for {S.display_name(missing.args[0])}") from None


def _eval(node: tuple, values: Mapping[str, Any]) -> np.ndarray:
    op = node[0]
    if op == "operand":
        value = np.asarray(values[node[1]], dtype=float)
        return value.reshape(-1, 1) if value.ndim == 1 else value
    if op == "num":
        return np.asarray(float(Fraction(node[1])))
    if op == "transpose":
        return _eval(node[1], values).T
    if op == "neg":
        return -_eval(node[1], values)
    a, b = _eval(node[1], values), _eval(node[2], values)
    if op == "matmul":
        if a.shape[1] != b.shape[0]:
            raise ValueError(f"The values do not fit: ({S.shape_text(a.shape)})·"
                             f"({S.shape_text(b.shape)})")
        return a @ b
    if op in ("add", "sub", "hadamard") and a.shape != b.shape:
        raise ValueError(f"The values do not fit: {S.shape_text(a.shape)} and "
                         f"{S.shape_text(b.shape)}")
    return {"add": np.add, "sub": np.subtract, "scale": np.multiply, "hadamard": np.multiply,
            "div": np.divide}[op](a, b)


@dataclass(frozen=True)
class AnswerCheck:
    """A student's matrix expression judged: ``correct``, a ``message`` in words, the
    expression's ``shape`` and ``value`` where it has them, rewritings that would be right
    (or at least fit) as ``suggestions``, and the column of a problem in the text."""

    correct: bool
    message: str
    shape: tuple[int, ...] | None = None
    value: tuple[tuple[float, ...], ...] | None = None
    suggestions: tuple[str, ...] = ()
    position: int | None = None


def check_matrix_answer(text: str, shapes: Mapping[str, tuple[int, ...]],
                        values: Mapping[str, Any], expected: Any,
                        target: str = "∂L/∂W") -> AnswerCheck:
    """Is ``text`` (over the quantities in ``shapes``) the matrix ``expected``?

    Wrong sizes and wrong orders are explained: a product that does not fit names the
    sizes and what would fit; a result of the wrong shape, or with other numbers, names
    the rewritings of the same operands that give ``expected``.
    """
    want = _as_matrix(expected)
    try:
        expr = parse_matrix_expression(text, shapes)
    except ParseError as problem:
        suggestions = getattr(problem, "suggestions", ())
        right = _suggestions_that_match(suggestions, shapes, values, want)
        message = problem.message + (f" ({S.or_list(right)} gives {target})" if right else "")
        return AnswerCheck(False, message, suggestions=right or suggestions,
                           position=problem.position)
    got = _as_matrix(evaluate_matrix(expr, values))
    value = tuple(tuple(float(v) for v in row) for row in got)
    right = _rewrites_that_match(expr.tree, shapes, values, want)
    hint = f"; did you mean {S.or_list(right)}?" if right else ""
    if got.shape != want.shape:
        message = (f"{expr.display} is ({S.shape_text(got.shape)}), but {target} is "
                   f"({S.shape_text(want.shape)})" + hint)
        return AnswerCheck(False, message, got.shape, value, right)
    if np.allclose(got, want, rtol=1e-9, atol=1e-12):
        return AnswerCheck(True, f"Right: {expr.display} is ({S.shape_text(got.shape)}) and "
                           f"equals {target} entry for entry.", got.shape, value)
    with np.errstate(all="ignore"):  # inf − inf where the student divided by 0
        i, j = np.unravel_index(np.argmax(np.abs(got - want)), got.shape)
    message = (f"{expr.display} has the right shape ({S.shape_text(got.shape)}), but not the "
               f"right numbers: entry ({i + 1}, {j + 1}) is {got[i, j]:.6g} where {target} has "
               f"{want[i, j]:.6g}" + hint)
    return AnswerCheck(False, message, got.shape, value, right)


def _suggestions_that_match(suggestions: tuple[str, ...],
                            shapes: Mapping[str, tuple[int, ...]], values: Mapping[str, Any],
                            want: np.ndarray) -> tuple[str, ...]:
    """The suggested rewritings (display text, which reads back) whose value is ``want``."""
    found = []
    for text in suggestions:
        try:
            got = _as_matrix(evaluate_matrix(parse_matrix_expression(text, shapes), values))
        except ValueError:  # ParseError included: a suggestion that doesn't read back
            continue
        if got.shape == want.shape and np.allclose(got, want, rtol=1e-9, atol=1e-12):
            found.append(text)
    return tuple(found)


def _as_matrix(value: Any) -> np.ndarray:
    array = np.asarray(value, dtype=float)
    return array.reshape(-1, 1) if array.ndim == 1 else array.reshape(1, 1) if array.ndim == 0 \
        else array


def _rewrites_that_match(tree: tuple, shapes: Mapping[str, tuple[int, ...]],
                         values: Mapping[str, Any], want: np.ndarray) -> tuple[str, ...]:
    """For a product of two factors: the other orders and transposes that give ``want``."""
    if tree[0] != "matmul":
        return ()
    left, right = tree[1], tree[2]
    found = []
    for first, second in ((left, right), (right, left)):
        for t1 in (False, True):
            for t2 in (False, True):
                candidate = ("matmul", S.transpose(first) if t1 else first,
                             S.transpose(second) if t2 else second)
                if candidate == tree:
                    continue
                try:
                    got = _as_matrix(evaluate_matrix(candidate, values))
                except ValueError:
                    continue
                if got.shape == want.shape and np.allclose(got, want, rtol=1e-9, atol=1e-12):
                    found.append(S.display(candidate))
    return tuple(dict.fromkeys(found))
