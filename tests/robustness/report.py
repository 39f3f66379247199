"""Robustness figures: ``python tests/robustness/report.py [--parser N] [--long] ...``.

Prints the counts issues 10 and 19 ask for - parser inputs tried and failures of each
kind, faults injected and kills survived, hostile files refused, hostile command lines
answered properly, saves lost (must be 0) - by running the checks of the test suite at
a larger scale. The parser inputs run in child processes with a 1 s CPU and 1 GB
watchdog per input (tests/robustness/parser_run.py); ``--journal FILE`` makes that part
resumable, and ``--only parser,files,...`` picks parts. Not a test: a script.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.robustness.attack_corpus import ATTACKS, CANARY  # noqa: E402 - after sys.path


def parser_inputs(count: int, workers: int = 2, journal: Path | None = None,
                  seed: int = 19) -> dict:
    """``count`` grammar-aware inputs (plus the attack corpus), each under its watchdog."""
    from tests.robustness import parser_run
    from workbench.engine import parse
    from workbench.protocol.syntax import ParseError

    figures = parser_run.run(count, seed=seed, workers=workers, journal=journal)
    attacks_refused = 0
    for text in ATTACKS:
        try:
            parse(text)
        except ParseError:
            attacks_refused += 1
    figures.update({"attack strings refused": f"{attacks_refused}/{len(ATTACKS)}",
                    "code executed (canary)": int(os.path.exists(CANARY))})
    return figures


def worker_faults(repeats: int) -> dict[str, int]:
    """Inject each fault ``repeats`` times; count recoveries (the next job answered)."""
    from PySide6.QtWidgets import QApplication

    from tests.worker.fault_handlers import EchoJob, FaultJob
    from workbench.refcount_guard import keep_singletons_alive
    from workbench.worker.client import EngineClient

    keep_singletons_alive()
    app = QApplication.instance() or QApplication([])
    client = EngineClient(time_limit=3.0, memory_limit_mb=1024,
                          extra_handler_modules=["tests.worker.fault_handlers"])
    answers: dict[int, str] = {}
    client.result_ready.connect(lambda i, k, p: answers.__setitem__(i, "ok"))
    client.job_failed.connect(lambda i, k, e: answers.__setitem__(i, e.kind))

    def wait(pred, timeout=60.0):
        end = time.perf_counter() + timeout
        while not pred() and time.perf_counter() < end:
            app.processEvents()
            time.sleep(0.002)
        return pred()

    client.start()
    wait(lambda: client.is_ready())
    injected = survived = stale_drawn = idle_killed = idle_answered = 0
    actions = {"kill": "sleep", "abort": "abort", "memory": "memory", "loop": "spin",
               "cancel": "runaway"}
    for _ in range(repeats):
        for name, fault in actions.items():
            injected += 1
            job = client.submit(FaultJob(fault))
            if name == "kill":
                wait(lambda: client.busy_kind() is not None)
                time.sleep(0.05)
                os.kill(client.active_pid(), signal.SIGKILL)
            elif name == "cancel":
                time.sleep(0.1)
                client.cancel()
            wait(lambda job=job: job in answers)
            follow = client.submit(EchoJob("next"))
            survived += wait(lambda follow=follow: answers.get(follow) == "ok")
        wait(lambda: client.is_ready() and client.has_warm_spare())
        os.kill(client.active_pid(), signal.SIGKILL)  # idle: the next job must not crash
        idle = client.submit(EchoJob("after an idle kill"))
        idle_killed += 1
        idle_answered += wait(lambda idle=idle: answers.get(idle) == "ok")
        old = client.submit(EchoJob("old", delay=0.3, kind="stale"))
        new = client.submit(EchoJob("new", kind="stale"))
        wait(lambda new=new: new in answers, 10)
        app.processEvents()
        stale_drawn += old in answers and answers[old] == "ok"
    client.shutdown()
    return {"faults injected": injected, "faults survived": survived,
            "stale results delivered": stale_drawn, "idle workers killed": idle_killed,
            "jobs after an idle kill answered": idle_answered}


def session_files() -> dict[str, int]:
    """Hostile session files (both sets) refused, untouched, within 1 s; also as autosave."""
    import tempfile

    from tests.robustness.hostile_files import MAKERS
    from tests.session.test_session_files import HOSTILE
    from workbench.session import Autosave, SessionError, load_session

    makers = {**MAKERS, **{f"written: {name}": _writer(content)
                           for name, content in HOSTILE.items()}}
    refused = touched = slow = recovered = 0
    for name, make in makers.items():
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "autosave.calcwb"
            make(path)
            before = _fingerprint(path)
            start = time.perf_counter()
            try:
                load_session(path)
            except SessionError:
                refused += 1
            except Exception as error:  # noqa: BLE001 - counted: must stay 0
                print(f"  {name}: {type(error).__name__}: {error}")
            slow += time.perf_counter() - start > 1.0
            touched += _fingerprint(path) != before
            recovered += Autosave(folder).recoverable() is not None
    return {"hostile files tried": len(makers), "files refused": refused,
            "files changed by loading": touched, "files slower than 1 s": slow,
            "hostile autosaves offered for recovery": recovered}


def _writer(content: str | bytes):
    return lambda path: path.write_bytes(content if isinstance(content, bytes)
                                         else content.encode())


def _fingerprint(path: Path) -> tuple:
    info = os.lstat(path)
    content = path.read_bytes() if path.is_file() and info.st_size < 2 ** 24 else b""
    return info.st_mode, info.st_size, info.st_mtime_ns, content


def command_lines() -> dict[str, int]:
    """Every hostile command line in a fresh interpreter: one stderr line and 1/2/3, or 0
    with the output written; never a traceback."""
    import tempfile

    from tests.robustness.test_hostile_cli import HOSTILE_ARGS, _prepare

    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    good = bad = 0
    for argv in [a for a in HOSTILE_ARGS if a]:  # no arguments at all opens the window
        with tempfile.TemporaryDirectory() as folder:
            args = _prepare(Path(folder), argv)
            before = set(Path(folder).rglob("*"))
            done = subprocess.run([sys.executable, "-m", "workbench", *args], check=False,
                                  capture_output=True, text=True, env=env, cwd=folder,
                                  timeout=300)
            written = done.stdout or set(Path(folder).rglob("*")) - before
            lines = done.stderr.strip().splitlines()
            ok = "Traceback" not in done.stderr and bool(
                (done.returncode == 0 and written) or
                (done.returncode in (1, 2, 3) and len(lines) == 1))
            good += bool(ok)
            if not ok:
                bad += 1
                print(f"  {argv[:3]}: exit {done.returncode}, {len(lines)} stderr lines")
    return {"hostile command lines": good + bad, "answered properly": good,
            "broke the contract": bad}


def saver_kills(kills: int) -> dict[str, int]:
    """Kill a saving process at random moments; count loads that lost data."""
    import tempfile

    from tests.session.test_crash_consistency import SAVER, _counter

    rng = random.Random(7)
    lost = survived = 0
    confirmed = 0
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.calcwb"
        for _ in range(kills):
            proc = subprocess.Popen([sys.executable, "-c", SAVER, str(path), str(confirmed)],
                                    stdout=subprocess.PIPE, text=True, env=env)
            first = proc.stdout.readline()
            time.sleep(rng.uniform(0, 0.02))
            proc.kill()
            out, _ = proc.communicate()
            numbers = [int(v) for v in (first + out).split()]
            confirmed = max([confirmed, *numbers])
            try:
                on_disk = _counter(path)
            except Exception:  # noqa: BLE001 - an unreadable file is lost data
                lost += 1
                continue
            lost += on_disk < confirmed
            survived += 1
            confirmed = on_disk
    return {"saver kills": kills, "kills survived": survived, "saves lost": lost}


def main(argv: list[str]) -> dict:
    """Run the chosen parts and print their figures."""
    options = _options(argv)
    parts = {
        "parser": lambda: parser_inputs(options.parser, options.workers, options.journal,
                                        options.seed),
        "files": session_files,
        "cli": command_lines,
        "workers": lambda: worker_faults(options.kills),
        "saves": lambda: saver_kills(200 if options.long else 30),
    }
    figures: dict = {}
    for name in options.only.split(","):
        start = time.perf_counter()
        figures.update(parts[name]())
        figures[f"seconds for {name}"] = round(time.perf_counter() - start, 1)
    if "saves lost" in figures or "files changed by loading" in figures:
        figures["data lost"] = figures.get("saves lost", 0) + \
            figures.get("files changed by loading", 0)
    print("\nRobustness figures" + (" (long run)" if options.long else ""))
    for key, value in figures.items():
        print(f"  {key:36} {value}")
    out = ROOT / "tests" / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "robustness.json").write_text(json.dumps(figures, indent=1))
    return figures


def _options(argv: list[str]):
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--long", action="store_true", help="the long run (10^6 inputs)")
    parser.add_argument("--parser", type=int, help="parser inputs (default 2,000; long 10^6)")
    parser.add_argument("--workers", type=int, default=2, help="parser processes")
    parser.add_argument("--journal", type=Path, help="resume the parser part from this file")
    parser.add_argument("--seed", type=int, default=19, help="which parser inputs (default 19)")
    parser.add_argument("--kills", type=int, help="worker fault rounds (default 3; long 50)")
    parser.add_argument("--only", default="parser,files,cli,workers,saves")
    options = parser.parse_args(argv)
    if options.parser is None:
        options.parser = 1_000_000 if options.long else 2_000
    if options.kills is None:
        options.kills = 50 if options.long else 3
    return options


if __name__ == "__main__":
    main(sys.argv[1:])
