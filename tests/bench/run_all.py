"""Run the whole benchmark suite and print every figure: ``python tests/bench/run_all.py``.

Each ``bench_*.py`` runs as its own process (so start-up and memory figures are not
disturbed by the others) and writes its JSON to ``tests/bench/results/``. ``--quick``
takes few repetitions, as CI does. Nothing here fails because a machine is slow.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def main(argv: list[str]) -> int:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    if "--quick" in argv:
        env["WORKBENCH_BENCH_QUICK"] = "1"
    chosen = [a for a in argv if not a.startswith("--")]
    failures = []
    for script in sorted(HERE.glob("bench_*.py")):
        if chosen and not any(name in script.stem for name in chosen):
            continue
        print(f"\n===== {script.stem}", flush=True)
        start = time.perf_counter()
        run = subprocess.run([sys.executable, str(script)], env=env, cwd=ROOT)
        print(f"      ({time.perf_counter() - start:.0f} s)", flush=True)
        if run.returncode != 0:
            failures.append(script.stem)
    if failures:
        print(f"\nbenchmarks that could not run: {', '.join(failures)}")
    print(f"\nresults saved in {HERE / 'results'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
