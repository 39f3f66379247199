"""Handlers of the Sums lab's jobs (see ``workbench.worker.jobs.mlabs``)."""

from __future__ import annotations

from typing import Any

import workbench.engine as engine
from workbench.worker.jobs.mlabs import SeriesJob
from workbench.worker.payloads import result_payload, tree_or_none
from workbench.worker.registry import handles


@handles(SeriesJob)
def run_series(job: SeriesJob) -> dict[str, Any]:
    """``summation`` or ``product`` of the job's term; the payload adds ``closed_tree``."""
    function = engine.summation if job.operation == "sum" else engine.product
    result = function(job.term, job.index, job.lo, job.hi)
    payload = result_payload(result)
    payload["closed_tree"] = tree_or_none(result.closed_form)
    payload["operation"] = job.operation
    return payload
