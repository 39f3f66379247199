"""A task for testing :mod:`tests.corpora.timed_pool`, in a module that imports nothing heavy
(a worker must import a task's module before its first call)."""

from __future__ import annotations

import time
from collections.abc import Callable


def sleepy(seconds: float, checkpoint: Callable[[dict], None]) -> dict:
    """Report an answer, sleep ``seconds``, finish; a negative ``seconds`` raises."""
    if seconds < 0:
        raise ValueError("negative")
    checkpoint({"status": "answered"})
    time.sleep(seconds)
    return {"status": "done"}
