"""Benchmark: how often the antiderivative chain answers, against sympy's bare step engine.

Run ``python tests/bench/bench_integrals.py [--quick] [--bare-limit SECONDS]`` from the
worktree root (``--quick`` or ``WORKBENCH_BENCH_QUICK=1``: ten cases instead of all).
For each difficulty level of ``tests/engine/integral_cases.py`` it prints the share of
integrals answered with steps (stages ``steps`` and ``rewrite``),
without steps (``integrator``) and not at all (``none``), and the same for a bare
``integral_steps`` call under a time limit (with steps = no ``DontKnowRule`` in the
tree), plus how many of our answers were verified and the time taken. The figures
are written as JSON to ``tests/bench/results/integrals.json``. Nothing here asserts a time.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

if __name__ == "__main__":  # runnable from the worktree root without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sympy.integrals import manualintegrate as mi

from tests.bench.common import quick as quick_mode
from tests.bench.common import write_results
from tests.engine.integral_cases import CASES, QUICK, Case
from workbench.engine.functions import to_elementary
from workbench.engine.integration import antiderivative
from workbench.engine.parsing import parse
from workbench.engine.symbols import realify
from workbench.engine.timebox import StageTimeout, time_limit

_ANSWERED = {"steps": "with_steps", "rewrite": "with_steps", "integrator": "without_steps",
             "none": "not_at_all"}


def bare_step_engine(text: str, seconds: float) -> bool:
    """Whether sympy's ``integral_steps`` alone finds steps (no DontKnowRule) in time."""
    f, back = realify(to_elementary(parse(text)))
    x = next((s for s in back if s.name == "x"), None)
    if x is None:
        return True  # a constant: the constant rule
    try:
        with time_limit(seconds):
            return not mi.integral_steps(f, x).contains_dont_know()
    except StageTimeout:
        return False
    except Exception:  # noqa: BLE001 - a crash inside sympy counts as no answer
        return False
    finally:
        mi._integral_cache.clear()
        mi._parts_u_cache.clear()


def run(cases: list[Case], bare_limit: float = 3.0) -> dict:
    """Per-level shares for the chain and for the bare step engine, and timings."""
    rows = []
    for case in cases:
        start = time.perf_counter()
        result = antiderivative(case.text)
        seconds = time.perf_counter() - start
        bare = bare_step_engine(case.text, bare_limit)
        rows.append({"text": case.text, "level": case.level, "topic": case.topic,
                     "stage": result.stage, "verified": result.verified,
                     "seconds": round(seconds, 3), "bare_steps": bare})
    return {"cases": rows, "summary": summarise(rows), "bare_limit": bare_limit}


def summarise(rows: list[dict]) -> dict:
    """Shares per level (and overall) of each outcome, for the chain and for bare steps."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        groups[row["level"]].append(row)
        groups["all"].append(row)
    out = {}
    for level, members in groups.items():
        n = len(members)
        counts = defaultdict(int)
        for row in members:
            counts[_ANSWERED[row["stage"]]] += 1
        times = [row["seconds"] for row in members]
        out[level] = {
            "n": n,
            "chain": {k: counts[k] / n for k in ("with_steps", "without_steps", "not_at_all")},
            "bare_integral_steps": {"with_steps": sum(r["bare_steps"] for r in members) / n,
                                    "not_at_all": sum(not r["bare_steps"] for r in members) / n},
            "verified": sum(r["verified"] for r in members) / n,
            "median_seconds": statistics.median(times),
            "max_seconds": max(times),
        }
    return out


def report(figures: dict) -> str:
    """The summary as a small table."""
    lines = [f"{'level':7} {'n':>4}  {'chain: steps / no steps / none':>32}  "
             f"{'bare integral_steps: steps / none':>34}  verified  median s  max s"]
    for level in ("easy", "medium", "hard", "all"):
        if level not in figures["summary"]:
            continue
        s = figures["summary"][level]
        chain, bare = s["chain"], s["bare_integral_steps"]
        lines.append(
            f"{level:7} {s['n']:>4}  {chain['with_steps']:>10.0%} / {chain['without_steps']:>6.0%}"
            f" / {chain['not_at_all']:>6.0%}    {bare['with_steps']:>14.0%} / "
            f"{bare['not_at_all']:>6.0%}        {s['verified']:>6.0%}  {s['median_seconds']:>8.2f}"
            f"  {s['max_seconds']:>5.1f}")
    return "\n".join(lines)


def main(argv: list[str]) -> dict:
    """Run the sweep (every case, or 10 in quick mode), print and save the figures."""
    quick = "--quick" in argv or quick_mode()
    bare_limit = float(argv[argv.index("--bare-limit") + 1]) if "--bare-limit" in argv else 3.0
    cases = QUICK[::4] if quick else CASES
    figures = run(cases, bare_limit)
    print(f"antiderivative chain vs bare integral_steps ({bare_limit:g} s limit), "
          f"{len(cases)} integrals")
    print(report(figures))
    print(f"written to {write_results('integrals', figures)}")
    return figures


def test_bench_quick() -> None:
    """Quick mode for the test run: ten cases, checks only that figures came out."""
    figures = main(["bench", "--quick", "--bare-limit", "1"])
    assert figures["summary"]["all"]["n"] == 10
    assert "all" in report(figures) and "%" in report(figures)


if __name__ == "__main__":
    main(sys.argv)
