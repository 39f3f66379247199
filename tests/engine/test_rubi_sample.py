"""A fixed sample of the Rubi corpus through ``antiderivative``: every answer is right, and
at least as many are solved as when the floor was measured.

The sample is the list of problem ids in ``rubi_sample_ids.txt`` (216, stratified by
chapter, drawn with a fixed seed by ``tests/corpora/rubi_corpus.py:sample``); its problems
are committed in ``tests/corpora/rubi_sample/`` (the whole corpus is not: see
``tests/corpora/rubi_corpus.py`` for where it is looked for). Each call may use
``CPU_LIMIT_S`` CPU seconds - the engine's own currency, which the machine's load does not
change - and runs in a worker process killed after ``WALL_LIMIT_S`` seconds of wall time
only as a guard against a hang; answers are checked by differentiation at sample points,
which ignores constants.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tests.corpora.rubi_corpus import MISSING, corpus_dir, load
from tests.corpora.rubi_tasks import PRELOAD, solve_ours
from tests.corpora.timed_pool import run_all

SAMPLE = Path(__file__).with_name("rubi_sample_ids.txt")
# Half a CPU second a problem keeps the test near a minute (the benchmark,
# tests/bench/bench_rubi.py, gives each 5 s and reports the time figures).
CPU_LIMIT_S = 0.5
WALL_LIMIT_S = 60.0
# The share of the sample solved and verified when the floor was set, less a margin: 133 of
# 216 = 62 % at 0.5 CPU s at 1e53828 (2026-12-07; 125 at 3c61a0f, after the check's compiled
# evaluation; 69 before it, 61 before the form-chosen methods of issue 16). The floor, 38 %,
# is what a machine twice as slow would still reach (85 of the benchmark's answers took
# under 0.25 s): a drop below it is a regression. The test prints its count on every run
# (pytest -s).
FLOOR = 0.38


def sample_problems() -> list[dict]:
    """The sample's problems found in the corpus (skips the test when there are too few)."""
    problems = load()
    if not problems:
        pytest.skip(MISSING)
    wanted = SAMPLE.read_text(encoding="utf-8").split()
    by_id = {problem["id"]: problem for problem in problems}
    chosen = [by_id[name] for name in wanted if name in by_id]
    if len(chosen) < 0.9 * len(wanted):
        pytest.skip(f"the corpus in {corpus_dir()} holds {len(chosen)} of the sample's "
                    f"{len(wanted)} problems: convert it with tests/corpora/convert_rubi.py")
    return chosen


@pytest.mark.slow
def test_rubi_sample_answers_are_right_and_the_solved_share_holds():
    problems = sample_problems()
    payloads = [(problem["integrand"], CPU_LIMIT_S) for problem in problems]
    outcomes = dict(run_all(solve_ours, payloads, WALL_LIMIT_S, grace=WALL_LIMIT_S,
                            processes=2, preload=PRELOAD))
    wrong = [(p["id"], p["integrand"]) for i, p in enumerate(problems)
             if outcomes[i].get("correct") is False]
    assert not wrong, f"answers whose derivative is not the integrand: {wrong}"
    crashed = [(p["id"], p["integrand"], outcomes[i].get("error"))
               for i, p in enumerate(problems) if outcomes[i].get("status") == "crashed"]
    assert not crashed, f"the engine raised on: {crashed}"
    solved = sum(outcomes[i].get("status") == "answered" and outcomes[i].get("correct")
                 is True for i in range(len(problems)))
    statuses = Counter(outcome.get("status") for outcome in outcomes.values())
    print(f"Rubi sample: {solved} of {len(problems)} solved and verified; {dict(statuses)}")
    assert solved / len(problems) >= FLOOR, (
        f"{solved} of {len(problems)} solved and verified, below the floor {FLOOR:.0%}")
