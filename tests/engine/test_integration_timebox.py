"""time_limit: raises when time is up, nests without extending, restores what it replaced."""

from __future__ import annotations

import signal
import threading
import time

import pytest

from workbench.engine.timebox import StageTimeout, remaining, time_limit


def _spin(seconds: float) -> None:
    """Busy-wait for ``seconds`` of CPU time (what the limits count)."""
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


def test_limit_interrupts_a_busy_loop():
    start = time.process_time()
    with pytest.raises(StageTimeout):
        with time_limit(0.1):
            _spin(5)
    assert time.process_time() - start < 2.0


def test_no_timeout_when_work_finishes_and_timer_is_cleared():
    with time_limit(1.0):
        _spin(0.01)
    assert signal.getitimer(signal.ITIMER_PROF)[0] == 0
    assert remaining() == float("inf")


def test_inner_limit_never_extends_outer():
    start = time.process_time()
    with pytest.raises(StageTimeout):
        with time_limit(0.1):
            with time_limit(10):
                _spin(5)
    assert time.process_time() - start < 2.0


def test_inner_timeout_leaves_outer_limit_running():
    with pytest.raises(StageTimeout):
        with time_limit(0.3):
            with pytest.raises(StageTimeout):
                with time_limit(0.05):
                    _spin(5)
            assert 0 < remaining() <= 0.3
            _spin(5)  # the outer limit must still fire


def test_previous_handler_is_restored():
    def mine(signum, frame):
        pass

    old = signal.signal(signal.SIGPROF, mine)
    try:
        with time_limit(0.5):
            pass
        assert signal.getsignal(signal.SIGPROF) is mine
    finally:
        signal.signal(signal.SIGPROF, old)


def test_no_op_outside_the_main_thread():
    outcome = []

    def work():
        with time_limit(0.01):
            _spin(0.1)
        outcome.append("finished")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert outcome == ["finished"]


def test_alarm_waits_out_a_garbage_collector_callback():
    import gc

    ran = []

    def callback(phase, info):
        if phase == "start" and not ran:
            ran.append(True)
            _spin(0.3)  # the deadline passes in here; raising now would be swallowed

    gc.callbacks.append(callback)
    try:
        start = time.process_time()
        with pytest.raises(StageTimeout):
            with time_limit(0.1):
                gc.collect()  # the callback spins past the deadline
                # Collect only once: in a long test run a full collection is slow, and
                # alarms that keep landing in other libraries' gc callbacks are (rightly)
                # held back, which would make this test measure the heap, not the limit.
                while time.process_time() - start < 3.0:
                    _spin(0.01)
        assert ran and time.process_time() - start < 2.0
    finally:
        gc.callbacks.remove(callback)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_timeout_swallowed_in_del_is_raised_again():
    swallowed = []

    class Slow:
        def __del__(self):
            if swallowed:
                return
            end = time.process_time() + 0.3
            while time.process_time() < end:
                try:
                    _spin(end - time.process_time())  # alarms here are lost, as Python loses them
                except StageTimeout:
                    swallowed.append(True)

    start = time.process_time()
    with pytest.raises(StageTimeout):
        with time_limit(0.1):
            while time.process_time() - start < 3.0:
                Slow()  # created and destroyed at once: __del__ runs each time
    assert swallowed and time.process_time() - start < 2.0
