"""Benchmark: frame times of the Derivatives lab's animations.

Two animations: the secant sweep (h -> 0, one precomputed step per frame) and a
tangent drag (the point a moved along the curve, as a mouse drag does). A frame is
the model change plus the event-loop turn that paints what changed
(offscreen). Prints p50 / p95 / max in ms and writes them to
``results/derivatives_frames.json``; the budget is p95 <= 16 ms.

Run as a script: ``python tests/bench/bench_derivatives_frames.py [--frames N]`` (quick
mode: 10 frames). ``--instructions`` counts instructions per frame under callgrind instead
(load-independent; minutes; see ``tests/bench/instructions.py``).
``test_bench_quick`` runs a short version only to keep the script working.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

if __name__ == "__main__":  # runnable from the worktree root without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from workbench.refcount_guard import keep_singletons_alive

    keep_singletons_alive()

import numpy as np
from PySide6.QtWidgets import QApplication

from tests.bench import instructions
from tests.bench.common import as_in_the_window, reps, write_results

FUNCTIONS = ("x^3 - 3x", "x^2 sin(x)", "sigmoid(x) + tan(x)")
BASELINE = "baseline: bare plot, one moving point"


def _lab(app: QApplication, text: str, views: list[str]):
    from tests.ui.fakes import FakeEngineClient
    from workbench.ui.labs.derivatives import DerivativesLab

    client = FakeEngineClient(real_derive=True)
    lab = DerivativesLab(client)
    lab.resize(1400, 900)
    lab.show()
    client.start()
    lab.restore({"function": text, "point": 1.2, "h": 1.0, "views": views})
    lab.editor.compute_now()
    deadline = time.monotonic() + 30
    while (lab.model.df is None or lab.is_waiting("critical")) and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    for _ in range(5):
        app.processEvents()
    as_in_the_window(app)
    if instructions.counter().active:
        instructions.lengthen_timers(lab)
    return lab


def _frame_times(app: QApplication, lab, show, count: int, label: str = "") -> list[float]:
    """Wall ms of each frame; under ``--instructions`` each frame is also a callgrind dump.

    The first frames are shown once untimed, so that first-paint costs (glyph caches,
    a whole-window paint) do not count as frames of the animation.
    """
    for i in range(min(3, count)):
        show(i)
        app.processEvents()
    counter = instructions.counter()
    times = []
    for i in range(count):
        counter.zero()
        t0 = time.perf_counter()
        show(i)
        app.processEvents()
        times.append((time.perf_counter() - t0) * 1000)
        counter.frame(label)
    counter.stop()  # set-up between animations runs without valgrind's instrumentation
    return times


def _stats(times: list[float]) -> dict[str, float]:
    return {"p50": float(np.percentile(times, 50)), "p95": float(np.percentile(times, 95)),
            "max": float(np.max(times)), "frames": len(times)}


def baseline(app: QApplication, frames: int) -> dict[str, float]:
    """A bare pyqtgraph plot of one curve, the size of the lab's main plot, moving one point."""
    import pyqtgraph as pg

    widget = pg.PlotWidget(background="w")
    widget.resize(900, 450)
    xs = np.linspace(-3, 3, 400)
    widget.plot(xs, xs ** 3 - 3 * xs, pen=pg.mkPen("#1565c0", width=2))
    widget.show()
    app.processEvents()
    # the view fits the curve once: a dot near the edge must not re-range the axes (and
    # redraw them) in some frames, or the floor swings 3x between frames
    widget.getViewBox().disableAutoRange()
    dot = pg.ScatterPlotItem(size=12)
    widget.addItem(dot)

    def move(i: int) -> None:
        x = xs[i % xs.size]
        dot.setData([x], [x ** 3 - 3 * x])

    times = _frame_times(app, widget, move, frames, BASELINE)
    widget.close()
    return _stats(times)


def measure(frames: int = 120) -> dict[str, dict[str, float]]:
    """p50/p95/max ms per frame for each animation and function, and a bare baseline."""
    app = QApplication.instance() or QApplication([])
    figures: dict[str, dict[str, float]] = {BASELINE: baseline(app, frames)}
    for text in FUNCTIONS:
        views = ["secant", "tangent", "second", "error", "steps"]
        lab = _lab(app, text, views)
        animation = lab.animation()
        count = min(frames, animation.frame_count())
        secant = _frame_times(app, lab, lambda i, a=animation, n=count: a.show_frame(i % n),
                              frames, f"secant frame, {text}")
        xs = np.linspace(-2.0, 2.0, frames)
        tangent = _frame_times(app, lab,
                               lambda i, lab=lab, xs=xs: lab.handle.dragged.emit(float(xs[i])),
                               frames, f"tangent drag frame, {text}")
        for name, times in (("secant frame", secant), ("tangent drag frame", tangent)):
            figures[f"{name}, {text}"] = _stats(times)
        lab.close()
        lab.deleteLater()
        app.processEvents()
    return figures


def report(figures: dict[str, dict[str, float]],
           title: str = "Derivatives lab, 1400x900 offscreen, all views on",
           width: int = 44) -> str:
    """The figures as a small table (``width``: of the first column)."""
    lines = [f"{title} (budget p95 <= 16 ms)",
             f"{'animation, function':<{width}}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}"
             f"{'frames':>8}"]
    for name, f in figures.items():
        lines.append(f"{name:<{width}}{f['p50']:>9.2f}{f['p95']:>9.2f}{f['max']:>9.2f}"
                     f"{int(f['frames']):>8}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict | None:
    """Time the frames (or, with ``--instructions``, count them), print and write JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=None)
    instructions.add_arguments(parser)
    args = parser.parse_args(argv)
    if args.instructions:
        child = ["--count-child", "--frames", str(args.frames or reps(20, 3))]
        return instructions.run("derivatives_frames", __file__, child, "Derivatives lab",
                                BASELINE)
    figures = measure(args.frames or reps(120, 10))
    if not args.count_child:
        print(report(figures))
        write_results("derivatives_frames", figures)
    return figures


def test_bench_quick(qapp):
    """The benchmark runs and produces numbers (no timing is asserted)."""
    figures = main(["--frames", "4"])
    assert len(figures) == 2 * len(FUNCTIONS) + 1
    assert all(f["frames"] == 4 and f["p95"] > 0 for f in figures.values())


if __name__ == "__main__":
    main()
