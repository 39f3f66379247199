"""Benchmark: frame times of the Integrals lab's animations and of dragging a bound.

Run ``python tests/bench/bench_integrals_frames.py [rounds]`` (offscreen, or under
xvfb-run for a real X server; quick mode: one round of one function). Each frame is
timed from the state change to the end of Qt having painted it (``show_frame`` then
``processEvents``, which
delivers the update requests the frame caused, as the event loop does between two
timer ticks), which is what a student waits for. Prints
wall-clock p50/p95/max and CPU p50/p95 ms per frame (CPU time is the process's own,
robust to a machine busy with other work) for the area sweep, the Riemann n sweep
(four rules) and a drag of b, and writes them to ``results/integrals_frames.json``; the
budget (DESIGN.md) is a p95 of 16 ms. ``--instructions`` counts instructions per frame
under callgrind instead (load-independent; minutes; see ``tests/bench/instructions.py``).
Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

if __name__ == "__main__":  # runnable from the worktree root without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.bench import instructions
from tests.bench.common import as_in_the_window, quick, reps, write_results

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

    def __init__(self, label: str = "") -> None:
        self.label = label
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def time(self, action) -> None:
        counter = instructions.counter()  # under --instructions, each block is one dump
        counter.zero()
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        self.wall.append((time.perf_counter() - wall) * 1000.0)
        self.cpu.append((time.process_time() - cpu) * 1000.0)
        counter.frame(self.label)


def _time_frames(lab, animation, rounds: int, clock: _Clock, stride: int = 1) -> None:
    animation.show_frame(0)  # untimed: the first paint after a restore is not a frame
    _paint(lab)
    for _ in range(rounds):
        for index in range(0, animation.frame_count(), stride):
            clock.time(lambda i=index: (animation.show_frame(i), _paint(lab)))
    instructions.counter().stop()  # set-up in between runs without instrumentation


def _drag_to(lab, value: float) -> None:
    lab.area.lines["b"].setValue(value)
    _paint(lab)


def _time_drag(lab, rounds: int, clock: _Clock, stride: int = 1) -> None:
    for _ in range(rounds):
        for value in [1.0 + 0.05 * k for k in range(0, 60, stride)]:
            clock.time(lambda v=value: _drag_to(lab, v))
    instructions.counter().stop()


def run(rounds: int = 3, functions: tuple[str, ...] = FUNCTIONS,
        rules: tuple[str, ...] = ("left", "midpoint", "trapezoid", "simpson"),
        stride: int = 1) -> dict[str, tuple]:
    """p50/p95/max ms per frame for each animation (and the drag), over ``functions``;
    ``stride`` > 1 takes every stride-th frame (for the slow instruction count)."""
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
    as_in_the_window(app)
    clocks: dict[str, _Clock] = {}

    def clock(name: str) -> _Clock:
        return clocks.setdefault(name, _Clock(name))

    for text in functions:
        lab.restore({"function": text, "a": "-1", "b": "4", "view": "area"})
        _settle(app, lab)
        _time_frames(lab, lab.animation(), rounds, clock("area sweep"), stride)
        _time_drag(lab, rounds, clock("drag b"), stride)
        for rule in rules:
            lab.restore({"rule": rule, "view": "riemann"})
            _settle(app, lab)
            _time_frames(lab, lab.animation(), rounds, clock(f"riemann n sweep ({rule})"),
                         stride)
    lab.close()
    return {name: (*_stats(c.wall), *_stats(c.cpu)[:2], len(c.wall))
            for name, c in clocks.items()}


def _settle(app, lab) -> None:
    """No "working…" indicator ticking (frames only); under ``--instructions`` no
    single-shot timer firing inside a slowed-down frame either."""
    lab.cancel()
    if instructions.counter().active:
        instructions.lengthen_timers(lab)
    app.processEvents()


def as_json(results: dict[str, tuple]) -> dict[str, dict[str, float]]:
    """The figures of ``run`` with names: wall median/p95/max, CPU median/p95 (ms), n."""
    keys = ("median", "p95", "max", "cpu_median", "cpu_p95", "n")
    return {name: dict(zip(keys, row)) for name, row in results.items()}


def report(results: dict[str, tuple]) -> None:
    """Print one line per animation: wall-clock p50/p95/max, CPU p50/p95, frames."""
    print(f"{'animation':28s} {'p50':>7s} {'p95':>7s} {'max':>7s} {'cpu p50':>8s} "
          f"{'cpu p95':>8s} {'frames':>7s}   (ms)")
    for name, (p50, p95, worst, cpu50, cpu95, count) in results.items():
        print(f"{name:28s} {p50:7.2f} {p95:7.2f} {worst:7.2f} {cpu50:8.2f} {cpu95:8.2f} "
              f"{count:7d}")


def main(argv: list[str] | None = None) -> dict | None:
    """Time the frames (or, with ``--instructions``, count them), print and write JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rounds", type=int, nargs="?", default=None)
    parser.add_argument("--stride", type=int, default=1, help="time every N-th frame only")
    instructions.add_arguments(parser)
    args = parser.parse_args(argv)
    if args.instructions:  # one round, every 5th frame (~180 frames): frames repeat
        return instructions.run("integrals_frames", __file__,
                                ["--count-child", "1", "--stride", str(reps(5, 20))],
                                "Integrals lab")
    functions = FUNCTIONS[:1] if quick() else FUNCTIONS
    results = run(args.rounds or reps(3, 1), functions, stride=args.stride)
    if not args.count_child:
        report(results)
        write_results("integrals_frames", as_json(results))
    return results


def test_bench_quick(qtbot):
    """Quick mode for CI: one round, one function; only checks that numbers came out."""
    results = run(rounds=1, functions=FUNCTIONS[:1], rules=("simpson",))
    report(results)
    assert {"area sweep", "drag b", "riemann n sweep (simpson)"} <= set(results)
    assert all(row[0] > 0 and row[-1] > 0 for row in results.values())
    assert as_json(results)["drag b"]["n"] == 60


if __name__ == "__main__":
    main()
