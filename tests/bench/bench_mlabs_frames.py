"""Benchmark: animation frame times of the Backprop, Sums and Probability labs.

Run as a script to print p50/p95/max milliseconds per frame
(``python tests/bench/bench_mlabs_frames.py``, ``--rounds N`` for more passes over each
animation; quick mode: one pass) and write them to ``results/mlabs_frames.json``.
``--instructions`` counts instructions per frame under callgrind instead
(load-independent; minutes; see ``tests/bench/instructions.py``). A frame is the lab's
own frame step (texts and colours of the graph; the partial-sum bars; the Monte Carlo
histogram and running mean) plus the repaint Qt then does of what changed, at 1400x900
on the current Qt platform (offscreen in the tests).
``test_bench_quick`` runs one short pass to keep the script working; it asserts only that
numbers came out, never how fast they were (the budget is p95 <= 16 ms).
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

import numpy as np

from tests.bench import instructions
from tests.bench.common import as_in_the_window, reps, write_results

SIZE = (1400, 900)
UNITS = 20


def deep_stack(units: int) -> dict:
    """A Backprop lab state: ``units`` sigmoid units in a chain, a_k = σ(w_k a_(k-1)),
    a_0 = x, with its squared error against y (the vanishing-gradient picture as a graph)."""
    text = "x"
    for k in range(1, units + 1):
        text = f"sigmoid(w{k} {text})"
    inputs = {"x": 1.0, "y": 1.0, **{f"w{k}": 0.5 + 0.05 * k for k in range(1, units + 1)}}
    return {"expression": f"(y - {text})^2", "inputs": inputs}


def _settle(app, lab, purposes: tuple[str, ...], timeout: float = 60.0) -> None:
    """Run the event loop until the lab has its engine answers."""
    deadline = time.monotonic() + timeout
    while any(lab.is_waiting(p) for p in purposes) and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.005)
    app.processEvents()


def _times(app, player, rounds: int, label: str = "",
           stride: int = 1) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds per frame: the frame step, then ``processEvents`` so Qt
    paints what changed, as it does in the running app. CPU time (this thread only)
    stays honest on a busy machine, where wall time includes waiting for a core.
    Under ``--instructions`` each frame is also a callgrind dump named ``label``."""
    counter = instructions.counter()
    wall, cpu = [], []
    for _ in range(rounds):
        for index in range(0, player.count(), stride):
            counter.zero()
            c0, t0 = time.thread_time(), time.perf_counter()
            player.set_frame(index, force=True)
            app.processEvents()
            wall.append((time.perf_counter() - t0) * 1e3)
            cpu.append((time.thread_time() - c0) * 1e3)
            counter.frame(label)
    counter.stop()  # set-up between animations runs without valgrind's instrumentation
    return wall, cpu


def _labs(app) -> dict[str, tuple[object, object, object]]:
    """name -> (lab, its player, its animated figure), each prepared and settled."""
    from tests.ui.fakes import FakeEngineClient
    from workbench.ui.labs.backprop import BackpropLab
    from workbench.ui.labs.probability import ProbabilityLab
    from workbench.ui.labs.series import SeriesLab

    client = FakeEngineClient()
    prepared = {}
    backprop = BackpropLab(client)
    prepared["backprop pass (neuron + loss, 21 frames)"] = (backprop, backprop.player,
                                                              backprop.graph, ("graph",))
    deep = BackpropLab(client)
    deep.restore(deep_stack(UNITS))
    prepared[f"backprop pass ({UNITS} stacked sigmoid units)"] = (deep, deep.player,
                                                                  deep.graph, ("graph",))
    series = SeriesLab(client)
    series.apply_try_it({"term": "1/k^2", "index": "k", "lo": 1, "hi": 200})
    prepared["partial sums (1/k^2, 200 bars)"] = (series, series.player, series.plot,
                                                  ("series",))
    line = SeriesLab(client)
    line.apply_try_it({"term": "k", "index": "k", "lo": 1, "hi": 5000})
    prepared["partial sums (k, 5000 points as a line)"] = (line, line.player, line.plot,
                                                           ("series",))
    prob = ProbabilityLab(client)
    prob.tabs.setCurrentIndex(1)
    prepared["Monte Carlo histogram + running mean (20,000 samples)"] = (
        prob, prob.monte_carlo.player, prob.monte_carlo, ("probability", "expectation"))
    for lab, _player, _figure, purposes in prepared.values():
        lab.resize(*SIZE)
        lab.show()
        _settle(app, lab, purposes)
    as_in_the_window(app)
    return {name: (lab, player, figure) for name, (lab, player, figure, _p) in prepared.items()}


def measure(rounds: int = 5, stride: int = 1) -> dict[str, dict[str, float]]:
    """p50/p95/max ms per frame for each animation (every ``stride``-th frame)."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    figures = {}
    for name, (lab, player, figure) in _labs(app).items():
        figure.raise_()
        if instructions.counter().active:
            instructions.lengthen_timers(lab)
        _times(app, player, 1, stride=stride)  # warm caches (fonts, first paint)
        wall, cpu = (np.array(t) for t in _times(app, player, rounds, name, stride))
        figures[name] = {"frames": float(player.count()), "samples": float(wall.size),
                         "p50": float(np.percentile(wall, 50)),
                         "p95": float(np.percentile(wall, 95)), "max": float(wall.max()),
                         "cpu_p95": float(np.percentile(cpu, 95))}
        lab.close()
    return figures


def report(figures: dict[str, dict[str, float]]) -> str:
    """The figures as a small table."""
    lines = [f"animation frame times, ms (frame step + Qt's repaint at {SIZE[0]}x{SIZE[1]}, "
             "budget p95 <= 16 ms; cpu = this thread's CPU time)",
             f"{'animation':<56}{'frames':>7}{'p50':>8}{'p95':>8}{'max':>8}{'cpu p95':>9}"]
    for name, f in figures.items():
        lines.append(f"{name:<56}{int(f['frames']):>7}{f['p50']:>8.2f}{f['p95']:>8.2f}"
                     f"{f['max']:>8.2f}{f['cpu_p95']:>9.2f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict | None:
    """Time the frames (or, with ``--instructions``, count them), print and write JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=None)
    parser.add_argument("--stride", type=int, default=1, help="time every N-th frame only")
    instructions.add_arguments(parser)
    args = parser.parse_args(argv)
    if args.instructions:  # one pass over every 2nd frame: frames repeat pass to pass
        return instructions.run("mlabs_frames", __file__,
                                ["--count-child", "--rounds", "1", "--stride", str(reps(2, 8))],
                                "Backprop, Sums and Probability labs")
    figures = measure(args.rounds or reps(5, 1), args.stride)
    if not args.count_child:
        print("\n" + report(figures))
        write_results("mlabs_frames", figures)
    return figures


def test_bench_quick(qapp):
    figures = main(["--rounds", "1"])
    assert len(figures) == 5
    assert all(f["samples"] >= f["frames"] > 1 and f["p95"] > 0 for f in figures.values())


if __name__ == "__main__":
    main()
