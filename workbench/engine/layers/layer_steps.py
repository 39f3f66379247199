"""The steps and LaTeX of a dense layer: the forward pass, then the backward pass as matrix
products with every operand's shape, and each weight's scalar chain rule under ∂L/∂W."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.engine.layers.chain import entry_step
from workbench.engine.layers.functions import INFO, LOSS_TEX
from workbench.engine.layers.linalg import shape_text, tex_entry, tex_matrix, tex_vector
from workbench.protocol.steps import Step

if TYPE_CHECKING:
    from workbench.engine.layers.dense import DenseLayer

_PARTIAL = r"\frac{\partial L}{\partial %s}"


def _product(layer: DenseLayer, *names: str, transposed: tuple[str, ...] = ()) -> str:
    """"(3×1)·(1×2) = (3×2)" for operands ``names`` (those in ``transposed`` flipped)."""
    shapes = []
    for name in names:
        shape = layer.shapes[name]
        shapes.append(shape[::-1] if name in transposed else shape)
    result = (shapes[0][0], shapes[-1][1])
    return "·".join(f"({shape_text(s)})" for s in shapes) + f" = ({shape_text(result)})"


def layer_steps(layer: DenseLayer) -> list[Step]:
    """Forward (z, y, L), then backward (∂L/∂y, ∂y/∂z, δ, ∂L/∂W, ∂L/∂b, ∂L/∂x)."""
    return _forward(layer) + _backward(layer)


def _forward(layer: DenseLayer) -> list[Step]:
    m, n = layer.shapes["W"]
    act = INFO[layer.activation]
    how = "entry by entry" if act.elementwise else "over the whole vector"
    loss_tex, _ = LOSS_TEX[layer.loss_name]
    return [
        Step("affine", f"Forward: z = W·x + b : ({m}×{n})·({n}×1) + ({m}×1) = ({m}×1)",
             rf"z = W x + b = {tex_matrix(layer.W)}{tex_vector(layer.x)} + {tex_vector(layer.b)}",
             tex_vector(layer.z)),
        Step("activation", f"y = {layer.activation}(z), {how} : ({m}×1)",
             rf"y = {act.tex}(z)", tex_vector(layer.y)),
        Step("loss", f"The loss L = {_loss_words(layer.loss_name)} : a number (1×1)",
             rf"L = {loss_tex},\quad t = {tex_vector(layer.t)}", tex_entry(layer.loss)),
    ]


def _loss_words(name: str) -> str:
    return {"mse": "(1/m)·Σ(yᵢ − tᵢ)²", "cross_entropy": "−Σ tᵢ·ln yᵢ",
            "bce": "−(1/m)·Σ[tᵢ·ln yᵢ + (1 − tᵢ)·ln(1 − yᵢ)]"}[name]


def _backward(layer: DenseLayer) -> list[Step]:
    m, n = layer.shapes["W"]
    act = INFO[layer.activation]
    _, grad_tex = LOSS_TEX[layer.loss_name]
    if act.elementwise:
        jac_title = (f"∂y/∂z : ({m}×{m}), diagonal because {layer.activation} acts entry by "
                     "entry (yₖ does not depend on zᵢ for k ≠ i)")
    else:
        jac_title = (f"∂y/∂z : ({m}×{m}), full because softmax mixes every entry: "
                     "diag(y) − y·yᵀ")
    entries = [entry_step(layer.dL_dy, layer.jacobian_y_z, layer.x, i, j, act.elementwise)
               for i in range(m) for j in range(n)]
    delta_title = f"δ = ∂L/∂z = (∂y/∂z)ᵀ · ∂L/∂y : {_product(layer, 'jacobian_y_z', 'dL_dy')}"
    if act.elementwise:
        delta_title += f"; with a diagonal ∂y/∂z this is ∂L/∂y ⊙ {layer.activation}′(z)"
    return [
        Step("loss_gradient", f"∂L/∂y : ({m}×1)", rf"\frac{{\partial L}}{{\partial y_i}} = "
             rf"{grad_tex}", tex_vector(layer.dL_dy)),
        Step("jacobian", jac_title, _jacobian_tex(layer.activation),
             tex_matrix(layer.jacobian_y_z)),
        Step("chain", delta_title + _ce_note(layer),
             rf"\delta = \left(\frac{{\partial y}}{{\partial z}}\right)^{{T}}"
             rf"\frac{{\partial L}}{{\partial y}} = {tex_matrix(_t(layer.jacobian_y_z))}"
             rf"{tex_vector(layer.dL_dy)}", tex_vector(layer.delta)),
        Step("outer_product", "∂L/∂W = δ · xᵀ : "
             + _product(layer, "delta", "x", transposed=("x",)),
             rf"{_PARTIAL % 'W'} = \delta\,x^{{T}} = {tex_vector(layer.delta)}"
             rf"{tex_matrix([layer.x])}", tex_matrix(layer.grad_W), substeps=entries),
        Step("bias", f"∂L/∂b = δ : ({m}×1), since ∂z/∂b is the identity",
             rf"{_PARTIAL % 'b'} = \delta", tex_vector(layer.grad_b)),
        Step("matrix_product", "∂L/∂x = Wᵀ · δ : "
             + _product(layer, "W", "delta", transposed=("W",)),
             rf"{_PARTIAL % 'x'} = W^{{T}}\delta = {tex_matrix(_t(layer.W))}"
             rf"{tex_vector(layer.delta)}", tex_vector(layer.grad_x)),
    ]


def _jacobian_tex(activation: str) -> str:
    """The entries of ∂y/∂z in general: the diagonal and the zeros, or softmax's formula."""
    act = INFO[activation]
    if not act.elementwise:
        return rf"\frac{{\partial y_k}}{{\partial z_i}} = {act.derivative_tex}"
    return (rf"\frac{{\partial y_i}}{{\partial z_i}} = {act.derivative_tex},\quad "
            r"\frac{\partial y_k}{\partial z_i} = 0 \ (k \ne i)")


def _t(rows: tuple[tuple, ...]) -> list[tuple]:
    return list(zip(*rows))


def _ce_note(layer: DenseLayer) -> str:
    if layer.activation == "softmax" and layer.loss_name == "cross_entropy":
        return "; softmax then cross-entropy gives δ = y − t·Σt = y − t when Σt = 1"
    if layer.activation == "sigmoid" and layer.loss_name == "bce":
        return "; sigmoid then binary cross-entropy gives δ = (y − t)/m"
    return ""


def layer_latex(layer: DenseLayer) -> str:
    """The whole layer in one LaTeX line: forward values, the loss and the three gradients."""
    act = INFO[layer.activation]
    parts = [
        rf"z = W x + b = {tex_vector(layer.z)}",
        rf"y = {act.tex}(z) = {tex_vector(layer.y)}",
        rf"L = {tex_entry(layer.loss)}",
        rf"\delta = {tex_vector(layer.delta)}",
        rf"{_PARTIAL % 'W'} = \delta\,x^{{T}} = {tex_matrix(layer.grad_W)}",
        rf"{_PARTIAL % 'b'} = {tex_vector(layer.grad_b)}",
        rf"{_PARTIAL % 'x'} = W^{{T}}\delta = {tex_vector(layer.grad_x)}",
    ]
    return r",\quad ".join(parts)
