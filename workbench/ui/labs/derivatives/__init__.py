"""The Derivatives lab (issue 3): one module per view, wired together in ``lab``.

``numeric`` holds the float64 numbers (Qt-free), ``model`` the shared state,
``controls`` the inputs, and ``secant_view``, ``tangent_view``, ``error_view``,
``second_view``, ``steps_view`` the five views.
"""

from workbench.ui.labs.derivatives.lab import DerivativesLab

__all__ = ["DerivativesLab"]
