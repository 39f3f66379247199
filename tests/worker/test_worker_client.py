"""EngineClient with real worker processes: round trips, signal order, supersession, shutdown."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from tests.worker.client_support import (Recorder, child_processes, live_workers, make_client,
                                         wait_for_spare)
from tests.worker.fault_handlers import EchoJob, FaultJob
from workbench.worker.client import EngineClient
from workbench.protocol.jobs import DeriveJob, EngineCallJob, JobError


def test_a_job_round_trip(qtbot, client):
    with qtbot.waitSignal(client.result_ready, timeout=5000) as blocker:
        job_id = client.submit(EchoJob({"a": [1, 2.5]}))
    got_id, kind, payload = blocker.args
    assert (got_id, kind) == (job_id, "echo")
    assert payload["value"] == {"a": [1, 2.5]}
    assert payload["pid"] == client.active_pid() and payload["pid"] not in (None, 0)


def test_signals_come_in_strict_order(qtbot, client):
    with Recorder(client) as record:
        with qtbot.waitSignals([client.job_started, client.result_ready], order="strict",
                               timeout=5000):
            job_id = client.submit(EchoJob("hello", delay=0.05))
    assert client.is_ready() and client.busy_kind() is None
    assert [e[0] for e in record.events] == ["state", "started", "result", "state"]
    assert [e[1] for e in record.of("state")] == ["busy", "ready"]
    assert record.ids("started") == record.ids("result") == [job_id]


def test_errors_arrive_as_job_errors(qtbot, client):
    with qtbot.waitSignal(client.job_failed, timeout=5000) as blocker:
        client.submit(FaultJob("parse"))
    error = blocker.args[2]
    assert isinstance(error, JobError) and (error.kind, error.position) == ("parse", 4)
    with qtbot.waitSignal(client.job_failed, timeout=5000) as blocker:
        client.submit(FaultJob("raise"))
    assert blocker.args[2].kind == "error" and "ZeroDivisionError" in blocker.args[2].detail


def test_engine_call_through_the_worker(qtbot, client):
    with qtbot.waitSignal(client.result_ready, timeout=5000) as blocker:
        client.submit(EngineCallJob("parse", ("2x + 1",)))
    assert blocker.args[2].value["tree"][0] == "add"


def test_a_stale_result_is_never_emitted(qtbot, client):
    wait_for_spare(qtbot, client)
    first_worker = client.active_pid()
    with Recorder(client) as record:
        slow_id = client.submit(EchoJob("A", delay=1.0, kind="same"))
        qtbot.wait(20)  # A is in flight
        fast_id = client.submit(EchoJob("B", kind="same"))
        qtbot.waitUntil(lambda: fast_id in record.ids("result"), timeout=5000)
        qtbot.wait(1200)  # A would have answered by now, had it been left running
    assert [e[3]["value"] for e in record.of("result")] == ["B"]
    assert slow_id not in record.ids("failed")
    # A ran past the grace period while B waited, so its worker was killed for the spare.
    assert record.of("result")[0][3]["pid"] != first_worker


def test_a_pending_job_is_replaced_by_a_newer_one_of_its_kind(qtbot, client):
    with Recorder(client) as record:
        blocker_id = client.submit(EchoJob("wait", delay=0.3, kind="other"))
        first = client.submit(EchoJob(1, kind="queued"))
        second = client.submit(EchoJob(2, kind="queued"))
        qtbot.waitUntil(lambda: second in record.ids("result"), timeout=5000)
    assert first not in record.ids("result") + record.ids("failed")
    assert record.ids("started") == [blocker_id, second]
    assert record.ids("result") == [blocker_id, second]


def test_derive_job_through_the_worker(qtbot, client):
    pytest.importorskip("workbench.engine.differentiation")
    with qtbot.waitSignal(client.result_ready, timeout=10000) as blocker:
        job_id = client.submit(DeriveJob("x^2 sin(x)"))
    result = blocker.args[2]
    assert result.trees["df"] is not None and result.steps
    assert result.request == DeriveJob("x^2 sin(x)") and result.job_id == job_id


def test_the_spare_starts_only_after_the_active_worker_is_ready(qtbot):
    engine = EngineClient()
    record = Recorder(engine)
    try:
        engine.start()
        assert len(engine.worker_pids()) == 1 and engine.state() == "starting"
        qtbot.waitUntil(engine.is_ready, timeout=30_000)
        assert len(engine.worker_pids()) == 1  # the spare waits a moment, not to slow a job
        qtbot.waitUntil(lambda: len(engine.worker_pids()) == 2, timeout=2000)
        assert [e[1] for e in record.of("state")] == ["starting", "ready"]
        wait_for_spare(qtbot, engine)
    finally:
        record.close()
        engine.shutdown()


def test_shutdown_leaves_no_process_behind(qtbot):
    before = child_processes()
    engine = make_client(qtbot)
    wait_for_spare(qtbot, engine)
    with qtbot.waitSignal(engine.job_started, timeout=5000):
        engine.submit(FaultJob("sleep"))
    pids = engine.worker_pids()
    assert len(pids) == 2
    started = time.perf_counter()
    engine.shutdown()
    print(f"\nshutdown of two workers took {1000 * (time.perf_counter() - started):.1f} ms")
    assert live_workers(pids) == []
    after = child_processes()
    assert after <= before, after - before
    assert engine.worker_pids() == [] and not engine.is_ready()


ORPHAN_SCRIPT = """
import os, sys
with open(sys.argv[1], "a") as marks:  # a worker must never run this script again
    marks.write(__name__ + "\\n")
from PySide6.QtCore import QCoreApplication, QTimer
from tests.worker.fault_handlers import MODULE, FaultJob
from workbench.worker.client import EngineClient

def main():
    app = QCoreApplication([])
    client = EngineClient(extra_handler_modules=[MODULE])
    poll = QTimer(interval=50)
    def submit_when_spare_is_warm():
        if client.has_warm_spare():
            poll.stop()
            client.submit(FaultJob("spin"))
    def report(job_id, kind):
        print(*client.worker_pids(), flush=True)  # the active worker is now spinning
    poll.timeout.connect(submit_when_spare_is_warm)
    client.job_started.connect(report)
    client.start()
    poll.start()
    app.exec()

if __name__ == "__main__":
    main()
"""


def test_workers_exit_with_the_window_and_never_rerun_its_script(tmp_path):
    script = tmp_path / "window.py"
    script.write_text(ORPHAN_SCRIPT)
    root = Path(__file__).resolve().parents[2]
    marks = tmp_path / "marks.txt"
    window = subprocess.Popen([sys.executable, str(script), str(marks)], cwd=root,
                              stdout=subprocess.PIPE,
                              env={**os.environ, "PYTHONPATH": str(root)}, text=True)
    try:
        pids = [int(pid) for pid in window.stdout.readline().split()]
        assert len(pids) == 2
    finally:
        window.kill()
        window.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _running(pids):
        time.sleep(0.05)
    assert _running(pids) == []
    assert marks.read_text().split() == ["__main__"]


def _running(pids: list[int]) -> list[int]:
    alive = []
    for pid in pids:
        try:
            if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                alive.append(pid)
        except psutil.NoSuchProcess:
            pass
    return alive
