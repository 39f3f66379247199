"""Integration: antiderivatives with steps, definite, improper and double integrals,
Riemann sums. See ENGINE_API.md for the contract."""

from __future__ import annotations

from workbench.engine.integration.chain import Limits, antiderivative
from workbench.engine.integration.definite import definite_integral
from workbench.engine.integration.double import SwapError, double_integral, swap_order
from workbench.engine.integration.results import (
    Antiderivative, DoubleIntegral, IntegralResult, RiemannSum)
from workbench.engine.integration.riemann import riemann_sum

__all__ = ["Antiderivative", "DoubleIntegral", "IntegralResult", "Limits", "RiemannSum",
           "SwapError", "antiderivative", "definite_integral", "double_integral", "riemann_sum",
           "swap_order"]
