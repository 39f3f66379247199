"""Benchmark: keystroke to updated curve, for elementary and nested functions.

Each character is typed into the real editor of the real main window (offscreen); the
time is from the key event to the redrawn plot (the keystroke's own event handling,
parse, sampling and repaint), without the editor's debounce, which is reported
separately. Budget (DESIGN.md): p95 <= 30 ms. Run ``python tests/bench/bench_keystroke.py``.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.bench.common import quick, summary, table, write_results

ELEMENTARY = ["x^2 sin(x)", "cos(3x) - exp(-x/4)", "tanh(x) + 1/(1+x^2)", "1/x", "tan(x)"]
NESTED = ["sin(cos(tan(x)))", "sigmoid(3 tanh(2x - 1) + 1)", "ln(1 + e^(sin(x^2)))",
          "sqrt(abs(x)) ln(x^2+1) atan(x^3)"]


def _type(window, app, texts) -> list[float]:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    field = window.editor.input_field
    samples = []
    for text in texts:
        field.selectAll()
        QTest.keyClick(field, Qt.Key.Key_Delete)
        for ch in text:
            start = time.perf_counter()
            QTest.keyClicks(field, ch)
            app.processEvents()
            samples.append((time.perf_counter() - start) * 1000.0)
            end = time.perf_counter() + 0.09  # a student's pause between keys
            while time.perf_counter() < end:
                app.processEvents()
    return samples


def measure() -> dict[str, dict[str, float]]:
    from PySide6.QtWidgets import QApplication

    from tests.ui.fakes import FakeEngineClient, derive_job
    from workbench.refcount_guard import keep_singletons_alive
    from workbench.ui.main_window import MainWindow
    from workbench.ui.math_view import shared_renderer
    from workbench.ui.settings import Settings

    keep_singletons_alive()
    app = QApplication.instance() or QApplication([])
    client = FakeEngineClient(hold=True)  # the worker is another process; keep it out
    settings = Settings(Path(tempfile.mkdtemp()) / "bench.ini")
    window = MainWindow(client, settings, job_factory=derive_job)
    window.show()
    shared_renderer().load()
    app.processEvents()
    picks = slice(0, 2) if quick() else slice(None)
    elementary = _type(window, app, ELEMENTARY[picks])
    nested = _type(window, app, NESTED[picks])
    from workbench.ui.editor import DEBOUNCE_MS

    debounce = float(DEBOUNCE_MS)
    window.close()
    return {"elementary functions": summary(elementary), "nested functions": summary(nested),
            "editor debounce (fixed, not included)": summary([debounce])}


def main() -> dict:
    results = measure()
    print(table("Keystroke to updated curve (ms)", results.items(), "p95 <= 30 ms"))
    write_results("keystroke", results)
    return results


def test_bench_quick(monkeypatch):
    monkeypatch.setenv("WORKBENCH_BENCH_QUICK", "1")
    results = main()
    assert results["elementary functions"]["n"] > 5


if __name__ == "__main__":
    main()
