"""Benchmark: the Explore view's tangent following the mouse (frame times).

The main window shows f and f' of each function; a frame is one mouse move over the plot
(the scene's mouse-moved signal, as Qt sends it): the crosshair, the read-out of every
curve, the markers and the tangent at x, then the event-loop turn that paints what
changed, at 1400x900 on the current Qt platform (offscreen in the tests). The mouse sweeps
the plot from left to right, over tan's poles. Prints p50/p95/max ms (budget p95 <= 16 ms)
and writes them to ``results/explore_frames.json``.

Run as a script: ``python tests/bench/bench_explore_frames.py [--frames N]`` (quick mode:
10 frames). ``--instructions`` counts instructions per frame under callgrind instead
(load-independent; minutes; see ``tests/bench/instructions.py``). ``test_bench_quick`` runs
a short version only to keep the script working.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

if __name__ == "__main__":  # runnable from the worktree root without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
    from workbench.refcount_guard import keep_singletons_alive

    keep_singletons_alive()

import numpy as np
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QApplication

from tests.bench import instructions
from tests.bench.bench_derivatives_frames import _stats as frame_stats
from tests.bench.bench_derivatives_frames import report
from tests.bench.common import as_in_the_window, reps, write_results

FUNCTIONS = ("x^2 sin(x)", "sigmoid(x) + tan(x)")
SIZE = (1400, 900)


def _window(app: QApplication, text: str):
    """The main window showing ``text`` with its derivative drawn, settled."""
    from tests.ui.fakes import FakeEngineClient, derive_job
    from workbench.ui.main_window import MainWindow
    from workbench.ui.settings import Settings

    client = FakeEngineClient(real_derive=True)
    settings = Settings(str(Path(tempfile.mkdtemp()) / "bench.ini"))
    window = MainWindow(client, settings, job_factory=derive_job)
    window.resize(*SIZE)
    window.show()
    client.start()
    window.editor.set_text(text)
    window.editor.compute_now()
    deadline = time.monotonic() + 30
    while window.canvas.tree("df") is None and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    for _ in range(5):
        app.processEvents()
    as_in_the_window(app)
    if instructions.counter().active:
        instructions.lengthen_timers(window)
    return window, client


def _sweep(window, frames: int) -> list[QPointF]:
    """Scene positions across the middle of the plot, left to right."""
    view = window.canvas.plot.getViewBox()
    rect = view.sceneBoundingRect()
    xs = np.linspace(rect.left() + 5, rect.right() - 5, frames)
    return [QPointF(float(x), rect.center().y()) for x in xs]


def frame_times(app: QApplication, window, frames: int, label: str = "") -> list[float]:
    """Wall ms of each mouse-move frame (three untimed first, for first-paint costs); under
    ``--instructions`` each frame is also a callgrind dump named ``label``."""
    scene = window.canvas.plot.scene()
    points = _sweep(window, frames)
    for point in points[:3]:
        scene.sigMouseMoved.emit(point)
        app.processEvents()
    counter = instructions.counter()
    times = []
    for point in points:
        counter.zero()
        t0 = time.perf_counter()
        scene.sigMouseMoved.emit(point)
        app.processEvents()
        times.append((time.perf_counter() - t0) * 1000)
        counter.frame(label)
    counter.stop()
    return times


def measure(frames: int = 200) -> dict[str, dict[str, float]]:
    """p50/p95/max ms per frame for each function."""
    app = QApplication.instance() or QApplication([])
    figures = {}
    for text in FUNCTIONS:
        window, client = _window(app, text)
        name = f"tangent follows the mouse, {text}"
        times = frame_times(app, window, frames, name)
        assert window.canvas.crosshair.isVisible()  # the frames did follow the mouse
        figures[name] = frame_stats(times)
        client.shutdown()
        window.close()
        window.deleteLater()
        app.processEvents()
    return figures


def main(argv: list[str] | None = None) -> dict | None:
    """Time the frames (or, with ``--instructions``, count them), print and write JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=None)
    instructions.add_arguments(parser)
    args = parser.parse_args(argv)
    if args.instructions:
        child = ["--count-child", "--frames", str(args.frames or reps(20, 3))]
        return instructions.run("explore_frames", __file__, child, "Explore view")
    figures = measure(args.frames or reps(200, 10))
    if not args.count_child:
        print(report(figures, f"Explore view, {SIZE[0]}x{SIZE[1]}", 48))
        write_results("explore_frames", figures)
    return figures


def test_bench_quick(qapp):
    """The benchmark runs and produces numbers (no timing is asserted)."""
    figures = main(["--frames", "4"])
    assert len(figures) == len(FUNCTIONS)
    assert all(f["frames"] == 4 and f["p95"] > 0 for f in figures.values())


if __name__ == "__main__":
    main()
