"""``layer_outcome``: a LayerProblem worked by ``dense_layer`` and written out as the
sympy-free :class:`~workbench.protocol.layer_outcome.LayerOutcome` the window draws."""

from __future__ import annotations

import random
from dataclasses import replace
from typing import Any

from workbench.engine.layers.chain import chain_terms, entry_step
from workbench.engine.layers.dense import DenseLayer, dense_layer
from workbench.engine.layers.inputs import symbol_name
from workbench.engine.layers.linalg import tex_entry
from workbench.protocol.layer_outcome import (
    LABELS,
    LayerOutcome,
    PathTerm,
    Quantity,
    Rows,
    WeightPath,
)
from workbench.protocol.layers import LayerProblem, loss_warning


def layer_outcome(problem: LayerProblem) -> LayerOutcome:
    """Work ``problem`` out (see ``dense_layer``) and describe it as plain data.

    A symbolic problem is also worked at sample numbers (each open entry a number from
    0.1 to 0.9, the same every time) so that a student's expression can be checked.
    """
    layer = dense_layer(**problem.engine_arguments())
    shown = replace(layer, **layer.compact) if layer.compact else layer
    quantities = tuple(_quantity(layer, shown, field) for field in LABELS)
    paths = tuple(_path(layer, shown, i, j) for i in range(problem.m) for j in range(problem.n))
    sample: dict[str, float] = {}
    numbers: DenseLayer | None = layer
    if layer.symbolic:
        numbers, sample = _at_sample(problem)
    check_values = None if numbers is None else {
        field: _rows(getattr(numbers, field)) for field in LABELS}
    return LayerOutcome(problem, layer.symbolic, layer.symbols, quantities, paths, layer.latex,
                        tuple(layer.steps), check_values, sample,
                        loss_warning(problem.activation, problem.loss))


def _rows(value: Any) -> Rows:
    """A quantity's floats as rows: a vector as a column, a number as one 1×1 row."""
    if isinstance(value, tuple) and value and isinstance(value[0], tuple):
        return tuple(tuple(float(v) for v in row) for row in value)
    if isinstance(value, tuple):
        return tuple((float(v),) for v in value)
    return ((float(value),),)


def _tex_rows(value: Any) -> tuple[tuple[str, ...], ...]:
    if isinstance(value, tuple) and value and isinstance(value[0], tuple):
        return tuple(tuple(tex_entry(v) for v in row) for row in value)
    if isinstance(value, tuple):
        return tuple((tex_entry(v),) for v in value)
    return ((tex_entry(value),),)


def _quantity(layer: DenseLayer, shown: DenseLayer, field: str) -> Quantity:
    value = getattr(layer, field)
    values = None if layer.symbolic else _rows(value)
    return Quantity(field, LABELS[field], layer.shapes[field], values,
                    _tex_rows(getattr(shown, field)))


def _path(layer: DenseLayer, shown: DenseLayer, i: int, j: int) -> WeightPath:
    step = entry_step(shown.dL_dy, shown.jacobian_y_z, layer.x, i, j, layer.elementwise)
    terms = chain_terms(layer.dL_dy, layer.jacobian_y_z, layer.x, i, j)

    def number(value: Any) -> float | None:
        return None if layer.symbolic else float(value)

    plain = tuple(PathTerm(t.k, number(t.dL_dy), number(t.dy_dz), number(t.x),
                           number(t.product)) for t in terms)
    total = None if layer.symbolic else float(sum(t.product for t in terms))
    return WeightPath(i, j, step.var or "", plain, total, f"{step.before} = {step.after}")


def _at_sample(problem: LayerProblem) -> tuple[DenseLayer | None, dict[str, float]]:
    """The layer with its open entries set to sample numbers (None if text names a symbol)."""
    rng = random.Random(f"{problem.m}x{problem.n}")  # the same numbers every time
    sample: dict[str, float] = {}

    def fill(entries: tuple, letter: str, *row: int) -> list[Any]:
        out = []
        for k, entry in enumerate(entries, start=1):
            if entry is None:
                name = symbol_name(letter, *row, k)
                sample[name] = round(rng.uniform(0.1, 0.9), 2)
                entry = repr(sample[name])
            out.append(entry)
        return out

    rows = [fill(row, "w", i) for i, row in enumerate(problem.W, start=1)]
    try:
        numbers = dense_layer(rows, fill(problem.b, "b"), fill(problem.x, "x"),
                              fill(problem.t, "t"), problem.activation, problem.loss)
    except ValueError:  # text with a letter, or a loss undefined at the sample
        return None, sample
    return (None if numbers.symbolic else numbers), sample
