"""JobTable: the client's ids, pending queue, flight and latest-of-each-kind, without Qt."""

from __future__ import annotations

import time

from tests.fresh_interpreter import packages_loaded_by
from workbench.worker.job_table import Flight, JobTable
from workbench.protocol.jobs.core import EngineCallJob


def _job(kind: str, text: str = "x") -> EngineCallJob:
    return EngineCallJob("derivative", (text,), kind=kind)


def test_ids_count_up_and_the_queue_sends_the_oldest_kind_first():
    table = JobTable()
    ids = [table.add(_job(kind)) for kind in ("a", "b", "c")]
    assert ids == [1, 2, 3]
    assert [table.pop_oldest()[:2] for _ in range(3)] == [("a", 1), ("b", 2), ("c", 3)]
    assert not table.has_pending()


def test_a_newer_job_replaces_the_pending_one_of_its_kind_and_joins_the_end():
    table = JobTable()
    table.add(_job("a", "old"))
    table.add(_job("b"))
    newer = _job("a", "new")
    assert table.add(newer) == 3
    assert table.pop_oldest()[:2] == ("b", 2)
    assert table.pop_oldest() == ("a", 3, newer)
    assert not table.is_latest("a", 1) and table.is_latest("a", 3)


def test_a_job_put_back_is_sent_next():
    table = JobTable()
    table.add(_job("a"))
    table.add(_job("b"))
    kind, job_id, job = table.pop_oldest()
    table.put_back(kind, job_id, job)
    assert table.pop_oldest() == (kind, job_id, job)


def test_dropping_pending_jobs_by_kind_or_all():
    table = JobTable()
    for kind in ("a", "b", "c"):
        table.add(_job(kind))
    assert table.drop_pending("b") == [("b", 2)]
    assert table.drop_pending("zzz") == []
    assert table.drop_pending() == [("a", 1), ("c", 3)]
    assert not table.has_pending()
    assert table.is_latest("b", 2)  # dropping forgets the job, not which one was newest


def test_a_flight_is_superseded_only_by_a_newer_job_of_its_kind():
    table = JobTable()
    assert table.flight is None and not table.flight_superseded()
    job_id = table.add(_job("a"))
    kind, job_id, job = table.pop_oldest()
    before = time.monotonic()
    flight = table.start_flight(job_id, job)
    assert flight == Flight(job_id, job, flight.started) and flight.kind == "a"
    assert before <= flight.started <= time.monotonic()
    table.add(_job("b"))
    assert not table.flight_superseded()
    table.add(_job("a", "newer"))
    assert table.flight_superseded()
    assert table.take_flight() is flight
    assert table.flight is None and table.take_flight() is None


def test_the_table_loads_neither_qt_nor_sympy():
    loaded = packages_loaded_by("import workbench.worker.job_table")
    assert not loaded & {"sympy", "scipy", "mpmath", "PySide6", "shiboken6"}
