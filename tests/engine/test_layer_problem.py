"""The layer problem of the protocol: validation, round trips, and agreement with the engine."""

from __future__ import annotations

import json
import pickle

import numpy as np
import pytest

from workbench.engine import dense_layer
from workbench.protocol.layers import (
    ACTIVATIONS,
    LOSSES,
    TARGETS,
    LayerProblem,
    LayerProblemError,
    layer_shapes,
    loss_warning,
)
from workbench.protocol.matrices import check_matrix_answer


def test_the_example_round_trips_and_pickles():
    problem = LayerProblem.example()
    assert (problem.m, problem.n, problem.symbolic) == (3, 2, False)
    assert pickle.loads(pickle.dumps(problem)) == problem
    assert LayerProblem.from_dict(json.loads(json.dumps(problem.to_dict()))) == problem
    assert hash(LayerProblem(**problem.engine_arguments())) == hash(problem)  # lists -> tuples


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("loss", LOSSES)
def test_random_problems_are_reproducible_and_every_target_answer_is_right(activation, loss):
    problem = LayerProblem.random(3, 2, seed=11, activation=activation, loss=loss)
    assert problem == LayerProblem.random(3, 2, seed=11, activation=activation, loss=loss)
    try:
        layer = dense_layer(**problem.engine_arguments())
    except ValueError:
        assert loss_warning(activation, loss) is not None  # only where the warning says so
        return
    values = {name: getattr(layer, field) for name, field in
              {"W": "W", "x": "x", "b": "b", "t": "t", "z": "z", "y": "y", "delta": "delta",
               "dL_dy": "dL_dy", "J": "jacobian_y_z"}.items()}
    for field, (label, answer) in TARGETS.items():
        check = check_matrix_answer(answer, problem.shapes(), values, getattr(layer, field), label)
        assert check.correct, check.message


def test_symbolic_entries_and_resizing():
    problem = LayerProblem(((None, "1/2"),), ("0",), ("1", None), ("1",))
    assert problem.symbolic
    layer = dense_layer(**problem.engine_arguments())
    assert layer.symbols == ("w_11", "x_2")
    bigger = problem.resized(2, 3)
    assert bigger.W == ((None, "1/2", "0"), ("0", "0", "0")) and bigger.x == ("1", None, "0")
    assert bigger.resized(1, 2) == problem


def test_sizes_for_the_lab():
    LayerProblem.random(4, 4, 0).check_for_lab()
    with pytest.raises(LayerProblemError, match="1 to 4 inputs and outputs"):
        LayerProblem.random(5, 2, 0).check_for_lab()
    assert layer_shapes(3, 2)["J"] == (3, 3)


@pytest.mark.parametrize(("change", "words"), [
    ({"activation": "swish"}, "Unknown activation"),
    ({"loss": "hinge"}, "Unknown loss"),
    ({"b": ["0"]}, "b needs 3 entries"),
    ({"x": ["0"] * 3}, "x needs 2 entries"),
    ({"W": [["1", "2"], ["3"], ["5", "6"]]}, "same number of entries"),
    ({"W": []}, "1 to 64 rows"),
    ({"W": "[[1]]"}, "list of 1 to 64 rows"),
    ({"t": ["0", "1", "2+"]}, "t entry 3"),
    ({"t": ["0", "1", True]}, "must be text, a number or null"),
    ({"x": ["1", {"a": 1}]}, "must be text, a number or null"),
    ({"W": [["0"] * 65] * 3}, "list of entries"),
])
def test_bad_problems_are_explained(change, words):
    data = LayerProblem.example().to_dict() | change
    with pytest.raises(LayerProblemError, match=words):
        LayerProblem.from_dict(data)


def test_missing_keys_and_numbers_in_files():
    with pytest.raises(LayerProblemError, match="has no t"):
        LayerProblem.from_dict({"W": [["1"]], "b": ["0"], "x": ["1"]})
    problem = LayerProblem.from_dict({"W": [[1, 0.5]], "b": [0], "x": [1, 2], "t": [1]})
    assert problem.W == (("1", "0.5"),)
    layer = dense_layer(**problem.engine_arguments())
    np.testing.assert_allclose(layer.z, [2.0])


def test_loss_warnings():
    assert loss_warning("sigmoid", "bce") is None
    assert loss_warning("softmax", "cross_entropy") is None
    assert "between 0 and 1" in loss_warning("identity", "bce")
    assert "positive" in loss_warning("tanh", "cross_entropy")
    assert all(loss_warning(a, "mse") is None for a in ACTIVATIONS)


@pytest.mark.parametrize(("m", "n"), [(1, 1), (3, 2), (2, 4)])
def test_stages_fit_and_multiply_to_the_engine_results(m, n):
    from workbench.protocol.layers import layer_stages

    problem = LayerProblem.random(m, n, seed=m * n, activation="softmax")
    layer = dense_layer(**problem.engine_arguments())
    for stage in layer_stages(m, n):
        value = None
        for operand in stage.operands:
            array = np.array(getattr(layer, operand.field), dtype=float)
            array = array.reshape(-1, 1) if array.ndim == 1 else array
            array = array.T if operand.transposed else array
            assert array.shape == operand.shape
            value = array if value is None else value @ array
        if stage.plus is not None:
            value = value + np.array(getattr(layer, stage.plus.field)).reshape(-1, 1)
        assert value.shape == stage.shape == layer.shapes[stage.field]
        want = np.array(getattr(layer, stage.field), dtype=float).reshape(stage.shape)
        np.testing.assert_allclose(value, want, rtol=1e-12, atol=1e-15)
    assert layer_stages(3, 2)[2].shapes_text == "(3×1)·(1×2) = (3×2)"
    assert layer_stages(3, 2)[0].shapes_text == "(3×2)·(2×1) + (3×1) = (3×1)"


def test_the_identity_list_is_sympy_free_data():
    from workbench.engine import check_identity
    from workbench.protocol.identities import IDENTITIES

    assert all(check_identity(info.id, 1).title == info.title for info in IDENTITIES)
