"""``dense_layer``: y = act(W·x + b), its loss against t, and every gradient with its shape.

The backward pass is the chain rule written as matrix products (ENGINE_API.md):
δ = ∂L/∂z = (∂y/∂z)ᵀ·∂L/∂y, ∂L/∂W = δ·xᵀ, ∂L/∂b = δ, ∂L/∂x = Wᵀ·δ. With numbers the
results are floats; with a symbol anywhere (an entry given as None, or text naming a
letter) every result is a sympy expression in those symbols.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import sympy

from workbench.engine.layers import functions as F
from workbench.engine.layers.inputs import (
    as_exact,
    as_floats,
    is_symbolic,
    read_matrix,
    read_vector,
    reshape,
)
from workbench.engine.layers.layer_steps import layer_latex, layer_steps
from workbench.engine.layers.linalg import (
    Matrix,
    Vector,
    add,
    mat_vec,
    outer,
    transpose,
)
from workbench.engine.results import ResultMixin
from workbench.protocol.layers import check_names
from workbench.protocol.steps import Step


@dataclass(frozen=True)
class DenseLayer(ResultMixin):
    """One dense layer, forward and backward.

    Vectors are flat tuples (columns in the shapes), matrices tuples of rows; entries are
    floats, or sympy expressions when ``symbolic``. ``jacobian_y_z[k][i]`` = ∂y_k/∂z_i.
    ``shapes`` maps every quantity's field name to its shape (vectors as (m, 1), the
    loss as ()). ``symbols`` names the symbols the student asked for. Where the layer is
    symbolic, ``compact`` holds y, the loss and the backward quantities written in
    placeholders z_i and y_i (what the steps show); the fields themselves are in the
    student's symbols only.
    """

    activation: str
    loss_name: str
    symbolic: bool
    symbols: tuple[str, ...]
    W: Matrix
    b: Vector
    x: Vector
    t: Vector
    z: Vector
    y: Vector
    loss: Any
    dL_dy: Vector
    jacobian_y_z: Matrix
    delta: Vector
    grad_W: Matrix
    grad_b: Vector
    grad_x: Vector
    shapes: dict[str, tuple[int, ...]]
    latex: str
    steps: list[Step] = field(default_factory=list)
    compact: dict[str, Any] = field(default_factory=dict)

    @property
    def elementwise(self) -> bool:
        """True if the activation acts entry by entry (so ∂y/∂z is diagonal)."""
        return F.INFO[self.activation].elementwise


def dense_layer(W: Any, b: Any, x: Any, t: Any, activation: str = "sigmoid",
                loss: str = "mse") -> DenseLayer:
    """The layer y = act(W·x + b) with loss L(y, t), forward and backward, with steps.

    ``W`` is m×n (row i holds the weights into output i), ``b`` and ``t`` have m entries,
    ``x`` has n. Entries are numbers, text read by :func:`parse` ("1/2", "pi/4"), or None
    for a symbol (w_11, b_1, x_1, t_1). Raises ValueError (a ParseError for bad text) with
    a message in words for a wrong size, an unknown name, or a loss undefined at the output.
    """
    check_names(activation, loss)
    rows = read_matrix(W, "w")
    m, n = len(rows), len(rows[0])
    b_in = read_vector(b, "b", m, f"W has {m} rows, so b needs {m}")
    x_in = read_vector(x, "x", n, f"W has {n} columns, so x needs {n}")
    t_in = read_vector(t, "t", m, f"W has {m} rows, so t needs {m}")
    flat_w = [e for row in rows for e in row]
    everything = flat_w + b_in + x_in + t_in
    symbolic = is_symbolic(everything)
    if symbolic:
        w_v, b_v, x_v, t_v = (as_exact(v) for v in (flat_w, b_in, x_in, t_in))
    else:
        w_v, b_v, x_v, t_v = (as_floats(v, name) for v, name in
                              ((flat_w, "W"), (b_in, "b"), (x_in, "x"), (t_in, "t")))
    return _layer(reshape(w_v, n), b_v, x_v, t_v, activation, loss, symbolic)


def _layer(w: Matrix, b: Vector, x: Vector, t: Vector, activation: str, loss: str,
           symbolic: bool) -> DenseLayer:
    z = add(mat_vec(w, x), b)
    m, n = len(w), len(x)
    if symbolic:
        y, back, compact = _symbolic_pass(w, x, z, t, activation, loss)
    else:
        y = F.activate(activation, z, False)
        F.check_domain(loss, y)
        back, compact = _backward(w, x, z, y, t, activation, loss, False), {}
    shapes = {"W": (m, n), "b": (m, 1), "x": (n, 1), "t": (m, 1), "z": (m, 1), "y": (m, 1),
              "loss": (), "dL_dy": (m, 1), "jacobian_y_z": (m, m), "delta": (m, 1),
              "grad_W": (m, n), "grad_b": (m, 1), "grad_x": (n, 1)}
    names = sorted({s.name for v in (*w, b, x, t) for e in v
                    for s in getattr(e, "free_symbols", ())})
    layer = DenseLayer(activation, loss, symbolic, tuple(names), w, b, x, t, z, y,
                       shapes=shapes, latex="", compact=compact, **back)
    # the texts show the compact forms (in z_i and y_i) where the layer is symbolic
    view = replace(layer, **compact) if compact else layer
    return replace(layer, latex=layer_latex(view), steps=layer_steps(view))


def _backward(w: Matrix, x: Vector, z: Vector, y: Vector, t: Vector, activation: str,
              loss: str, symbolic: bool) -> dict[str, Any]:
    """L, ∂L/∂y, ∂y/∂z, δ = (∂y/∂z)ᵀ·∂L/∂y, ∂L/∂W = δ·xᵀ, ∂L/∂b = δ and ∂L/∂x = Wᵀ·δ."""
    dL_dy = F.loss_gradient(loss, y, t, symbolic)
    jac = F.activation_jacobian(activation, z, y, symbolic)
    delta = mat_vec(transpose(jac), dL_dy)
    if symbolic:
        delta = tuple(_tidy(e) for e in delta)
    return {"loss": F.loss_value(loss, y, t, symbolic), "dL_dy": dL_dy, "jacobian_y_z": jac,
            "delta": delta, "grad_W": outer(delta, x), "grad_b": delta,
            "grad_x": mat_vec(transpose(w), delta)}


def _symbolic_pass(w: Matrix, x: Vector, z: Vector, t: Vector, activation: str, loss: str
                   ) -> tuple[Vector, dict[str, Any], dict[str, Any]]:
    """The backward pass in placeholders z_i and y_i (short, readable, quick to tidy), then
    the same with the placeholders replaced by what they stand for.

    Returns y, the full results and the compact ones (the latter keyed by field name).
    """
    zs = tuple(sympy.Dummy(f"z_{i}") for i in range(1, len(z) + 1))
    ys = tuple(sympy.Dummy(f"y_{i}") for i in range(1, len(z) + 1))
    y_of_z = F.activate(activation, zs, True)
    compact = _backward(w, x, zs, ys, t, activation, loss, True)
    to_z, to_input = dict(zip(ys, y_of_z)), dict(zip(zs, z))

    def full(value: Any) -> Any:
        if isinstance(value, tuple):
            return tuple(full(v) for v in value)
        return value.xreplace(to_z).xreplace(to_input) if isinstance(value, sympy.Basic) else value

    compact["y"] = y_of_z
    return full(y_of_z), {key: full(v) for key, v in compact.items() if key != "y"}, compact


def _tidy(expr: Any) -> Any:
    """The expression with its fractions cancelled, where that makes it shorter
    ((1 − y)·y·((1 − t)/(1 − y) − t/y)/m becomes (y − t)/m)."""
    if not isinstance(expr, sympy.Basic):
        return expr
    cancelled = sympy.cancel(expr)
    return cancelled if sympy.count_ops(cancelled) < sympy.count_ops(expr) else expr
