"""Where the converted Rubi corpus lives, reading it, and drawing fixed samples from it.

The converted problems are derived from Rubi's test suite; the whole corpus is not
committed. The first of these that holds ``*.jsonl`` files is used:

1. ``$WORKBENCH_RUBI_CORPUS``;
2. ``../shared/corpora/rubi/`` next to the repository (where the project may place it);
3. ``tests/corpora/rubi/`` (git-ignored; where ``convert_rubi.py`` writes by default);
4. ``tests/corpora/rubi_sample/``: the committed CI sample (216 problems, see its README).
"""

from __future__ import annotations

import json
import os
import random
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHAPTER_NAMES = {"1": "algebraic", "2": "exponential", "3": "logarithmic", "4": "trig",
                 "5": "inverse trig", "6": "hyperbolic", "7": "inverse hyperbolic"}
MISSING = ("no converted Rubi corpus: run tests/corpora/convert_rubi.py on a copy of "
           "RuleBasedIntegration/MathematicaSyntaxTestSuite, or set WORKBENCH_RUBI_CORPUS")


def candidates() -> list[Path]:
    """The places looked at, in order."""
    chosen = os.environ.get("WORKBENCH_RUBI_CORPUS", "")
    places = [Path(chosen)] if chosen else []
    corpora = ROOT / "tests" / "corpora"
    return [*places, ROOT.parent / "shared" / "corpora" / "rubi", corpora / "rubi",
            corpora / "rubi_sample"]


def corpus_dir() -> Path | None:
    """The first candidate folder that holds ``*.jsonl`` files, or None."""
    for place in candidates():
        if place.is_dir() and any(place.glob("*.jsonl")):
            return place
    return None


def load(folder: Path | None = None) -> list[dict]:
    """Every problem of the corpus, ordered by chapter file and then as written."""
    folder = folder or corpus_dir()
    if folder is None:
        return []
    problems = []
    for path in sorted(folder.glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            problems.extend(json.loads(line) for line in handle if line.strip())
    return problems


def sample(problems: list[dict], size: int, seed: int = 16) -> list[dict]:
    """A fixed random sample of about ``size`` problems, stratified by chapter.

    Each chapter gets a share proportional to its size, but at least a tenth of
    ``size`` (small chapters would otherwise hardly appear); within a chapter the
    choice is seeded, so the same corpus always gives the same sample.
    """
    if size >= len(problems):
        return list(problems)
    by_chapter: dict[str, list[dict]] = defaultdict(list)
    for problem in problems:
        by_chapter[problem["chapter"]].append(problem)
    chosen: list[dict] = []
    for chapter in sorted(by_chapter):
        members = sorted(by_chapter[chapter], key=lambda p: (p["file"], p["line"]))
        share = max(size // 10, round(size * len(members) / len(problems)))
        chosen.extend(random.Random(f"{seed}:{chapter}").sample(members,
                                                                min(share, len(members))))
    return chosen


def section(problem: dict) -> str:
    """The name of the suite file a problem comes from, without folders and suffix."""
    return Path(problem["file"]).stem


if __name__ == "__main__":  # python -m tests.corpora.rubi_corpus N: the ids of a sample
    import sys

    print("\n".join(problem["id"] for problem in sample(load(), int(sys.argv[1]))))
