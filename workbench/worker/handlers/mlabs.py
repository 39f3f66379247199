"""Handlers of the Sums lab's jobs (see ``workbench.protocol.jobs.mlabs``)."""

from __future__ import annotations

import workbench.engine as engine
from workbench.protocol.jobs.mlabs import SeriesJob
from workbench.protocol.results import SeriesResult
from workbench.worker.payloads import plain_float, result_payload, tree_or_none
from workbench.worker.registry import handles


@handles(SeriesJob)
def run_series(job: SeriesJob) -> SeriesResult:
    """``summation`` or ``product`` of the job's term, with its closed form as a plain tree."""
    function = engine.summation if job.operation == "sum" else engine.product
    result = function(job.term, job.index, job.lo, job.hi)
    payload = result_payload(result)
    convergent = payload.get("convergent")
    return SeriesResult(job, latex=result.latex, value=plain_float(payload.get("value")),
                        steps=tuple(result.steps), closed_tree=tree_or_none(result.closed_form),
                        limit_symbol=str(payload.get("limit_symbol", "m")),
                        convergent=None if convergent is None else bool(convergent),
                        operation=job.operation)
