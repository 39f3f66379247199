"""Run calls in worker processes that are killed when a call passes its time limit.

A runaway integral cannot hang a test or a benchmark: each worker takes one call at a
time; when the call is late the worker is killed (by its own pid) and replaced. A task
may report a partial result through its ``checkpoint`` argument (the answer, before the
slower check of the answer): the limit then restarts with ``grace`` seconds, and if
those pass too, the partial result is what the caller gets, marked ``late``.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from multiprocessing.connection import Connection, wait
from typing import Any

Task = Callable[[Any, Callable[[dict], None]], dict]
# A fresh worker may import and warm up before its first call; that is not the call's time.
STARTUP_SECONDS = 180.0


def _serve(task: Task, conn: Connection, niceness: int, warm: Callable[[], Any] | None) -> None:
    """A worker's loop: take ``(index, payload)``, send back partial and final results."""
    if niceness:
        os.nice(niceness)
    if warm is not None:
        warm()
    while True:
        job = conn.recv()
        if job is None:
            return
        index, payload = job
        conn.send(("started", index, None))

        def checkpoint(partial: dict, index: int = index) -> None:
            conn.send(("partial", index, partial))

        try:
            outcome = task(payload, checkpoint)
        except Exception as error:  # noqa: BLE001 - a crash is an outcome to report
            outcome = {"status": "crashed", "error": f"{type(error).__name__}: {error}"}
        conn.send(("done", index, outcome))


class _Worker:
    """One process, the job it is on, that job's partial result and its deadline."""

    def __init__(self, task: Task, niceness: int, warm: Callable[[], Any] | None) -> None:
        context = multiprocessing.get_context("forkserver")
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(task, child, niceness, warm),
                                       daemon=True)
        self.process.start()
        child.close()
        self.index: int | None = None
        self.partial: dict | None = None
        self.deadline = 0.0
        self.limit = 0.0

    def give(self, index: int, payload: Any, seconds: float) -> None:
        """Send a call; its limit starts when the worker says it has started it."""
        self.index, self.partial, self.limit = index, None, seconds
        self.deadline = time.monotonic() + seconds + STARTUP_SECONDS
        self.conn.send((index, payload))

    def kill(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()

    def stop(self) -> None:
        with contextlib.suppress(BrokenPipeError, OSError):
            self.conn.send(None)
        self.process.join(timeout=2)
        if self.process.is_alive():
            self.kill()


def run_all(task: Task, payloads: Iterable[Any], limit: float, grace: float = 10.0,
            processes: int = 2, niceness: int = 0,
            warm: Callable[[], Any] | None = None,
            preload: Sequence[str] = ()) -> Iterator[tuple[int, dict]]:
    """``(index, outcome)`` for each payload, in the order calls finish.

    ``task(payload, checkpoint)`` must be a module-level function (it is pickled). An
    outcome is the task's dict; ``{"status": "timeout"}`` when it ran past ``limit``
    without a checkpoint; the partial dict plus ``"late": True`` when the time after
    a checkpoint ran past ``grace``; ``{"status": "crashed", ...}`` when it raised.
    ``warm`` (module-level, optional) runs once in each new worker before its first call.
    Workers fork from a server that has imported ``preload`` (module names) once, so a
    worker that replaces a killed one is ready in a moment.
    """
    if preload:
        multiprocessing.get_context("forkserver").set_forkserver_preload(list(preload))
    queue = list(enumerate(payloads))[::-1]
    workers = [_Worker(task, niceness, warm) for _ in range(max(1, min(processes, len(queue))))]
    try:
        for worker in workers:
            if queue:
                worker.give(*queue.pop(), limit)
        while any(w.index is not None for w in workers):
            busy = [w for w in workers if w.index is not None]
            timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic())
            ready = wait([w.conn for w in busy], timeout=timeout)
            for position, worker in enumerate(workers):
                if worker.index is None:
                    continue
                finished = _collect(worker, ready, grace)
                if finished is None:
                    continue
                yield finished
                if not worker.process.is_alive():
                    worker = workers[position] = _Worker(task, niceness, warm)
                if queue:
                    worker.give(*queue.pop(), limit)
                else:
                    worker.index = None
    finally:
        for worker in workers:
            worker.stop()


def _collect(worker: _Worker, ready: list, grace: float) -> tuple[int, dict] | None:
    """The finished ``(index, outcome)`` of ``worker``, or None while it is still working.

    A late worker is killed here; its replacement is started by the caller.
    """
    index = worker.index
    if worker.conn in ready:
        try:
            kind, _, message = worker.conn.recv()
        except (EOFError, OSError):
            worker.kill()
            return index, {"status": "crashed", "error": "the worker process died"}
        if kind == "done":
            return index, message
        if kind == "started":
            worker.deadline = time.monotonic() + worker.limit
            return None
        worker.partial = message
        worker.deadline = time.monotonic() + grace
        return None
    if time.monotonic() < worker.deadline:
        return None
    worker.kill()
    if worker.partial is not None:
        return index, {**worker.partial, "late": True}
    return index, {"status": "timeout"}
