"""Benchmark: the densities machine learning uses, answered by the Probability lab's engine.

Run ``python tests/bench/bench_densities.py [reps]``; for each named density it prints
the median and max milliseconds of ``probability``, ``expectation`` (E[X]), ``moments``
(mean, variance, standard deviation) and ``distribution`` (CDF, median, 90th percentile),
each from a cold sympy cache, and writes them to ``results/densities.json``. The
target (issue 20) is well under 2 s each. Nothing here asserts a time.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

if __name__ == "__main__":  # runnable from the worktree root without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sympy.core.cache import clear_cache

from tests.bench.common import reps as repetitions
from tests.bench.common import summary, table, write_results
from workbench.engine.densities import expectation, probability
from workbench.engine.density_integrals import antiderivative
from workbench.engine.density_summary import distribution, moments

DENSITIES = {
    "normal": ("e^(-(x - mu)^2/(2 sigma^2))/(sigma sqrt(2 pi))", None, {"mu": 1, "sigma": 2}),
    "exponential": ("lamda e^(-lamda x)", None, {"lamda": 2}),
    "uniform": ("1/(d - c)", (0, 1), {"c": 0, "d": 1}),
    "logistic": ("sigmoid(x)(1 - sigmoid(x))", None, {}),
    "Laplace": ("e^(-abs(x - mu)/b)/(2 b)", None, {"mu": 0, "b": 1}),
    "Cauchy": ("1/(pi (1 + x^2))", None, {}),
    "gamma": ("x e^(-x)", None, {}),
    "beta": ("6 x (1 - x)", (0, 1), {}),
}


def _ms(func) -> float:
    clear_cache()
    antiderivative.cache_clear()
    start = time.perf_counter()
    func()
    return (time.perf_counter() - start) * 1000.0


def _calls(pdf: str, support: tuple | None, params: dict) -> dict:
    return {
        "probability": lambda: probability(pdf, "x", 0, 1, support=support, params=params),
        "expectation": lambda: expectation("x", pdf, support=support, params=params),
        "moments": lambda: moments(pdf, support=support, params=params),
        "distribution": lambda: distribution(pdf, support=support, params=params,
                                             quantiles=(0.5, 0.9)),
    }


def run(reps: int) -> dict[str, dict[str, float]]:
    """Median and max ms of each call on each density."""
    out: dict[str, dict[str, float]] = {}
    for name, (pdf, support, params) in DENSITIES.items():
        for label, call in _calls(pdf, support, params).items():
            call()  # warm: imports and first-call costs
            out[f"{name}/{label}"] = summary([_ms(call) for _ in range(reps)])
    return out


def main(argv: list[str]) -> dict:
    """Print the figures and write them as JSON."""
    reps = int(argv[1]) if len(argv) > 1 else repetitions(5, 1)
    figures = run(reps)
    print(table(f"named densities, cold cache, {reps} reps (ms)", figures.items(),
                "well under 2000 ms each"))
    write_results("densities", {**figures, "reps": reps})
    return figures


def test_bench_quick(monkeypatch) -> None:
    """Quick mode for the test run: one rep, only checks that figures came out."""
    monkeypatch.setenv("WORKBENCH_BENCH_QUICK", "1")
    figures = main(["bench"])
    assert len(figures) == 4 * len(DENSITIES)
    assert all(0 <= row["median"] <= row["max"] for row in figures.values())


if __name__ == "__main__":
    main(sys.argv)
