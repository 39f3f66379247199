"""``EngineClient``: the window's handle on the engine, which runs in a killable process.

The client lives in the UI process and never imports sympy, scipy or the engine's
symbolic modules: it sends sympy-free jobs to a worker process and receives plain
payloads. One job is in flight at a time. A newer job of a kind supersedes a pending
older one, and a result that is no longer the latest of its kind is dropped. Cancel,
a time limit, or a crash kills the worker and promotes a warm spare. Ids, the queue
and the latest job of each kind are kept by ``workbench.worker.job_table.JobTable``;
this module adds the processes, the timers and the signals.
"""

from __future__ import annotations

import atexit
import logging
import time
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from workbench.refcount_guard import keep_singletons_alive
from workbench.worker.job_table import Flight, JobTable
from workbench.protocol.jobs.core import Job, JobError
from workbench.worker.process import DEFAULT_MEMORY_LIMIT_MB
from workbench.worker.slot import WorkerSlot, exit_hook

log = logging.getLogger(__name__)

STALE_AFTER_S = 0.25  # a superseded job running longer than this is killed
MAX_START_FAILURES = 3  # workers dying before "ready" in a row before we give up
SPARE_DELAY_MS = 150  # a new spare waits this long, so the next job gets the CPU first


class EngineClient(QObject):
    """Runs jobs in a worker process, with ids, supersession, cancel, time limits and a spare.

    Signals: ``state_changed(state, detail)`` with state "starting", "ready", "busy" (detail:
    the job's kind) or "failed" (detail: why, in one line); ``job_started(job_id, kind)``;
    ``job_progress(job_id, kind, info)``: the job in flight starts a stage (info: "stage",
    "title", "limit" in s or None; never for a superseded or cancelled job);
    ``result_ready(job_id, kind, payload)``;
    ``job_failed(job_id, kind, error)`` with a :class:`JobError`.
    """

    state_changed = Signal(str, str)
    job_started = Signal(int, str)
    job_progress = Signal(int, str, object)
    result_ready = Signal(int, str, object)
    job_failed = Signal(int, str, object)

    def __init__(self, parent: QObject | None = None, *, time_limit: float = 10.0,
                 memory_limit_mb: int | None = DEFAULT_MEMORY_LIMIT_MB,
                 extra_handler_modules: Sequence[str] = ()) -> None:
        super().__init__(parent)
        keep_singletons_alive()  # every job restarts timers: see workbench.refcount_guard
        self._time_limit = float(time_limit)
        self._memory_limit_mb = memory_limit_mb
        self._extra_modules = tuple(extra_handler_modules)
        self._active: WorkerSlot | None = None
        self._spare: WorkerSlot | None = None
        # ids, the pending queue, the job in flight and the latest id of each kind
        self._jobs = JobTable()
        self._state = "stopped"
        self._failure: str | None = None
        self._start_failures = 0
        self._last_start_failure = ""
        self._running = False
        self._was_shut_down = False
        self._limit_timer = self._single_shot(self._on_time_limit)
        # a coarse timer may fire 5% early: a job promised 10 s must get all 10
        self._limit_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._stale_timer = self._single_shot(self._check_stale)
        self._spare_timer = self._single_shot(self._on_spare_timer)
        self._exit_hook = exit_hook(self)

    def _single_shot(self, slot: Any) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.timeout.connect(slot)
        return timer

    # ----------------------------------------------------------------- public API
    @property
    def time_limit(self) -> float:
        """Seconds a job may run before its worker is killed (applies to the next job)."""
        return self._time_limit

    @time_limit.setter
    def time_limit(self, seconds: float) -> None:
        if seconds <= 0:
            raise ValueError("the time limit must be positive")
        self._time_limit = float(seconds)

    @property
    def memory_limit_mb(self) -> int | None:
        """Address-space limit of each worker in MiB (applies to workers started later)."""
        return self._memory_limit_mb

    @memory_limit_mb.setter
    def memory_limit_mb(self, megabytes: int | None) -> None:
        self._memory_limit_mb = megabytes

    def state(self) -> str:
        """The current state: "stopped", "starting", "ready", "busy" or "failed"."""
        return self._state

    def is_ready(self) -> bool:
        """Whether a warm worker is idle, so a job submitted now starts at once."""
        return self._state == "ready"

    def busy_kind(self) -> str | None:
        """The kind of the job in flight, or None."""
        flight = self._jobs.flight
        return flight.kind if flight else None

    def active_pid(self) -> int | None:
        """Process id of the worker that runs the next job (None before start)."""
        return self._active.pid if self._active is not None else None

    def has_warm_spare(self) -> bool:
        """Whether a spare worker has warmed up and can take over at once."""
        return self._spare is not None and self._spare.ready

    def worker_pids(self) -> list[int]:
        """Process ids of the active and spare workers (for diagnostics and tests)."""
        return [w.pid for w in (self._active, self._spare) if w is not None and w.pid]

    def start(self) -> None:
        """Spawn the active worker; the spare follows once the active one is ready.

        Also retries after the client gave up ("failed") or was shut down.
        """
        if self._running and self._failure is None:
            return
        self._running = True
        self._failure = None
        self._start_failures = 0
        atexit.register(self._exit_hook)
        self._active = self._spawn()
        self._update_state()

    def submit(self, job: Job) -> int:
        """Queue ``job`` (replacing a pending job of its kind) and return its id.

        Starts the client if it was never started. After :meth:`shutdown` the job only
        waits, until :meth:`start` is called again.
        """
        if not isinstance(job, Job):
            raise TypeError(f"expected a Job, got {type(job).__name__}")
        job_id = self._jobs.add(job)
        if not self._running and not self._was_shut_down:
            self.start()  # convenient before the first start; never revives a closed client
        if self._failure is not None:
            QTimer.singleShot(0, self._fail_pending)
        self._dispatch()
        self._check_stale()
        return job_id

    def cancel(self, kind: str | None = None) -> bool:
        """Cancel the job in flight and every pending job (of ``kind`` only, if given).

        The worker running the job is killed and the warm spare takes over. Each
        cancelled job reports ``job_failed`` with kind "cancelled". Returns whether
        anything was cancelled.
        """
        dropped = self._jobs.drop_pending(kind)
        flight = self._jobs.flight
        if flight is not None and kind in (None, flight.kind):
            self._kill_active()
            self._report(flight.job_id, flight.kind, JobError("cancelled", "Stopped."))
            self._promote()
        else:
            flight = None
        for k, job_id in dropped:
            self._report(job_id, k, JobError("cancelled", "Stopped."))
        return bool(dropped) or flight is not None

    def shutdown(self) -> None:
        """Kill every worker and reap it; pending jobs are dropped silently."""
        self._running = False
        self._was_shut_down = True
        self._limit_timer.stop()
        self._stale_timer.stop()
        self._spare_timer.stop()
        for worker in (self._active, self._spare):
            if worker is not None:
                worker.kill()
        self._active = self._spare = None
        self._jobs.take_flight()
        self._jobs.drop_pending()
        atexit.unregister(self._exit_hook)
        self._state = "stopped"

    # ------------------------------------------------------------- scheduling
    def _spawn(self) -> WorkerSlot:
        worker = WorkerSlot(self._memory_limit_mb, self._extra_modules,
                            on_message=self._on_worker_message, on_died=self._on_worker_died,
                            parent=self)
        worker.start()
        return worker

    def _dispatch(self) -> None:
        """Send the oldest pending job if the active worker is warm and idle."""
        worker = self._active
        while (self._running and self._jobs.flight is None and self._jobs.has_pending()
               and worker is not None and worker.ready):
            kind, job_id, job = self._jobs.pop_oldest()
            try:
                worker.send((job_id, job))
            except OSError:  # the worker died under us; its end-of-file will follow
                self._jobs.put_back(kind, job_id, job)
                return
            except Exception as exc:  # noqa: BLE001 - the job itself cannot be pickled
                self._report(job_id, kind, JobError(
                    "error", "This job could not be sent to the engine.", detail=repr(exc)))
                continue
            self._jobs.start_flight(job_id, job)
            self._limit_timer.start(round(self._time_limit * 1000))
            self._update_state()
            self.job_started.emit(job_id, kind)
            return

    def _take_flight(self) -> Flight | None:
        flight = self._jobs.take_flight()
        self._limit_timer.stop()
        self._stale_timer.stop()
        return flight

    def _report(self, job_id: int, kind: str, outcome: Any, ok: bool = False) -> None:
        """Emit a job's outcome, unless a newer job of its kind has superseded it."""
        if not self._jobs.is_latest(kind, job_id):
            log.debug("dropping the outcome of superseded job %d (%s)", job_id, kind)
            return
        if ok:
            self.result_ready.emit(job_id, kind, outcome)
        else:
            self.job_failed.emit(job_id, kind, outcome)

    def _kill_active(self) -> Flight | None:
        flight = self._take_flight()
        worker, self._active = self._active, None
        if worker is not None:
            worker.kill()
        return flight

    def _promote(self) -> None:
        """Make the spare the active worker (or start one), then go on with the queue."""
        if not self._running:
            return
        if self._active is None and self._spare is not None:
            self._active, self._spare = self._spare, None
        if self._active is None:
            if self._start_failures >= MAX_START_FAILURES:
                self._fail(self._last_start_failure)
                return
            self._active = self._spawn()
        if self._active.ready:
            self._ensure_spare()
        self._dispatch()
        self._update_state()

    def _ensure_spare(self) -> None:
        """Start a spare soon, if one is missing and the active worker is warm.

        Not at once: spawning blocks the event loop for ~10-30 ms and then takes a
        core for a second, and right now the next job (or the window) needs both more.
        """
        if self._wants_spare() and not self._spare_timer.isActive():
            self._spare_timer.start(SPARE_DELAY_MS)

    def _wants_spare(self) -> bool:
        return (self._running and self._spare is None and self._active is not None
                and self._active.ready and self._start_failures < MAX_START_FAILURES)

    def _on_spare_timer(self) -> None:
        if self._wants_spare():
            self._spare = self._spawn()

    def _check_stale(self) -> None:
        """Kill the job in flight if a newer job of its kind waits and it has run long enough."""
        flight = self._jobs.flight
        if flight is None or not self._jobs.flight_superseded():
            return
        waited = time.monotonic() - flight.started
        if waited < STALE_AFTER_S:
            self._stale_timer.start(round((STALE_AFTER_S - waited) * 1000) + 1)
            return
        if self._spare is None or not self._spare.ready:
            return  # checked again when the spare is ready; killing now would only wait longer
        log.debug("killing superseded job %d (%s) after %.3f s", flight.job_id, flight.kind, waited)
        self._kill_active()
        self._promote()

    def _on_time_limit(self) -> None:
        flight = self._jobs.flight
        if flight is None:
            return
        self._kill_active()
        message = f"This took longer than {self._time_limit:g} s, so it was stopped."
        self._report(flight.job_id, flight.kind, JobError("timeout", message))
        self._promote()

    # ------------------------------------------------------------ worker events
    def _on_worker_message(self, worker: WorkerSlot, message: tuple[Any, ...]) -> None:
        tag = message[0]
        if tag == "ready":
            worker.ready = True
            worker.info = dict(message[1])
            self._start_failures = 0
            if worker is self._active:
                self._ensure_spare()
                self._dispatch()
                self._update_state()
            elif worker is self._spare:
                self._check_stale()
            return
        if tag == "failed":  # start-up went wrong; the process exits next
            worker.info = {"failure": str(message[1])}
            return
        flight = self._jobs.flight
        if tag == "started":
            if worker is self._active and len(message) == 2:
                self._jobs.acknowledge(message[1])
            return
        if tag == "progress":
            self._on_progress(worker, message)
            return
        if worker is not self._active or flight is None or tag not in ("result", "error"):
            return
        if message[1] not in (None, flight.job_id):
            return
        self._take_flight()
        self._report(flight.job_id, flight.kind, message[2], ok=(tag == "result"))
        self._dispatch()
        self._update_state()

    def _on_progress(self, worker: WorkerSlot, message: tuple[Any, ...]) -> None:
        """Pass on a stage of the job in flight; a stale or malformed report is dropped."""
        flight = self._jobs.flight
        if (worker is self._active and flight is not None and len(message) == 3
                and message[1] == flight.job_id and not self._jobs.flight_superseded()
                and isinstance(message[2], dict)):
            self.job_progress.emit(flight.job_id, flight.kind, dict(message[2]))

    def _on_worker_died(self, worker: WorkerSlot) -> None:
        detail = worker.exit_description()
        worker.kill()
        if not worker.ready:
            self._start_failures += 1
            detail = worker.info.get("failure", detail)
            self._last_start_failure = detail
            log.warning("engine worker died while starting: %s", detail)
        if worker is self._spare:
            self._spare = None
            self._ensure_spare()
            return
        if worker is not self._active:
            return
        flight = self._take_flight()
        self._active = None
        if flight is not None and self._jobs.resend(flight):
            log.info("job %d (%s) never reached the worker that died: sent again",
                     flight.job_id, flight.kind)
        elif flight is not None:
            error = JobError("crashed", "The engine stopped unexpectedly while working on "
                             "this; it has been restarted.", detail=detail)
            self._report(flight.job_id, flight.kind, error)
        self._promote()

    def _fail(self, detail: str) -> None:
        """Give up starting workers: state "failed" (detail: why) until start() is called again."""
        self._failure = detail
        self._update_state()
        self._fail_pending()

    def _fail_pending(self) -> None:
        if self._failure is None:
            return
        while self._jobs.has_pending():  # a job submitted while reporting fails too
            kind, job_id, _job = self._jobs.pop_oldest()
            self._report(job_id, kind, JobError(
                "crashed", "The engine could not be started.", detail=self._failure))

    def _update_state(self) -> None:
        if not self._running:
            return
        if self._failure is not None:
            lines = [line for line in self._failure.splitlines() if line.strip()] or ["?"]
            state, detail = "failed", f"The engine could not be started ({lines[-1]})"
        elif self._jobs.flight is not None:
            state, detail = "busy", self._jobs.flight.kind
        elif self._active is not None and self._active.ready:
            state, detail = "ready", ""
        else:
            state, detail = "starting", ""
        if state != self._state:
            self._state = state
            self.state_changed.emit(state, detail)

