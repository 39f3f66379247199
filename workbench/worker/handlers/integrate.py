"""The integral handler: an antiderivative or a definite integral, with steps and trees."""

from __future__ import annotations

from typing import Any

import workbench.engine as engine
from workbench.engine.parsing import parse
from workbench.worker.jobs.integrate import IntegrateJob
from workbench.worker.payloads import result_payload, tree_or_none
from workbench.worker.progress import reporter
from workbench.worker.registry import handles


@handles(IntegrateJob)
def run_integrate(job: IntegrateJob) -> dict[str, Any]:
    """Integrate the job's text; the result's ``to_dict()`` plus steps and trees f, F.

    Each stage of the engine's work is reported as it starts.
    """
    expr = parse(job.text)
    if job.definite:
        result = engine.definite_integral(expr, job.var, job.lower, job.upper,
                                          progress=reporter())
        antiderivative = getattr(result, "antiderivative", None)
    else:
        result = engine.antiderivative(expr, job.var, progress=reporter())
        antiderivative = result.result
    payload = result_payload(result)
    payload["trees"] = {"f": tree_or_none(expr), "F": tree_or_none(antiderivative)}
    return payload
