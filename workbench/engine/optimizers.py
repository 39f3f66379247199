"""``optimize``: gradient descent and its adaptive cousins, step for step as PyTorch does them.

Each method follows the single-tensor code path of ``torch.optim`` (see each
``_<method>`` docstring for the exact update), in float64 and with torch's roundings
(its CPU kernels fuse a + s·b into one multiply-add), so a trajectory matches
PyTorch's step for step: bit for bit where no square root is taken, else to the
ulp by which torch's vectorised sqrt may miss. Besides the hyper-parameters of
ENGINE_API.md every method takes torch's further options (:data:`OPTIONAL`:
weight_decay, maximize, RMSprop's momentum and centered, Adam's amsgrad and
decoupled_weight_decay, torch's ``betas=(β1, β2)`` spelling); ``adamw`` is Adam with
decoupled weight decay 0.01, as ``torch.optim.AdamW``. The loss and its gradient are
compiled once with ``lambdify`` from the parser-built expression; the loop itself runs on plain
floats under ``numpy.errstate`` so an exploding run ends as ``diverged`` without a warning.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy

from workbench.engine.multivariable import (ExprLike, PointLike, VarsLike, partial,
                                            point_values, prepare, real_value)
from workbench.engine.optimizer_rules import UPDATES, Update, Vector
from workbench.engine.results import ResultMixin
from workbench.protocol.steps import Step


#: Hyper-parameters of each method with PyTorch's defaults.
DEFAULTS: dict[str, dict[str, Any]] = {
    "gd": {},
    "momentum": {"momentum": 0.9, "dampening": 0.0, "nesterov": False},
    "adagrad": {"eps": 1e-10, "lr_decay": 0.0, "initial_accumulator_value": 0.0},
    "rmsprop": {"alpha": 0.99, "eps": 1e-8},
    "adam": {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
}
#: Methods beyond the five of ENGINE_API.md, with their defaults (torch.optim.AdamW's).
MORE: dict[str, dict[str, Any]] = {
    "adamw": {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.01},
}
METHODS: dict[str, dict[str, Any]] = {**DEFAULTS, **MORE}

#: Further torch.optim options each method takes (default: off), filled into ``hyper``
#: only when given, so a plain run's ``hyper`` stays as short as the table above.
OPTIONAL: dict[str, dict[str, Any]] = {
    "gd": {"weight_decay": 0.0, "maximize": False},
    "momentum": {"weight_decay": 0.0, "maximize": False},
    "adagrad": {"weight_decay": 0.0, "maximize": False},
    "rmsprop": {"momentum": 0.0, "centered": False, "weight_decay": 0.0, "maximize": False},
    "adam": {"amsgrad": False, "weight_decay": 0.0, "decoupled_weight_decay": False,
             "maximize": False},
    "adamw": {"amsgrad": False, "maximize": False},
}
_FLAGS = frozenset({"nesterov", "centered", "amsgrad", "maximize", "decoupled_weight_decay"})

#: A run has diverged once the loss or a coordinate leaves [-LIMIT, LIMIT] or is not finite.
LIMIT = 1e12
#: Default convergence test: the gradient's Euclidean norm falls below this.
DEFAULT_TOL = 1e-8
_MATH_ERRORS = (ArithmeticError, TypeError, ValueError)


@dataclass(frozen=True)
class Trajectory(ResultMixin):
    """The path of an optimizer: ``points[k]`` after k updates, with its loss and gradient.

    ``status`` is ``converged`` (gradient norm below ``tol`` at the last point),
    ``max_steps`` (``max_steps`` updates done) or ``diverged`` (the update numbered
    ``stopped_at`` produced a non-finite value or one beyond ±1e12; the path ends at
    the last point before it). ``stopped_at`` is the number of updates made before
    stopping for ``converged``/``max_steps``, and the failing update's number for
    ``diverged`` (then ``len(points) == stopped_at``; 0 when f is undefined at the
    start). ``message`` says the same in plain words.
    """

    expr: sympy.Expr
    vars: list[str]
    method: str
    lr: float
    hyper: dict[str, Any]
    tol: float
    max_steps: int
    points: list[Vector]
    losses: list[float]
    gradients: list[Vector]
    status: str
    stopped_at: int
    message: str
    latex: str
    steps: list[Step] = field(default_factory=list)

    _SYMBOLIC = ("expr",)


def optimize(expr: ExprLike, vars: VarsLike, start: PointLike | float,  # noqa: A002
             method: str = "gd", lr: float = 0.1, steps: int = 100,
             *, tol: float = DEFAULT_TOL, **hyper: Any) -> Trajectory:
    """Minimise ``expr`` over ``vars`` from ``start``, making at most ``steps`` updates.

    With g = ∇f(θ) and t = 1, 2, ... the update number, as in ``torch.optim`` (float64):

    - ``gd`` (SGD): θ ← θ - lr·g
    - ``momentum`` (SGD, momentum=0.9, dampening=0, nesterov=False): b ← g at t = 1,
      else b ← momentum·b + (1 - dampening)·g; θ ← θ - lr·b
      (with nesterov: θ ← θ - lr·(g + momentum·b))
    - ``adagrad`` (eps=1e-10, lr_decay=0, initial_accumulator_value=0): G ← G + g²;
      θ ← θ - lr/(1 + (t-1)·lr_decay) · g/(√G + eps)
    - ``rmsprop`` (alpha=0.99, eps=1e-8; not centered, no momentum):
      v ← alpha·v + (1-alpha)·g²; θ ← θ - lr·g/(√v + eps)
    - ``adam`` (beta1=0.9, beta2=0.999, eps=1e-8): m ← m + (1-beta1)·(g - m);
      v ← beta2·v + (1-beta2)·g²; θ ← θ - lr/(1-beta1^t) · m/(√v/√(1-beta2^t) + eps)

    ``hyper`` overrides those defaults (:data:`METHODS`); unknown methods or
    hyper-parameters raise ``ValueError`` naming them. ``status`` is ``converged`` once
    ‖g‖ < ``tol`` (``tol=0`` never), ``diverged`` as soon as the loss or a coordinate is
    not finite or beyond ±1e12, else ``max_steps``.
    """
    filled = _check(method, lr, steps, tol, hyper)
    f, symbols = prepare(expr, vars)
    extra = sorted(s.name for s in f.free_symbols - set(symbols))
    if extra:
        raise ValueError(f"Give {', '.join(extra)} a value or list it as a variable")
    names = [s.name for s in symbols]
    x0 = [_coordinate(v) for v in point_values(_as_point(start), names)]
    evaluate = _compile(f, symbols)
    update = UPDATES[method](float(lr), {**OPTIONAL[method], **filled}, len(names))
    points, losses, grads, status, stopped = _run(evaluate, update, x0, int(steps), tol)
    return Trajectory(f, names, method, float(lr), filled, float(tol), int(steps), points,
                      losses, grads, status, stopped, _message(status, stopped, tol),
                      _RULES[method],
                      _steps(method, filled, float(lr), points, losses, grads))


def _check(method: str, lr: float, steps: int, tol: float,
           hyper: dict[str, Any]) -> dict[str, Any]:
    """Hyper-parameters with defaults filled in; ValueError for anything unknown or invalid."""
    if method not in METHODS:
        raise ValueError(f"Unknown method {method!r}; choose one of {', '.join(METHODS)}")
    hyper = _torch_names(method, hyper)
    known = {**METHODS[method], **OPTIONAL[method]}
    unknown = sorted(set(hyper) - set(known))
    if unknown:
        allowed = ", ".join(known) or "none"
        raise ValueError(f"Unknown hyper-parameter(s) {', '.join(unknown)} for {method!r} "
                         f"(it takes: {allowed})")
    if not (isinstance(lr, numbers.Real) and math.isfinite(lr) and lr >= 0):
        raise ValueError(f"The learning rate must be a finite number >= 0, not {lr!r}")
    if isinstance(steps, bool) or not isinstance(steps, numbers.Integral) or steps < 0:
        raise ValueError(f"steps must be a whole number >= 0, not {steps!r}")
    if not (isinstance(tol, numbers.Real) and tol >= 0):
        raise ValueError(f"tol must be a number >= 0, not {tol!r}")
    filled = {**METHODS[method], **hyper}
    for name, value in filled.items():
        if name in _FLAGS:
            filled[name] = bool(value)
        elif not (isinstance(value, numbers.Real) and math.isfinite(value) and value >= 0):
            raise ValueError(f"{name} must be a finite number >= 0, not {value!r}")
        else:
            filled[name] = float(value)
    for beta in ("beta1", "beta2"):
        if beta in filled and filled[beta] >= 1:
            raise ValueError(f"{beta} must be below 1, not {filled[beta]!r}")
    if filled.get("nesterov") and (filled["momentum"] <= 0 or filled["dampening"] != 0):
        raise ValueError("Nesterov momentum needs momentum > 0 and dampening = 0")
    if method == "adamw":
        filled["decoupled_weight_decay"] = True
    return filled


def _torch_names(method: str, hyper: dict[str, Any]) -> dict[str, Any]:
    """torch's ``betas=(β1, β2)`` as our beta1, beta2 (either spelling works)."""
    if "betas" not in hyper or method not in ("adam", "adamw"):
        return hyper
    rest = {k: v for k, v in hyper.items() if k != "betas"}
    try:
        beta1, beta2 = hyper["betas"]
    except (TypeError, ValueError):
        raise ValueError(f"betas must be a pair (beta1, beta2), not {hyper['betas']!r}") from None
    return {"beta1": beta1, "beta2": beta2, **rest}


def _as_point(start: PointLike | float) -> PointLike:
    return [start] if isinstance(start, (numbers.Real, str, sympy.Basic)) else start


def _coordinate(value: sympy.Expr) -> float:
    number = real_value(value)
    if not math.isfinite(number):
        raise ValueError("The start point must have finite coordinates")
    return number


def _compile(f: sympy.Expr,
             symbols: list[sympy.Symbol]) -> Callable[[Vector], tuple[float, Vector]]:
    """Loss and gradient as one function of the coordinates, compiled once.

    Arguments are numpy float64 scalars so that overflow and roots of negatives give
    inf/nan (silenced by the caller's errstate) instead of Python exceptions or complex
    numbers.
    """
    grads = [partial(f, s) for s in symbols]
    compiled = sympy.lambdify(symbols, [f, *grads], modules="numpy", cse=True)

    def evaluate(x: Vector) -> tuple[float, Vector]:
        try:
            values = compiled(*(np.float64(c) for c in x))
            return float(values[0]), [float(v) for v in values[1:]]
        except _MATH_ERRORS:
            return math.nan, [math.nan] * len(x)

    return evaluate


def _healthy(loss: float, x: Vector) -> bool:
    return all(math.isfinite(v) and abs(v) <= LIMIT for v in (loss, *x))


def _run(evaluate: Callable[[Vector], tuple[float, Vector]], update: Update, x: Vector,
         steps: int, tol: float) -> tuple[list[Vector], list[float], list[Vector], str, int]:
    """The optimisation loop: stop on convergence, divergence or after ``steps`` updates."""
    with np.errstate(all="ignore"):
        loss, grad = evaluate(x)
        points, losses, grads = [x], [loss], [grad]
        if not _healthy(loss, x):
            return points, losses, grads, "diverged", 0
        for k in range(steps):
            if math.hypot(*grad) < tol:
                return points, losses, grads, "converged", k
            try:
                x = update(x, grad)
            except _MATH_ERRORS:
                x = [math.nan] * len(x)
            loss, grad = evaluate(x)
            if not _healthy(loss, x):
                return points, losses, grads, "diverged", k + 1
            points.append(x)
            losses.append(loss)
            grads.append(grad)
    status = "converged" if math.hypot(*grad) < tol else "max_steps"
    return points, losses, grads, status, steps


def _message(status: str, stopped: int, tol: float) -> str:
    if status == "converged":
        return f"Converged after {stopped} steps: the gradient's length fell below {tol:g}."
    if status == "max_steps":
        return f"Stopped after the {stopped} steps asked for, before the gradient vanished."
    if stopped == 0:
        return "The function is undefined (or beyond ±1e12) at the start point."
    return (f"Diverged at step {stopped}: the loss or a coordinate became undefined or "
            "passed ±1e12, so the path ends at the step before. Try a smaller learning rate.")


_RULES: dict[str, str] = {
    "gd": r"\theta_{t+1} = \theta_t - \eta\,\nabla f(\theta_t)",
    "momentum": r"b_t = \mu\,b_{t-1} + (1-\tau)\,\nabla f(\theta_t),\ b_1 = \nabla f(\theta_1);"
                r"\quad \theta_{t+1} = \theta_t - \eta\,b_t",
    "adagrad": r"G_t = G_{t-1} + g_t^{2};\quad \theta_{t+1} = \theta_t - "
               r"\frac{\eta}{1 + (t-1)\,\delta}\,\frac{g_t}{\sqrt{G_t} + \epsilon}",
    "rmsprop": r"v_t = \alpha\,v_{t-1} + (1-\alpha)\,g_t^{2};\quad "
               r"\theta_{t+1} = \theta_t - \eta\,\frac{g_t}{\sqrt{v_t} + \epsilon}",
    "adam": r"m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t;\ "
            r"v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^{2};"
            r"\quad \theta_{t+1} = \theta_t - \frac{\eta}{1-\beta_1^{t}}\,"
            r"\frac{m_t}{\sqrt{v_t}/\sqrt{1-\beta_2^{t}} + \epsilon}",
}
_RULES["adamw"] = r"\theta_t \leftarrow (1 - \eta\lambda)\,\theta_t;\ " + _RULES["adam"]

_TITLES = {
    "gd": "Gradient descent: step against the gradient",
    "momentum": "Momentum: step along a running sum of gradients",
    "adagrad": "Adagrad: divide each step by the root of all squared gradients so far",
    "rmsprop": "RMSprop: divide each step by the root of a running mean of squared gradients",
    "adam": "Adam: a running mean of gradients over the root of a running mean of their squares",
    "adamw": "AdamW: Adam, with the weights shrunk a little every step (decoupled weight decay)",
}


def _vec(x: Sequence[float]) -> str:
    return r"\left(" + ", ".join(f"{v:.6g}" for v in x) + r"\right)"


def _steps(method: str, hyper: dict[str, Any], lr: float, points: list[Vector],
           losses: list[float], grads: list[Vector]) -> list[Step]:
    """The update rule, with the first few updates worked out in numbers as substeps."""
    settings = ", ".join([f"lr = {lr:g}"] + [f"{k} = {v}" if isinstance(v, bool) else f"{k} = {v:g}"
                                            for k, v in hyper.items()])
    worked = [
        Step("update", f"Update {k + 1}",
             rf"\theta_{{{k}}} = {_vec(points[k])},\ \nabla f = {_vec(grads[k])}",
             rf"\theta_{{{k + 1}}} = {_vec(points[k + 1])},\ f = {losses[k + 1]:.6g}")
        for k in range(min(3, len(points) - 1))
    ]
    return [Step(method, f"{_TITLES[method]} ({settings})", rf"f = {losses[0]:.6g}",
                 _RULES[method], substeps=worked)]
