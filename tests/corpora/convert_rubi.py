"""Convert a local copy of Rubi's test suite into the workbench's integration corpus.

Run from the worktree root::

    python tests/corpora/convert_rubi.py SOURCE [--out DIR] [--every N] [--limit N]
        [--chapters 1,4,5,6,7]

SOURCE is a checkout of ``RuleBasedIntegration/MathematicaSyntaxTestSuite`` (a folder of
``.m`` files, or a bare git directory, read at HEAD). Chapters 1, 4, 5, 6 and 7 are
converted by default (algebraic, trig, inverse trig, hyperbolic, inverse hyperbolic);
``--chapters 2,3`` converts the exponential and logarithmic chapters instead, a second
corpus for development (the CI sample is drawn from the first). The independent test
suites, "2.3 Exponential functions" and "3.5 Logarithm functions" are never read, so
they stay an independent check. Output (default ``tests/corpora/rubi/``, git-ignored:
the converted problems are derived from the suite and are not committed): one JSON-lines
file per chapter and ``summary.json`` with kept and skipped counts and the reasons.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

if __name__ == "__main__":  # runnable from the worktree root without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.corpora.mathematica import SyntaxProblem, top_level_lists
from tests.corpora.rubi_problem import Skip, convert
from workbench.engine.timebox import StageTimeout, time_limit

CHAPTERS = {"1": "algebraic", "4": "trig", "5": "inverse_trig", "6": "hyperbolic",
            "7": "inverse_hyperbolic"}
MORE_CHAPTERS = {"2": "exponential", "3": "logarithmic"}
EXCLUDED = ("0 Independent test suites", "2.3 Exponential functions",
            "3.5 Logarithm functions")
DEFAULT_OUT = Path(__file__).resolve().parent / "rubi"
SECONDS_PER_PROBLEM = 3.0


def suite_files(source: Path, chapters: dict[str, str] = CHAPTERS
                ) -> Iterator[tuple[str, str]]:
    """``(relative path, text)`` of each chosen ``.m`` file, in path order."""
    if (source / "HEAD").is_file() and (source / "objects").is_dir():  # a bare git directory
        listing = subprocess.run(["git", "--git-dir", str(source), "ls-tree", "-r",
                                  "--name-only", "HEAD"], capture_output=True, text=True,
                                 check=True).stdout.splitlines()
        for path in sorted(p for p in listing if _chosen(p, chapters)):
            text = subprocess.run(["git", "--git-dir", str(source), "show", f"HEAD:{path}"],
                                  capture_output=True, text=True, check=True).stdout
            yield path, text
        return
    for path in sorted(source.rglob("*.m")):
        relative = path.relative_to(source).as_posix()
        if _chosen(relative, chapters):
            yield relative, path.read_text(encoding="utf-8")


def _chosen(path: str, chapters: dict[str, str] = CHAPTERS) -> bool:
    return (path.endswith(".m") and path.split(" ", 1)[0] in chapters
            and not any(part in path for part in EXCLUDED))


def convert_file(path: str, text: str, limit: int | None = None,
                 every: int = 1) -> tuple[list[dict], Counter]:
    """The records of one file, and the reasons for the problems skipped.

    ``limit`` keeps the first problems only, ``every`` every so many (a spread-out
    part of each file, for a corpus that converts in minutes rather than hours).
    """
    reasons: Counter = Counter()
    try:
        problems = list(top_level_lists(text))
    except SyntaxProblem:
        reasons["file not readable"] += 1
        return [], reasons
    records: list[dict] = []
    seen: set[str] = set()
    for line, items in problems[:limit:every]:
        try:
            with time_limit(SECONDS_PER_PROBLEM):
                record = convert(items, seen)
        except Skip as skip:
            reasons[str(skip)] += 1
            continue
        except StageTimeout:
            reasons["too slow to check"] += 1
            continue
        except Exception:  # noqa: BLE001 - one odd problem (an mpmath or sympy error) must
            reasons["could not be checked"] += 1  # not stop the conversion of the rest
            continue
        seen.add(record.integrand)
        section = Path(path).stem.split(" ", 1)[0]
        records.append({"id": f"{section}:{line}", "chapter": path.split(" ", 1)[0],
                        "file": path, "line": line, "variable": "x", **asdict(record)})
    return records, reasons


def _convert_job(job: tuple[str, str, int | None, int]) -> tuple[str, list[dict], Counter]:
    path, text, limit, every = job
    records, reasons = convert_file(path, text, limit, every)
    return path, records, reasons


def run(source: Path, out: Path, limit: int | None = None, processes: int = 2,
        every: int = 1, chapters: dict[str, str] = CHAPTERS) -> dict:
    """Convert every chosen file; write the chapter files and the summary; return it.

    Files are converted in ``processes`` worker processes; the results are taken in
    file order, so the corpus (and which of two equal integrands is kept) is the same
    however many processes ran.
    """
    out.mkdir(parents=True, exist_ok=True)
    summary: dict[str, dict] = {ch: {"kept": 0, "skipped": Counter()} for ch in chapters}
    lines: dict[str, list[str]] = {ch: [] for ch in chapters}
    seen: set[str] = set()
    jobs = ((path, text, limit, every) for path, text in suite_files(source, chapters))
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        for path, records, reasons in pool.imap(_convert_job, jobs):
            chapter = path.split(" ", 1)[0]
            summary[chapter]["skipped"].update(reasons)
            for record in records:
                if record["integrand"] in seen:
                    summary[chapter]["skipped"]["duplicate integrand"] += 1
                    continue
                seen.add(record["integrand"])
                lines[chapter].append(json.dumps(record))
                summary[chapter]["kept"] += 1
            print(f"{path}: {len(records)} kept", flush=True)
    for chapter, name in chapters.items():
        text = "".join(line + "\n" for line in lines[chapter])
        (out / f"chapter{chapter}_{name}.jsonl").write_text(text, encoding="utf-8")
    (out / "summary.json").write_text(json.dumps(summary, indent=1))
    return summary


def report(summary: dict) -> str:
    """Kept and skipped counts per chapter, with the reasons, as text."""
    lines = []
    for chapter, figures in summary.items():
        skipped = figures["skipped"]
        name = {**CHAPTERS, **MORE_CHAPTERS}[chapter]
        lines.append(f"chapter {chapter} ({name}): kept {figures['kept']}, "
                     f"skipped {sum(skipped.values())}")
        for reason, count in Counter(skipped).most_common():
            lines.append(f"    {count:6}  {reason}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """The command line (see the module's docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="the test suite: a folder or a git dir")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--limit", type=int, default=None,
                        help="at most this many problems per file (for a quick try)")
    parser.add_argument("--every", type=int, default=1,
                        help="only every N-th problem of each file (a quicker, spread-out part)")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--chapters", default=",".join(CHAPTERS),
                        help="the chapters to convert: 1,4,5,6,7 (default) and/or 2,3")
    args = parser.parse_args(argv)
    known = {**CHAPTERS, **MORE_CHAPTERS}
    wanted = [c.strip() for c in args.chapters.split(",") if c.strip()]
    if not wanted or any(c not in known for c in wanted):
        parser.error(f"--chapters: choose among {', '.join(known)}")
    chapters = {c: known[c] for c in wanted}
    print(report(run(args.source, args.out, args.limit, args.processes, args.every, chapters)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
