"""A stand-in engine client for a build without the worker: it only says what is missing."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal


class MissingEngineClient(QObject):
    """Has the engine client's signals and methods; every job fails with ``reason``."""

    state_changed = Signal(str, str)
    job_started = Signal(int, str)
    result_ready = Signal(int, str, object)
    job_failed = Signal(int, str, object)

    def __init__(self, reason: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.reason = reason
        self.time_limit = 0.0
        self._next_id = 0

    def start(self) -> None:
        """Report the failure."""
        self.state_changed.emit("failed", self.reason)

    def is_ready(self) -> bool:
        """Never ready."""
        return False

    def submit(self, job: object) -> int:
        """Fail the job on the next turn of the event loop."""
        self._next_id += 1
        job_id = self._next_id
        QTimer.singleShot(0, lambda: self.job_failed.emit(job_id, "derive", _Error(self.reason)))
        return job_id

    def cancel(self) -> None:
        """Nothing runs, nothing to cancel."""

    def shutdown(self) -> None:
        """Nothing to stop."""


def placeholder_job(text: str, **_options: object) -> str:
    """The "job" handed to the stand-in: just the text."""
    return text


class _Error:
    kind = "error"
    position = None

    def __init__(self, message: str) -> None:
        self.message = message
