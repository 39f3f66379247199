"""A process saving in a loop, killed at random moments: the file always loads.

It must load to the last complete save or the one before (the saver prints each
counter once its save has returned).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from workbench.session import backup_path, load_session

ROOT = Path(__file__).resolve().parents[2]
# 60 kills in the suite (each is a saver process started and killed); the 200 and
# more with WORKBENCH_CRASH_KILLS.
KILLS = int(os.environ.get("WORKBENCH_CRASH_KILLS", "60"))

SAVER = """
import sys
from workbench.session import LabState, Session, save_session
path = sys.argv[1]
start = int(sys.argv[2])
n = start
while True:
    n += 1
    session = Session(labs=[LabState("explore", {"function": f"x^2 + {n}", "variable": "x",
                                                 "show_second_derivative": False})] * 20)
    save_session(session, path)
    print(n, flush=True)
"""


def _counter(path: Path) -> int:
    return int(load_session(path).labs[0].state["function"].split("+")[1])


def test_killed_saver_never_leaves_a_broken_file(tmp_path):
    path = tmp_path / "session.calcwb"
    rng = random.Random(20261122)
    last_confirmed = 0
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    survived = 0
    for _ in range(KILLS):
        proc = subprocess.Popen([sys.executable, "-c", SAVER, str(path), str(last_confirmed)],
                                stdout=subprocess.PIPE, text=True, env=env)
        first = proc.stdout.readline()  # the saver is running; now kill it mid-loop
        time.sleep(rng.uniform(0.0, 0.02))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate()
        confirmed = [int(line) for line in (first + out).split()]
        if confirmed:
            last_confirmed = confirmed[-1]
        if not path.exists():
            assert last_confirmed == 0
            continue
        on_disk = _counter(path)
        # the file holds the last confirmed save, or one begun after it (complete or not,
        # it was written atomically), never anything older
        assert on_disk >= last_confirmed
        assert on_disk <= last_confirmed + 1
        if backup_path(path).exists():
            assert _counter(backup_path(path)) in (on_disk - 1, on_disk)
        last_confirmed = on_disk
        survived += 1
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    print(f"\nkills survived: {survived} of {KILLS}; temporary files left behind: {len(leftovers)}")
    assert survived >= KILLS // 2
