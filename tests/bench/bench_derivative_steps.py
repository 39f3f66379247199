"""Benchmark: derivative with steps against bare ``sympy.diff`` on the curriculum examples.

Run ``python tests/bench/bench_derivative_steps.py [reps]``; it prints median, p95 and
max milliseconds per derivative and writes them to ``results/derivative_steps.json``
(quick mode: 3 reps). "repeat" times calls on a warm process (sympy's own
cache warm, as in a worker that has seen the function); "fresh" clears sympy's cache
and ours before every call, as for a function the worker has never seen. The budget
(DESIGN.md) is a median of 20 ms with steps. Nothing here asserts a time.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

if __name__ == "__main__":  # runnable from the worktree root without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import sympy
from sympy.core.cache import clear_cache

from tests.bench.common import reps as repetitions
from tests.bench.common import summary, table, write_results
from tests.engine.derivative_cases import CURRICULUM
from workbench.engine.differentiation import derivative
from workbench.engine.differentiation.render import latex
from workbench.engine.parsing import parse


def _time_ms(func, fresh: bool) -> float:
    if fresh:
        clear_cache()
        latex.cache_clear()
    start = time.perf_counter()
    func()
    return (time.perf_counter() - start) * 1000.0


def run(reps: int = 20) -> dict[str, dict[str, float]]:
    """Median, p95 and max ms for each measurement, over every curriculum example."""
    x = sympy.Symbol("x")
    exprs = [parse(case.text) for case in CURRICULUM]
    for expr in exprs:  # warm the process: imports, printers, first-call costs
        derivative(expr)
    out: dict[str, dict[str, float]] = {}
    for fresh in (False, True):
        label = "fresh" if fresh else "repeat"
        steps, bare = [], []
        for _ in range(reps):
            for expr in exprs:
                steps.append(_time_ms(lambda e=expr: derivative(e, "x"), fresh))
                bare.append(_time_ms(lambda e=expr: sympy.diff(e, x), fresh))
        out[f"steps/{label}"] = summary(steps)
        out[f"sympy.diff/{label}"] = summary(bare)
    return out


def ratios(figures: dict[str, dict[str, float]]) -> dict[str, float]:
    """Median with steps over median of bare ``sympy.diff``, warm and fresh."""
    return {label: figures[f"steps/{label}"]["median"]
            / max(figures[f"sympy.diff/{label}"]["median"], 1e-9)
            for label in ("repeat", "fresh")}


def main(argv: list[str]) -> dict:
    """Print the figures (and the ratio of steps to bare diff) and write them as JSON."""
    reps = int(argv[1]) if len(argv) > 1 else repetitions(20, 3)
    figures = run(reps)
    print(table(f"derivative with steps vs sympy.diff, {len(CURRICULUM)} curriculum "
                f"examples, {reps} reps (ms)", figures.items(), "median <= 20 ms with steps"))
    ratio = ratios(figures)
    for label, value in ratio.items():
        print(f"  ratio steps/diff ({label}): {value:.1f}x")
    write_results("derivative_steps", {**figures, "ratio_steps_to_diff": ratio, "reps": reps})
    return figures


def test_bench_quick(monkeypatch) -> None:
    """Quick mode for the test run: three reps, only checks that figures came out."""
    monkeypatch.setenv("WORKBENCH_BENCH_QUICK", "1")
    figures = main(["bench"])
    assert all(row["n"] == 3 * len(CURRICULUM) and 0 <= row["median"] <= row["max"]
               for row in figures.values())


if __name__ == "__main__":
    main(sys.argv)
