"""Benchmark: 10,000 optimizer steps per method on the Rosenbrock function.

Run as a script to print the figures (``python tests/bench/bench_optimizers.py``,
``--steps N`` to change the count) and write them to ``results/optimizers.json``; quick
mode (``WORKBENCH_BENCH_QUICK=1``) takes 500 steps and one run per method.
``test_bench_quick`` runs a short version in the test suite only to keep the script
working; it asserts that numbers came out, never how fast they were.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

if __name__ == "__main__":  # runnable from the worktree root without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench.common import reps, write_results
from workbench.engine.optimizers import DEFAULTS, optimize

ROSENBROCK = "(1 - x)^2 + 100(y - x^2)^2"
START = (-1.5, 2.0)
RATES = {"gd": 1e-3, "momentum": 1e-4, "adagrad": 0.1, "rmsprop": 1e-3, "adam": 1e-2}


def measure(steps: int = 10_000, repeats: int = 3) -> dict[str, dict[str, float]]:
    """Best wall time of ``repeats`` runs of ``steps`` updates per method (compile included)."""
    optimize(ROSENBROCK, "x y", START, steps=1)  # the first lambdify pays for printer imports
    setup = math.inf
    for _ in range(3):  # best of three, as for the runs below, so that setup <= total
        t0 = time.perf_counter()
        optimize(ROSENBROCK, "x y", START, steps=0)  # parse, differentiate, lambdify only
        setup = min(setup, time.perf_counter() - t0)
    figures: dict[str, dict[str, float]] = {}
    for method in DEFAULTS:
        best = math.inf
        for _ in range(repeats):
            t0 = time.perf_counter()
            traj = optimize(ROSENBROCK, "x y", START, method=method, lr=RATES[method],
                            steps=steps, tol=0)
            best = min(best, time.perf_counter() - t0)
        figures[method] = {"seconds": best, "setup": setup,
                           "us_per_step": max(best - setup, 0.0) / steps * 1e6,
                           "updates": len(traj.points) - 1, "final_loss": traj.losses[-1]}
    return figures


def report(figures: dict[str, dict[str, float]], steps: int) -> str:
    """The figures as a small table."""
    lines = [f"{steps} steps on Rosenbrock from {START}; total = best run including parse, "
             "gradient and lambdify (setup); us/step excludes setup",
             f"{'method':<10}{'total s':>10}{'setup s':>10}{'us/step':>10}{'updates':>9}"
             f"{'final loss':>14}"]
    for method, f in figures.items():
        lines.append(f"{method:<10}{f['seconds']:>10.3f}{f['setup']:>10.3f}"
                     f"{f['us_per_step']:>10.1f}"
                     f"{int(f['updates']):>9}{f['final_loss']:>14.4g}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict[str, dict[str, float]]:
    """Measure, print the table and write it as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=reps(10_000, 500))
    parser.add_argument("--repeats", type=int, default=reps(3, 1))
    args = parser.parse_args(argv)
    figures = measure(args.steps, args.repeats)
    print(report(figures, args.steps))
    write_results("optimizers", {"steps": args.steps, "repeats": args.repeats,
                                 "start": list(START), "methods": figures})
    return figures


def test_bench_quick():
    figures = main(["--steps", "200", "--repeats", "1"])
    assert set(figures) == set(DEFAULTS)
    assert all(f["seconds"] > 0 and f["updates"] == 200 for f in figures.values())


if __name__ == "__main__":
    main()
