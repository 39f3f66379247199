"""``JobTable``: the client's bookkeeping of jobs, apart from Qt and from the processes.

It hands out job ids, keeps the queue of pending jobs (at most one per kind: a newer
job of a kind replaces a pending older one, and the queue sends the oldest first),
the job in flight, and the latest id of every kind, which decides whether an outcome
is still wanted (an outcome of any older id of its kind is stale and dropped).
``EngineClient`` drives it; it imports neither Qt nor sympy.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from dataclasses import dataclass, replace

from workbench.protocol.jobs.core import Job

log = logging.getLogger(__name__)

# A job whose worker died before acknowledging it is sent again, at most this often
# in all: a job that itself kills workers before they can say "started" must end.
MAX_SENDS = 2


@dataclass(frozen=True)
class Flight:
    """The job the active worker is working on, and when it was sent (``time.monotonic``)."""

    job_id: int
    job: Job
    started: float
    acknowledged: bool = False  # the worker said "started": it really has the job

    @property
    def kind(self) -> str:
        """The job's kind."""
        return self.job.kind


class JobTable:
    """Ids, the pending queue, the job in flight and the latest id of each kind."""

    def __init__(self) -> None:
        self._pending: OrderedDict[str, tuple[int, Job]] = OrderedDict()
        self._latest: dict[str, int] = {}
        self._next_id = 1
        self._sends: dict[int, int] = {}  # job id -> times sent, for jobs sent again
        self.flight: Flight | None = None

    def add(self, job: Job) -> int:
        """Give ``job`` the next id, make it the latest of its kind and queue it.

        A pending job of the same kind is replaced (it was never sent, so nobody hears
        of it again); the new job joins the end of the queue.
        """
        job_id = self._next_id
        self._next_id += 1
        kind = job.kind
        self._latest[kind] = job_id
        if self._pending.pop(kind, None) is not None:
            log.debug("job of kind %s superseded before it was sent", kind)
        self._pending[kind] = (job_id, job)
        return job_id

    def has_pending(self) -> bool:
        """Whether any job waits to be sent."""
        return bool(self._pending)

    def pop_oldest(self) -> tuple[str, int, Job]:
        """Take the job that has waited longest off the queue: (kind, id, job)."""
        kind, (job_id, job) = self._pending.popitem(last=False)
        return kind, job_id, job

    def put_back(self, kind: str, job_id: int, job: Job) -> None:
        """Return a job that could not be sent to the front of the queue."""
        self._pending[kind] = (job_id, job)
        self._pending.move_to_end(kind, last=False)

    def drop_pending(self, kind: str | None = None) -> list[tuple[str, int]]:
        """Remove the pending jobs (of ``kind`` only, if given), oldest first: [(kind, id)]."""
        dropped = [(k, job_id) for k, (job_id, _job) in self._pending.items()
                   if kind in (None, k)]
        for k, _ in dropped:
            del self._pending[k]
        return dropped

    def start_flight(self, job_id: int, job: Job) -> Flight:
        """Record ``job`` as sent to the worker, now."""
        self.flight = Flight(job_id, job, time.monotonic())
        return self.flight

    def acknowledge(self, job_id: int) -> None:
        """The worker confirmed it has the job in flight (its "started" message)."""
        if self.flight is not None and self.flight.job_id == job_id:
            self.flight = replace(self.flight, acknowledged=True)
            self._sends.pop(job_id, None)

    def resend(self, flight: Flight) -> bool:
        """Queue a job again, first in line, if its dead worker never acknowledged it.

        False (the caller reports the crash) when the worker had the job, when the job
        was already sent ``MAX_SENDS`` times, or when a newer job of its kind replaced it.
        """
        sends = self._sends.get(flight.job_id, 1)
        if flight.acknowledged or sends >= MAX_SENDS or flight.kind in self._pending \
                or not self.is_latest(flight.kind, flight.job_id):
            self._sends.pop(flight.job_id, None)
            return False
        self._sends[flight.job_id] = sends + 1
        self.put_back(flight.kind, flight.job_id, flight.job)
        return True

    def take_flight(self) -> Flight | None:
        """The job in flight, which is no longer in flight (None if there was none)."""
        flight, self.flight = self.flight, None
        return flight

    def is_latest(self, kind: str, job_id: int) -> bool:
        """Whether ``job_id`` is the newest job of ``kind`` (so its outcome is wanted)."""
        return self._latest.get(kind) == job_id

    def flight_superseded(self) -> bool:
        """Whether a newer job of its kind was submitted after the job in flight."""
        flight = self.flight
        return flight is not None and not self.is_latest(flight.kind, flight.job_id)
