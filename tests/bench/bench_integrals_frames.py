"""Benchmark: frame times of the Integrals lab's animations and of dragging a bound.

Run ``python tests/bench/bench_integrals_frames.py [rounds]`` (offscreen, or under
xvfb-run for a real X server). Each frame is timed from the state change to the end of
a synchronous repaint of the view on show (``show_frame`` then ``repaint()`` of the
view's widget: the plots, the numbers and the play bar, everything a frame changes;
the derivation panel beside it is not touched by a frame), which is what a student
waits for. Prints p50/p95/max ms per frame for the area sweep, the Riemann n
sweep (every rule) and a drag of b; the budget (DESIGN.md) is a p95 of 16 ms.
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


def _time_frames(lab, animation, rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        for index in range(animation.frame_count()):
            start = time.perf_counter()
            animation.show_frame(index)
            lab.views.currentWidget().repaint()
            samples.append((time.perf_counter() - start) * 1000.0)
    return samples


def _time_drag(lab, rounds: int) -> list[float]:
    line = lab.area.lines["b"]
    samples = []
    for _ in range(rounds):
        for value in [1.0 + 0.05 * k for k in range(60)]:
            start = time.perf_counter()
            line.setValue(value)
            lab.views.currentWidget().repaint()
            lab.a_field.repaint()
            lab.b_field.repaint()
            samples.append((time.perf_counter() - start) * 1000.0)
    return samples


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
    samples: dict[str, list[float]] = {}
    for text in functions:
        lab.restore({"function": text, "a": "-1", "b": "4", "view": "area"})
        app.processEvents()
        samples.setdefault("area sweep", []).extend(_time_frames(lab, lab.animation(), rounds))
        samples.setdefault("drag b", []).extend(_time_drag(lab, rounds))
        for rule in rules:
            lab.restore({"rule": rule, "view": "riemann"})
            app.processEvents()
            samples.setdefault(f"riemann n sweep ({rule})", []).extend(
                _time_frames(lab, lab.animation(), rounds))
    lab.close()
    return {name: (*_stats(values), len(values)) for name, values in samples.items()}


def report(results: dict[str, tuple]) -> None:
    """Print one line per animation."""
    print(f"{'animation':34s} {'p50 ms':>8s} {'p95 ms':>8s} {'max ms':>8s} {'frames':>7s}")
    for name, (p50, p95, worst, count) in results.items():
        print(f"{name:34s} {p50:8.2f} {p95:8.2f} {worst:8.2f} {count:7d}")


def test_bench_quick(qtbot):
    """Quick mode for CI: one round, one function; only checks that numbers came out."""
    results = run(rounds=1, functions=FUNCTIONS[:1], rules=("simpson",))
    report(results)
    assert {"area sweep", "drag b", "riemann n sweep (simpson)"} <= set(results)
    assert all(p50 > 0 and count > 0 for p50, _p95, _max, count in results.values())


if __name__ == "__main__":
    report(run(int(sys.argv[1]) if len(sys.argv) > 1 else 3))
