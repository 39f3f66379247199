"""``EngineClient``: the one interface every engine client offers the window.

The real client (:class:`workbench.worker.client.EngineClient`, worker processes), the
in-process client of headless reports and the tests' fake all provide it, so a lab is
written once against this interface. Signals are Qt signals on the implementations;
here they are named attributes (the protocol itself imports no Qt).

Signals (as the real client documents them): ``state_changed(state, detail)``,
``job_started(job_id, kind)``, ``job_progress(job_id, kind, info)``,
``result_ready(job_id, kind, result)`` with a :class:`~workbench.protocol.results.Result`
(or plain data for a generic call), ``job_failed(job_id, kind, error)`` with a
:class:`~workbench.protocol.jobs.core.JobError`.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from workbench.protocol.jobs.core import Job

#: The names every client's signals go by.
SIGNALS = ("state_changed", "job_started", "job_progress", "result_ready", "job_failed")


@runtime_checkable
class EngineClient(Protocol):
    """What the window may ask of an engine client."""

    state_changed: Any
    job_started: Any
    job_progress: Any
    result_ready: Any
    job_failed: Any
    time_limit: float

    def start(self) -> None:
        """Get ready to run jobs."""

    def is_ready(self) -> bool:
        """Whether a job submitted now would start at once."""

    def submit(self, job: Job) -> int:
        """Queue ``job`` (a newer job of its kind supersedes an older one); return its id."""

    def cancel(self, kind: str | None = None) -> bool:
        """Stop the running and pending jobs (of ``kind`` only, if given)."""

    def shutdown(self) -> None:
        """Stop every worker; pending jobs are dropped."""
