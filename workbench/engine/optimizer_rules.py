"""The update rules of ``optimize`` (see :mod:`workbench.engine.optimizers`).

Each rule does torch's float operations in torch's order (its single-tensor code path
on CPU), with its roundings: ``a.add(b, alpha=s)``, ``a.addcmul(b, c, value=s)`` and
``lerp`` are fused multiply-adds there (one rounding), ``addcdiv`` is a + (s·b)/c.
A builder takes (lr, hyper-parameters, number of variables) and returns the update
θ, ∇f(θ) -> new θ, which keeps the optimizer's state (buffers, step count) inside.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

Vector = list[float]
Update = Callable[[Vector, Vector], Vector]

def _fma(x: float, y: float, z: float) -> float:
    """x·y + z rounded once, as a fused multiply-add does.

    Exact integer arithmetic on the floats' ratios (their denominators are powers of
    two) and one correctly rounded int division; NaN/inf fall back to x·y + z.
    """
    try:
        nx, dx = x.as_integer_ratio()
        ny, dy = y.as_integer_ratio()
        nz, dz = z.as_integer_ratio()
    except (OverflowError, ValueError):
        return x * y + z
    try:
        return (nx * ny * dz + nz * dx * dy) / (dx * dy * dz)
    except OverflowError:
        return x * y + z


_fma = getattr(math, "fma", _fma)  # Python 3.13 has it in C


def _lerp(a: float, b: float, w: float) -> float:
    """torch.lerp(a, b, w): the form it picks depends on the size of the weight."""
    return _fma(w, b - a, a) if abs(w) < 0.5 else _fma(-(b - a), 1 - w, b)


def _axpy(p: Vector, d: Vector, alpha: float) -> Vector:
    """p.add(d, alpha=alpha): p + alpha·d, fused."""
    return [_fma(alpha, di, pi) for pi, di in zip(p, d)]


def _decayed(h: dict[str, Any], p: Vector, g: Vector) -> Vector:
    """The gradient torch steps with: negated to maximise, plus weight_decay·θ (L2)."""
    if h.get("maximize"):
        g = [-gi for gi in g]
    wd = h.get("weight_decay", 0.0)
    if wd != 0 and not h.get("decoupled_weight_decay"):
        g = _axpy(g, p, wd)
    return g


def _gd(lr: float, h: dict[str, Any], n: int) -> Update:
    """SGD: g ← g + weight_decay·θ; θ ← θ - lr·g."""
    def update(p: Vector, g: Vector) -> Vector:
        return _axpy(p, _decayed(h, p, g), -lr)
    return update


def _momentum(lr: float, h: dict[str, Any], n: int) -> Update:
    """SGD with momentum μ, dampening τ: b ← g on the first step, else b ← μ·b + (1-τ)·g;
    d = g + μ·b if nesterov else b; θ ← θ - lr·d."""
    mu, keep, nesterov = h["momentum"], 1.0 - h["dampening"], h["nesterov"]
    buf: list[Vector] = []

    def update(p: Vector, g: Vector) -> Vector:
        g = _decayed(h, p, g)
        if mu == 0:  # torch keeps no buffer without momentum: plain SGD
            return _axpy(p, g, -lr)
        b = list(g) if not buf else _axpy([bi * mu for bi in buf[0]], g, keep)
        buf[:] = [b]
        return _axpy(p, _axpy(g, b, mu) if nesterov else b, -lr)
    return update


def _adagrad(lr: float, h: dict[str, Any], n: int) -> Update:
    """Adagrad, at step t (from 1): lr_t = lr / (1 + (t-1)·lr_decay); G ← G + g²
    (G starts at initial_accumulator_value); θ ← θ - lr_t·g / (√G + eps)."""
    eps, decay = h["eps"], h["lr_decay"]
    total = [h["initial_accumulator_value"]] * n
    t = [0]

    def update(p: Vector, g: Vector) -> Vector:
        g = _decayed(h, p, g)
        t[0] += 1
        clr = lr / (1 + (t[0] - 1) * decay)
        total[:] = [_fma(gi, gi, s) for s, gi in zip(total, g)]
        return [pi + ((-clr) * gi) / (math.sqrt(s) + eps) for pi, gi, s in zip(p, g, total)]
    return update


def _rmsprop(lr: float, h: dict[str, Any], n: int) -> Update:
    """RMSprop: v ← α·v + (1-α)·g² (v starts at 0); centered: m ← lerp(m, g, 1-α) and
    v - m² under the root; d = √(…) + eps; with momentum μ: b ← μ·b + g/d,
    θ ← θ - lr·b, else θ ← θ - lr·g/d."""
    alpha, eps, mu, centered = h["alpha"], h["eps"], h["momentum"], h["centered"]
    avg, mean, buf = [0.0] * n, [0.0] * n, [0.0] * n

    def update(p: Vector, g: Vector) -> Vector:
        g = _decayed(h, p, g)
        avg[:] = [_fma((1 - alpha) * gi, gi, v * alpha) for v, gi in zip(avg, g)]
        if centered:
            mean[:] = [_lerp(m, gi, 1 - alpha) for m, gi in zip(mean, g)]
            denom = [_sqrt(_fma(-m, m, v)) + eps for v, m in zip(avg, mean)]
        else:
            denom = [math.sqrt(v) + eps for v in avg]
        if mu > 0:
            buf[:] = [b * mu + gi / d for b, gi, d in zip(buf, g, denom)]
            return _axpy(p, buf, -lr)
        return [pi + ((-lr) * gi) / d for pi, gi, d in zip(p, g, denom)]
    return update


def _sqrt(value: float) -> float:
    """√value, NaN below 0 (as torch gives; rounding can make v - m² slightly negative)."""
    return math.sqrt(value) if value >= 0 else math.nan


def _adam(lr: float, h: dict[str, Any], n: int) -> Update:
    """Adam, at step t (from 1): decoupled weight decay θ ← θ·(1 - lr·wd) (AdamW), else
    g ← g + wd·θ; m ← lerp(m, g, 1-β1); v ← β2·v + (1-β2)·g² (both start at 0);
    amsgrad: v̂ ← max(v̂, v), used in place of v; step = lr / (1 - β1^t);
    denom = √v / (1 - β2^t)^½ + eps; θ ← θ - step·m / denom."""
    b1, b2, eps, amsgrad = h["beta1"], h["beta2"], h["eps"], h["amsgrad"]
    wd, decoupled = h["weight_decay"], h["decoupled_weight_decay"]
    m, v, vmax, t = [0.0] * n, [0.0] * n, [0.0] * n, [0]

    def update(p: Vector, g: Vector) -> Vector:
        t[0] += 1
        if wd != 0 and decoupled:
            p = [pi * (1 - lr * wd) for pi in p]
        g = _decayed(h, p, g)
        m[:] = [_lerp(mi, gi, 1 - b1) for mi, gi in zip(m, g)]
        v[:] = [_fma((1 - b2) * gi, gi, vi * b2) for vi, gi in zip(v, g)]
        if amsgrad:
            vmax[:] = [max(a, b) for a, b in zip(vmax, v)]
        step_size = lr / (1 - b1 ** t[0])
        root = (1 - b2 ** t[0]) ** 0.5
        second = vmax if amsgrad else v
        return [pi + ((-step_size) * mi) / (math.sqrt(vi) / root + eps)
                for pi, mi, vi in zip(p, m, second)]
    return update


#: method -> builder of its update: (lr, hyper-parameters, number of variables) -> update
UPDATES: dict[str, Callable[[float, dict[str, Any], int], Update]] = {
    "gd": _gd, "momentum": _momentum, "adagrad": _adagrad, "rmsprop": _rmsprop, "adam": _adam,
    "adamw": _adam,
}
