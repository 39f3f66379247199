"""Benchmark: the gradient lab's animation frames and its field recomputation.

Frames: six optimizers racing on Rosenbrock over a 400 x 400 contour field; each
frame moves the markers and path ends in the contour view, the loss plot's step line
(and the 3-D view when it is open), then Qt paints the window. Field: the contour
bands, labelled isolines and gradient arrows recomputed for a new view range, as on
pan and zoom (budget 50 ms), in the view only and then with the window painted.

Run as a script to print p50/p95/max in ms (``python tests/bench/bench_gradient_frames.py``;
``--frames N``, ``--steps N``; quick mode: 20 frames, 5 pans) and write them to
``results/gradient_frames.json``. ``--instructions`` counts instructions per frame and per
field recomputation under callgrind instead (load-independent; minutes; see
``tests/bench/instructions.py``). ``test_bench_quick`` runs a short version in the test suite
only to keep the script working: it asserts that numbers came out, never how fast.
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
    os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import numpy as np

from tests.bench import instructions
from tests.bench.common import as_in_the_window, reps, write_results

ROSENBROCK = "(1-x)^2 + 100(y - x^2)^2"
RACE = {"function": ROSENBROCK, "start": [-1.5, 2.0], "x_range": [-2.0, 2.0],
        "y_range": [-1.0, 3.0], "optimizers": ["gd", "momentum", "nesterov", "adagrad",
                                               "rmsprop", "adam"], "lr": 0.001}


def _lab(steps: int):
    from PySide6.QtWidgets import QApplication

    from workbench.refcount_guard import keep_singletons_alive

    keep_singletons_alive()
    app = QApplication.instance() or QApplication([])
    from tests.ui.fakes import FakeEngineClient
    from workbench.ui.labs.gradient import GradientLab

    lab = GradientLab(FakeEngineClient())
    lab.resize(1400, 900)
    lab.show()
    lab.restore({**RACE, "steps": steps})
    deadline = time.monotonic() + 60
    while (lab._latest or lab._descent_timer.isActive()) and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.002)
    as_in_the_window(app)
    if instructions.counter().active:
        instructions.lengthen_timers(lab)
    return app, lab


def _stats(samples: list[float]) -> dict[str, float]:
    values = np.array(samples) * 1000
    return {"p50": float(np.percentile(values, 50)), "p95": float(np.percentile(values, 95)),
            "max": float(values.max()), "n": len(values)}


def _timed(action, app, label: str = "") -> tuple[float, float, float]:
    """(update wall s, update + paint wall s, update + paint CPU s of this thread).

    The CPU time is reported too because other processes on a busy 2-core machine
    stretch wall times without the lab doing more work. Under ``--instructions`` the
    update and paint are also one callgrind dump named ``label``.
    """
    counter = instructions.counter()
    counter.zero()
    c0, t0 = time.thread_time(), time.perf_counter()
    action()
    t1 = time.perf_counter()
    app.processEvents()  # Qt paints what changed, as it does in the running app
    times = t1 - t0, time.perf_counter() - t0, time.thread_time() - c0
    counter.frame(label)
    return times


def _baseline(app, frames: int) -> list[float]:
    """A bare pyqtgraph plot of the same size moving one marker: the floor of a frame."""
    import pyqtgraph as pg

    widget = pg.PlotWidget(background="w")
    widget.resize(900, 560)
    widget.show()
    marker = pg.ScatterPlotItem(size=13)
    widget.addItem(marker)
    widget.setRange(xRange=[0, 1], yRange=[0, 1])
    for k in range(3):  # first paints (glyph caches, the whole widget) are not frames
        marker.setData([k / 97], [0.5])
        app.processEvents()
    samples = [_timed(lambda k=k: marker.setData([k % 97 / 97], [0.5]), app,
                      "bare plot frame")[1] for k in range(frames)]
    instructions.counter().stop()
    widget.close()
    return samples


def measure(frames: int = 300, steps: int = 500, pans: int = 40) -> dict[str, dict[str, float]]:
    """Frame and field-recomputation times (wall and CPU), and a bare-plot baseline."""
    app, lab = _lab(steps)
    animation = lab.animation()
    count = animation.frame_count()
    for k in range(3):  # first paints (glyph caches, the whole window) are not frames
        animation.show_frame(k)
        app.processEvents()
    # forwards in jumps of 7, so every frame moves every marker and path end
    frame_times = [_timed(lambda k=k: animation.show_frame((k * 7) % count), app,
                          "frame + paint") for k in range(frames)]
    instructions.counter().stop()  # set-up in between runs without instrumentation
    view = lab.contour

    def pan(k: int) -> None:
        shift = 0.05 * (k % 10)
        view.view_box.setRange(xRange=[-2.0 + shift, 2.0 + shift],
                               yRange=[-1.0 - shift, 3.0 - shift], padding=0)
        view.recompute()

    field_times = [_timed(lambda k=k: pan(k), app, "field + paint") for k in range(pans)]
    instructions.counter().stop()
    figures = {
        "frame update": _stats([t[0] for t in frame_times]),
        "frame + paint": _stats([t[1] for t in frame_times]),
        "frame CPU": _stats([t[2] for t in frame_times]),
        "bare plot frame": _stats(_baseline(app, frames)),
        "field 400x400": _stats([t[0] for t in field_times]),
        "field + paint": _stats([t[1] for t in field_times]),
        "field CPU": _stats([t[2] for t in field_times]),
    }
    figures["frames"] = {"p50": count, "p95": count, "max": count, "n": len(lab.runs)}
    lab.close()
    return figures


def report(figures: dict[str, dict[str, float]]) -> str:
    """The figures as a small table (milliseconds)."""
    racers = figures.pop("frames")
    lines = [f"{racers['n']} optimizers racing on Rosenbrock, {racers['p50']} frames, "
             "400x400 contour field; ms (CPU = this thread's CPU time; bare plot = one "
             "marker moving on an empty pyqtgraph plot, the floor)",
             f"{'what':<16}{'p50':>8}{'p95':>8}{'max':>8}{'n':>6}"]
    for name, f in figures.items():
        lines.append(f"{name:<16}{f['p50']:>8.2f}{f['p95']:>8.2f}{f['max']:>8.2f}"
                     f"{int(f['n']):>6}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict | None:
    """Time the frames (or, with ``--instructions``, count them), print and write JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=None)
    parser.add_argument("--steps", type=int, default=500)
    parser.add_argument("--pans", type=int, default=None)
    instructions.add_arguments(parser)
    args = parser.parse_args(argv)
    if args.instructions:
        child = ["--count-child", "--steps", str(args.steps), "--frames",
                 str(args.frames or reps(30, 3)), "--pans", str(args.pans or reps(8, 2))]
        return instructions.run("gradient_frames", __file__, child, "Gradient lab",
                                "bare plot frame")
    figures = measure(args.frames or reps(300, 20), args.steps, args.pans or reps(40, 5))
    if not args.count_child:
        write_results("gradient_frames", figures)
        print(report(dict(figures)))
    return figures


def test_bench_quick(qapp):
    figures = main(["--frames", "10", "--steps", "30", "--pans", "3"])
    assert figures["frame update"]["n"] == 10 and figures["field 400x400"]["n"] == 3
    assert figures["frames"]["n"] == 6


if __name__ == "__main__":
    main()
