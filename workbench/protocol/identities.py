"""The matrix-calculus identities the engine checks, listed for a reference page.

Sympy-free, so the window can show the list before any engine work; the engine's
``check_identity(id, n)`` expands one of them at size n and verifies it.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_SIZE = 8  # the largest n an identity is expanded at


@dataclass(frozen=True)
class IdentityInfo:
    """One identity for a reference page: a stable ``id``, a ``title`` and its ``latex``."""

    id: str
    title: str
    latex: str


IDENTITIES: tuple[IdentityInfo, ...] = (
    IdentityInfo("linear", "Gradient of a linear function",
                 r"\frac{\partial}{\partial x}\left(a^{T}x\right) = a"),
    IdentityInfo("quadratic", "Gradient of a quadratic form",
                 r"\frac{\partial}{\partial x}\left(x^{T}Ax\right) = \left(A + A^{T}\right)x"),
    IdentityInfo("squared_norm", "Gradient of the squared length",
                 r"\frac{\partial}{\partial x}\lVert x\rVert^{2} = 2x"),
    IdentityInfo("linear_map", "Jacobian of a linear map",
                 r"\frac{\partial (Ax)}{\partial x} = A"),
    IdentityInfo("softmax", "Jacobian of softmax",
                 r"\frac{\partial s}{\partial z} = \operatorname{diag}(s) - s\,s^{T},"
                 r"\quad s = \operatorname{softmax}(z)"),
    IdentityInfo("mse", "Gradient of the mean squared error",
                 r"\frac{\partial}{\partial y}\,\frac{1}{n}\lVert y - t\rVert^{2}"
                 r" = \frac{2}{n}\left(y - t\right)"),
    IdentityInfo("softmax_cross_entropy", "Cross-entropy after softmax",
                 r"\frac{\partial}{\partial z}\left(-\sum_i t_i \ln s_i\right) = s - t,"
                 r"\quad s = \operatorname{softmax}(z),\ \sum_i t_i = 1"),
    IdentityInfo("sigmoid_bce", "Binary cross-entropy after sigmoid",
                 r"\frac{\partial}{\partial z}\left(-\frac{1}{n}\sum_i \left[t_i \ln \sigma(z_i)"
                 r" + (1 - t_i)\ln(1 - \sigma(z_i))\right]\right) = \frac{1}{n}(\sigma(z) - t)"),
)
