"""The generic engine call: any public function of ``workbench.engine`` with plain arguments."""

from __future__ import annotations


import workbench.engine as engine
from workbench.protocol.jobs.core import EngineCallJob, JobError
from workbench.protocol.results import EngineCallResult
from workbench.worker.payloads import plain_value
from workbench.worker.registry import handles


@handles(EngineCallJob)
def run_engine_call(job: EngineCallJob) -> EngineCallResult:
    """Call ``workbench.engine.<job.function>`` and return its result as plain data.

    The name is checked again here: the job crossed a process boundary, and only the
    engine's public names may ever be called.
    """
    if job.function not in engine.__all__:
        raise JobError("error", f"{job.function!r} is not something the engine can do.")
    function = getattr(engine, job.function)
    if isinstance(function, type):
        raise JobError("error", f"{job.function!r} is a type, not an operation.")
    return EngineCallResult(job, value=plain_value(function(*job.args, **job.kwargs)))
