"""Engine calls for the command line, under the window's limits: a child process, a time box.

sympy can't be interrupted, so, as in the window (:mod:`workbench.worker`), the work runs
in its own process, with the worker's address-space limit, and is killed when it takes
longer than the window would wait. The child is told nothing but a function to call
and its arguments (all plain, picklable values) and answers with one message.
"""

from __future__ import annotations

import multiprocessing
import pickle
import signal
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from workbench.cli_support import PROG, Failure, UsageError, one_line
from workbench.worker.process import DEFAULT_MEMORY_LIMIT_MB, apply_memory_limit

TIME_LIMIT_S = 10.0  # the window's: EngineClient's default time_limit
MEMORY_LIMIT_MB = DEFAULT_MEMORY_LIMIT_MB  # the worker's
START_LIMIT_S = 300.0  # importing sympy on a loaded machine; not the job's time


class LimitHit(Failure):
    """The engine went past its time or memory limit (exit status 1)."""


def call_limited(text: str, func: Callable[..., Any], *args: Any,
                 time_limit: float | None = None, memory_limit_mb: int | None = None,
                 **kwargs: Any) -> Any:
    """``func(*args, **kwargs)`` in a child process; its result, or one-line errors.

    A ParseError is a :class:`UsageError` naming ``text``; a time or memory limit hit
    is a :class:`LimitHit`; any other engine failure is a :class:`Failure`.
    """
    time_limit = TIME_LIMIT_S if time_limit is None else time_limit
    memory_limit_mb = MEMORY_LIMIT_MB if memory_limit_mb is None else memory_limit_mb
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child_main, name="workbench-cli-engine", daemon=True,
                            args=(send, memory_limit_mb, func, args, kwargs))
    child.start()
    send.close()
    try:
        kind, value = _answer(receive, child, time_limit)
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receive.close()
    return _result(text, kind, value, time_limit, memory_limit_mb)


def _answer(receive: Connection, child: Any, time_limit: float) -> tuple[str, Any]:
    """The child's message: after "started", wait ``time_limit`` for the answer."""
    for wait in (START_LIMIT_S, time_limit):
        if not receive.poll(wait):
            return ("time", None)
        try:
            message = _unpickled(receive.recv_bytes())
        except (EOFError, OSError):
            child.join(1.0)
            return ("died", child.exitcode)
        if message[0] != "started":
            return message
    return ("died", None)  # two "started" messages: not a child of ours


def _unpickled(data: bytes) -> Any:
    """The child's message, its sympy objects rebuilt exactly as the child built them.

    sympy unpickles an expression by calling its class on its arguments, which evaluates
    it again: a function the parser left unevaluated (``sech(tanh(θ^9999))``: see
    ``workbench.engine.build_bounds``) would then run sympy's slow evaluation here, in
    this process, outside every limit. The child's expressions are already evaluated as
    far as they should be, so they are rebuilt without evaluation.
    """
    if b"sympy" not in data:  # no sympy objects: no need to import it
        return pickle.loads(data)
    import sympy

    with sympy.evaluate(False):
        return pickle.loads(data)


def _result(text: str, kind: str, value: Any, time_limit: float, memory_mb: int) -> Any:
    from workbench.protocol.syntax import ParseError

    if kind == "ok":
        return value
    if kind == "parse" and isinstance(value, ParseError):
        raise UsageError(f"{PROG}: {value} in {one_line(text, 120)!r}")
    if kind == "time":
        raise LimitHit(f"{PROG}: stopped after {time_limit:g} s, the engine's time limit "
                       "(as in the window): this is too hard to work out exactly")
    if kind == "memory" or (kind == "died" and value in (-signal.SIGKILL, -signal.SIGSEGV)):
        raise LimitHit(f"{PROG}: stopped: this needs more than {memory_mb} MB, the engine's "
                       "memory limit (as in the window)")
    if kind == "died":
        raise Failure(f"{PROG}: the engine process ended unexpectedly (status {value})")
    raise Failure(f"{PROG}: the engine could not do this: {one_line(value, 200)}")


def _child_main(send: Connection, memory_limit_mb: int, func: Callable[..., Any],
                args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """The child: limit memory, import the engine, say "started", run, answer once."""
    from workbench.protocol.syntax import ParseError

    signal.signal(signal.SIGINT, signal.SIG_DFL)
    apply_memory_limit(memory_limit_mb)
    import workbench.engine  # noqa: F401 - its import time is not the job's time

    send.send(("started", None))
    try:
        message: tuple[str, Any] = ("ok", func(*args, **kwargs))
    except MemoryError:
        message = ("memory", None)
    except ParseError as error:
        message = ("parse", error)
    except RecursionError:
        message = ("error", "the expression is nested too deeply to work with")
    except Exception as error:  # noqa: BLE001 - every engine failure becomes one line
        message = ("error", f"{type(error).__name__}: {error}")
    try:
        send.send(message)
    except MemoryError:
        send.send(("memory", None))
    except Exception as error:  # noqa: BLE001 - a result that does not pickle
        send.send(("error", f"the result could not be sent back ({type(error).__name__})"))
    send.close()
