"""Issue 19: a job sent to a worker that dies before acknowledging it goes to the next worker.

The worker says ("started", job_id) as soon as it has a job. A worker that dies
without saying so never had the job (it was idle, or dying already), so the client
sends the job again instead of reporting "crashed"; a job it did acknowledge still
fails as "crashed", and a job that keeps killing workers before they can acknowledge
it ends after MAX_SENDS tries.
"""

from __future__ import annotations

import os
import signal

from tests.worker.client_support import Recorder, wait_for_spare
from tests.worker.fault_handlers import EchoJob, FaultJob
from workbench.worker.job_table import MAX_SENDS, JobTable
from workbench.protocol.jobs.core import EngineCallJob


def _job(kind: str = "a") -> EngineCallJob:
    return EngineCallJob("derivative", ("x",), kind=kind)


def test_an_unacknowledged_flight_is_queued_again_first_in_line():
    table = JobTable()
    first, second = table.add(_job("a")), table.add(_job("b"))
    _kind, job_id, job = table.pop_oldest()
    flight = table.start_flight(job_id, job)
    assert table.take_flight() is flight and not flight.acknowledged
    assert table.resend(flight)
    assert [table.pop_oldest()[1] for _ in range(2)] == [first, second]


def test_an_acknowledged_flight_is_not_sent_again():
    table = JobTable()
    table.add(_job())
    _kind, job_id, job = table.pop_oldest()
    table.start_flight(job_id, job)
    table.acknowledge(job_id)
    flight = table.take_flight()
    assert flight.acknowledged and not table.resend(flight)
    assert not table.has_pending()


def test_a_job_is_sent_at_most_max_sends_times():
    table = JobTable()
    table.add(_job())
    sends = 0
    while table.has_pending():
        _kind, job_id, job = table.pop_oldest()
        sends += 1
        if not table.resend(table.start_flight(job_id, job)):
            break
        table.take_flight()
    assert sends == MAX_SENDS


def test_a_superseded_flight_is_not_sent_again():
    table = JobTable()
    table.add(_job())
    _kind, job_id, job = table.pop_oldest()
    flight = table.start_flight(job_id, job)
    table.add(_job())  # a newer job of the same kind waits
    assert not table.resend(flight)


def test_a_job_sent_to_a_frozen_worker_that_is_killed_is_answered(qtbot, client):
    """The worker can't read the job (stopped), then dies: the next worker answers it."""
    wait_for_spare(qtbot, client)
    with Recorder(client) as record:
        pid = client.active_pid()
        os.kill(pid, signal.SIGSTOP)
        with qtbot.waitSignal(client.job_started, timeout=30_000):
            job_id = client.submit(EchoJob("sent to a dead worker"))
        os.kill(pid, signal.SIGKILL)
        qtbot.waitUntil(lambda: job_id in record.ids("result") + record.ids("failed"),
                        timeout=60_000)
    assert job_id in record.ids("result")
    assert client.active_pid() != pid


def test_a_job_the_worker_had_still_fails_as_crashed(qtbot, client):
    wait_for_spare(qtbot, client)
    with Recorder(client) as record:
        job_id = client.submit(FaultJob("sleep"))
        qtbot.waitUntil(lambda: client.busy_kind() is not None, timeout=30_000)
        qtbot.waitUntil(lambda: client._jobs.flight is not None
                        and client._jobs.flight.acknowledged, timeout=30_000)
        os.kill(client.active_pid(), signal.SIGKILL)
        qtbot.waitUntil(lambda: job_id in record.ids("failed"), timeout=60_000)
    error = next(e[3] for e in record.of("failed") if e[1] == job_id)
    assert error.kind == "crashed"
