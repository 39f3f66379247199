"""Benchmarks run in the test suite write their (quick) JSON into a temporary folder."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _results_in_tmp(tmp_path, monkeypatch):
    """Keep quick figures from the test run out of ``tests/bench/results/``."""
    monkeypatch.setenv("WORKBENCH_BENCH_RESULTS", str(tmp_path / "results"))
