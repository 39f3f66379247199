"""Differentiation with step trees: ``derivative`` and ``partial_derivatives``.

Rules (one small module per family) build a rule tree; ``render`` turns it into
:class:`~workbench.protocol.steps.Step` objects; ``simplify`` tidies the final answer.
"""

from workbench.engine.differentiation.api import (
    PartialDerivatives, derivative, differentiate_once, partial_derivatives, symbol_in)

__all__ = ["PartialDerivatives", "derivative", "differentiate_once", "partial_derivatives",
           "symbol_in"]
