"""The callgrind instruction counter: dump-file parsing, the shim, and skipping cleanly."""

from __future__ import annotations

import ctypes
import os
import shutil
import textwrap

import pytest

from tests.bench import instructions


def _dump(folder, name: str, trigger: str, total: int) -> None:
    (folder / name).write_text(
        "# callgrind format\nversion: 1\ncreator: callgrind-3.19.0\npart: 1\n\n"
        f"desc: I1 cache: \ndesc: Timerange: Basic block 0 - 9\ndesc: Trigger: {trigger}\n\n"
        f"positions: line\nevents: Ir\nsummary: {total}\n\n\nfn=(1) f\n0 {total}\n"
        "summary: 1\n")


def test_read_dumps_groups_frames_by_label_in_part_order(tmp_path):
    _dump(tmp_path, "cg.out", "Program termination", 18446744072195858051)
    _dump(tmp_path, "cg.out.1", "Client Request: drag, x^2 sin(x)", 100)
    _dump(tmp_path, "cg.out.2", "Client Request: baseline", 7)
    _dump(tmp_path, "cg.out.10", "Client Request: drag, x^2 sin(x)", 300)  # after part 9
    _dump(tmp_path, "cg.out.9", "Client Request: drag, x^2 sin(x)", 200)
    _dump(tmp_path, "cg.out.11", "Program termination", 5)
    _dump(tmp_path, "other.out.3", "Client Request: baseline", 1)  # another run's prefix
    counts = instructions.read_dumps(tmp_path)
    assert counts == {"drag, x^2 sin(x)": [100, 200, 300], "baseline": [7]}
    figures = instructions.millions({"f": [2_000_000, 4_000_000, 3_000_000]})
    assert figures["f"] == {"n": 3, "median": 3.0, "p95": 4.0, "max": 4.0}


def test_counter_is_a_no_op_outside_a_count(monkeypatch):
    monkeypatch.delenv(instructions.SHIM_ENV, raising=False)
    monkeypatch.setattr(instructions, "_COUNTER", None)
    counter = instructions.counter()
    assert not counter.active and instructions.counter() is counter
    counter.zero(), counter.frame("x"), counter.stop()  # nothing to call, nothing raised


def test_the_shim_compiles_and_its_requests_do_nothing_outside_valgrind(tmp_path):
    try:
        library = instructions.build_shim(tmp_path)
    except instructions.Unavailable as missing:
        pytest.skip(str(missing))
    assert instructions.build_shim(tmp_path) == library  # built once, then reused
    shim = ctypes.CDLL(str(library))
    shim.wb_start(), shim.wb_zero(), shim.wb_frame(b"frame"), shim.wb_stop()


def test_missing_valgrind_is_reported_and_skipped(monkeypatch, capsys):
    real = shutil.which
    monkeypatch.setattr(instructions.shutil, "which",
                        lambda name: None if name == "valgrind" else real(name))
    with pytest.raises(instructions.Unavailable, match="valgrind is not installed"):
        instructions.count_frames("whatever.py")
    assert instructions.run("x", "whatever.py", [], "X") is None
    assert "instruction counts skipped: valgrind is not installed" in capsys.readouterr().out


@pytest.mark.skipif(os.environ.get("WORKBENCH_BENCH_CALLGRIND") != "1",
                    reason="runs valgrind (a few seconds); set WORKBENCH_BENCH_CALLGRIND=1")
def test_count_frames_end_to_end(tmp_path):
    """A tiny loop whose frames do 1x, 2x and 3x the work: counts grow in proportion."""
    script = tmp_path / "loop.py"
    script.write_text(textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(instructions.ROOT)!r})
        from tests.bench.instructions import counter
        for k in (1, 2, 3):
            counter().zero()
            sum(range(20000 * k))
            counter().frame("loop")
        counter().stop()
    """))
    counts = instructions.count_frames(script)["loop"]
    assert len(counts) == 3 and counts[0] < counts[1] < counts[2]
    assert 2.5 < counts[2] / counts[0] < 3.5


def test_table_widens_for_long_labels():
    from tests.bench.common import summary, table

    long = "Monte Carlo histogram + running mean (20,000 samples)"
    lines = table("t", [(long, summary([1.0, 2.0])), ("short", summary([3.0]))]).splitlines()
    header, first, second = lines[-3:]
    assert len(header) == len(first) == len(second)  # every column lines up
    assert first.startswith(f"  {long} ") and second.split() == ["short", "1", "3.00", "3.00",
                                                                 "3.00"]
