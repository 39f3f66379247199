"""layer_outcome: the worked layer as sympy-free data for the window."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
import sympy

from tests.fresh_interpreter import packages_loaded_by
from workbench.engine import dense_layer, layer_outcome
from workbench.protocol.layer_outcome import LABELS
from workbench.protocol.layers import TARGETS, LayerProblem


def test_numbers_paths_and_answers():
    problem = LayerProblem.example()
    outcome = layer_outcome(problem)
    layer = dense_layer(**problem.engine_arguments())
    assert [q.field for q in outcome.quantities] == list(LABELS)
    grad = outcome.quantity("grad_W")
    assert grad.shape == (3, 2) and grad.label == "∂L/∂W"
    np.testing.assert_array_equal(grad.values, layer.grad_W)
    assert outcome.quantity("delta").values == tuple((v,) for v in layer.delta)
    assert outcome.quantity("loss").values == ((layer.loss,),)
    for i in range(3):
        for j in range(2):
            path = outcome.path(i, j)
            assert (path.i, path.j) == (i, j) and len(path.terms) == 3
            assert path.value == pytest.approx(layer.grad_W[i][j], rel=1e-12, abs=1e-300)
            assert sum(t.product for t in path.terms) == pytest.approx(path.value, abs=1e-300)
    assert outcome.path(2, 1).name == "w₃₂"
    for target, (_, answer) in TARGETS.items():
        assert outcome.check(answer, target).correct
    wrong = outcome.check("x delta^T")
    assert not wrong.correct and wrong.suggestions == ("δ·xᵀ",)
    assert outcome.warning is None and outcome.sample == {}


def test_symbolic_layers_are_checked_at_sample_numbers():
    problem = LayerProblem(((None, None), (None, "1")), (None, "0"), ("1", None), ("1", "0"),
                           "softmax", "cross_entropy")
    outcome = layer_outcome(problem)
    assert outcome.symbolic and outcome.quantity("grad_W").values is None
    assert set(outcome.sample) == {"w_11", "w_12", "w_21", "b_1", "x_2"}
    assert outcome.quantity("delta").latex == (("y_{1} - 1",), ("y_{2}",))
    assert outcome.check("delta x^T").correct
    assert not outcome.check("x delta^T").correct
    # the sample numbers, put into the symbolic layer, give the checked numbers
    layer = dense_layer(**problem.engine_arguments())
    at = {sympy.Symbol(k): sympy.Rational(str(v)) for k, v in outcome.sample.items()}
    got = [[float(e.xreplace(at)) for e in row] for row in layer.grad_W]
    np.testing.assert_allclose(got, outcome.check_values["grad_W"], rtol=1e-12)


def test_a_letter_in_an_entry_leaves_nothing_to_check_against():
    outcome = layer_outcome(LayerProblem((("a",),), ("0",), ("1",), ("1",)))
    assert outcome.check_values is None
    assert not outcome.check("delta x^T").correct


def test_warning_and_pickle_without_sympy(tmp_path):
    outcome = layer_outcome(LayerProblem.random(2, 3, 4, "tanh", "mse"))
    assert pickle.loads(pickle.dumps(outcome)) == outcome
    assert layer_outcome(LayerProblem((("1",),), ("0",), ("1",), ("1",), "sigmoid",
                                      "cross_entropy")).warning is None
    path = tmp_path / "outcome.pickle"
    path.write_bytes(pickle.dumps(outcome))
    loaded = packages_loaded_by(f"import pickle; pickle.loads(open({str(path)!r}, 'rb').read())")
    assert not loaded & {"sympy", "scipy", "PySide6"}
