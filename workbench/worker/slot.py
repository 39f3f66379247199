"""One worker process as the client sees it: the process, its pipe, and a read notifier.

A ``WorkerSlot`` starts a process running :func:`workbench.worker.process.worker_main`,
watches the pipe with a ``QSocketNotifier`` (a ``QTimer`` poll where pipes are not
sockets, i.e. Windows) and reports each message, or the process's death (the pipe
reaching end-of-file), through plain callbacks. Imports neither sympy nor the engine.

Where it can (Linux, macOS, also in the frozen bundle), workers are forked from a
``forkserver`` that imported and warmed the engine once (:mod:`workbench.worker.preload`):
a new worker is ready in milliseconds, and the workers share the engine's memory pages
instead of each holding its own copy (measured: 136 MB for the server and two warm
workers, against 192 MB for two spawned ones). Elsewhere (Windows) they are spawned.
"""

from __future__ import annotations

import importlib.machinery
import multiprocessing
import sys
import time
import weakref
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier, QTimer

from workbench.worker.process import worker_main

MessageCallback = Callable[["WorkerSlot", tuple[Any, ...]], None]
DeathCallback = Callable[["WorkerSlot"], None]

_POLL_MS = 15  # poll interval where no socket notifier can watch the pipe


class WorkerSlot(QObject):
    """A worker process and the end of its pipe that lives in the window's process."""

    def __init__(self, memory_limit_mb: int | None, extra_modules: Sequence[str],
                 on_message: MessageCallback, on_died: DeathCallback,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._memory_limit_mb = memory_limit_mb
        self._extra_modules = tuple(extra_modules)
        self._on_message = on_message
        self._on_died = on_died
        self.process: multiprocessing.process.BaseProcess | None = None
        self._conn: Any = None
        self._watcher: QObject | None = None
        self.ready = False
        self.closed = False
        self.info: dict[str, Any] = {}
        self.started_at = 0.0

    @property
    def pid(self) -> int | None:
        """The worker's process id (None before start)."""
        return self.process.pid if self.process is not None else None

    def start(self) -> None:
        """Start the process; messages arrive through the callbacks from now on."""
        context = worker_context()
        ours, theirs = context.Pipe(duplex=True)
        self.process = context.Process(
            target=worker_main, args=(theirs, self._memory_limit_mb, self._extra_modules),
            name="workbench-engine", daemon=True)
        self.started_at = time.monotonic()
        with _main_module_not_rerun():
            self.process.start()
        # Our copy of the child's end must go, or its death would never read as end-of-file.
        theirs.close()
        self._conn = ours
        self._watch()

    def _watch(self) -> None:
        if sys.platform != "win32":
            notifier = QSocketNotifier(self._conn.fileno(), QSocketNotifier.Type.Read, self)
            notifier.activated.connect(self._on_readable)
            self._watcher = notifier
        else:
            timer = QTimer(self)
            timer.setInterval(_POLL_MS)
            timer.timeout.connect(self._on_readable)
            timer.start()
            self._watcher = timer

    def send(self, message: Any) -> None:
        """Send ``message`` to the worker (raises OSError when the pipe is broken)."""
        self._conn.send(message)

    def _on_readable(self, *_args: Any) -> None:
        while not self.closed:
            try:
                if not self._conn.poll():
                    return
                message = self._conn.recv()
            except (EOFError, OSError):
                self._stop_watching()
                self._on_died(self)
                return
            self._on_message(self, message)

    def exit_description(self) -> str:
        """How the process ended, for a ``detail`` text (reaps it if it has ended)."""
        if self.process is None:
            return "never started"
        self.process.join(0.2)
        code = self.process.exitcode
        if code is None:
            return f"worker {self.pid} stopped answering"
        if code < 0:
            return f"worker {self.pid} was killed by signal {-code}"
        return f"worker {self.pid} exited with code {code}"

    def _stop_watching(self) -> None:
        watcher, self._watcher = self._watcher, None
        if watcher is None:
            return
        try:
            watcher.setEnabled(False) if isinstance(watcher, QSocketNotifier) else watcher.stop()
            watcher.deleteLater()
        except RuntimeError:  # the Qt object is already gone (interpreter exit)
            pass

    def kill(self) -> None:
        """SIGKILL the process, reap it (no zombie) and close the pipe. Safe to repeat."""
        if self.closed:
            return
        self.closed = True
        self._stop_watching()
        if self.process is not None:
            if self.process.exitcode is None:
                self.process.kill()
            self.process.join(2.0)
        if self._conn is not None:
            self._conn.close()


PRELOAD = "workbench.worker.preload"


def worker_context() -> multiprocessing.context.BaseContext:
    """The forkserver context with the engine preloaded, or ``spawn`` where there is none.

    PyInstaller's multiprocessing hook starts the forkserver from the frozen bundle too
    (its executable runs the server's ``-c`` command line), so the bundle forks as well.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([PRELOAD])
    return context


@contextmanager
def _main_module_not_rerun() -> Iterator[None]:
    """Keep ``spawn`` from running the window's main script again inside the worker.

    ``spawn`` re-runs a main *script* (not ``python -m``) in the child as ``__mp_main__``,
    so that objects defined there unpickle. The worker needs nothing from it, and a
    launcher script importing the UI would cost every worker the Qt and pyqtgraph
    imports (time and memory). A spec named ``__main__`` makes ``spawn`` skip it.
    """
    main = sys.modules.get("__main__")
    if main is None or getattr(main, "__spec__", None) is not None:
        yield
        return
    main.__spec__ = importlib.machinery.ModuleSpec("__main__", None)
    try:
        yield
    finally:
        main.__spec__ = None


def exit_hook(owner: QObject) -> Callable[[], None]:
    """An atexit callback calling ``owner.shutdown()``, without keeping ``owner`` alive."""
    ref = weakref.ref(owner)

    def hook() -> None:
        target = ref()
        if target is not None:
            try:
                target.shutdown()  # type: ignore[attr-defined]
            except RuntimeError:  # Qt already deleted the object; the workers die with us
                pass

    return hook
