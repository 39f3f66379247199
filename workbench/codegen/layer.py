"""The Layers lab's script: y = act(W x + b) and its loss, forward and backward as matrix products.

Vectors are NumPy columns (shape (k, 1)) so that every product reads as in the
textbook: ``delta = J.T @ dL_dy``, ``grad_W = delta @ x.T``, ``grad_x = W.T @ delta``.
The activations and losses are those of ENGINE_API.md's ``dense_layer``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from workbench.codegen.printer import CodegenError, float_literal
from workbench.codegen.script import Script

# activation -> (forward from z, Jacobian dy/dz (m x m), comment)
ACTIVATIONS: dict[str, tuple[str, str, str]] = {
    "identity": ("y = z", "J = np.eye(m)", "the identity: dy/dz = I"),
    "sigmoid": ("y = np.exp(-np.logaddexp(0.0, -z))  # 1 / (1 + e^-z), without overflow",
                "J = np.diagflat(y * (1 - y))", "sigmoid' = y (1 - y), element by element"),
    "tanh": ("y = np.tanh(z)", "J = np.diagflat(1 - y**2)", "tanh' = 1 - y^2, element by element"),
    "relu": ("y = np.maximum(z, 0.0)", "J = np.diagflat((z > 0).astype(float))",
             "relu' = 1 where z > 0, else 0 (0 at z = 0 itself)"),
    "softplus": ("y = np.logaddexp(0.0, z)  # ln(1 + e^z)",
                 "J = np.diagflat(np.exp(-np.logaddexp(0.0, -z)))",
                 "softplus' = sigmoid(z), element by element"),
    "softmax": ("y = np.exp(z - z.max()) / np.sum(np.exp(z - z.max()))  # shifted: no overflow",
                "J = np.diagflat(y) - y @ y.T",
                "softmax mixes the entries: J = diag(y) - y y^T, a full matrix"),
}
# loss -> (loss from y and t, dL/dy, formula)
LOSSES: dict[str, tuple[str, str, str]] = {
    "mse": ("loss = np.sum((y - t) ** 2) / m", "dL_dy = 2 * (y - t) / m",
            "mean squared error: L = (1/m) sum (y_i - t_i)^2"),
    "cross_entropy": ("loss = -np.sum(t * np.log(y))", "dL_dy = -t / y",
                      "cross-entropy: L = -sum t_i ln y_i"),
    "bce": ("loss = -np.sum(t * np.log(y) + (1 - t) * np.log(1 - y)) / m",
            "dL_dy = -(t / y - (1 - t) / (1 - y)) / m",
            "binary cross-entropy: L = -(1/m) sum [t_i ln y_i + (1 - t_i) ln(1 - y_i)]"),
}


def _numbers(values: Sequence[object], what: str) -> list[float]:
    out = []
    for value in values:
        if isinstance(value, bool) or not isinstance(value, (int, float)) \
                or not math.isfinite(value):
            raise CodegenError(f"every entry of {what} must be a finite number")
        out.append(float(value))
    return out


def _column(values: list[float]) -> str:
    return "np.array([" + ", ".join(f"[{float_literal(v)}]" for v in values) + "])"


def layer_script(W: Sequence[Sequence[float]], b: Sequence[float], x: Sequence[float],
                 t: Sequence[float], activation: str = "sigmoid", loss: str = "mse") -> str:
    """One dense layer y = act(W x + b) with ``loss`` against ``t``: the forward pass and the
    backward pass (dL/dy, J = dy/dz, delta, grad_W, grad_b, grad_x) with shapes in comments,
    as ``dense_layer`` defines them. ``W`` is m x n; ``b``, ``t`` have m entries, ``x`` n."""
    if activation not in ACTIVATIONS:
        raise CodegenError(f"unknown activation; choose one of {', '.join(ACTIVATIONS)}")
    if loss not in LOSSES:
        raise CodegenError(f"unknown loss; choose one of {', '.join(LOSSES)}")
    rows = [_numbers(row, "W") for row in W]
    m, n = len(rows), len(rows[0]) if rows else 0
    if m == 0 or n == 0 or any(len(row) != n for row in rows):
        raise CodegenError("W must be a non-empty m x n table of numbers")
    bias, inputs, target = _numbers(b, "b"), _numbers(x, "x"), _numbers(t, "t")
    if len(bias) != m or len(target) != m or len(inputs) != n:
        raise CodegenError(f"b and t need {m} entries and x needs {n}, to fit W ({m} x {n})")
    script = Script(f"One dense layer with {activation} and {loss}, forward and backward by "
                    "hand with NumPy")
    _numbers_block(script, rows, bias, inputs, target)
    _passes(script, activation, loss, m, n)
    _printout(script)
    return script.text()


def _numbers_block(script: Script, rows: list[list[float]], bias: list[float],
                   inputs: list[float], target: list[float]) -> None:
    m, n = len(rows), len(rows[0])
    script.section("The layer's numbers; vectors are columns")
    script.line("W = np.array([" + ", ".join(
        "[" + ", ".join(float_literal(v) for v in row) + "]" for row in rows) + "])"
        + f"  # ({m}, {n})")
    for name, values, size in (("b", bias, m), ("x", inputs, n), ("t", target, m)):
        script.line(f"{name} = {_column(values)}  # ({size}, 1)")
    script.line("m = W.shape[0]  # the number of outputs")


def _passes(script: Script, activation: str, loss: str, m: int, n: int) -> None:
    forward, jacobian, why = ACTIVATIONS[activation]
    loss_line, gradient, formula = LOSSES[loss]
    script.section("Forward pass")
    script.line(f"z = W @ x + b  # ({m}, {n}) @ ({n}, 1) + ({m}, 1) -> ({m}, 1)")
    script.line(forward if "#" in forward else f"{forward}  # ({m}, 1)")
    script.comment(formula)
    script.line(loss_line)
    script.line('report("loss", loss)')
    script.section("Backward pass: the chain rule as matrix products")
    script.line(f"{gradient}  # dL/dy: ({m}, 1)")
    script.comment(f"J = dy/dz, ({m}, {m}): {why}")
    script.line(jacobian)
    script.line(f"delta = J.T @ dL_dy  # dL/dz: ({m}, {m}) @ ({m}, 1) -> ({m}, 1)")
    script.line(f"grad_W = delta @ x.T  # dL/dW: ({m}, 1) @ (1, {n}) -> ({m}, {n})")
    script.line(f"grad_b = delta  # dL/db: ({m}, 1)")
    script.line(f"grad_x = W.T @ delta  # dL/dx: ({n}, {m}) @ ({m}, 1) -> ({n}, 1)")


def _printout(script: Script) -> None:
    script.section("Every number, with its name")
    script.line("named = {\"z\": z, \"y\": y, \"dL_dy\": dL_dy, \"delta\": delta, "
                "\"grad_b\": grad_b, \"grad_x\": grad_x}")
    script.line("for name, array in named.items():")
    script.line("for i, value in enumerate(array.ravel(), start=1):", 4)
    script.line('report(f"{name}[{i}]", value)', 8)
    script.line("for (i, j), value in np.ndenumerate(grad_W):")
    script.line('report(f"grad_W[{i + 1},{j + 1}]", value)', 4)
    script.section("One entry by the scalar chain rule, the same number: dL/dW[1,1] = "
                   "sum over k of dL/dy_k * dy_k/dz_1 * dz_1/dW[1,1], and dz_1/dW[1,1] = x_1")
    script.line("chain = sum(dL_dy[k, 0] * J[k, 0] * x[0, 0] for k in range(m))")
    script.line('report("grad_W[1,1] by the chain rule", chain)')
