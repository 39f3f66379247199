"""Test-only jobs and their handlers: sleeping, spinning, crashing, eating memory.

The worker imports this module by name when a test client passes
``extra_handler_modules=["tests.worker.fault_handlers"]``; the test process imports it
for the job classes. Heavy imports stay inside the handlers.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

from workbench.protocol.syntax import parse_tree
from workbench.worker.handlers import handles
from workbench.protocol.jobs import Job, JobError

MODULE = __name__


@dataclass(frozen=True)
class EchoJob(Job):
    """Answer ``value`` after ``delay`` seconds; ``kind`` is chosen by the test."""

    value: object
    delay: float = 0.0
    kind: str = "echo"


@dataclass(frozen=True)
class FaultJob(Job):
    """Misbehave in the way ``fault`` names: sleep, spin, abort, memory, runaway, raise, parse."""

    fault: str
    kind: str = "fault"


@dataclass(frozen=True)
class StagesJob(Job):
    """Report each of ``stages`` (``delay`` seconds apart) as the engine would, then answer;
    with ``forever`` sleep instead of answering; ``burst`` reports each stage that often."""

    stages: tuple[str, ...]
    delay: float = 0.0
    forever: bool = False
    burst: int = 1
    kind: str = "stages"


@handles(StagesJob)
def run_stages(job: StagesJob) -> dict[str, object]:
    """Report the stages through the worker's progress reporter (as the engine is given it)."""
    from workbench.worker.progress import reporter

    report = reporter()
    for stage in job.stages:
        for _ in range(job.burst):
            if report is not None:
                report(stage, f"the {stage} stage", 1.5)
        time.sleep(job.delay)
    if job.forever:
        _sleep_forever()
    return {"stages": list(job.stages)}


@handles(EchoJob)
def run_echo(job: EchoJob) -> dict[str, object]:
    """Sleep ``delay`` seconds, then answer the value and the worker's pid."""
    time.sleep(job.delay)
    return {"value": job.value, "pid": os.getpid()}


def _sleep_forever() -> None:
    while True:
        time.sleep(3600)


def _spin() -> None:
    while True:
        pass


def _eat_memory() -> None:
    hoard = []
    while True:  # stops at the worker's address-space limit with MemoryError
        hoard.append(bytes(64 * 1024 * 1024))  # calloc: address space, not RAM


def _runaway_integral() -> None:
    import sympy

    x = sympy.Symbol("x")
    sympy.integrate(x**10 * sympy.exp(x) * sympy.sin(x), x)


def _raise() -> None:
    raise ZeroDivisionError("division by zero in a test handler")


def _bad_parse() -> None:
    parse_tree("x + * 2")


def _raise_memory() -> None:
    raise MemoryError


def _job_error() -> None:
    raise JobError("error", "A handler's own message.")


_FAULTS = {
    "sleep": _sleep_forever, "spin": _spin, "abort": os.abort, "memory": _eat_memory,
    "runaway": _runaway_integral, "raise": _raise, "parse": _bad_parse, "joberror": _job_error,
    "raise_memory": _raise_memory,
}


@handles(FaultJob)
def run_fault(job: FaultJob) -> None:
    """Do the fault the job names."""
    _FAULTS[job.fault]()
