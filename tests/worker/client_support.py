"""Shared helpers for the tests that drive real worker processes through ``EngineClient``."""

from __future__ import annotations

import os

import psutil
import pytest

from tests.worker import fault_handlers
from workbench.worker.client import EngineClient

START_TIMEOUT_MS = 30_000  # a cold worker imports sympy; a busy CI box can be slow
LONG = os.environ.get("WORKBENCH_LONG") == "1"
slow = pytest.mark.skipif(not LONG, reason="fault repetitions run with WORKBENCH_LONG=1")


def make_client(qtbot, **options) -> EngineClient:
    """A started client with the test fault handlers, its active worker warm."""
    options.setdefault("extra_handler_modules", [fault_handlers.MODULE])
    client = EngineClient(**options)
    client.start()
    qtbot.waitUntil(client.is_ready, timeout=START_TIMEOUT_MS)
    return client


def wait_for_spare(qtbot, client: EngineClient) -> None:
    """Wait until the warm spare is ready (so a kill is followed by an instant promotion)."""
    qtbot.waitUntil(client.has_warm_spare, timeout=START_TIMEOUT_MS)


def live_workers(pids: list[int]) -> list[int]:
    """The pids among ``pids`` that still exist as processes (zombies count: not reaped)."""
    return [pid for pid in pids if psutil.pid_exists(pid)]


class Recorder:
    """Records every signal of a client until closed (then disconnects, leaving no slot behind)."""

    def __init__(self, client: EngineClient) -> None:
        self.client = client
        self.events: list[tuple] = []
        self._connections = [
            (client.state_changed, lambda s, d: self.events.append(("state", s, d))),
            (client.job_started, lambda i, k: self.events.append(("started", i, k))),
            (client.job_progress, lambda i, k, p: self.events.append(("progress", i, k, p))),
            (client.result_ready, lambda i, k, p: self.events.append(("result", i, k, p))),
            (client.job_failed, lambda i, k, e: self.events.append(("failed", i, k, e))),
        ]
        for signal, slot in self._connections:
            signal.connect(slot)

    def of(self, name: str) -> list[tuple]:
        """Events of one signal ("state", "started", "progress", "result", "failed"), in order."""
        return [event for event in self.events if event[0] == name]

    def ids(self, name: str) -> list[int]:
        """Job ids of the events of one signal."""
        return [event[1] for event in self.of(name)]

    def close(self) -> None:
        for signal, slot in self._connections:
            signal.disconnect(slot)

    def __enter__(self) -> Recorder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def child_processes() -> set[int]:
    """Our child processes, except multiprocessing's resource tracker.

    The tracker is started once per interpreter by the first ``spawn`` process and
    shared by every later one; it is the standard library's, not a worker.
    """
    found = set()
    for child in psutil.Process().children(recursive=True):
        try:
            if "resource_tracker" not in " ".join(child.cmdline()):
                found.add(child.pid)
        except (psutil.NoSuchProcess, psutil.ZombieProcess):
            found.add(child.pid)
    return found
