"""Shared helpers of the benchmark suite: statistics, tables, JSON results, quick mode.

Benchmarks print their figures and write them to ``tests/bench/results/<name>.json``
(``WORKBENCH_BENCH_RESULTS=DIR`` writes them to DIR instead: the test run uses a
temporary folder so that its quick figures never replace a full run's); they never fail
because a machine is slow. ``WORKBENCH_BENCH_QUICK=1`` (set by CI) makes every benchmark
take few repetitions so that it keeps working without costing time.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def results_dir() -> Path:
    """Where JSON results go: ``$WORKBENCH_BENCH_RESULTS`` if set, else ``tests/bench/results``."""
    chosen = os.environ.get("WORKBENCH_BENCH_RESULTS", "")
    return Path(chosen) if chosen else RESULTS


def quick() -> bool:
    """True in quick mode (CI): few repetitions."""
    return os.environ.get("WORKBENCH_BENCH_QUICK", "") not in ("", "0")


def reps(full: int, fast: int) -> int:
    """The repetition count for the current mode."""
    return fast if quick() else full


def summary(samples_ms: Sequence[float]) -> dict[str, float]:
    """Median, 95th percentile and max of millisecond samples."""
    ordered = sorted(samples_ms)
    if not ordered:
        return {"n": 0, "median": float("nan"), "p95": float("nan"), "max": float("nan")}
    index = min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))
    return {"n": len(ordered), "median": statistics.median(ordered), "p95": ordered[index],
            "max": ordered[-1]}


def table(title: str, rows: Iterable[tuple[str, dict[str, float]]], budget: str = "") -> str:
    """A text table of summaries (ms), one row per measurement."""
    rows = list(rows)
    width = max([44, *(len(label) for label, _ in rows)])
    lines = [f"\n{title}" + (f"   (budget: {budget})" if budget else ""),
             f"  {'measurement':{width}} {'n':>5} {'median':>9} {'p95':>9} {'max':>9}"]
    for label, s in rows:
        lines.append(f"  {label:{width}} {s['n']:>5} {s['median']:>9.2f} {s['p95']:>9.2f} "
                     f"{s['max']:>9.2f}")
    return "\n".join(lines)


def write_results(name: str, data: dict) -> Path:
    """Save ``data`` (plus machine facts) as ``<results_dir()>/<name>.json``; returns the path."""
    folder = results_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.json"
    record = {"benchmark": name, "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
              "quick": quick(), "machine": {"cpus": os.cpu_count(),
                                            "python": platform.python_version()},
              "results": data}
    path.write_text(json.dumps(record, indent=1, default=float))
    return path


class EventLoopStallMeter:
    """The worst gap between ticks of a 10 ms Qt timer: how long the UI froze."""

    def __init__(self, interval_ms: int = 10) -> None:
        from PySide6.QtCore import QTimer

        self.interval_ms = interval_ms
        self.gaps: list[float] = []
        self._last = 0.0
        self._timer = QTimer()
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.gaps.clear()
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> dict[str, float]:
        self._timer.stop()
        return summary(self.gaps)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append((now - self._last) * 1000.0)
        self._last = now


def as_in_the_window(app) -> None:  # app: a QApplication
    """Bring a frame benchmark's labs to the state they have in the running window.

    The window loads the formula typesetter just after it appears (``MainWindow``), and
    freezes the heap once a lab is built (``workbench.ui.heap``). A benchmark that builds
    its labs directly would otherwise time a one-off import of ziamath (130-200 ms) in
    an early frame, and full garbage collections that walk every object of the labs.
    """
    from workbench.ui.heap import freeze_when_idle  # Qt only when asked
    from workbench.ui.math_view import shared_renderer

    shared_renderer().load()
    freeze_when_idle()
    app.processEvents()

