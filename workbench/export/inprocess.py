"""``InProcessEngineClient``: the engine client's interface, running jobs in this process.

For headless reports (``calculus-workbench report``): no worker process to spawn or
kill. Every job runs through the worker's own ``run_job`` (its handler, its error
words) on a later turn of the event loop, one job per turn, so the window sees
answers arrive later as it would from the worker. There is no time limit and no cancel of a
running job: a script waits for its report.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal


class InProcessEngineClient(QObject):
    """Same signals and methods as ``workbench.worker.client.EngineClient``."""

    state_changed = Signal(str, str)
    job_started = Signal(int, str)
    job_progress = Signal(int, str, object)
    result_ready = Signal(int, str, object)
    job_failed = Signal(int, str, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from workbench.worker.registry import load_handlers

        load_handlers()
        self.time_limit = 0.0
        self._pending: list[tuple[int, Any]] = []
        self._next_id = 0
        self._state = "starting"
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._run_next)

    def start(self) -> None:
        """Ready at once: there is no process to start."""
        self._set_state("ready", "")

    def is_ready(self) -> bool:
        """True once started (and until shut down)."""
        return self._state in ("ready", "busy")

    def is_idle(self) -> bool:
        """True when no job is waiting to run."""
        return not self._pending

    def submit(self, job: Any) -> int:
        """Queue ``job``; it runs on a later turn of the event loop. Returns its id."""
        self._next_id += 1
        self._pending.append((self._next_id, job))
        self._set_state("busy", job.kind)
        self._timer.start()
        return self._next_id

    def cancel(self, kind: str | None = None) -> bool:
        """Drop waiting jobs (of ``kind``, or all), each reported as cancelled."""
        from workbench.protocol.jobs import JobError

        dropped = [p for p in self._pending if kind is None or p[1].kind == kind]
        self._pending = [p for p in self._pending if p not in dropped]
        for job_id, job in dropped:
            self.job_failed.emit(job_id, job.kind, JobError("cancelled", "Cancelled."))
        self._update_state()
        return bool(dropped)

    def shutdown(self) -> None:
        """Forget waiting jobs."""
        self._pending.clear()
        self._timer.stop()
        self._set_state("failed", "shut down")

    def _run_next(self) -> None:
        if not self._pending:
            return
        job_id, job = self._pending.pop(0)
        self.job_started.emit(job_id, job.kind)
        outcome, ok = _run(job)
        if ok:
            self.result_ready.emit(job_id, job.kind, outcome)
        else:
            self.job_failed.emit(job_id, job.kind, outcome)
        self._update_state()
        if self._pending:
            self._timer.start()

    def _update_state(self) -> None:
        if self._state != "failed":
            self._set_state("busy" if self._pending else "ready", "")

    def _set_state(self, state: str, detail: str) -> None:
        self._state = state
        self.state_changed.emit(state, detail)


def _run(job: Any) -> tuple[Any, bool]:
    """Run one job exactly as the worker process does: (payload, True) or (JobError, False)."""
    from workbench.worker.process import run_job

    message = run_job(0, job)
    return message[2], message[0] == "result"
