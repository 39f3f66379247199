"""A worked dense layer as plain data for the window: every quantity's numbers and LaTeX
with its shape, each weight's chain-rule path, the steps, and the numbers a student's
matrix expression is checked against. Sympy-free and picklable (the engine's
``layer_outcome`` makes it from a :class:`~workbench.protocol.layers.LayerProblem`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workbench.protocol.layers import QUANTITIES, TARGETS, LayerProblem, layer_shapes
from workbench.protocol.steps import Step

Rows = tuple[tuple[float, ...], ...]

LABELS: dict[str, str] = {"W": "W", "b": "b", "x": "x", "t": "t", "z": "z", "y": "y",
                          "loss": "L", "dL_dy": "∂L/∂y", "jacobian_y_z": "∂y/∂z", "delta": "δ",
                          "grad_W": "∂L/∂W", "grad_b": "∂L/∂b", "grad_x": "∂L/∂x"}


@dataclass(frozen=True)
class Quantity:
    """One quantity of the layer (``field`` as in the engine result, ``label`` as shown):
    its shape ((m, 1) for a vector, () for the loss), its entries row by row as floats
    (None where the layer is symbolic) and as LaTeX."""

    field: str
    label: str
    shape: tuple[int, ...]
    values: Rows | None
    latex: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class PathTerm:
    """∂L/∂y_k · ∂y_k/∂z_i · x_j (k 0-based): the factors and product (None if symbolic)."""

    k: int
    dL_dy: float | None
    dy_dz: float | None
    x: float | None
    product: float | None


@dataclass(frozen=True)
class WeightPath:
    """The chain rule of the weight w_ij (0-based): its terms, their sum (``value``; None
    if symbolic) and the step that writes it out (``latex``: the sum, then its value)."""

    i: int
    j: int
    name: str
    terms: tuple[PathTerm, ...]
    value: float | None
    latex: str


@dataclass(frozen=True)
class LayerOutcome:
    """Everything the Layers lab shows for one problem.

    ``check_values`` are the quantities' numbers for checking a student's expression
    (for a symbolic layer: at sample numbers put in for its symbols, ``sample``).
    ``warning`` says why the loss may not fit the activation (or None).
    """

    problem: LayerProblem
    symbolic: bool
    symbols: tuple[str, ...]
    quantities: tuple[Quantity, ...]
    paths: tuple[WeightPath, ...]
    latex: str
    steps: tuple[Step, ...]
    check_values: dict[str, Rows] | None
    sample: dict[str, float]
    warning: str | None = None

    def quantity(self, field: str) -> Quantity:
        """The quantity named ``field`` (an engine field name such as ``grad_W``)."""
        for quantity in self.quantities:
            if quantity.field == field:
                return quantity
        raise KeyError(field)

    def path(self, i: int, j: int) -> WeightPath:
        """The chain-rule path of w_ij (0-based)."""
        return self.paths[i * self.problem.n + j]

    def check(self, text: str, target: str = "grad_W") -> Any:
        """Check a student's expression for ``target`` (a key of TARGETS): an AnswerCheck."""
        from workbench.protocol.matrices import AnswerCheck, check_matrix_answer

        if self.check_values is None:
            return AnswerCheck(False, "This layer has entries that are neither numbers nor "
                               "open symbols, so an expression can't be checked")
        values = {name: self.check_values[field] for name, field in QUANTITIES.items()}
        return check_matrix_answer(text, layer_shapes(self.problem.m, self.problem.n), values,
                                   self.check_values[target], TARGETS[target][0])
