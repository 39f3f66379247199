"""The activations and losses of a dense layer, numerically (floats) and symbolically (sympy).

Each activation gives y = act(z) and its Jacobian ∂y/∂z (J[k][i] = ∂y_k/∂z_i): diagonal
for an element-wise activation, full for softmax. Each loss gives L(y, t) and ∂L/∂y.
The float versions are written to stay finite where the textbook formula overflows
(σ through tanh, softplus through log1p, softmax shifted by its largest entry).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sympy

from workbench.engine.functions import relu, sigmoid, softplus
from workbench.engine.layers.linalg import Matrix, Vector, subscript


@dataclass(frozen=True)
class ActivationInfo:
    """How an activation is written: its LaTeX name and its derivative in words and LaTeX."""

    name: str
    tex: str
    derivative_tex: str  # ∂y_i/∂z_i (element-wise) or ∂y_k/∂z_i (softmax), in y and z
    elementwise: bool


INFO: dict[str, ActivationInfo] = {
    "identity": ActivationInfo("identity", r"\operatorname{id}", "1", True),
    "sigmoid": ActivationInfo("sigmoid", r"\sigma", r"y_i\,(1 - y_i)", True),
    "tanh": ActivationInfo("tanh", r"\tanh", r"1 - y_i^{2}", True),
    "relu": ActivationInfo("relu", r"\operatorname{ReLU}",
                           r"\begin{cases}1 & z_i > 0\\ 0 & z_i \le 0\end{cases}", True),
    "softplus": ActivationInfo("softplus", r"\operatorname{softplus}", r"\sigma(z_i)", True),
    "softmax": ActivationInfo("softmax", r"\operatorname{softmax}",
                              r"y_k\,(\mathbb{1}[k = i] - y_i)", False),
}

LOSS_TEX: dict[str, tuple[str, str]] = {  # loss -> (L, ∂L/∂y_i) in LaTeX
    "mse": (r"\frac{1}{m}\sum_i (y_i - t_i)^{2}", r"\frac{2}{m}(y_i - t_i)"),
    "cross_entropy": (r"-\sum_i t_i \ln y_i", r"-\frac{t_i}{y_i}"),
    "bce": (r"-\frac{1}{m}\sum_i \left[t_i \ln y_i + (1 - t_i)\ln(1 - y_i)\right]",
            r"\frac{1}{m}\left(\frac{1 - t_i}{1 - y_i} - \frac{t_i}{y_i}\right)"),
}


# --- activations ---------------------------------------------------------------------------

def _float_sigmoid(z: float) -> float:
    return 0.5 * (1.0 + math.tanh(0.5 * z))


def _float_softplus(z: float) -> float:
    return max(z, 0.0) + math.log1p(math.exp(-abs(z)))


_FLOAT_FORWARD: dict[str, Callable[[float], float]] = {
    "identity": lambda z: z, "sigmoid": _float_sigmoid, "tanh": math.tanh,
    "relu": lambda z: max(z, 0.0), "softplus": _float_softplus,
}
_FLOAT_SLOPE: dict[str, Callable[[float, float], float]] = {  # (z, y) -> dy/dz
    # σ(z)·σ(−z) and 1/cosh² keep their digits where y(1 − y) and 1 − y² cancel (y near 1)
    "identity": lambda z, y: 1.0, "sigmoid": lambda z, y: y * _float_sigmoid(-z),
    "tanh": lambda z, y: 1.0 / math.cosh(z) ** 2 if abs(z) < 350 else 0.0,
    "relu": lambda z, y: 1.0 if z > 0 else 0.0,
    "softplus": lambda z, y: _float_sigmoid(z),
}
_SYMBOLIC_FORWARD: dict[str, Callable[[Any], Any]] = {
    "identity": lambda z: z, "sigmoid": sigmoid, "tanh": sympy.tanh, "relu": relu,
    "softplus": softplus,
}
_SYMBOLIC_SLOPE: dict[str, Callable[[Any, Any], Any]] = {
    "identity": lambda z, y: sympy.Integer(1), "sigmoid": lambda z, y: y * (1 - y),
    "tanh": lambda z, y: 1 - y ** 2, "relu": lambda z, y: sympy.Heaviside(z, 0),
    "softplus": lambda z, y: sigmoid(z),
}


def activate(name: str, z: Vector, symbolic: bool) -> Vector:
    """y = act(z): entry by entry, or softmax over the whole vector."""
    if name == "softmax":
        return _softmax(z, symbolic)
    table = _SYMBOLIC_FORWARD if symbolic else _FLOAT_FORWARD
    return tuple(table[name](v) for v in z)


def _softmax(z: Vector, symbolic: bool) -> Vector:
    if symbolic:
        exps = [sympy.exp(v) for v in z]
        total = sympy.Add(*exps)
        return tuple(e / total for e in exps)
    top = max(z)  # shifting by the largest entry keeps every exp ≤ 1 (no overflow)
    exps = [math.exp(v - top) for v in z]
    total = sum(exps)  # every term in (0, 1]: no cancellation to guard against
    return tuple(e / total for e in exps)


def activation_jacobian(name: str, z: Vector, y: Vector, symbolic: bool) -> Matrix:
    """J = ∂y/∂z with J[k][i] = ∂y_k/∂z_i (m×m)."""
    m = len(z)
    zero: Any = sympy.Integer(0) if symbolic else 0.0
    if name == "softmax":
        return tuple(tuple(y[k] * ((1 if k == i else 0) - y[i]) for i in range(m))
                     for k in range(m))
    slope = (_SYMBOLIC_SLOPE if symbolic else _FLOAT_SLOPE)[name]
    return tuple(tuple(slope(z[i], y[i]) if k == i else zero for i in range(m))
                 for k in range(m))


# --- losses -------------------------------------------------------------------------------

def loss_value(name: str, y: Vector, t: Vector, symbolic: bool) -> Any:
    """L(y, t) for the loss ``name``."""
    m = len(y)
    log = sympy.log if symbolic else math.log
    if name == "mse":
        # d·d, not d ** 2: a float's ** raises OverflowError where · gives inf
        total = sum(((yi - ti) * (yi - ti) for yi, ti in zip(y, t)), _zero(symbolic))
        return total / _number(m, symbolic)
    if name == "cross_entropy":
        return -sum((ti * log(yi) for yi, ti in zip(y, t)), _zero(symbolic))
    total = sum((ti * log(yi) + (1 - ti) * log(1 - yi) for yi, ti in zip(y, t)),
                _zero(symbolic))
    return -total / _number(m, symbolic)


def loss_gradient(name: str, y: Vector, t: Vector, symbolic: bool) -> Vector:
    """∂L/∂y, entry by entry."""
    m = _number(len(y), symbolic)
    if name == "mse":
        return tuple(2 * (yi - ti) / m for yi, ti in zip(y, t))
    if name == "cross_entropy":
        return tuple(-ti / yi for yi, ti in zip(y, t))
    return tuple(((1 - ti) / (1 - yi) - ti / yi) / m for yi, ti in zip(y, t))


def check_domain(name: str, y: Vector) -> None:
    """Raise ValueError in words when a logarithm of the loss is undefined at these outputs."""
    for k, value in enumerate(y, start=1):
        if name == "cross_entropy" and not value > 0:
            raise ValueError(f"Cross-entropy takes ln y{subscript(k)}, so every output must be "
                             f"positive, but y{subscript(k)} = {value:.6g}: use softmax or "
                             "sigmoid, or another loss")
        if name == "bce" and not 0 < value < 1:
            raise ValueError(f"Binary cross-entropy takes ln y{subscript(k)} and "
                             f"ln(1 − y{subscript(k)}), so every output must lie strictly "
                             f"between 0 and 1, but y{subscript(k)} = {value:.6g}: "
                             "use sigmoid, or another loss")


def _zero(symbolic: bool) -> Any:
    return sympy.Integer(0) if symbolic else 0.0


def _number(value: int, symbolic: bool) -> Any:
    return sympy.Integer(value) if symbolic else float(value)
