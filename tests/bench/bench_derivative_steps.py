"""Benchmark: derivative with steps against bare ``sympy.diff`` on the curriculum examples.

Run ``python tests/bench/bench_derivative_steps.py [reps]``; it prints median and p95
milliseconds per derivative. "repeat" times calls on a warm process (sympy's own
cache warm, as in a worker that has seen the function); "fresh" clears sympy's cache
and ours before every call, as for a function the worker has never seen. The budget
(DESIGN.md) is a median of 20 ms with steps. Nothing here asserts a time.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

if __name__ == "__main__":  # runnable from the worktree root without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import sympy  # noqa: E402
from sympy.core.cache import clear_cache  # noqa: E402

from tests.engine.derivative_cases import CURRICULUM  # noqa: E402
from workbench.engine.differentiation import derivative  # noqa: E402
from workbench.engine.differentiation.render import latex  # noqa: E402
from workbench.engine.parsing import parse  # noqa: E402


def _time_ms(func, fresh: bool) -> float:
    if fresh:
        clear_cache()
        latex.cache_clear()
    start = time.perf_counter()
    func()
    return (time.perf_counter() - start) * 1000.0


def _stats(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered), p95


def run(reps: int = 20) -> dict[str, tuple[float, float]]:
    """Median and p95 ms for each measurement, over every curriculum example."""
    x = sympy.Symbol("x")
    exprs = [parse(case.text) for case in CURRICULUM]
    for expr in exprs:  # warm the process: imports, printers, first-call costs
        derivative(expr)
    out: dict[str, tuple[float, float]] = {}
    for fresh in (False, True):
        label = "fresh" if fresh else "repeat"
        steps, bare = [], []
        for _ in range(reps):
            for expr in exprs:
                steps.append(_time_ms(lambda e=expr: derivative(e, "x"), fresh))
                bare.append(_time_ms(lambda e=expr: sympy.diff(e, x), fresh))
        out[f"steps/{label}"] = _stats(steps)
        out[f"sympy.diff/{label}"] = _stats(bare)
    return out


def main(argv: list[str]) -> None:
    """Print the figures (and the ratio of steps to bare diff)."""
    reps = int(argv[1]) if len(argv) > 1 else 20
    figures = run(reps)
    print(f"derivative with steps vs sympy.diff, {len(CURRICULUM)} curriculum examples, "
          f"{reps} reps (budget: median <= 20 ms with steps)")
    for name, (median, p95) in figures.items():
        print(f"  {name:20s} median {median:7.2f} ms   p95 {p95:7.2f} ms")
    for label in ("repeat", "fresh"):
        ratio = figures[f"steps/{label}"][0] / max(figures[f"sympy.diff/{label}"][0], 1e-9)
        print(f"  ratio steps/diff ({label}): {ratio:.1f}x")


def test_bench_quick() -> None:
    """Quick mode for the test run: three reps, only checks that figures came out."""
    figures = run(3)
    assert all(0 <= v < float("inf") for pair in figures.values() for v in pair)


if __name__ == "__main__":
    main(sys.argv)
