"""Benchmark: frame times of the Integrals lab's animations and of dragging a bound.

Run ``python tests/bench/bench_integrals_frames.py [rounds]`` (offscreen, or under
xvfb-run for a real X server). Each frame is timed from the state change to the end of
Qt having painted it (``show_frame`` then ``processEvents``, which
delivers the update requests the frame caused, as the event loop does between two
timer ticks), which is what a student waits for. Prints
wall-clock p50/p95/max and CPU p50/p95 ms per frame (CPU time is the process's own,
robust to a machine busy with other work) for the area sweep, the Riemann n sweep
(four rules) and a drag of b; the budget (DESIGN.md) is a p95 of 16 ms.
Nothing here asserts a time.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

if __name__ == "__main__":  # runnable from the worktree root without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

FUNCTIONS = ("x sin(x)", "e^(-x^2) + sin(3x)/2", "1/(1 + x^2)")


def _stats(samples: list[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered), p95, ordered[-1]


def _paint(lab) -> None:
    """Let Qt paint what the frame changed, as the event loop does between timer ticks.

    ``processEvents`` delivers the pending update requests, so the plots repaint the
    regions their items dirtied (pyqtgraph views update minimally), the labels and the
    play bar repaint, and nothing else does.
    """
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()


class _Clock:
    """Wall-clock and CPU milliseconds of each timed block (CPU time is what this process
    spent, so it stays meaningful on a machine busy with other work)."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def time(self, action) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        self.wall.append((time.perf_counter() - wall) * 1000.0)
        self.cpu.append((time.process_time() - cpu) * 1000.0)


def _time_frames(lab, animation, rounds: int, clock: _Clock) -> None:
    for _ in range(rounds):
        for index in range(animation.frame_count()):
            clock.time(lambda i=index: (animation.show_frame(i), _paint(lab)))


def _drag_to(lab, value: float) -> None:
    lab.area.lines["b"].setValue(value)
    _paint(lab)


def _time_drag(lab, rounds: int, clock: _Clock) -> None:
    for _ in range(rounds):
        for value in [1.0 + 0.05 * k for k in range(60)]:
            clock.time(lambda v=value: _drag_to(lab, v))


def run(rounds: int = 3, functions: tuple[str, ...] = FUNCTIONS,
        rules: tuple[str, ...] = ("left", "midpoint", "trapezoid", "simpson")) -> dict[str, tuple]:
    """p50/p95/max ms per frame for each animation (and the drag), over ``functions``."""
    from PySide6.QtWidgets import QApplication

    from tests.ui.fakes import FakeEngineClient
    from workbench.refcount_guard import keep_singletons_alive
    from workbench.ui.labs.integrals import IntegralsLab

    keep_singletons_alive()
    app = QApplication.instance() or QApplication([])
    lab = IntegralsLab(FakeEngineClient(hold=True))  # no engine: frames are window-only work
    lab.resize(1400, 900)
    lab.show()
    app.processEvents()
    clocks: dict[str, _Clock] = {}
    for text in functions:
        lab.restore({"function": text, "a": "-1", "b": "4", "view": "area"})
        lab.cancel()  # no "working…" indicator ticking: frames only
        app.processEvents()
        _time_frames(lab, lab.animation(), rounds, clocks.setdefault("area sweep", _Clock()))
        _time_drag(lab, rounds, clocks.setdefault("drag b", _Clock()))
        for rule in rules:
            lab.restore({"rule": rule, "view": "riemann"})
            lab.cancel()
            app.processEvents()
            _time_frames(lab, lab.animation(), rounds,
                         clocks.setdefault(f"riemann n sweep ({rule})", _Clock()))
    lab.close()
    return {name: (*_stats(c.wall), *_stats(c.cpu)[:2], len(c.wall))
            for name, c in clocks.items()}


def report(results: dict[str, tuple]) -> None:
    """Print one line per animation: wall-clock p50/p95/max, CPU p50/p95, frames."""
    print(f"{'animation':28s} {'p50':>7s} {'p95':>7s} {'max':>7s} {'cpu p50':>8s} "
          f"{'cpu p95':>8s} {'frames':>7s}   (ms)")
    for name, (p50, p95, worst, cpu50, cpu95, count) in results.items():
        print(f"{name:28s} {p50:7.2f} {p95:7.2f} {worst:7.2f} {cpu50:8.2f} {cpu95:8.2f} "
              f"{count:7d}")


def test_bench_quick(qtbot):
    """Quick mode for CI: one round, one function; only checks that numbers came out."""
    results = run(rounds=1, functions=FUNCTIONS[:1], rules=("simpson",))
    report(results)
    assert {"area sweep", "drag b", "riemann n sweep (simpson)"} <= set(results)
    assert all(row[0] > 0 and row[-1] > 0 for row in results.values())


if __name__ == "__main__":
    report(run(int(sys.argv[1]) if len(sys.argv) > 1 else 3))
