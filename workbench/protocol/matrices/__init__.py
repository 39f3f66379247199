"""Vectors, matrices and matrix expressions as students type them, with their shapes.

``[1, 2, 3]`` and ``[[1, 2], [3, 4]]`` (:func:`parse_matrix_literal`); expressions over
named quantities of declared shapes such as ``W x + b``, ``delta x^T``, ``Wᵀδ``
(:func:`parse_matrix_expression`), whose shape errors say which sizes disagree and
which order or transpose would fit (:class:`ShapeError`); their values with numpy
(:func:`evaluate_matrix`); and a student's answer compared with the right matrix
(:func:`check_matrix_answer`). Like the rest of ``workbench.protocol``: no sympy, no Qt;
numpy loads only when an expression is evaluated.
"""

from __future__ import annotations

from typing import Any

from workbench.protocol.matrices.expression import (
    MatrixExpression,
    parse_matrix_expression,
)
from workbench.protocol.matrices.literal import (
    MatrixLiteral,
    parse_matrix_literal,
    vector_texts,
)
from workbench.protocol.matrices.shapes import ShapeError, shape_text

__all__ = ["AnswerCheck", "MatrixExpression", "MatrixLiteral", "ShapeError",
           "check_matrix_answer", "evaluate_matrix", "parse_matrix_expression",
           "parse_matrix_literal", "shape_text", "vector_texts"]


def __getattr__(name: str) -> Any:
    if name in ("evaluate_matrix", "check_matrix_answer", "AnswerCheck"):
        from workbench.protocol.matrices import evaluate

        return getattr(evaluate, name)
    raise AttributeError(f"module 'workbench.protocol.matrices' has no attribute {name!r}")
