"""Benchmark: memory of the window plus its worker processes, idle and after a long session.

Idle: resident memory (PSS) of the window process and every worker once the engine is
ready and warm. Then every lab is opened once (labs are built when first shown, which
costs memory once, not a leak) and memory is measured again: the session's baseline.
Then a scripted session - typing functions, deriving them, switching labs - runs for a
while, and memory is measured a third time; growth beyond 10% over the baseline would
mean a leak. Budget (DESIGN.md): idle <= 300 MB. Full mode scripts 1,200 derivations (an
hour of a busy student at one every three seconds); quick mode 15.
Run ``python tests/bench/bench_memory.py``.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.bench.common import quick, write_results

FUNCTIONS = ["x^2 sin(x)", "tanh(x)", "x^x", "sigmoid(3x+1)", "e^(-x^2)", "ln(1+x^2)",
             "sqrt(x) cos(x)", "relu(x) - softplus(x)", "atan(x)/x", "(x^2+1)^3"]


def _rss_mb(pids: list[int]) -> dict[str, float]:
    """Proportional set size (shared pages split between the processes sharing them), MB.

    RSS would count the Qt and numpy libraries once per process; PSS is what the
    processes cost the machine together. RSS is kept too, under ``rss:<pid>``.
    """
    import psutil

    out = {}
    for pid in pids:
        try:
            info = psutil.Process(pid).memory_full_info()
        except psutil.Error:
            continue
        out[str(pid)] = getattr(info, "pss", info.rss) / 1e6
        out[f"rss:{pid}"] = info.rss / 1e6
    return out


def _our_processes() -> list[int]:
    """The window's process and every process below it: the workers, and the forkserver
    they are forked from (it holds the engine's pages the workers share)."""
    import psutil

    return [os.getpid(), *(child.pid for child in psutil.Process().children(recursive=True))]


def _pump(app, seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.002)


def measure() -> dict:
    from PySide6.QtWidgets import QApplication

    from workbench.refcount_guard import keep_singletons_alive

    keep_singletons_alive()
    app = QApplication.instance() or QApplication([])
    from workbench.app import build_window

    window, client = build_window()
    window.show()
    client.start()
    deadline = time.perf_counter() + 60
    while not (client.is_ready() and client.has_warm_spare()):
        if time.perf_counter() > deadline:
            raise TimeoutError("engine did not start")
        _pump(app, 0.05)
    _pump(app, 1.0)
    pids = _our_processes()
    idle = _rss_mb(pids)
    tab_count = window.tabs.count()
    settle = 0.3 if quick() else 1.0  # a lab builds in well under this; the figure is memory
    for index in range(tab_count):  # every lab built once: its one-off cost
        window.tabs.setCurrentIndex(index)
        _pump(app, settle)
    window.tabs.setCurrentIndex(0)
    gc.collect()
    _pump(app, 1.0)
    opened = _rss_mb(_our_processes())
    rounds = 15 if quick() else 1200
    for k in range(rounds):
        window.editor.set_text(FUNCTIONS[k % len(FUNCTIONS)] + f" + {k % 7}")
        window.editor.compute_now()
        deadline = time.perf_counter() + 30
        _pump(app, 0.01)
        while client.busy_kind() is not None and time.perf_counter() < deadline:
            _pump(app, 0.01)
        if tab_count > 1 and k % 10 == 0:
            window.tabs.setCurrentIndex((k // 10) % tab_count)
    gc.collect()
    _pump(app, 1.0)
    after = _rss_mb(_our_processes())
    client.shutdown()
    window.close()
    idle_total, opened_total, after_total = (
        sum(v for k, v in reading.items() if not k.startswith("rss:"))
        for reading in (idle, opened, after))
    return {"idle_total_mb": idle_total, "idle_window_mb": idle.get(str(os.getpid()), 0.0),
            "idle_rss_total_mb": sum(v for k, v in idle.items() if k.startswith("rss:")),
            "processes": len(pids), "labs_opened_total_mb": opened_total,
            "after_total_mb": after_total, "derivations": rounds,
            "growth_percent": 100.0 * (after_total - opened_total) / opened_total}


def main() -> dict:
    r = measure()
    print(f"\nMemory (PSS, window + workers + their forkserver)   (budget: idle <= 300 MB; "
          f"growth <= 10%)\n"
          f"  idle: {r['idle_total_mb']:.0f} MB in {r['processes']} processes (window "
          f"{r['idle_window_mb']:.0f} MB; RSS summed {r['idle_rss_total_mb']:.0f} MB)\n"
          f"  every lab opened once: {r['labs_opened_total_mb']:.0f} MB (the session's "
          f"baseline)\n"
          f"  after {r['derivations']} scripted derivations: {r['after_total_mb']:.0f} MB "
          f"({r['growth_percent']:+.1f}% over the baseline)")
    write_results("memory", r)
    return r


def test_bench_quick(monkeypatch):
    monkeypatch.setenv("WORKBENCH_BENCH_QUICK", "1")
    r = main()
    assert r["idle_total_mb"] > 0 and r["after_total_mb"] > 0


if __name__ == "__main__":
    main()
