"""A dense-layer problem as the lab, the session file and the command line describe it.

Sizes, activation, loss and the entries of W, b, x and t as text (``"0.5"``, ``"1/2"``)
or None for a symbol the engine names (w₁₂, b₁, …). Frozen, picklable and sympy-free:
each entry is checked by the grammar only. ``engine_arguments()`` is what
``workbench.engine.dense_layer`` takes.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from workbench.protocol.syntax.errors import ParseError
from workbench.protocol.syntax.parser import parse_tree

ACTIVATIONS: tuple[str, ...] = ("identity", "sigmoid", "tanh", "relu", "softplus", "softmax")
LOSSES: tuple[str, ...] = ("mse", "cross_entropy", "bce")
LAB_MAX_SIZE = 4
MAX_SIZE = 64  # beyond the lab's 4, for scripts; keeps a hostile session file small

Entry = str | None
Entries = tuple[Entry, ...]

# the quantities a student may name in a matrix expression, with the engine field holding
# each one's value
QUANTITIES: dict[str, str] = {"W": "W", "x": "x", "b": "b", "t": "t", "z": "z", "y": "y",
                              "delta": "delta", "dL_dy": "dL_dy", "J": "jacobian_y_z"}
# what the lab asks for: engine field -> (its name on screen, one right answer)
TARGETS: dict[str, tuple[str, str]] = {"grad_W": ("∂L/∂W", "delta x^T"),
                                       "grad_x": ("∂L/∂x", "W^T delta"),
                                       "grad_b": ("∂L/∂b", "delta"),
                                       "delta": ("δ", "J^T dL_dy")}


class LayerProblemError(ValueError):
    """A layer problem that cannot be posed; the message says what is wrong, in words."""


def layer_shapes(m: int, n: int) -> dict[str, tuple[int, int]]:
    """The shape of every quantity of an m×n layer, by the names of :data:`QUANTITIES`."""
    column = (m, 1)
    return {"W": (m, n), "x": (n, 1), "b": column, "t": column, "z": column, "y": column,
            "delta": column, "dL_dy": column, "J": (m, m)}


@dataclass(frozen=True)
class Operand:
    """One factor of a stage: its ``name`` on screen, the engine ``field`` holding its value,
    whether it is ``transposed`` there, and its ``shape`` as it enters the product."""

    name: str
    field: str
    transposed: bool
    shape: tuple[int, int]


@dataclass(frozen=True)
class Stage:
    """One matrix product of the layer (``label`` such as "∂L/∂W = δ · xᵀ"): its operands in
    order, the engine ``field`` of the result and the result's ``shape``; ``plus`` is a
    term added after the product (b in W·x + b), or None."""

    label: str
    operands: tuple[Operand, ...]
    field: str
    shape: tuple[int, int]
    plus: Operand | None = None

    @property
    def shapes_text(self) -> str:
        """"(3×1)·(1×2) = (3×2)": each operand's shape and the result's."""
        product = "·".join(f"({r}×{c})" for r, c in (o.shape for o in self.operands))
        plus = f" + ({self.plus.shape[0]}×{self.plus.shape[1]})" if self.plus else ""
        return f"{product}{plus} = ({self.shape[0]}×{self.shape[1]})"


def layer_stages(m: int, n: int) -> tuple[Stage, ...]:
    """The layer as matrix products, forward then backward, for an m×n W: what the lab
    animates, each operand labelled with its shape (values: the engine result's fields)."""
    def op(name: str, field: str, shape: tuple[int, int], transposed: bool = False) -> Operand:
        return Operand(name, field, transposed, shape[::-1] if transposed else shape)

    return (
        Stage("z = W · x + b", (op("W", "W", (m, n)), op("x", "x", (n, 1))), "z", (m, 1),
              op("b", "b", (m, 1))),
        Stage("δ = (∂y/∂z)ᵀ · ∂L/∂y", (op("(∂y/∂z)ᵀ", "jacobian_y_z", (m, m), True),
                                       op("∂L/∂y", "dL_dy", (m, 1))), "delta", (m, 1)),
        Stage("∂L/∂W = δ · xᵀ", (op("δ", "delta", (m, 1)), op("xᵀ", "x", (n, 1), True)),
              "grad_W", (m, n)),
        Stage("∂L/∂b = δ", (op("δ", "delta", (m, 1)),), "grad_b", (m, 1)),
        Stage("∂L/∂x = Wᵀ · δ", (op("Wᵀ", "W", (m, n), True), op("δ", "delta", (m, 1))),
              "grad_x", (n, 1)),
    )


def loss_warning(activation: str, loss: str) -> str | None:
    """Why this loss may be undefined for this activation's outputs, or None if it always fits."""
    if loss == "bce" and activation not in ("sigmoid", "softmax"):
        return ("Binary cross-entropy takes ln y and ln(1 − y): every output must lie between "
                "0 and 1, which sigmoid guarantees and this activation does not.")
    if loss == "cross_entropy" and activation not in ("sigmoid", "softmax", "softplus"):
        return ("Cross-entropy takes ln y: every output must be positive, which softmax "
                "guarantees and this activation does not.")
    return None


@dataclass(frozen=True)
class LayerProblem:
    """y = activation(W·x + b) with loss(y, t): W is m×n, b and t have m entries, x has n."""

    W: tuple[Entries, ...]
    b: Entries
    x: Entries
    t: Entries
    activation: str = "sigmoid"
    loss: str = "mse"

    def __post_init__(self) -> None:
        # lists become tuples, so that an equal problem compares equal and hashes
        object.__setattr__(self, "W", tuple(_entries(r, "W") for r in _rows(self.W)))
        for name in ("b", "x", "t"):
            object.__setattr__(self, name, _entries(getattr(self, name), name))
        check_names(self.activation, self.loss)
        m, n = len(self.W), len(self.W[0]) if self.W else 0
        if not 1 <= m <= MAX_SIZE or not 1 <= n <= MAX_SIZE:
            raise LayerProblemError(f"W must have 1 to {MAX_SIZE} rows and columns, "
                                    f"not {m}×{n}")
        if any(len(row) != n for row in self.W):
            raise LayerProblemError("Every row of W must have the same number of entries")
        for name, values, size in (("b", self.b, m), ("x", self.x, n), ("t", self.t, m)):
            if len(values) != size:
                raise LayerProblemError(f"{name} needs {size} entries (W is {m}×{n}), "
                                        f"not {len(values)}")
        for name, values in self._named_entries():
            for k, entry in enumerate(values, start=1):
                _check_entry(entry, f"{name} entry {k}")

    @property
    def m(self) -> int:
        """The number of outputs (rows of W)."""
        return len(self.W)

    @property
    def n(self) -> int:
        """The number of inputs (columns of W)."""
        return len(self.W[0])

    @property
    def symbolic(self) -> bool:
        """True if any entry is left as a symbol."""
        return any(e is None for _, values in self._named_entries() for e in values)

    def _named_entries(self) -> list[tuple[str, Entries]]:
        flat_w = tuple(e for row in self.W for e in row)
        return [("W", flat_w), ("b", self.b), ("x", self.x), ("t", self.t)]

    def check_for_lab(self) -> None:
        """Raise LayerProblemError unless both sizes are 1 to 4 (what the lab draws)."""
        if self.m > LAB_MAX_SIZE or self.n > LAB_MAX_SIZE:
            raise LayerProblemError(f"The lab draws layers of 1 to {LAB_MAX_SIZE} inputs and "
                                    f"outputs; this one is {self.m}×{self.n}")

    def shapes(self) -> dict[str, tuple[int, int]]:
        """The shape of every named quantity (for the matrix grammar)."""
        return layer_shapes(self.m, self.n)

    def engine_arguments(self) -> dict[str, Any]:
        """Keyword arguments for ``dense_layer``."""
        return {"W": [list(row) for row in self.W], "b": list(self.b), "x": list(self.x),
                "t": list(self.t), "activation": self.activation, "loss": self.loss}

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe data for the session file."""
        return {"W": [list(r) for r in self.W], "b": list(self.b), "x": list(self.x),
                "t": list(self.t), "activation": self.activation, "loss": self.loss}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LayerProblem:
        """The problem ``to_dict`` wrote; LayerProblemError for anything else."""
        if not isinstance(data, Mapping):
            raise LayerProblemError("A layer problem must be a mapping")
        try:
            return cls(data["W"], data["b"], data["x"], data["t"],
                       str(data.get("activation", "sigmoid")), str(data.get("loss", "mse")))
        except KeyError as missing:
            raise LayerProblemError(f"The layer problem has no {missing.args[0]}") from None

    def resized(self, m: int, n: int) -> LayerProblem:
        """The same problem with m outputs and n inputs: kept entries stay, new ones are 0."""
        def fit(values: Entries, size: int) -> Entries:
            return tuple(values[:size]) + ("0",) * max(0, size - len(values))

        rows = tuple(fit(self.W[i] if i < self.m else (), n) for i in range(m))
        return replace(self, W=rows, b=fit(self.b, m), x=fit(self.x, n), t=fit(self.t, m))

    @classmethod
    def example(cls) -> LayerProblem:
        """The issue's worked example: a 3×2 layer with sigmoid and mean squared error."""
        return cls((("1", "2"), ("3", "4"), ("5", "6")), ("0", "0", "0"), ("1", "2"),
                   ("0", "1", "0"))

    @classmethod
    def random(cls, m: int, n: int, seed: int, activation: str = "sigmoid",
               loss: str = "mse") -> LayerProblem:
        """Entries drawn from [−1, 1] to two decimals (t from [0, 1]; a one-hot t for
        cross-entropy), the same for the same seed."""
        rng = random.Random(seed)

        def draw(size: int, lo: float = -1.0) -> Entries:
            return tuple(f"{rng.uniform(lo, 1.0):.2f}" for _ in range(size))

        if loss == "cross_entropy":
            hot = rng.randrange(m)
            t: Entries = tuple("1" if k == hot else "0" for k in range(m))
        else:
            t = draw(m, 0.0)
        return cls(tuple(draw(n) for _ in range(m)), draw(m), draw(n), t, activation, loss)


def check_names(activation: str, loss: str) -> None:
    """Raise LayerProblemError naming the choices when ``activation`` or ``loss`` is unknown."""
    if activation not in ACTIVATIONS:
        raise LayerProblemError(f"Unknown activation {activation!r}: choose one of "
                                f"{', '.join(ACTIVATIONS)}")
    if loss not in LOSSES:
        raise LayerProblemError(f"Unknown loss {loss!r}: choose one of {', '.join(LOSSES)}")


def _check_entry(entry: Entry, where: str) -> None:
    if entry is None:
        return
    if not isinstance(entry, str):
        raise LayerProblemError(f"{where} must be text or None, not {type(entry).__name__}")
    try:
        parse_tree(entry)
    except ParseError as problem:
        raise LayerProblemError(f"{where}: {problem}") from problem


def _rows(rows: Any) -> Sequence[Any]:
    if not isinstance(rows, Sequence) or isinstance(rows, str) or len(rows) > MAX_SIZE:
        raise LayerProblemError(f"W must be a list of 1 to {MAX_SIZE} rows")
    return rows


def _entries(values: Any, name: str) -> Entries:
    if not isinstance(values, Sequence) or isinstance(values, str) or len(values) > MAX_SIZE:
        raise LayerProblemError(f"{name} must be a list of entries")
    return tuple(v if v is None or isinstance(v, str) else _number_text(v, name) for v in values)


def _number_text(value: Any, name: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise LayerProblemError(f"An entry of {name} must be text, a number or null")
    return repr(value)
