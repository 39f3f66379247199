"""Benchmark: start to the first window and to the engine ready, against a bare baseline.

The baseline is a bare PySide6 + pyqtgraph window with one curve, started the same way
(a fresh interpreter, the same Qt platform). Budget (DESIGN.md): the workbench's first
window within 1.5x the baseline. Run ``python tests/bench/bench_startup.py``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))

from tests.bench.common import reps, summary, table, write_results

BASELINE = """
import sys, time, json
t0 = float(sys.argv[1])
import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
w = pg.PlotWidget()
x = np.linspace(-6, 6, 1000)
w.plot(x, x**2 * np.sin(x))
w.resize(1200, 760)
w.show()
def shown():
    print(json.dumps({"window": time.time() - t0}), flush=True)
    app.quit()
QTimer.singleShot(0, shown)
app.exec()
"""

WORKBENCH = """
import sys, time, json, tempfile
t0 = float(sys.argv[1])
from workbench.refcount_guard import keep_singletons_alive
keep_singletons_alive()
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
app.setOrganizationName("Calculus Workbench Bench")
from workbench.app import build_window
window, client = build_window()
window.show()
marks = {}
def shown():
    marks["window"] = time.time() - t0
    client.start()
def state(name, detail):
    if name == "ready" and "engine" not in marks:
        marks["engine"] = time.time() - t0
        print(json.dumps(marks), flush=True)
        client.shutdown()
        app.quit()
client.state_changed.connect(state)
QTimer.singleShot(0, shown)
app.exec()
"""


def _run(script: str) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen",
           "XDG_CONFIG_HOME": "/tmp/workbench-bench-config"}
    start = time.time()
    out = subprocess.run([sys.executable, "-c", script, repr(start)], capture_output=True,
                         text=True, env=env, timeout=120, cwd=ROOT)
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-1500:])
    line = [ln for ln in out.stdout.splitlines() if ln.startswith("{")][-1]
    return {k: v * 1000.0 for k, v in json.loads(line).items()}


def measure() -> dict[str, dict[str, float]]:
    """Alternate baseline and workbench runs so that machine noise hits both alike."""
    base, window, engine = [], [], []
    for _ in range(reps(7, 2)):
        base.append(_run(BASELINE)["window"])
        marks = _run(WORKBENCH)
        window.append(marks["window"])
        engine.append(marks["engine"])
    return {"bare PySide6 + pyqtgraph window": summary(base),
            "workbench: first window": summary(window),
            "workbench: engine ready": summary(engine)}


def main() -> dict:
    results = measure()
    ratio = results["workbench: first window"]["median"] / \
        results["bare PySide6 + pyqtgraph window"]["median"]
    print(table("Start-up (ms from process start)", results.items(),
                "first window <= 1.5x bare"))
    print(f"  first window / bare window (medians): {ratio:.2f}x")
    write_results("startup", {**results, "ratio_window_to_bare": ratio})
    return results


def test_bench_quick(monkeypatch):
    monkeypatch.setenv("WORKBENCH_BENCH_QUICK", "1")
    results = main()
    assert all(row["n"] > 0 for row in results.values())


if __name__ == "__main__":
    main()
