"""Handlers of the Layers lab's jobs: a worked dense layer, a Jacobian, a checked identity."""

from __future__ import annotations


import workbench.engine as engine
from workbench.protocol.jobs.layers import IdentityJob, JacobianJob, LayerJob
from workbench.protocol.layer_results import IdentityResult, JacobianResult, LayerResult
from workbench.worker.payloads import plain_float
from workbench.worker.registry import handles
from workbench.engine.latex import latex


@handles(LayerJob)
def run_layer(job: LayerJob) -> LayerResult:
    """The layer worked out as the engine's sympy-free ``LayerOutcome``."""
    return LayerResult(job, outcome=engine.layer_outcome(job.problem))


@handles(JacobianJob)
def run_jacobian(job: JacobianJob) -> JacobianResult:
    """The Jacobian matrix with one step per component, and its value at the point."""
    result = engine.jacobian(job.text, list(job.vars), list(job.at) if job.at else None)
    value = None if result.value is None else tuple(
        tuple(plain_float(v) for v in row) for row in result.value)
    f_value = None if result.function_value is None else tuple(
        plain_float(v) for v in result.function_value)
    return JacobianResult(
        job, latex=result.latex,
        entries=tuple(tuple(latex(e) for e in row) for row in result.result),
        components=tuple(latex(f) for f in result.exprs), shape=tuple(result.shape),
        value=value, function_value=f_value, steps=tuple(result.steps))


@handles(IdentityJob)
def run_identity(job: IdentityJob) -> IdentityResult:
    """The identity expanded at size n and verified entry by entry."""
    result = engine.check_identity(job.id, job.n)
    return IdentityResult(job, title=result.title, statement=result.statement, n=result.n,
                          verified=bool(result.verified), latex=result.latex,
                          steps=tuple(result.steps))
