"""Millions of parser inputs in child processes, each input under a 1 s and 1 GB watchdog.

Used by ``tests/robustness/report.py``. The inputs are numbered: input ``i`` of a run
with seed ``s`` is always the same text (``grammar_inputs`` drawn from a ``Random``
seeded by ``(s, i)``), so a run can stop and resume from its journal (one JSON line per
finished chunk) and any failure can be replayed from its number.

Two watchdogs per input, both in the child: SIGPROF after 1 s of CPU time, for the
sympy-free ``parse_tree`` and then for sympy's build (sympy is pure Python, so the
signal interrupts it; CPU time, so a loaded machine does not count) and an address-space
limit of 1 GB (a MemoryError). A third, in the parent, kills a child that has spent 10 s
of CPU time on one input (a C-level loop the alarm cannot reach; CPU time again, read
from /proc) and records that input as hung.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import signal
import time
from collections import Counter
from pathlib import Path
from typing import Any

TIME_LIMIT_S = 1.0
MEMORY_LIMIT_MB = 1024
HARD_LIMIT_S = 10.0
BLOCKED_LIMIT_S = 600.0  # wall time, for a child that uses no CPU (blocked in a read)
CHUNK = 2_000


class _Late(BaseException):  # not an Exception: the check under test must not swallow it
    pass


def input_number(seed: int, index: int) -> tuple[str, str]:
    """The (family, text) of input ``index`` of a run seeded ``seed``."""
    from tests.robustness.grammar_inputs import GENERATORS

    families = list(GENERATORS)
    family = families[index % len(families)]
    return family, GENERATORS[family](random.Random(seed * 1_000_003 + index))


def _on_alarm(signum: int, frame: Any) -> None:
    raise _Late


def _child(seed: int, start: int, stop: int, skip: list[int], position: Any,
           conn: Any) -> None:
    """Check inputs ``start`` .. ``stop`` - 1 (except ``skip``); send the counts."""
    from tests.robustness.parse_check import check, check_build
    from workbench.worker.process import apply_memory_limit

    apply_memory_limit(MEMORY_LIMIT_MB)
    signal.signal(signal.SIGPROF, _on_alarm)
    families: Counter[str] = Counter()
    failures: Counter[str] = Counter()
    examples: dict[str, int] = {}
    slowest = [0.0, -1]  # the most CPU seconds one input took (both stages), and its number
    for index in range(start, stop):
        if index in skip:
            continue
        position.value = index
        family, text = input_number(seed, index)
        families[family] += 1
        began = time.process_time()
        problem = _checked(lambda text=text: check(text, build=False), "parse_tree")
        if problem is None:
            problem = _checked(lambda text=text: check_build(text), "sympy build")
        slowest = max(slowest, [time.process_time() - began, index])
        if problem:
            failures[problem] += 1
            examples.setdefault(problem, index)
    conn.send({"families": dict(families), "failures": dict(failures), "examples": examples,
               "slowest": slowest})


def _checked(run: Any, stage: str) -> str | None:
    signal.setitimer(signal.ITIMER_PROF, TIME_LIMIT_S)
    try:
        return run()
    except _Late:
        return f"{stage} over {TIME_LIMIT_S:g} s of CPU"
    except MemoryError:
        return f"over {MEMORY_LIMIT_MB} MB"
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)


def _run_chunk(context: Any, seed: int, start: int, stop: int) -> dict[str, Any]:
    """One chunk in a child; restarts after a hung or dead child, skipping its input."""
    skip: list[int] = []
    restarts = 0
    lost: dict[str, Any] = {"failures": Counter(), "examples": {}}
    while True:
        position = context.Value("q", -1)  # -1 until the child starts its first input
        receive, send = context.Pipe(duplex=False)
        child = context.Process(target=_child, args=(seed, start, stop, skip, position, send))
        child.start()
        send.close()
        outcome = _watch(child, receive, position)
        if isinstance(outcome, dict):
            outcome["failures"] = dict(Counter(outcome["failures"]) + lost["failures"])
            outcome["examples"] = {**lost["examples"], **outcome["examples"]}
            outcome["families"]["hung or died"] = len(skip)
            return outcome
        if position.value < 0:  # died before its first input: start it again, a few times
            restarts += 1
            if restarts > 3:
                raise RuntimeError(f"the checking process can't start: {outcome}")
            continue
        skip.append(position.value)
        lost["failures"][outcome] += 1
        lost["examples"].setdefault(outcome, position.value)


def _cpu_seconds(pid: int) -> float | None:
    """The CPU time (user + system) of a running child, from /proc; None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _watch(child: Any, receive: Any, position: Any) -> dict[str, Any] | str:
    """The child's counts, or why it was stopped: the alarm in the child counts its CPU
    time, and so does this watchdog (a child starved of CPU on a loaded machine is not
    hung); only a child that is blocked, using no CPU at all, is timed by the wall."""
    last, since, cpu_since = position.value, time.monotonic(), _cpu_seconds(child.pid)
    try:
        while True:
            if receive.poll(0.5):
                try:
                    return receive.recv()
                except EOFError:
                    return "child process died"
            if not child.is_alive():
                return "child process died" if not receive.poll(0.1) else receive.recv()
            cpu = _cpu_seconds(child.pid)
            if position.value != last or last < 0:  # start-up time is not an input's
                last, since, cpu_since = position.value, time.monotonic(), cpu
            elif cpu is not None and cpu_since is not None:
                if cpu - cpu_since > HARD_LIMIT_S:
                    return f"hung past {HARD_LIMIT_S:g} s of CPU (killed)"
                if time.monotonic() - since > BLOCKED_LIMIT_S:
                    return f"blocked past {BLOCKED_LIMIT_S:g} s (killed)"
            elif time.monotonic() - since > HARD_LIMIT_S:
                return f"hung past {HARD_LIMIT_S:g} s (killed)"
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receive.close()


def run(count: int, seed: int = 19, workers: int = 2, journal: Path | None = None,
        chunk: int = CHUNK) -> dict[str, Any]:
    """Check ``count`` inputs on ``workers`` processes; totals by family and failure kind."""
    done = _read_journal(journal, seed, chunk)
    todo = [start for start in range(0, count, chunk) if start not in done]
    # a single-threaded server forks the children, with the parser and sympy preloaded
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["tests.robustness.parse_check"])
    begin = time.monotonic()
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(_run_chunk, context, seed, s, min(s + chunk, count)): s
                   for s in todo}
        for future, start in futures.items():
            done[start] = future.result()
            _append_journal(journal, seed, chunk, start, done[start])
    return _totals(done, time.monotonic() - begin, len(todo) * chunk)


def _totals(done: dict[int, dict[str, Any]], seconds: float, fresh: int) -> dict[str, Any]:
    families: Counter[str] = Counter()
    failures: Counter[str] = Counter()
    examples: dict[str, int] = {}
    slowest = [0.0, -1]
    for part in done.values():
        families.update(part["families"])
        failures.update(part["failures"])
        for kind, index in part["examples"].items():
            examples.setdefault(kind, index)
        slowest = max(slowest, part.get("slowest", slowest))  # older journals lack it
    return {"parser inputs tried": sum(families.values()), "by family": dict(families),
            "parser failures": sum(failures.values()), "failures by kind": dict(failures),
            "first failing input of each kind": examples,
            "most CPU for one input (s, input)": [round(slowest[0], 3), slowest[1]],
            "inputs per second (this run)": round(fresh / seconds, 1) if seconds else None}


def _read_journal(journal: Path | None, seed: int, chunk: int) -> dict[int, dict[str, Any]]:
    done: dict[int, dict[str, Any]] = {}
    if journal is None or not journal.exists():
        return done
    for line in journal.read_text().splitlines():
        entry = json.loads(line)
        if entry["seed"] == seed and entry["chunk"] == chunk:
            done[entry["start"]] = entry["result"]
    return done


def _append_journal(journal: Path | None, seed: int, chunk: int, start: int,
                    result: dict[str, Any]) -> None:
    if journal is None:
        return
    journal.parent.mkdir(parents=True, exist_ok=True)
    with journal.open("a") as handle:
        handle.write(json.dumps({"seed": seed, "chunk": chunk, "start": start,
                                 "result": result}) + "\n")
