"""The Layers lab's jobs and handlers, run in this process; their results pickle sympy-free."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from workbench.protocol.jobs.layers import IdentityJob, JacobianJob, LayerJob
from workbench.protocol.layer_results import IdentityResult, JacobianResult, LayerResult
from workbench.protocol.layers import LayerProblem
from workbench.worker.payloads import dumps_plain
from workbench.worker.process import run_job
from workbench.worker.registry import handler_for, load_handlers

load_handlers()


def _run(job):
    result = handler_for(job)(job)
    assert result.answers(job)
    back = pickle.loads(dumps_plain(result))  # refuses sympy anywhere inside
    assert back == result
    return back


def test_jobs_compare_pickle_and_check_their_arguments():
    jobs = [LayerJob(LayerProblem.example(), kind="layers.layer"),
            JacobianJob("[x*y, x + y^2]", ["x", "y"], [1, 2]), IdentityJob("softmax", 3)]
    for job in jobs:
        assert pickle.loads(pickle.dumps(job)) == job
    assert jobs[1].at == ("1", "2") and jobs[1].vars == ("x", "y")
    with pytest.raises(ValueError):
        JacobianJob("[x, y]", ("x", "y"), ("1",))
    with pytest.raises(ValueError):
        IdentityJob("no_such_identity")
    with pytest.raises(ValueError):
        IdentityJob("linear", 0)


def test_layer_result_gradients_agree_with_central_differences():
    problem = LayerProblem.random(3, 2, seed=5, activation="tanh", loss="mse")
    result = _run(LayerJob(problem))
    assert isinstance(result, LayerResult)
    outcome = result.outcome
    W = np.array([[float(e) for e in row] for row in problem.W])
    b, x, t = (np.array([float(e) for e in v]) for v in (problem.b, problem.x, problem.t))

    def loss(W_: np.ndarray) -> float:
        return float(np.mean((np.tanh(W_ @ x + b) - t) ** 2))

    h = 1e-6
    numeric = np.zeros_like(W)
    for i, j in np.ndindex(*W.shape):
        step = np.zeros_like(W)
        step[i, j] = h
        numeric[i, j] = (loss(W + step) - loss(W - step)) / (2 * h)
    assert np.allclose(outcome.quantity("grad_W").values, numeric, atol=1e-8)
    assert outcome.path(2, 1).value == pytest.approx(numeric[2, 1], abs=1e-8)


def test_jacobian_result_has_rows_steps_and_value():
    result = _run(JacobianJob("[x*y, x + y^2, sin(x)]", ("x", "y"), ("1", "2")))
    assert isinstance(result, JacobianResult)
    assert result.shape == (3, 2) and len(result.steps) == 3
    assert np.allclose(result.value, [[2, 1], [1, 4], [np.cos(1), 0]])
    assert np.allclose(result.function_value, [2, 5, np.sin(1)])
    assert _run(JacobianJob("[x*y, x]", ("x", "y"))).value is None


@pytest.mark.parametrize("identity", ["linear", "quadratic", "softmax", "softmax_cross_entropy"])
def test_identity_result_is_verified_with_steps(identity):
    result = _run(IdentityJob(identity, 2))
    assert isinstance(result, IdentityResult)
    assert result.verified and result.n == 2 and result.steps and result.latex


def test_a_bad_jacobian_is_a_job_error():
    tag, job_id, error = run_job(4, JacobianJob("[x*, y]", ("x", "y")))
    assert (tag, job_id, error.kind) == ("error", 4, "parse")
