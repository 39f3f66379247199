"""Issue 19: hostile session files are refused with SessionError, untouched, in bounded memory.

The files are made by :mod:`tests.robustness.hostile_files`: FIFOs and device links
(which once blocked or read without end), quadratic backslash payloads, deep and wide
JSON, big numbers, wrong types, injections. The same files in the autosave slot are
no recovery and never stop start-up.
"""

from __future__ import annotations

import os
import tracemalloc
from pathlib import Path

import pytest

from tests.robustness.hostile_files import MAKERS
from workbench.session import Autosave, LabState, Session, SessionError, load_session
from workbench.session.storage import MAX_FILE_BYTES, save_session

MEMORY_BOUND = 256 * 1024 * 1024


def _fingerprint(path: Path) -> tuple:
    info = os.lstat(path)
    content = path.read_bytes() if path.is_file() and info.st_size < 2 ** 24 else b""
    return info.st_mode, info.st_size, info.st_mtime_ns, content


@pytest.mark.parametrize("name", sorted(MAKERS))
def test_hostile_file_is_refused_untouched(tmp_path, name):
    path = tmp_path / "hostile.calcwb"
    MAKERS[name](path)
    before = _fingerprint(path)
    tracemalloc.start()
    try:
        with pytest.raises(SessionError) as caught:
            load_session(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert caught.value.message and "\n" not in str(caught.value)
    assert _fingerprint(path) == before
    assert peak < MEMORY_BOUND, f"{peak / 1e6:.0f} MB for {name}"


@pytest.mark.parametrize("name", sorted(MAKERS))
def test_hostile_autosave_is_no_recovery(tmp_path, name):
    slot = Autosave(tmp_path)
    MAKERS[name](slot.path)
    assert slot.recoverable() is None
    slot.clear()  # what start-up does next: must not raise, even on a folder


def test_a_large_valid_file_loads_in_bounded_memory(tmp_path):
    path = tmp_path / "big.calcwb"
    filler = "x" * 1900
    labs = [LabState("explore", {"function": "x^2", "variable": "x"}, title=filler)
            for _ in range(64)]
    save_session(Session(labs=labs), path)
    text = path.read_text()
    padding = (MAX_FILE_BYTES - len(text) - 100) // 2004
    path.write_text(text[:-1] + ', "notes": [' + ",".join([f'"{filler}"'] * padding) + "]}")
    assert MAX_FILE_BYTES * 0.9 < path.stat().st_size <= MAX_FILE_BYTES
    tracemalloc.start()
    try:
        session = load_session(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(session.labs) == 64
    assert peak < MEMORY_BOUND


def test_stale_backup_links_of_dead_savers_are_removed(tmp_path):
    path = tmp_path / "s.calcwb"
    save_session(Session(), path)
    dead = _dead_pid()
    stale = tmp_path / f".s.calcwb.bak-{dead}"
    os.link(path, stale)
    alive = tmp_path / f".s.calcwb.bak-{os.getppid()}"  # a live process: maybe mid-save
    os.link(path, alive)
    save_session(Session(), path)
    assert not stale.exists()
    assert alive.exists()


def _dead_pid() -> int:
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)
    return pid
