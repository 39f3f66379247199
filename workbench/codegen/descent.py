"""The Gradient lab's script: ∇f and the Hessian in SymPy, then each optimizer's loop in NumPy.

The updates are those of :mod:`workbench.engine.optimizers` (PyTorch's definitions),
written out line by line with the same hyper-parameters, the same stopping rules
(gradient norm below ``tol``: converged; a non-finite value or one beyond ±1e12:
diverged, keeping the last good point), so the script's trajectory is the engine's,
to the last few bits of rounding.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from workbench.codegen.calculus import function_block
from workbench.codegen.printer import CodegenError, float_literal
from workbench.codegen.script import Names, Script, vector_literal
from workbench.protocol.syntax.tree import Node, symbols_of

#: Each method's hyper-parameters and defaults, as workbench.engine.optimizers.DEFAULTS.
DEFAULTS: dict[str, dict[str, Any]] = {
    "gd": {},
    "momentum": {"momentum": 0.9, "dampening": 0.0, "nesterov": False},
    "adagrad": {"eps": 1e-10, "lr_decay": 0.0, "initial_accumulator_value": 0.0},
    "rmsprop": {"alpha": 0.99, "eps": 1e-8},
    "adam": {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
}
#: Methods beyond ENGINE_API.md's five, as workbench.engine.optimizers.MORE.
MORE: dict[str, dict[str, Any]] = {
    "adamw": {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.01},
}
METHODS: dict[str, dict[str, Any]] = {**DEFAULTS, **MORE}
LIMIT = 1e12
DEFAULT_TOL = 1e-8

_DOC = {
    "gd": "Plain gradient descent: step against the gradient.",
    "momentum": "SGD with momentum: step along a running sum of gradients.",
    "adagrad": "Adagrad: divide by the root of the sum of all squared gradients so far.",
    "rmsprop": "RMSprop: divide by the root of a running mean of squared gradients.",
    "adam": "Adam: a running mean of gradients over the root of that of their squares.",
    "adamw": "AdamW: Adam, with the weights shrunk a little every step (weight decay).",
}
_TORCH = {"gd": "SGD", "momentum": "SGD", "adagrad": "Adagrad", "rmsprop": "RMSprop",
          "adam": "Adam", "adamw": "AdamW"}


@dataclass(frozen=True)
class Run:
    """One optimizer run: ``method`` (gd, momentum, adagrad, rmsprop, adam, adamw), ``lr``,
    and hyper-parameters overriding :data:`METHODS` (``nesterov=True`` for Nesterov)."""

    method: str
    lr: float = 0.1
    hyper: Mapping[str, Any] = field(default_factory=dict)

    def settings(self) -> dict[str, Any]:
        """The hyper-parameters with defaults filled in; CodegenError for unknown ones."""
        if self.method not in METHODS:
            raise CodegenError(f"unknown method {self.method!r:.20}; choose one of "
                               f"{', '.join(METHODS)}")
        unknown = sorted(set(self.hyper) - set(METHODS[self.method]))
        if unknown:
            raise CodegenError(f"{self.method} takes no {', '.join(map(str, unknown))[:60]}")
        filled = {**METHODS[self.method], **self.hyper}
        for name, value in filled.items():
            if name == "nesterov":
                filled[name] = bool(value)
            elif not _finite(value) or value < 0:
                raise CodegenError(f"{name} must be a finite number >= 0")
            elif name in ("beta1", "beta2") and value >= 1:
                raise CodegenError(f"{name} must be below 1")
        if filled.get("nesterov") and (filled["momentum"] <= 0 or filled["dampening"] != 0):
            raise CodegenError("Nesterov momentum needs momentum > 0 and dampening = 0")
        if not _finite(self.lr) or self.lr < 0:
            raise CodegenError("the learning rate must be a finite number >= 0")
        return filled


def _finite(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool) \
        and math.isfinite(value)


def descent_script(tree: Node, variables: Sequence[str], start: Sequence[float],
                   runs: Sequence[Run], steps: int = 100, tol: float = DEFAULT_TOL,
                   torch_block: bool = True) -> str:
    """∇f and the Hessian in SymPy, then one descent loop per run in ``runs`` from
    ``start``, printing each run's final point, loss and status (as ``optimize``)."""
    names = Names(variables)
    extra = symbols_of(tree) - set(variables)
    if extra:
        raise CodegenError(f"give {', '.join(sorted(extra))} a value or list it as a variable")
    if len(start) != len(names.map) or not all(_finite(v) for v in start):
        raise CodegenError("the start point needs one finite number per variable")
    if isinstance(steps, bool) or not isinstance(steps, int) or not 0 <= steps <= 10**7:
        raise CodegenError("steps must be a whole number from 0 to 10^7")
    if not _finite(tol) or tol < 0:
        raise CodegenError("tol must be a number >= 0")
    settings = [(run, run.settings()) for run in runs]
    if not settings:
        raise CodegenError("choose at least one optimizer")
    script = Script("Gradient descent and its cousins, step by step with NumPy")
    function_block(script, names, tree)
    _calculus(script, names)
    _loop(script, steps, tol)
    for method in dict.fromkeys(run.method for run, _ in settings):
        _optimizer(script, method)
    script.section("Run each optimizer from the same start point")
    script.line(f"start = {vector_literal(start)}")
    for run, hyper in settings:
        _run(script, names, run, hyper)
    if torch_block:
        for run, hyper in settings:
            _torch(script, run, hyper, start, steps)
    return script.text()


def _calculus(script: Script, names: Names) -> None:
    symbols = f"[{names.args()}]"
    script.section("The gradient and the Hessian, exactly, with SymPy")
    script.line(f"grad_expr = [sp.diff(f_expr, v) for v in {symbols}]")
    script.line(f"hess_expr = sp.hessian(f_expr, {symbols})")
    script.line('print("gradient =", grad_expr)')
    script.line('print("Hessian =", hess_expr.tolist())')
    script.section("The loss and its gradient as NumPy functions of the point theta")
    script.line(f"grad_numeric = sp.lambdify({symbols}, grad_expr, \"numpy\")")
    script.blank(2)
    script.line("def loss_f(theta):")
    script.line('"""The loss at the point theta (a NumPy array)."""', 4)
    script.line("return float(f(*theta))", 4)
    script.blank(2)
    script.line("def grad_f(theta):")
    script.line('"""The gradient at theta, from SymPy\'s exact partial derivatives."""', 4)
    script.line("return np.array(grad_numeric(*theta), dtype=float)", 4)
    script.blank(2)


def _loop(script: Script, steps: int, tol: float) -> None:
    script.section("The descent loop shared by every optimizer")
    script.lines([f"STEPS = {steps}", (f"TOL = {float_literal(tol)}  # converged once "
                  "the gradient is shorter than this"),
                  f"LIMIT = {LIMIT:.0e}  # diverged once a value is beyond this"
                  .replace("e+", "e")])
    script.blank(2)
    script.line("def healthy(theta, loss):")
    script.line('"""True while the loss and the point are finite and not huge."""', 4)
    script.line("values = np.append(theta, loss)", 4)
    script.line("return bool(np.all(np.isfinite(values)) and np.all(np.abs(values) <= LIMIT))",
                4)
    script.blank(2)
    script.line("def run(update, start):")
    script.line('"""Apply update(theta, grad, t) for t = 1, 2, ...; return the last good '
                'point,', 4)
    script.line('its loss, the status and the number of updates made."""', 4)
    script.lines(["theta = np.array(start, dtype=float)",
                  "loss, grad = loss_f(theta), grad_f(theta)",
                  "if not healthy(theta, loss):",
                  '    return theta, loss, "diverged", 0',
                  "for t in range(1, STEPS + 1):",
                  "    if np.linalg.norm(grad) < TOL:",
                  '        return theta, loss, "converged", t - 1',
                  "    new_theta = update(theta, grad, t)",
                  "    new_loss = loss_f(new_theta)",
                  "    if not healthy(new_theta, new_loss):",
                  '        return theta, loss, "diverged", t',
                  "    theta, loss, grad = new_theta, new_loss, grad_f(new_theta)",
                  'status = "converged" if np.linalg.norm(grad) < TOL else "max_steps"',
                  "return theta, loss, status, STEPS"], 4)
    script.blank(2)


_UPDATES: dict[str, tuple[str, list[str], list[str]]] = {
    # method: (parameters, state set up once, lines of the update)
    "gd": ("lr", [], ["return theta - lr * grad"]),
    "momentum": ("lr, momentum=0.9, dampening=0.0, nesterov=False", ["velocity = None"], [
        "nonlocal velocity",
        "# the first step takes the gradient itself as the velocity",
        "if velocity is None:",
        "    velocity = grad.copy()",
        "else:",
        "    velocity = momentum * velocity + (1 - dampening) * grad",
        "# Nesterov looks ahead along the velocity",
        "direction = grad + momentum * velocity if nesterov else velocity",
        "return theta - lr * direction"]),
    "adagrad": ("lr, eps=1e-10, lr_decay=0.0, initial_accumulator_value=0.0",
                ["accum = initial_accumulator_value"], [
        "nonlocal accum",
        "accum = accum + grad**2",
        "clr = lr / (1 + (t - 1) * lr_decay)",
        "return theta - clr * grad / (np.sqrt(accum) + eps)"]),
    "rmsprop": ("lr, alpha=0.99, eps=1e-8", ["avg_sq = 0.0"], [
        "nonlocal avg_sq",
        "avg_sq = alpha * avg_sq + (1 - alpha) * grad**2",
        "return theta - lr * grad / (np.sqrt(avg_sq) + eps)"]),
    "adam": ("lr, beta1=0.9, beta2=0.999, eps=1e-8", ["m1 = m2 = 0.0"], [
        "nonlocal m1, m2",
        "m1 = beta1 * m1 + (1 - beta1) * grad  # running mean of the gradient",
        "m2 = beta2 * m2 + (1 - beta2) * grad**2  # ... and of its square",
        "# both start at 0, so divide by (1 - beta^t) to correct their bias",
        "step_size = lr / (1 - beta1**t)",
        "denom = np.sqrt(m2) / np.sqrt(1 - beta2**t) + eps",
        "return theta - step_size * m1 / denom"]),
}
_UPDATES["adamw"] = ("lr, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.01",
                     _UPDATES["adam"][1], [
    _UPDATES["adam"][2][0],
    "theta = theta * (1 - lr * weight_decay)  # decoupled weight decay, before the step",
    *_UPDATES["adam"][2][1:]])


def _optimizer(script: Script, method: str) -> None:
    params, state, lines = _UPDATES[method]
    script.line(f"def {method}({params}):")
    script.line(f'"""{_DOC[method]}"""', 4)
    script.lines(state, 4)
    if state:
        script.blank()
    script.line("def update(theta, grad, t):", 4)
    script.lines(lines, 8)
    script.blank()
    script.line("return update", 4)
    script.blank(2)


def _arguments(run: Run, hyper: Mapping[str, Any]) -> str:
    parts = [f"lr={float_literal(run.lr)}"]
    for name, value in hyper.items():
        parts.append(f"{name}={value!r}" if isinstance(value, bool)
                     else f"{name}={float_literal(value)}")
    return ", ".join(parts)


def run_label(run: Run, hyper: Mapping[str, Any]) -> str:
    """The name a run's numbers are printed under: ``adam``, ``momentum (nesterov)``."""
    return f"{run.method} (nesterov)" if hyper.get("nesterov") else run.method


def _run(script: Script, names: Names, run: Run, hyper: Mapping[str, Any]) -> None:
    label = run_label(run, hyper)
    script.blank()
    script.line(f"final, final_loss, status, count = run({run.method}("
                f"{_arguments(run, hyper)}), start)")
    script.line(f'print("{label}:", status, "after", count, "updates")')
    for k, name in enumerate(names):
        script.line(f'report("{label} final {names[name]}", final[{k}])')
    script.line(f'report("{label} final loss", final_loss)')


def _torch(script: Script, run: Run, hyper: Mapping[str, Any], start: Sequence[float],
           steps: int) -> None:
    options = [f"lr={float_literal(run.lr)}"]
    if run.method == "momentum":
        options += [f"momentum={float_literal(hyper['momentum'])}",
                    f"dampening={float_literal(hyper['dampening'])}",
                    f"nesterov={hyper['nesterov']!r}"]
    elif run.method in ("adam", "adamw"):
        if run.method == "adamw":
            options.append(f"weight_decay={float_literal(hyper['weight_decay'])}")
        options.append(f"betas=({float_literal(hyper['beta1'])}, "
                       f"{float_literal(hyper['beta2'])}), eps={float_literal(hyper['eps'])}")
    elif run.method != "gd":
        options += [f"{k}={float_literal(v)}" for k, v in hyper.items()]
    script.section(f"The same {run_label(run, hyper)} run with PyTorch, fed the same exact "
                   "gradient (uncomment if torch is installed; it makes all the steps)")
    lines = ["import torch",
             (f"params = torch.tensor({vector_literal(start)}, dtype=torch.float64, "
             "requires_grad=True)"),
             f"optimizer = torch.optim.{_TORCH[run.method]}([params], {', '.join(options)})",
             f"for _ in range({steps}):",
             ("    params.grad = torch.tensor(grad_f(params.detach().numpy()), "
             "dtype=torch.float64)"),
             "    optimizer.step()",
             'print("torch:", params.tolist(), loss_f(params.detach().numpy()))']
    for line in lines:
        script.commented(line)
