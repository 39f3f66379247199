"""Session files: round trips, migration, and hostile or broken files rejected cleanly."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from workbench.session import (
    Autosave,
    LabState,
    Session,
    SessionError,
    backup_path,
    load_session,
    save_session,
)

CANARY = Path("/tmp/workbench-session-canary")


def _explore(function="x^2 sin(x)", **extra) -> LabState:
    return LabState("explore", {"function": function, "variable": "x",
                                "show_second_derivative": True, **extra}, title="Explore")


def test_round_trip_keeps_everything(tmp_path):
    session = Session(labs=[_explore(x_range=[-5.0, 5.0], y_range=[-2.5, 30.0]),
                            _explore("tanh(x)")], active=1,
                      lesson_progress={"derivatives": 0.5})
    path = tmp_path / "study.calcwb"
    save_session(session, path)
    loaded = load_session(path)
    assert loaded.to_data() == session.to_data()
    assert loaded.labs[0].state["x_range"] == [-5.0, 5.0]


def test_saving_keeps_the_previous_version(tmp_path):
    path = tmp_path / "s.calcwb"
    save_session(Session(labs=[_explore("x")]), path)
    save_session(Session(labs=[_explore("x^2")]), path)
    assert load_session(path).labs[0].state["function"] == "x^2"
    assert load_session(backup_path(path)).labs[0].state["function"] == "x"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.calcwb", "s.calcwb.bak"]


def test_old_schema_is_migrated(tmp_path):
    path = tmp_path / "old.calcwb"
    path.write_text(json.dumps({"function": "e^x"}))
    session = load_session(path)
    assert session.labs[0].kind == "explore"
    assert session.labs[0].state["function"] == "e^x"


def _write(path: Path, content: bytes | str) -> Path:
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return path


HOSTILE = {
    "truncated": '{"format": "calculus-workbench-session", "schema": 1, "labs": [{"kind": "expl',
    "not json": "this is not json at all",
    "binary": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "empty": "",
    "wrong type": '["a", "list"]',
    "wrong format": '{"format": "something-else", "schema": 1}',
    "newer schema": '{"format": "calculus-workbench-session", "schema": 99, "labs": []}',
    "nan": '{"format": "calculus-workbench-session", "schema": 1, "labs": [], "active": NaN}',
    "unknown lab": '{"schema": 1, "labs": [{"kind": "__import__", "state": {}}]}',
    "code in function": '{"schema": 1, "labs": [{"kind": "explore", "state": {"function": '
                        '"__import__(\'os\').system(\'touch /tmp/workbench-session-canary\')"}}]}',
    "lambda in function": '{"schema": 1, "labs": [{"kind": "explore", "state": {"function": '
                          '"lambda: 1"}}]}',
    "function not text": '{"schema": 1, "labs": [{"kind": "explore", "state": {"function": 5}}]}',
    "inverted range": '{"schema": 1, "labs": [{"kind": "explore", "state": {"function": "x", '
                      '"x_range": [5, -5]}}]}',
    "infinite range": '{"schema": 1, "labs": [{"kind": "explore", "state": {"function": "x", '
                      '"x_range": [0, 1e999]}}]}',
    "bool as schema": '{"schema": true, "labs": []}',
    "active out of range": '{"schema": 1, "labs": [], "active": 7}',
    "deep nesting": '{"schema": 1, "labs": ' + "[" * 100_000 + "]" * 100_000 + "}",
    "huge text": '{"schema": 1, "labs": [{"kind": "explore", "state": {"function": "' +
                 "x+" * 5000 + 'x"}}]}',
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_and_broken_files_are_rejected_untouched(tmp_path, name):
    path = _write(tmp_path / "bad.calcwb", HOSTILE[name])
    before = path.read_bytes()
    with pytest.raises(SessionError) as caught:
        load_session(path)
    assert caught.value.message  # a sentence for the student
    assert "Traceback" not in str(caught.value)
    assert path.read_bytes() == before
    assert not CANARY.exists()


def test_enormous_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.calcwb"
    with path.open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # 100 MB, sparse
    with pytest.raises(SessionError) as caught:
        load_session(path)
    assert "too large" in caught.value.message


def test_autosave_offers_recovery_only_after_a_crash(tmp_path):
    slot = Autosave(tmp_path / "data")
    assert slot.recoverable() is None
    slot.write(Session(labs=[_explore("x^3")]))
    recovered = slot.recoverable()
    assert recovered is not None and recovered.labs[0].state["function"] == "x^3"
    slot.clear()
    assert slot.recoverable() is None


def test_missing_file_message(tmp_path):
    with pytest.raises(SessionError, match="no file"):
        load_session(tmp_path / "nope.calcwb")


def test_saving_cleans_up_what_a_killed_save_left_behind(tmp_path):
    path = tmp_path / "s.calcwb"
    stale = tmp_path / ".s.calcwb.abc123.tmp"
    stale.write_text("{half a sess")
    os.utime(stale, (1_000_000, 1_000_000))
    fresh = tmp_path / ".s.calcwb.def456.tmp"  # maybe another save in progress: kept
    fresh.write_text("{")
    save_session(Session(labs=[_explore()]), path)
    assert not stale.exists() and fresh.exists()
