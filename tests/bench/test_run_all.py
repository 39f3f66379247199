"""``run_all.py --quick`` runs chosen benchmarks as processes and each writes its JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def test_run_all_quick_writes_every_chosen_benchmarks_json(tmp_path):
    """The two cheapest benchmarks, in quick mode, into a temporary results folder."""
    env = {**os.environ, "WORKBENCH_BENCH_RESULTS": str(tmp_path)}
    env.pop("WORKBENCH_BENCH_QUICK", None)  # --quick alone must switch it on
    run = subprocess.run([sys.executable, str(HERE / "run_all.py"), "--quick", "optimizers",
                          "derivative_steps"], env=env, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["derivative_steps.json",
                                                          "optimizers.json"]
    steps = json.loads((tmp_path / "derivative_steps.json").read_text())
    assert steps["benchmark"] == "derivative_steps" and steps["quick"] is True
    assert steps["results"]["reps"] == 3
    for row in ("steps/repeat", "sympy.diff/repeat", "steps/fresh", "sympy.diff/fresh"):
        assert set(steps["results"][row]) == {"n", "median", "p95", "max"}
    assert set(steps["results"]["ratio_steps_to_diff"]) == {"repeat", "fresh"}
    optimizers = json.loads((tmp_path / "optimizers.json").read_text())
    assert optimizers["quick"] is True and optimizers["results"]["steps"] == 500
    methods = optimizers["results"]["methods"]
    assert set(methods) == {"gd", "momentum", "adagrad", "rmsprop", "adam"}
    assert all(m["updates"] == 500 and m["seconds"] > 0 for m in methods.values())
    assert "derivative with steps vs sympy.diff" in run.stdout and "us/step" in run.stdout
