"""Handlers of the single-operation jobs (tangent, points, densities, backprop): the
engine's result turned into the typed protocol result the window draws."""

from __future__ import annotations

import math
from typing import Any

import workbench.engine as engine
from workbench.protocol.graph_nodes import GraphNode
from workbench.protocol.jobs.calls import (
    BackpropJob, ExpectationJob, PointsJob, ProbabilityJob, TangentJob, thawed_options)
from workbench.protocol.results import (
    BackpropResult, ExpectationResult, MarkedPoint, PointsResult, ProbabilityResult,
    TangentResult)
from workbench.worker.payloads import plain_float, result_payload
from workbench.worker.registry import handles


@handles(TangentJob)
def run_tangent(job: TangentJob) -> TangentResult:
    """The tangent line; its "slope" step carries the exact f'(a)."""
    result = engine.tangent_line(job.text, job.var, job.at)
    steps = tuple(result.steps)
    slope_latex = next((s.after for s in steps if s.rule == "slope"), "")
    return TangentResult(job, latex=result.latex, slope=plain_float(result.slope),
                         slope_latex=slope_latex, intercept=plain_float(result.intercept),
                         steps=steps)


def _location(point: dict[str, Any]) -> float:
    try:
        return float(next(iter(point.get("location", {}).values())))
    except (StopIteration, TypeError, ValueError):
        return math.nan


@handles(PointsJob)
def run_points(job: PointsJob) -> PointsResult:
    """Critical or inflection points as (x, kind) marks and the engine's note."""
    if job.which == "critical":
        result = engine.critical_points(job.text, [job.var])
    else:
        result = engine.inflection_points(job.text, job.var)
    payload = result_payload(result)
    marks = tuple(MarkedPoint(_location(p), str(p.get("kind", job.which)), str(p.get("latex", "")))
                  for p in payload.get("points", []))
    return PointsResult(job, points=marks, note=str(payload.get("note", "") or ""),
                        steps=tuple(payload.get("steps", [])))


@handles(ProbabilityJob)
def run_probability(job: ProbabilityJob) -> ProbabilityResult:
    """P(a ≤ X ≤ b) with whether (and how far) the density is normalised."""
    result = engine.probability(job.pdf, job.var, job.a, job.b, **thawed_options(job.options))
    payload = result_payload(result)
    total = str(payload.get("total", "1"))
    return ProbabilityResult(job, latex=result.latex, value=plain_float(result.value),
                             normalized=bool(payload.get("normalized", True)), total=total,
                             total_value=plain_float(result.total),
                             steps=tuple(result.steps), family=str(payload.get("family", "")),
                             normalized_value=plain_float(payload.get("normalized_value")))


@handles(ExpectationJob)
def run_expectation(job: ExpectationJob) -> ExpectationResult:
    """E[g(X)] exactly where the engine can, with its float value."""
    result = engine.expectation(job.g, job.pdf, job.var, **thawed_options(job.options))
    payload = result_payload(result)
    return ExpectationResult(job, latex=result.latex,
                             exact_latex=str(payload.get("exact_latex", "") or ""),
                             value=plain_float(result.value), steps=tuple(result.steps),
                             exists=payload.get("exists", True),
                             family=str(payload.get("family", "")),
                             normalized_value=plain_float(payload.get("normalized_value")))


@handles(BackpropJob)
def run_backprop(job: BackpropJob) -> BackpropResult:
    """The graph in topological order (output last), values and gradients."""
    result = engine.backprop(job.text, dict(job.values))
    payload = result_payload(result)
    nodes = tuple(node if isinstance(node, GraphNode) else GraphNode.from_dict(node)
                  for node in payload.get("nodes", []))
    gradients = {str(k): plain_float(v) for k, v in dict(payload.get("gradients", {})).items()}
    return BackpropResult(job, nodes=nodes, value=plain_float(payload.get("value")),
                          gradients=gradients, latex=result.latex, steps=tuple(result.steps))
