"""A fixed sample of the Rubi corpus through ``antiderivative``: every answer is right, and
at least as many are solved as when the floor was measured.

The corpus is not committed (see ``tests/corpora/rubi_corpus.py`` for where it is looked
for); without it these tests skip and say how to make it. The sample is the list of
problem ids in ``rubi_sample_ids.txt`` (about 200, stratified by chapter, drawn with a
fixed seed by ``tests/corpora/rubi_corpus.py:sample``). Each call runs in a worker
process killed after ``LIMIT_S`` seconds, so a runaway integral cannot hang the run;
answers are checked by differentiation at sample points, which ignores constants.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tests.corpora.rubi_corpus import MISSING, corpus_dir, load
from tests.corpora.rubi_tasks import PRELOAD, solve_ours
from tests.corpora.timed_pool import run_all

SAMPLE = Path(__file__).with_name("rubi_sample_ids.txt")
LIMIT_S = 1.5
# The share of the sample solved and verified when the floor was set: 4 of 216 on
# 2026-12-07, on a machine loaded far beyond its 2 cores (load average 12), where 212
# calls ran out of time. The test prints its count on every run (pytest -s): measure on a
# quiet machine and raise the floor to that share less a few points; a drop below it is a
# regression.
FLOOR = 0.015


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
    texts = [problem["integrand"] for problem in problems]
    outcomes = dict(run_all(solve_ours, texts, LIMIT_S, grace=30.0, processes=2,
                            preload=PRELOAD))
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
