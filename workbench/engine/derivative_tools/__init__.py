"""Derivative tools (issue 3): numeric derivatives, the limit definition, tangent lines,
critical and inflection points. Each returns a frozen result with ``latex`` and ``steps``."""

from workbench.engine.derivative_tools.common import DomainError
from workbench.engine.derivative_tools.quotients import (
    LimitDefinition, NumericDerivative, limit_definition, numeric_derivative)
from workbench.engine.derivative_tools.stationary import (
    CriticalPoint, CriticalPoints, InflectionPoints, critical_points, inflection_points)
from workbench.engine.derivative_tools.tangent import TangentLine, tangent_line

__all__ = ["CriticalPoint", "CriticalPoints", "DomainError", "InflectionPoints",
           "LimitDefinition", "NumericDerivative", "TangentLine", "critical_points",
           "inflection_points", "limit_definition", "numeric_derivative", "tangent_line"]
