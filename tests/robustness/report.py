"""Robustness figures: ``python tests/robustness/report.py [--long]``.

Prints the counts issue 10 asks for - inputs tried, faults injected, kills survived,
files rejected, data lost (must be 0) - by running the same checks as the test suite
at a larger scale: random and hostile parser input with a canary file, worker faults
(SIGKILL mid-job, os.abort, memory limit, endless loop, stale results) against the real
client, hostile session files, and a saver process killed at random moments.
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

from tests.robustness.attack_corpus import ATTACKS, CANARY  # noqa: E402

LONG = "--long" in sys.argv


def parser_inputs(count: int) -> dict[str, int]:
    """Random text, grammar-like text and the attack corpus through ``parse``."""
    from workbench.engine import parse
    from workbench.protocol.syntax import ParseError

    rng = random.Random(10)
    alphabet = "x y 2 0.5 ^ * / + - ( ) | sin cos e pi √ ² \\frac{ } _ __ . , ' \" : ; lambda"
    pieces = alphabet.split(" ") + [" "]
    inputs = list(ATTACKS)
    for _ in range(count):
        if rng.random() < 0.5:
            inputs.append("".join(rng.choice(pieces) for _ in range(rng.randint(1, 30))))
        else:
            inputs.append("".join(chr(rng.randint(0, 0x2FFF)) for _ in range(rng.randint(1, 40))))
    other_errors = slow = 0
    for text in inputs:
        start = time.perf_counter()
        try:
            parse(text)
        except ParseError:
            pass
        except Exception:  # noqa: BLE001 - counted: must stay 0
            other_errors += 1
        slow += time.perf_counter() - start > 2.0
    return {"inputs tried": len(inputs), "non-ParseError exceptions": other_errors,
            "slower than 2 s": slow, "code executed (canary)": int(os.path.exists(CANARY))}


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
    injected = survived = stale_drawn = 0
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
            wait(lambda: job in answers)  # noqa: B023 - called in this iteration
            follow = client.submit(EchoJob("next"))
            survived += wait(lambda follow=follow: answers.get(follow) == "ok")
        old = client.submit(EchoJob("old", delay=0.3, kind="stale"))
        new = client.submit(EchoJob("new", kind="stale"))
        wait(lambda: new in answers, 10)  # noqa: B023 - called in this iteration
        app.processEvents()
        stale_drawn += old in answers and answers[old] == "ok"
    client.shutdown()
    return {"faults injected": injected, "faults survived": survived,
            "stale results delivered": stale_drawn}


def session_files() -> dict[str, int]:
    """Hostile session files rejected, the files untouched."""
    import tempfile

    from tests.session.test_session_files import HOSTILE
    from workbench.session import SessionError, load_session

    rejected = touched = 0
    with tempfile.TemporaryDirectory() as folder:
        for content in HOSTILE.values():
            path = Path(folder) / "bad.calcwb"
            path.write_bytes(content if isinstance(content, bytes) else content.encode())
            before = path.read_bytes()
            try:
                load_session(path)
            except SessionError:
                rejected += 1
            touched += path.read_bytes() != before
    return {"hostile files tried": len(HOSTILE), "files rejected": rejected,
            "files changed by loading": touched}


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


def main() -> dict:
    figures = {}
    figures.update(parser_inputs(20_000 if LONG else 2_000))
    figures.update(worker_faults(50 if LONG else 3))
    figures.update(session_files())
    figures.update(saver_kills(200 if LONG else 30))
    figures["data lost"] = figures["saves lost"] + figures["files changed by loading"]
    print("\nRobustness figures" + (" (long run)" if LONG else ""))
    for key, value in figures.items():
        print(f"  {key:32} {value}")
    out = ROOT / "tests" / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "robustness.json").write_text(json.dumps(figures, indent=1))
    return figures


if __name__ == "__main__":
    main()
