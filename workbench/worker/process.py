"""The worker process: imports sympy and the engine, warms up, then runs jobs one by one.

Started by :class:`workbench.worker.client.EngineClient` with the ``spawn`` context.
Messages to the client are ``("ready", info)``, ``("failed", traceback_text)`` (start-up
went wrong), ``("started", job_id)`` (a job was received and will run: a worker that
dies before saying so never had the job, and the client sends it again),
``("progress", job_id, info)`` (a stage of the job starts: a dict made by
:func:`workbench.worker.progress.progress_info`; any number, before the job's answer),
``("result", job_id, payload)`` and ``("error", job_id, JobError)``; from the client,
``(job_id, job)`` or ``None`` to stop.
Jobs run in the main thread: sympy cannot be interrupted, so the client kills the
whole process to cancel one.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import sys
import threading
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from multiprocessing.connection import Connection
from typing import Any

from workbench.protocol.syntax.errors import ParseError
from workbench.protocol.jobs.core import Job, JobError
from workbench.worker.progress import Reporter, progress_info, reporting_to

DEFAULT_MEMORY_LIMIT_MB = 2048


def apply_memory_limit(limit_mb: int | None) -> bool:
    """Cap this process's address space at ``limit_mb`` MiB (RLIMIT_AS); False if unsupported."""
    if not limit_mb:
        return False
    try:
        import resource
    except ImportError:  # Windows: no rlimits; a job that eats memory costs more there
        return False
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = int(limit_mb) * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    return True


def warm_up() -> dict[str, float]:
    """Pay the engine's one-off costs before the first job (see ``workbench.engine.warmup``)."""
    from workbench.engine.warmup import warm_up as warm_engine

    return warm_engine()


def run_job(job_id: int, job: Job, report: Reporter | None = None) -> tuple[Any, ...]:
    """Run ``job``'s handler and return the message for the client (result or error).

    ``report`` (optional) is the progress reporter the handler may pass to the engine.
    """
    from workbench.protocol.results import Result
    from workbench.worker.registry import handler_for

    try:
        with reporting_to(report):
            payload = handler_for(job)(job)
    except MemoryError:
        gc.collect()
        error = JobError("memory", "This needs more memory than the engine is allowed to use.")
    except ParseError as exc:
        error = JobError("parse", exc.message, exc.position)
    except JobError as exc:
        error = exc
    except RecursionError:
        error = JobError("error", "This expression is nested too deeply to work with.",
                         detail=traceback.format_exc())
    except Exception as exc:  # noqa: BLE001 - an engine failure is a message, never a dead worker
        error = JobError("error", _plain_words(exc), detail=traceback.format_exc())
    else:
        if isinstance(payload, Result):  # the answer carries the id of the job it answers
            payload = payload.stamped(job_id)
        return ("result", job_id, payload)
    return ("error", job_id, error)


def _plain_words(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if text and len(text) <= 200:
        return f"The engine could not do this: {text}"
    return f"The engine could not do this ({type(exc).__name__})."


def _send(conn: Connection, message: tuple[Any, ...]) -> None:
    """Send ``message``, refusing sympy objects; a refused payload becomes an error message."""
    from workbench.worker.payloads import dumps_plain

    try:
        data = dumps_plain(message)
    except Exception:  # noqa: BLE001 - a payload that does not pickle becomes an error
        error = JobError("error", "The engine produced a result the window cannot read.",
                         detail=traceback.format_exc())
        data = dumps_plain(("error", message[1], error))
    conn.send_bytes(data)


@contextmanager
def _alarm_held() -> Iterator[None]:
    """Hold back SIGALRM while a message goes out.

    The engine's stage time limits raise from a SIGALRM handler, which could otherwise
    run between two writes of one message and leave half of it in the pipe: the client
    would read garbage from then on. A held alarm is delivered when the block ends.
    """
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def progress_sender(conn: Connection, job_id: int) -> Reporter:
    """A reporter that sends ``("progress", job_id, info)`` to the client for each stage."""
    from workbench.worker.payloads import dumps_plain

    def send(stage: str, title: str, seconds: float) -> None:
        try:
            data = dumps_plain(("progress", job_id, progress_info(stage, title, seconds)))
        except (TypeError, pickle.PicklingError):  # progress is a courtesy: never fail a job
            return
        with _alarm_held():
            try:
                conn.send_bytes(data)
            except OSError:  # the client has gone; the parent watch ends this process
                pass

    return send


def _exit_with_parent() -> None:
    """Exit as soon as the client process dies, even in the middle of a long job."""
    import multiprocessing

    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def worker_main(conn: Connection, memory_limit_mb: int | None = DEFAULT_MEMORY_LIMIT_MB,
                extra_modules: Sequence[str] = ()) -> None:
    """Entry point of the worker process (the target of ``multiprocessing.Process``)."""
    # Ctrl+C in a terminal is for the window; the client decides when a worker ends.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with_parent()
    try:
        info = _start_up(memory_limit_mb, extra_modules)
    except BaseException:  # noqa: BLE001 - tell the client why, then go
        try:  # plain text, sent without _send: its sympy-checking pickler may be what failed
            conn.send(("failed", traceback.format_exc()))
        finally:
            os._exit(1)
    _send(conn, ("ready", info))
    _serve(conn)
    conn.close()
    sys.exit(0)


def _start_up(memory_limit_mb: int | None, extra_modules: Sequence[str]) -> dict[str, Any]:
    limited = apply_memory_limit(memory_limit_mb)
    from workbench.worker.registry import load_handlers

    modules = load_handlers(extra_modules)
    timings = warm_up()
    return {"pid": os.getpid(), "memory_limited": limited, "handlers": modules, **timings}


def _serve(conn: Connection) -> None:
    """Run jobs until the client says stop (None) or goes away."""
    while True:
        try:
            data = conn.recv_bytes()
        except (EOFError, OSError):
            return
        try:
            message = pickle.loads(data)
        except Exception:  # noqa: BLE001 - a job class the worker cannot import: fail that job only
            _send(conn, ("error", None, JobError("error", "The engine could not read this job.",
                                                 detail=traceback.format_exc())))
            continue
        if message is None:
            return
        job_id, job = message
        _send(conn, ("started", job_id))  # the client may now count the job as this worker's
        _send(conn, run_job(job_id, job, report=progress_sender(conn, job_id)))
