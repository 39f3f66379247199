"""Derivative tools (issue 3): numeric derivatives, the limit definition, tangent lines,
critical and inflection points. Each returns a frozen result with ``latex`` and ``steps``."""

from workbench.engine.derivative_tools.common import DomainError
from workbench.engine.derivative_tools.quotients import (
    LimitDefinition, NumericDerivative, limit_definition, numeric_derivative)

__all__ = ["DomainError", "LimitDefinition", "NumericDerivative", "limit_definition",
           "numeric_derivative"]
