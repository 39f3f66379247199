"""``time_limit``: stop a stage of engine work that runs too long.

The limits count the **CPU time of this process**, not the wall clock: on a busy
machine a stage gets fewer CPU seconds per second of wall time, and a wall-clock
budget would then give up on work it finishes on a quiet machine, so the same
question would get a different answer depending on the load. A CPU budget makes the
engine's answer depend on the question only. (The worker's own job limit, which
keeps the window's promise of an answer in bounded time, stays on the wall clock.)

sympy is pure Python, so a SIGPROF handler that raises lands between two bytecodes
of whatever sympy is doing and unwinds it like any other exception. That only works
in the main thread of a POSIX process (signals are delivered there), which is where
the worker runs engine calls and where the tests run; elsewhere the limit is a no-op
and the worker's process-level time limit is the only guard.

Limits nest: an inner limit never extends an outer one (the earlier deadline wins)
and on exit the outer limit's timer and handler are put back as they were.
"""

from __future__ import annotations

import gc
import math
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

# Once a limit is up, the alarm repeats at this interval until the block is left: an
# exception raised while Python runs a garbage-collector callback or a __del__ is
# swallowed ("Exception ignored in ..."), and the next alarm must try again.
_REPEAT = 0.05

# The clock the limits count and the interval timer and signal that measure the same
# thing: the process's CPU time (user + system, all threads).
_clock = time.process_time
_TIMER = getattr(signal, "ITIMER_PROF", None)
_SIGNAL = getattr(signal, "SIGPROF", None)

# Deadlines of the limits currently open, outermost first (CPU seconds of ``_clock``). Only the
# main thread touches it, because only there are limits armed.
_deadlines: list[float] = []


class StageTimeout(Exception):
    """A stage of engine work ran past its time limit."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"stopped after {seconds:g} s")
        self.seconds = seconds


def _armable() -> bool:
    return (hasattr(signal, "setitimer") and _TIMER is not None
            and threading.current_thread() is threading.main_thread())


def remaining() -> float:
    """CPU seconds left before the innermost open limit ends (inf when none is open)."""
    if not _deadlines:
        return math.inf
    return max(0.0, min(_deadlines) - _clock())


def cpu_seconds() -> float:
    """The clock the limits count (CPU seconds of this process): for measuring a stage."""
    return _clock()


def _in_gc_callback(frame) -> bool:
    # Python would swallow an exception raised in a garbage-collector callback (and
    # report it as unraisable); let the next, repeated alarm raise it instead
    codes = {getattr(cb, "__code__", None) for cb in gc.callbacks}
    depth = 0
    while frame is not None and depth < 8:
        if frame.f_code in codes:
            return True
        frame, depth = frame.f_back, depth + 1
    return False


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`StageTimeout` inside the ``with`` block once it has used ``seconds``
    of CPU time.

    A no-op outside the main thread or where ``setitimer`` does not exist.
    """
    if not _armable() or seconds is None or math.isinf(seconds):
        yield
        return
    now = _clock()
    mine = now + max(float(seconds), 0.0)
    deadline = min([mine, *_deadlines])
    owner = len(_deadlines)  # where this limit sits in the stack
    active = [True]

    def _on_alarm(signum, frame):  # signal handler signature
        # The alarm is for the earliest deadline; if that one belongs to an outer limit,
        # raising here unwinds this block first and the outer one fires right after.
        if active[0] and not _in_gc_callback(frame):
            raise StageTimeout(seconds)

    previous_handler = signal.signal(_SIGNAL, _on_alarm)
    previous_timer = signal.setitimer(_TIMER, 0)[0]
    _deadlines.append(mine)
    try:
        signal.setitimer(_TIMER, max(deadline - now, 1e-4), _REPEAT)
        yield
    finally:
        active[0] = False  # a late alarm must not escape from the clean-up below
        signal.setitimer(_TIMER, 0)
        del _deadlines[owner:]
        signal.signal(_SIGNAL, previous_handler)
        if previous_timer > 0:
            # Give the outer limit the time it had left (never more), or fire it at once.
            left = previous_timer - (_clock() - now)
            signal.setitimer(_TIMER, max(left, 1e-4), _REPEAT)
