"""A load-independent frame cost: instructions per frame, counted by valgrind's callgrind.

Wall-clock frame times on a shared 2-core machine swing by 2-3x with load; the number of
instructions a frame executes does not (with ``PYTHONHASHSEED=0`` it repeats to within a
few per cent), so it is the figure to compare before and after a change to a lab.

How it works. A tiny C shim (compiled once with gcc into ``tests/bench/results/.callgrind/``)
wraps the client requests of ``<valgrind/callgrind.h>``: ``wb_start`` (zero the counters,
start instrumentation, switch collection on), ``wb_zero`` (forget what ran since the last
frame), ``wb_frame(label)`` (``CALLGRIND_DUMP_STATS_AT(label)``: one dump file per frame)
and ``wb_stop``. Outside valgrind these requests are no-ops. ``count_frames(script, args)``
runs ``script`` under ``valgrind --tool=callgrind`` in a child process (instrumentation off
until ``wb_start``, so imports and set-up run at valgrind's cheaper speed) and reads the
``summary:`` line of each dump file ``cg.out.N`` whose trigger names a frame label.

In the child, a benchmark uses ``counter()``: ``counter().zero()`` before a frame,
``counter().frame(label)`` after it and ``counter().stop()`` after each animation (no-ops
unless the child runs under ``count_frames``).
``lengthen_timers(widget)`` sets every single-shot ``QTimer`` of a lab very long first:
under valgrind's ~50x slowdown, timers that a real drag keeps restarting (exact f'(a) after
150 ms at rest, a table settling) would otherwise fire inside every frame.

The frame benchmarks take ``--instructions``: ``python tests/bench/bench_derivatives_frames.py
--instructions`` prints millions of instructions per frame (median/p95/max) and writes
``results/<name>_instructions.json``. A run takes minutes; neither CI nor the test suite runs
it. Without valgrind, gcc or the header (Debian: ``apt install valgrind gcc``) it says which
is missing and skips.
"""

from __future__ import annotations

import argparse
import ctypes
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from tests.bench.common import RESULTS, summary, table, write_results

ROOT = Path(__file__).resolve().parents[2]
SHIM_ENV = "WORKBENCH_CALLGRIND_SHIM"
SHIM_SOURCE = r"""
#include <valgrind/callgrind.h>
void wb_start(void) {
    CALLGRIND_ZERO_STATS; CALLGRIND_START_INSTRUMENTATION; CALLGRIND_TOGGLE_COLLECT;
}
void wb_zero(void) { CALLGRIND_ZERO_STATS; }
void wb_frame(const char *label) { CALLGRIND_DUMP_STATS_AT(label); }
void wb_stop(void) { CALLGRIND_TOGGLE_COLLECT; CALLGRIND_STOP_INSTRUMENTATION; }
"""
_TRIGGER = "desc: Trigger: Client Request: "
_PART = re.compile(r"\.out\.(\d+)$")
LONG_MS = 10**8  # ~28 hours: a single-shot timer that never fires during a count


class Unavailable(RuntimeError):
    """valgrind, gcc or <valgrind/callgrind.h> is missing: instructions cannot be counted."""


def build_shim(cache: Path | None = None) -> Path:
    """The compiled shim (built once per source text); raises ``Unavailable``."""
    if shutil.which("gcc") is None:
        raise Unavailable("gcc is not installed (needed once to build the callgrind shim)")
    folder = cache or RESULTS / ".callgrind"
    digest = hashlib.sha1(SHIM_SOURCE.encode()).hexdigest()[:12]
    library = folder / f"libwbcallgrind-{digest}.so"
    if library.is_file():
        return library
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / f"wbcallgrind-{digest}.c"
    source.write_text(SHIM_SOURCE)
    built = subprocess.run(["gcc", "-shared", "-fPIC", "-O1", "-o", str(library), str(source)],
                           capture_output=True, text=True)
    if built.returncode != 0:
        raise Unavailable("cannot compile the callgrind shim (is <valgrind/callgrind.h> "
                          f"installed? Debian: apt install valgrind):\n{built.stderr[-600:]}")
    return library


def read_dumps(folder: Path, prefix: str = "cg.out") -> dict[str, list[int]]:
    """Instructions per frame, by label in frame order, from callgrind's dump files.

    Only dumps triggered by a client request (``wb_frame(label)``) count; the dump
    written at program termination and any other trigger are ignored.
    """
    parts = []
    for path in folder.glob(f"{prefix}.*"):
        number = _PART.search(path.name)
        if number is None:
            continue
        label, total = None, None
        with path.open(errors="replace") as lines:
            for line in lines:
                if line.startswith(_TRIGGER):
                    label = line[len(_TRIGGER):].rstrip("\n")
                elif line.startswith("summary:"):
                    total = int(line.split()[1])
                    break
        if label is not None and total is not None:
            parts.append((int(number.group(1)), label, total))
    counts: dict[str, list[int]] = {}
    for _, label, total in sorted(parts):
        counts.setdefault(label, []).append(total)
    return counts


def count_frames(script: str | Path, args: Sequence[str] = (),
                 timeout: float = 3600) -> dict[str, list[int]]:
    """Run ``python script args`` under callgrind; instructions per frame, by label.

    The child sees ``WORKBENCH_CALLGRIND_SHIM`` (so its ``counter()`` is live),
    ``PYTHONHASHSEED=0`` (dict and set orders, hence the work done, repeat run to run)
    and the offscreen Qt platform. Raises ``Unavailable`` without valgrind or the shim,
    ``RuntimeError`` (with the child's last words) if the child fails.
    """
    if shutil.which("valgrind") is None:
        raise Unavailable("valgrind is not installed (Debian: apt install valgrind)")
    shim = build_shim()
    env = {**os.environ, SHIM_ENV: str(shim), "PYTHONHASHSEED": "0",
           "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    with tempfile.TemporaryDirectory(prefix="wb-callgrind-") as folder:
        command = ["valgrind", "--tool=callgrind", "--instr-atstart=no", "--collect-atstart=no",
                   "--dump-line=no", f"--callgrind-out-file={folder}/cg.out",
                   sys.executable, str(script), *args]
        run = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True,
                             timeout=timeout)
        if run.returncode != 0:
            raise RuntimeError(f"the counted run failed (exit {run.returncode}):\n"
                               + "\n".join(run.stderr.splitlines()[-15:]))
        return read_dumps(Path(folder))


class _Counter:
    """The child's side: zero before a frame, dump after it (no-ops when not counting)."""

    def __init__(self, library: str | None) -> None:
        self.active = bool(library)
        self._lib = ctypes.CDLL(library) if library else None
        self._started = False

    def zero(self) -> None:
        """Forget what ran since the last frame; after ``stop()`` it starts counting again."""
        if self._lib is None:
            return
        if not self._started:
            self._lib.wb_start()
            self._started = True
        else:
            self._lib.wb_zero()

    def frame(self, label: str) -> None:
        """Dump the instructions since ``zero()`` as one frame of ``label`` (an empty
        label, as for warm-up frames, dumps nothing)."""
        if self._lib is not None and self._started and label:
            self._lib.wb_frame(label.replace("\n", " ").encode())

    def stop(self) -> None:
        """Stop counting and instrumenting: set-up until the next ``zero()`` (building the
        next lab, computing its derivative) runs at valgrind's uninstrumented speed."""
        if self._lib is not None and self._started:
            self._lib.wb_stop()
            self._started = False


_COUNTER: _Counter | None = None


def counter() -> _Counter:
    """This process's counter: live under ``count_frames``, otherwise every call is a no-op."""
    global _COUNTER
    if _COUNTER is None:
        _COUNTER = _Counter(os.environ.get(SHIM_ENV) or None)
    return _COUNTER


def lengthen_timers(widget) -> int:
    """Set every single-shot QTimer under ``widget`` to ~28 h; returns how many.

    Under valgrind a frame takes ~50x longer, so a timer that a real drag keeps
    restarting would fire inside every counted frame and inflate it.
    """
    from PySide6.QtCore import QTimer

    timers = [t for t in widget.findChildren(QTimer) if t.isSingleShot()]
    for timer in timers:
        timer.setInterval(LONG_MS)
    return len(timers)


def millions(counts: dict[str, list[int]]) -> dict[str, dict[str, float]]:
    """median/p95/max of each label's counts, in millions of instructions."""
    return {label: summary([c / 1e6 for c in values]) for label, values in counts.items()}


def ratios(figures: dict[str, dict[str, float]], baseline: str) -> dict[str, float]:
    """Each label's median over the baseline's (empty without that baseline)."""
    base = figures.get(baseline, {}).get("median") if baseline else None
    if not base:
        return {}
    return {label: f["median"] / base for label, f in figures.items() if label != baseline}


def add_arguments(parser) -> None:  # parser: an argparse.ArgumentParser
    """The two flags every frame benchmark takes: ``--instructions`` (count, minutes) and
    the hidden ``--count-child`` (this process is the one under callgrind)."""
    parser.add_argument("--instructions", action="store_true",
                        help="count instructions per frame under callgrind (minutes)")
    parser.add_argument("--count-child", action="store_true", help=argparse.SUPPRESS)


def run(name: str, script: str | Path, args: Sequence[str], title: str,
        baseline: str = "") -> dict | None:
    """Count ``script``'s frames, print the table (and the ratios of medians to the
    ``baseline`` label, if counted) and write ``<name>_instructions.json``.

    Returns the figures, or None (having printed why) when the tools are missing.
    """
    try:
        counts = count_frames(script, args)
    except Unavailable as missing:
        print(f"instruction counts skipped: {missing}")
        return None
    figures = millions(counts)
    print(table(f"{title} (millions of instructions per frame, callgrind)", figures.items()))
    against = ratios(figures, baseline)
    for label, ratio in against.items():
        print(f"  {label} / {baseline}: {ratio:.1f}x")
    write_results(f"{name}_instructions", {"unit": "million instructions per frame",
                                           "frames": figures, "ratios_to_baseline": against,
                                           "counts": counts})
    return figures
