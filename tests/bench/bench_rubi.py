"""Benchmark: the Rubi corpus through our ``antiderivative`` and ``sympy.integrate``, same run.

Run ``python tests/bench/bench_rubi.py [--sample N] [--limit SECONDS] [--processes P]
[--failures PATH] [--quick]`` from the worktree root. The corpus is found as described in
``tests/corpora/rubi_corpus.py`` (it is not committed; ``tests/corpora/convert_rubi.py``
makes it); without one the benchmark says so and stops. Every call runs in a worker
process and is limited to ``--limit`` CPU seconds (5 by default): the engine's own
currency, so that the figures do not change with the machine's load (a wall-clock limit
would count the time other processes take); the pool kills a call that runs far past it
on the wall clock. Per chapter and for each system it prints: problems; solved (an
antiderivative came back in time); with steps (ours: stage ``steps`` or ``rewrite``);
verified (its derivative equals the integrand at sample points); median and p95 CPU
seconds (a time-out counts as the limit); gave up; timed out. ``--failures PATH`` writes
the sections where ours fails most, with examples. The figures go to
``tests/bench/results/rubi.json``. Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections import Counter, defaultdict
from pathlib import Path

if __name__ == "__main__":  # runnable from the worktree root without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench.common import quick as quick_mode
from tests.bench.common import write_results
from tests.corpora.rubi_corpus import (
    CHAPTER_NAMES, MISSING, load, sample, section)
from tests.corpora.rubi_tasks import PRELOAD, solve_ours, solve_sympy
from tests.corpora.timed_pool import run_all

SYSTEMS = {"ours": solve_ours, "sympy": solve_sympy}


def measure(problems: list[dict], limit: float, processes: int) -> dict[str, list[dict]]:
    """Each system's outcome for each problem (in the problems' order): each call limits
    itself to ``limit`` CPU seconds; the pool kills a call only after ``wall_guard``."""
    payloads = [(p["integrand"], limit) for p in problems]
    outcomes: dict[str, list[dict]] = {}
    for name, task in SYSTEMS.items():
        rows: list[dict] = [{} for _ in payloads]
        for index, outcome in run_all(task, payloads, wall_guard(limit), grace=30.0,
                                      processes=processes, niceness=5, preload=PRELOAD):
            rows[index] = outcome
        outcomes[name] = rows
        print(f"{name}: {len(rows)} problems done", flush=True)
    return outcomes


def wall_guard(limit: float) -> float:
    """Wall-clock seconds after which the pool kills a call that has not stopped itself at
    ``limit`` CPU seconds (a call that ignores its limit, or a machine loaded many times
    over): such a call counts as timed out."""
    return 6 * limit + 10


def solved(outcome: dict) -> bool:
    """An antiderivative came back within the limit."""
    return outcome.get("status") == "answered"


def with_steps(outcome: dict) -> bool:
    """Solved by our step engine or our rewrites (steps to show)."""
    return solved(outcome) and outcome.get("stage") in ("steps", "rewrite")


def verified(outcome: dict) -> bool:
    """Solved, and the derivative of the answer checked against the integrand."""
    return solved(outcome) and outcome.get("correct") is True


def figures(rows: list[dict], limit: float) -> dict:
    """The counts and times of one system over some problems."""
    times = sorted(min(r.get("seconds", limit), limit) if r.get("status") != "timeout"
                   else limit for r in rows)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))] if times else 0.0
    return {"problems": len(rows), "solved": sum(map(solved, rows)),
            "with_steps": sum(map(with_steps, rows)), "verified": sum(map(verified, rows)),
            "wrong": sum(solved(r) and r.get("correct") is False for r in rows),
            "median_s": statistics.median(times) if times else 0.0, "p95_s": p95,
            "gave_up": sum(r.get("status") == "gave_up" for r in rows),
            "timed_out": sum(r.get("status") == "timeout" for r in rows),
            "crashed": sum(r.get("status") == "crashed" for r in rows)}


def summarise(problems: list[dict], outcomes: dict[str, list[dict]], limit: float) -> dict:
    """Figures per chapter (and ``all``) for each system."""
    groups: dict[str, list[int]] = defaultdict(list)
    for index, problem in enumerate(problems):
        groups[problem["chapter"]].append(index)
        groups["all"].append(index)
    return {group: {name: figures([rows[i] for i in members], limit)
                    for name, rows in outcomes.items()}
            for group, members in sorted(groups.items(), key=lambda kv: kv[0] == "all")}


def report(summary: dict, limit: float) -> str:
    """The summary as a table: ours beside sympy's for each chapter."""
    head = ("solved", "steps", "verif", "med s", "p95 s", "gave up", "t/o")
    cells = "  ".join(f"{h:>7}" for h in head)
    lines = [f"Rubi corpus, {limit:g} CPU s per call (a time-out counts as {limit:g} s)",
             f"{'chapter':20} {'n':>5}  | ours: {cells} | sympy: {cells}"]
    for group, systems in summary.items():
        label = "all" if group == "all" else f"{group} {CHAPTER_NAMES.get(group, '')}"
        row = f"{label:20} {systems['ours']['problems']:>5}"
        for name in ("ours", "sympy"):
            f = systems[name]
            n = max(1, f["problems"])
            steps = f"{f['with_steps'] / n:>7.0%}" if name == "ours" else f"{'-':>7}"
            row += (f"  | {' ' * (len(name) + 2)}{f['solved'] / n:>7.0%}  {steps}  "
                    f"{f['verified'] / n:>7.0%}  {f['median_s']:>7.2f}  {f['p95_s']:>7.2f}  "
                    f"{f['gave_up']:>7}  {f['timed_out']:>7}")
        lines.append(row)
    return "\n".join(lines)


def failure_families(problems: list[dict], rows: list[dict], top: int = 15) -> str:
    """The sections where ours most often gives no verified answer, two examples each."""
    failed: dict[str, list[dict]] = defaultdict(list)
    totals: Counter = Counter(section(p) for p in problems)
    for problem, outcome in zip(problems, rows, strict=True):
        if not verified(outcome):
            failed[section(problem)].append({**problem, "outcome": outcome.get("status")})
    ranked = sorted(failed.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:top]
    count = sum(map(len, failed.values()))
    lines = [f"Sections where our antiderivative fails most ({count} failures in "
             f"{len(problems)} problems)"]
    for name, members in ranked:
        lines.append(f"\n{len(members):4} of {totals[name]:4}  {name}")
        for member in members[:2]:
            lines.append(f"        {member['outcome']:>8}  {member['integrand']}")
    return "\n".join(lines)


def main(argv: list[str]) -> dict | None:
    """Run the benchmark (see the module's docstring); returns the saved figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=int, default=None)
    parser.add_argument("--limit", type=float, default=5.0)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--failures", type=Path, default=None)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    problems = load()
    if not problems:
        print(MISSING)
        return None
    if args.quick or quick_mode():
        args.sample, args.limit = 6, 1.0
    chosen = sample(problems, args.sample) if args.sample else problems
    outcomes = measure(chosen, args.limit, args.processes)
    summary = summarise(chosen, outcomes, args.limit)
    print(report(summary, args.limit))
    if args.failures:
        args.failures.write_text(failure_families(chosen, outcomes["ours"]) + "\n")
        print(f"failure families written to {args.failures}")
    rows = [{"id": p["id"], "section": section(p), "integrand": p["integrand"],
             **{name: outcomes[name][i] for name in outcomes}} for i, p in enumerate(chosen)]
    saved = {"limit_s": args.limit, "corpus_size": len(problems), "summary": summary,
             "problems": rows}
    print(f"written to {write_results('rubi', saved)}")
    return saved


def test_bench_quick() -> None:
    """Quick mode for the test run: a stratified handful of problems (six asked, one per
    chapter at least), checks only that figures came out."""
    import pytest

    if not load():
        pytest.skip(MISSING)
    saved = main(["--quick"])
    assert saved is not None
    assert saved["summary"]["all"]["ours"]["problems"] == len(saved["problems"]) >= 6
    assert "sympy" in report(saved["summary"], 1.0)


if __name__ == "__main__":
    main(sys.argv[1:])
