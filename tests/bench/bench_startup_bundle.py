"""Start-up of the bundle against the venv: time from launch to the first mapped window.

    python tests/bench/bench_startup_bundle.py [--runs 5] [--bundle dist/calculus-workbench]

Runs each target on a private Xvfb screen and polls the X window tree (``xwininfo``)
until a top-level window whose name starts with "Calculus Workbench" appears, then
ends the process group. Targets: the PyInstaller bundle, ``python -m workbench`` from
this interpreter, and a bare PySide6 + pyqtgraph window with one curve (the baseline
DESIGN.md's budget is stated against). Prints a table and the ratios and writes them
(median/p95/max ms per target, ratios) to ``results/startup_bundle.json``; asserts
nothing. ``WORKBENCH_BENCH_QUICK=1`` makes it one run per target.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if __name__ == "__main__":  # runnable from the worktree root without installing
    sys.path.insert(0, str(ROOT))

from tests.bench.common import reps, summary, write_results

TITLE = "Calculus Workbench"
BASELINE_TITLE = "Bare baseline"
BASELINE = f"""
import sys, numpy as np, pyqtgraph as pg
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv)
w = pg.PlotWidget(); w.setWindowTitle({BASELINE_TITLE!r})
x = np.linspace(-5, 5, 800); w.plot(x, x**2 * np.sin(x)); w.resize(1200, 760); w.show()
sys.exit(app.exec())
"""
NAME_PATTERN = re.compile(r'^\s*0x[0-9a-f]+ "(?P<name>[^"]*)"', re.MULTILINE)


def window_names(xwininfo_tree: str) -> list[str]:
    """The names of the windows in ``xwininfo -root -tree`` output."""
    return [match.group("name") for match in NAME_PATTERN.finditer(xwininfo_tree)]


def targets(bundle: Path, python: str = sys.executable) -> dict[str, tuple[list[str], str]]:
    """name -> (command, window-name prefix) for every target that exists here."""
    found = {"baseline (PySide6+pyqtgraph)": ([python, "-c", BASELINE], BASELINE_TITLE),
             "venv (python -m workbench)": ([python, "-m", "workbench"], TITLE)}
    executable = bundle / "calculus-workbench"
    if executable.is_file():
        found["bundle"] = ([str(executable)], TITLE)
    return found


def summarise(samples: dict[str, list[float]]) -> list[tuple[str, float, float, int]]:
    """(name, median s, best s, runs) per target, in the order given."""
    return [(name, statistics.median(times), min(times), len(times))
            for name, times in samples.items() if times]


def format_table(rows: list[tuple[str, float, float, int]]) -> str:
    """The results as a text table, with ratios against the baseline and the venv."""
    medians = {name: median for name, median, _, _ in rows}
    base = next((m for n, m in medians.items() if n.startswith("baseline")), None)
    venv = next((m for n, m in medians.items() if n.startswith("venv")), None)
    lines = [f"{'target':<30} {'median':>8} {'best':>8} {'runs':>5} {'/baseline':>10}"]
    for name, median, best, runs in rows:
        ratio = f"{median / base:.2f}x" if base else "-"
        lines.append(f"{name:<30} {median:7.3f}s {best:7.3f}s {runs:5d} {ratio:>10}")
    bundle = medians.get("bundle")
    if bundle and venv:
        lines.append(f"bundle / venv: {bundle / venv:.2f}x ({bundle - venv:+.3f} s)")
    return "\n".join(lines)


def ratios(rows: list[tuple[str, float, float, int]]) -> dict[str, float]:
    """Median of each target over the baseline's, and the bundle's over the venv's."""
    medians = {name: median for name, median, _, _ in rows}
    base = next((m for n, m in medians.items() if n.startswith("baseline")), None)
    venv = next((m for n, m in medians.items() if n.startswith("venv")), None)
    out = {f"{name} / baseline": m / base for name, m in medians.items()
           if base and not name.startswith("baseline")}
    if "bundle" in medians and venv:
        out["bundle / venv"] = medians["bundle"] / venv
    return out


def results(samples: dict[str, list[float]]) -> dict:
    """The JSON record: median/p95/max ms per target, and the ratios of the table."""
    return {"targets": {name: summary([t * 1000.0 for t in times])
                        for name, times in samples.items()},
            "ratios": ratios(summarise(samples))}


def _free_display() -> int:
    """A display number with no X server lock file."""
    return next(n for n in range(70, 200) if not Path(f"/tmp/.X{n}-lock").exists())


def start_xvfb() -> tuple[subprocess.Popen, str]:
    """A private Xvfb server and its DISPLAY value."""
    number = _free_display()
    server = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "1400x900x24",
                               "-nolisten", "tcp"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    socket = Path(f"/tmp/.X11-unix/X{number}")
    end = time.monotonic() + 10
    while not socket.exists() and time.monotonic() < end:
        time.sleep(0.05)
    return server, f":{number}"


def time_to_window(command: list[str], prefix: str, display: str,
                   timeout: float = 60) -> float | None:
    """Seconds from launching ``command`` to a window named ``prefix...`` on ``display``;
    None (with the command's last words printed) if no such window appeared in time."""
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb", HOME=home,
                   XDG_CONFIG_HOME=str(Path(home) / ".config"), PYTHONPATH=str(ROOT))
        log = Path(home) / "stderr.txt"
        started = time.perf_counter()
        with log.open("w") as stderr:
            process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                                       stderr=stderr, start_new_session=True)
        try:
            while time.perf_counter() - started < timeout and process.poll() is None:
                tree = subprocess.run(["xwininfo", "-root", "-tree"], env=env, text=True,
                                      capture_output=True).stdout
                if any(name.startswith(prefix) for name in window_names(tree)):
                    return time.perf_counter() - started
                time.sleep(0.01)
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)  # the window and its worker processes
            process.wait()
        print(f"no window from {' '.join(command)[:60]} (exit {process.returncode}):\n  "
              + "\n  ".join(log.read_text().splitlines()[-5:]))
        return None


def main(argv: list[str] | None = None) -> int:
    """Measure every target and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=reps(5, 1))
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "calculus-workbench")
    args = parser.parse_args(argv)
    if not (shutil.which("Xvfb") and shutil.which("xwininfo")):
        print("needs Xvfb and xwininfo (apt packages xvfb, x11-utils)")
        return 0
    server, display = start_xvfb()
    samples: dict[str, list[float]] = {}
    try:
        for _ in range(args.runs):  # interleaved so drift in machine load hits all alike
            for name, (command, prefix) in targets(args.bundle).items():
                seconds = time_to_window(command, prefix, display)
                samples.setdefault(name, [])
                if seconds is not None:
                    samples[name].append(seconds)
    finally:
        server.terminate()
        server.wait()
    print(format_table(summarise(samples)))
    write_results("startup_bundle", results(samples))
    return 0


if __name__ == "__main__":
    sys.exit(main())
