"""Integration: antiderivatives with steps, definite, improper and double integrals,
Riemann sums. See ENGINE_API.md for the contract."""

from __future__ import annotations

from workbench.engine.integration.antiderivative import Limits, antiderivative

__all__ = ["Limits", "antiderivative"]
