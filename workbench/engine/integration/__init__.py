"""Integration: antiderivatives with steps, definite, improper and double integrals,
Riemann sums. See ENGINE_API.md for the contract."""

from __future__ import annotations

from workbench.engine.integration.antiderivative import Limits, antiderivative
from workbench.engine.integration.definite import definite_integral
from workbench.engine.integration.results import (
    Antiderivative, DoubleIntegral, IntegralResult, RiemannSum)

__all__ = ["Antiderivative", "DoubleIntegral", "IntegralResult", "Limits", "RiemannSum",
           "antiderivative", "definite_integral"]
