"""Progress streamed from the worker: each stage of a job as it starts, never a stale one."""

from __future__ import annotations

import signal
import sys

import pytest

from tests.worker.client_support import Recorder, wait_for_spare
from tests.worker.fault_handlers import EchoJob, StagesJob
from workbench.worker import progress
from workbench.protocol.jobs import AreaJob, IntegrateJob
from workbench.worker.process import _alarm_held, run_job
from workbench.worker.registry import load_handlers


def test_stages_arrive_in_order_before_the_result(qtbot, client):
    with Recorder(client) as record:
        with qtbot.waitSignal(client.result_ready, timeout=5000):
            job_id = client.submit(StagesJob(("one", "two", "three"), delay=0.01))
    kinds = [e[0] for e in record.events if e[0] in ("started", "progress", "result")]
    assert kinds == ["started", "progress", "progress", "progress", "result"]
    infos = [e[3] for e in record.of("progress")]
    assert [i["stage"] for i in infos] == ["one", "two", "three"]
    assert infos[0] == {"stage": "one", "title": "the one stage", "limit": 1.5}
    assert record.ids("progress") == [job_id] * 3
    assert {e[2] for e in record.of("progress")} == {"stages"}


def test_a_slow_integral_reports_its_stages_in_order(qtbot, client):
    # x·2^x: the step engine gives up on it, then a rewrite solves it (sin⁵x·cos³x, used
    # before, is now answered from its form in the first stage)
    with Recorder(client) as record:
        with qtbot.waitSignal(client.result_ready, timeout=15000) as blocker:
            job_id = client.submit(IntegrateJob("x 2^x"))
    stages = [e[3]["stage"] for e in record.of("progress")]
    assert stages[:2] == ["steps", "rewrite"]
    assert record.ids("progress") == [job_id] * len(stages)
    assert record.events.index(record.of("progress")[-1]) < record.events.index(
        record.of("result")[0])
    assert blocker.args[2].stage == "rewrite"
    limits = [e[3]["limit"] for e in record.of("progress")]
    assert limits[0] == pytest.approx(3.0, abs=0.1)


def test_a_definite_integral_reports_quadrature_chain_and_bounds(qtbot, client):
    with Recorder(client) as record:
        with qtbot.waitSignal(client.result_ready, timeout=10000) as blocker:
            client.submit(AreaJob("1/x^2", "1", "oo"))
    stages = [e[3]["stage"] for e in record.of("progress")]
    assert stages == ["quadrature", "steps", "bounds"]
    assert record.of("progress")[0][3]["limit"] is None  # quadrature has no limit of its own
    assert blocker.args[2].value == pytest.approx(1.0)


def test_a_superseded_job_reports_no_more_stages(qtbot, client):
    wait_for_spare(qtbot, client)
    with Recorder(client) as record:
        with qtbot.waitSignal(client.job_progress, timeout=5000):
            old = client.submit(StagesJob(tuple(f"s{i}" for i in range(40)), delay=0.03))
        new = client.submit(EchoJob("newer", kind="stages"))
        seen_before = len(record.of("progress"))
        with qtbot.waitSignal(client.result_ready, timeout=10000) as blocker:
            pass
    assert blocker.args[0] == new
    # the old job goes on reporting for a quarter of a second before it is killed
    assert len(record.of("progress")) == seen_before
    assert set(record.ids("progress")) == {old}


def test_a_cancelled_job_s_late_progress_is_dropped(qtbot, client):
    wait_for_spare(qtbot, client)
    with Recorder(client) as record:
        cancelled = []

        def cancel_on_first(job_id, _kind, _info):
            if not cancelled:
                cancelled.append(job_id)
                client.cancel("stages")

        client.job_progress.connect(cancel_on_first)
        try:
            with qtbot.waitSignal(client.job_failed, timeout=5000) as blocker:
                job_id = client.submit(StagesJob(("a", "b"), burst=300, forever=True))
            qtbot.wait(200)  # time for any late message to be (wrongly) read
        finally:
            client.job_progress.disconnect(cancel_on_first)
    assert blocker.args[0] == job_id and blocker.args[2].kind == "cancelled"
    assert record.ids("progress") == [job_id]  # hundreds more were in the pipe
    # the next job is served, and reports only its own stages
    with Recorder(client) as record:
        with qtbot.waitSignal(client.result_ready, timeout=10000):
            next_id = client.submit(StagesJob(("c",)))
    assert record.ids("progress") == [next_id]


def test_run_job_hands_the_reporter_to_the_engine():
    load_handlers()
    heard = []
    tag, _id, result = run_job(5, IntegrateJob("x^2", lower=0, upper=1),
                               report=lambda *args: heard.append(args))
    assert tag == "result" and result.stage == "steps"
    assert [stage for stage, _title, _limit in heard] == ["quadrature", "steps", "bounds"]
    assert progress.reporter() is None  # only while the job runs
    tag, _id, _payload = run_job(6, IntegrateJob("x^2"))  # nobody listening: no error
    assert tag == "result"


def test_reporters_nest_and_info_is_plain():
    outer, inner = (lambda *a: None), (lambda *a: None)
    with progress.reporting_to(outer):
        with progress.reporting_to(inner):
            assert progress.reporter() is inner
        with progress.reporting_to(None):
            assert progress.reporter() is outer
        assert progress.reporter() is outer
    assert progress.reporter() is None
    assert progress.progress_info("steps", "t", float("inf"))["limit"] is None
    assert progress.progress_info("steps", "t", 3)["limit"] == 3.0


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="POSIX only")
def test_the_stage_alarm_is_held_while_a_message_goes_out():
    assert signal.SIGALRM not in signal.pthread_sigmask(signal.SIG_BLOCK, set())
    with _alarm_held():
        assert signal.SIGALRM in signal.pthread_sigmask(signal.SIG_BLOCK, set())
    assert signal.SIGALRM not in signal.pthread_sigmask(signal.SIG_BLOCK, set())
    assert sys.platform != "win32"
