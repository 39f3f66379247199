"""The sympy-free front end of the engine: grammar, plain expression trees, numpy evaluation.

The window imports this package (to validate as the student types and to sample
curves); it must never import sympy, scipy or Qt.
"""

from workbench.engine.syntax.errors import ParseError
from workbench.engine.syntax.latex import tree_to_latex
from workbench.engine.syntax.numeric import EvaluationError, evaluate
from workbench.engine.syntax.parser import parse_tree
from workbench.engine.syntax.tree import Node, symbols_of

__all__ = ["EvaluationError", "Node", "ParseError", "evaluate", "parse_tree", "symbols_of",
           "tree_to_latex"]
