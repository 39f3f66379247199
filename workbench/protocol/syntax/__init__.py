"""The sympy-free grammar shared by window and engine: grammar, plain trees, numpy evaluation.

The window imports this package (to validate as the student types and to sample
curves); it must never import sympy, scipy or Qt. numpy is loaded only when a tree is
evaluated, so that reading session files and validating text stay light.
"""

from __future__ import annotations

from typing import Any

from workbench.protocol.syntax.errors import ParseError
from workbench.protocol.syntax.latex import tree_to_latex
from workbench.protocol.syntax.parser import parse_tree
from workbench.protocol.syntax.tree import Node, symbols_of

__all__ = ["EvaluationError", "Node", "ParseError", "evaluate", "parse_tree", "symbols_of",
           "tree_to_latex"]


def __getattr__(name: str) -> Any:
    if name in ("evaluate", "EvaluationError"):
        from workbench.protocol.syntax import numeric

        return getattr(numeric, name)
    raise AttributeError(f"module 'workbench.protocol.syntax' has no attribute {name!r}")
