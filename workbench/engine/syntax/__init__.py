"""The sympy-free front end of the engine: grammar, plain expression trees, numpy evaluation.

The window imports this package (to validate as the student types and to sample
curves); it must never import sympy, scipy or Qt. numpy is loaded only when a tree is
evaluated, so that reading session files and validating text stay light.
"""

from __future__ import annotations

from typing import Any

from workbench.engine.syntax.errors import ParseError
from workbench.engine.syntax.latex import tree_to_latex
from workbench.engine.syntax.parser import parse_tree
from workbench.engine.syntax.tree import Node, symbols_of

__all__ = ["EvaluationError", "Node", "ParseError", "evaluate", "parse_tree", "symbols_of",
           "tree_to_latex"]


def __getattr__(name: str) -> Any:
    if name in ("evaluate", "EvaluationError"):
        from workbench.engine.syntax import numeric

        return getattr(numeric, name)
    raise AttributeError(f"module 'workbench.engine.syntax' has no attribute {name!r}")
