"""Benchmark: dense_layer (numbers and symbols), the matrix grammar, and the identities.

Run as a script to print the figures (``python tests/bench/bench_layers.py``) and write
them to ``results/layers.json``; quick mode (``WORKBENCH_BENCH_QUICK=1``) takes few
samples. ``test_bench_quick`` runs a short version only to keep the script working; it
asserts that numbers came out, never how fast they were.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

if __name__ == "__main__":  # runnable from the worktree root without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench.common import reps, summary, table, write_results
from workbench.engine import check_identity, dense_layer
from workbench.protocol.layers import LayerProblem, layer_shapes
from workbench.protocol.matrices import parse_matrix_expression


def _samples(call: Callable[[], object], count: int) -> dict[str, float]:
    call()  # the first call pays for imports and caches
    times = []
    for _ in range(count):
        t0 = time.perf_counter()
        call()
        times.append((time.perf_counter() - t0) * 1000)
    return summary(times)


def _symbolic(m: int, n: int, activation: str, loss: str) -> Callable[[], object]:
    return lambda: dense_layer([[None] * n] * m, [None] * m, [None] * n, [None] * m,
                               activation, loss)


def measure(count: int) -> dict[str, dict[str, float]]:
    """Milliseconds per call (median, p95, max) for each measurement."""
    rows: dict[str, dict[str, float]] = {}
    for m, n, activation, loss in ((3, 2, "sigmoid", "mse"), (4, 4, "softmax", "cross_entropy"),
                                   (16, 16, "tanh", "mse")):
        args = LayerProblem.random(m, n, 1, activation, loss).engine_arguments()
        rows[f"dense_layer {m}×{n} {activation}/{loss}, numbers"] = _samples(
            lambda args=args: dense_layer(**args), count)
    for m, n, activation, loss in ((3, 2, "sigmoid", "mse"), (4, 4, "softmax", "mse")):
        rows[f"dense_layer {m}×{n} {activation}/{loss}, all symbols"] = _samples(
            _symbolic(m, n, activation, loss), max(1, count // 10))
    shapes = layer_shapes(4, 4)
    rows["parse_matrix_expression 'W^T delta + x'"] = _samples(
        lambda: parse_matrix_expression("W^T delta + x", shapes), count)
    rows["check_identity softmax_cross_entropy, n = 3"] = _samples(
        lambda: check_identity("softmax_cross_entropy", 3), max(1, count // 10))
    return rows


def main(argv: list[str] | None = None) -> dict[str, dict[str, float]]:
    """Measure, print the table and write it as JSON."""
    count = int(argv[0]) if argv else reps(50, 5)
    rows = measure(count)
    print(table("Layers: milliseconds per call", rows.items()))
    write_results("layers", {"count": count, "rows": rows})
    return rows


def test_bench_quick(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_BENCH_RESULTS", str(tmp_path))
    rows = main(["2"])
    assert rows and all(r["n"] >= 1 and r["median"] > 0 for r in rows.values())


if __name__ == "__main__":
    main(sys.argv[1:])
