"""One weight's scalar chain rule: ∂L/∂w_ij = Σ_k ∂L/∂y_k · ∂y_k/∂z_i · x_j.

The lab shows this path when the student clicks an entry of ∂L/∂W; the layer's steps
carry it for every entry. The sum is taken term by term here, apart from the matrix
product δ·xᵀ, so that the two can be compared.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from workbench.engine.layers.linalg import (
    Matrix,
    Vector,
    subscript,
    tex_entry,
    tex_factor,
    tex_index,
    total,
)
from workbench.engine.results import ResultMixin
from workbench.protocol.steps import Step

if TYPE_CHECKING:
    from workbench.engine.layers.dense import DenseLayer


@dataclass(frozen=True)
class ChainTerm(ResultMixin):
    """One term of the sum: the factors ∂L/∂y_k, ∂y_k/∂z_i, x_j and their product (k 0-based)."""

    k: int
    dL_dy: Any
    dy_dz: Any
    x: Any
    product: Any


@dataclass(frozen=True)
class WeightChain(ResultMixin):
    """The chain-rule path of ∂L/∂w_ij (i, j 0-based): every term, their sum, and ``matrix``,
    the entry of δ·xᵀ it must equal."""

    i: int
    j: int
    name: str
    terms: tuple[ChainTerm, ...]
    value: Any
    matrix: Any
    latex: str
    steps: list[Step] = field(default_factory=list)


def chain_terms(dL_dy: Vector, jac: Matrix, x: Vector, i: int, j: int) -> tuple[ChainTerm, ...]:
    """Every term ∂L/∂y_k · ∂y_k/∂z_i · x_j, for k = 0 … m−1 (zero ones included)."""
    return tuple(ChainTerm(k, dL_dy[k], jac[k][i], x[j], dL_dy[k] * jac[k][i] * x[j])
                 for k in range(len(dL_dy)))


def chain_sum(terms: tuple[ChainTerm, ...]) -> Any:
    """The sum of the terms' products."""
    return total([term.product for term in terms])


def entry_step(dL_dy: Vector, jac: Matrix, x: Vector, i: int, j: int, elementwise: bool) -> Step:
    """The step writing ∂L/∂w_ij as its chain-rule sum, then as one number (or expression)."""
    terms = chain_terms(dL_dy, jac, x, i, j)
    value = chain_sum(terms)
    ij, i1, j1 = tex_index(i + 1, j + 1), i + 1, j + 1
    general = (rf"\frac{{\partial L}}{{\partial w_{{{ij}}}}} = \sum_{{k=1}}^{{{len(dL_dy)}}}"
               rf" \frac{{\partial L}}{{\partial y_k}}"
               rf"\,\frac{{\partial y_k}}{{\partial z_{{{i1}}}}}"
               rf"\,x_{{{j1}}}")
    shown = [t for t in terms if t.k == i] if elementwise else list(terms)
    numeric = isinstance(value, float)
    if numeric:
        expansion = " + ".join(r" \cdot ".join(tex_factor(f) for f in (t.dL_dy, t.dy_dz, t.x))
                               for t in shown)
    else:
        expansion = " + ".join(
            rf"\frac{{\partial L}}{{\partial y_{{{t.k + 1}}}}}\,"
            rf"\frac{{\partial y_{{{t.k + 1}}}}}{{\partial z_{{{i1}}}}}\,x_{{{j1}}}" for t in shown)
    before = f"{general} = {expansion}"
    if elementwise and len(terms) > 1:
        before += rf"\quad(\partial y_k/\partial z_{{{i1}}} = 0 \text{{ for }} k \ne {i1})"
    name = f"w{subscript(i + 1, j + 1)}"
    title = (f"∂L/∂{name} = Σₖ ∂L/∂yₖ · ∂yₖ/∂z{subscript(i + 1)} · x{subscript(j + 1)}"
             + (f" = {value:.6g}" if numeric else ""))
    return Step("entry_chain", title, before, tex_entry(value), var=name)


def weight_chain(layer: DenseLayer, i: int, j: int) -> WeightChain:
    """The chain-rule path of the weight w_ij of ``layer`` (0-based ``i`` < m, ``j`` < n).

    For the lab's click-an-entry view: the factors of every term as data, their sum
    (``value``), and the entry of the matrix form δ·xᵀ (``matrix``), which is the same.
    """
    m, n = layer.shapes["W"]
    if not (0 <= i < m and 0 <= j < n):
        raise ValueError(f"W is {m}×{n}: there is no entry ({i + 1}, {j + 1})")
    terms = chain_terms(layer.dL_dy, layer.jacobian_y_z, layer.x, i, j)
    # a symbolic layer's step is written in its compact form (placeholders z_i, y_i)
    shown = layer.compact or {"dL_dy": layer.dL_dy, "jacobian_y_z": layer.jacobian_y_z}
    step = entry_step(shown["dL_dy"], shown["jacobian_y_z"], layer.x, i, j, layer.elementwise)
    value = chain_sum(terms)
    latex = f"{step.before} = {step.after}"
    return WeightChain(i, j, f"w{subscript(i + 1, j + 1)}", terms, value, layer.grad_W[i][j],
                       latex, [step])
