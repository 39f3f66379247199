"""Running the checks in order under a time limit, and the report: one line per check
and a summary; the exit status is 0 only if none failed."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from workbench.selftest.base import CheckResult, Context, timed
from workbench.selftest.exports import check_png_export, check_svg_export, check_typeset
from workbench.selftest.jobs import run_worker_checks
from workbench.selftest.window import _application, check_resources, check_window

DEFAULT_TIME_LIMIT = 60.0


def _watchdog(limit: float) -> threading.Timer:
    """Ends the process if the checks hang in C code past the time limit."""

    def expire() -> None:
        print(f"FAIL  time limit: the self-test did not finish in {limit:.0f} s", flush=True)
        os._exit(3)

    timer = threading.Timer(limit + 5.0, expire)
    timer.daemon = True
    timer.start()
    return timer


def run_checks(ctx: Context, report: Callable[[CheckResult], None]) -> list[CheckResult]:
    """Run every check in order, reporting each result as soon as it is known."""
    results: list[CheckResult] = []

    def record(result: CheckResult) -> None:
        results.append(result)
        report(result)

    for name, check in (("resources", check_resources), ("main window", check_window)):
        record(timed(name, lambda c=check: c(ctx)))
    for result in run_worker_checks(ctx):
        record(result)
    for name, check in (("typeset", check_typeset), ("export png", check_png_export),
                        ("export svg", check_svg_export)):
        if ctx.remaining() <= 0:
            record(CheckResult(name, "FAIL", "time limit reached before this check", 0.0))
        else:
            record(timed(name, lambda c=check: c(ctx)))
    return results


def run_self_test(argv: list[str] | None = None) -> int:
    """Run every check, print one line each and a summary; 0 only if none failed."""
    parser = argparse.ArgumentParser(prog="calculus-workbench --self-test")
    parser.add_argument("--output-dir", type=Path, help="keep the exported files here")
    parser.add_argument("--time-limit", type=float, default=DEFAULT_TIME_LIMIT)
    args, _ = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # works over ssh and in CI too
    started = time.monotonic()
    watchdog = _watchdog(args.time_limit)
    with tempfile.TemporaryDirectory(prefix="workbench-selftest-") as scratch:
        out_dir = args.output_dir or Path(scratch)
        out_dir.mkdir(parents=True, exist_ok=True)
        _application(Path(scratch) / "settings")
        ctx = Context(out_dir=out_dir, deadline=started + args.time_limit)
        results = run_checks(ctx, lambda r: print(r.line(), flush=True))
    watchdog.cancel()
    counts = {status: sum(r.status == status for r in results) for status in ("PASS", "FAIL",
                                                                               "SKIP")}
    print(f"self-test: {counts['PASS']} passed, {counts['FAIL']} failed, {counts['SKIP']} "
          f"skipped in {time.monotonic() - started:.1f} s", flush=True)
    return 0 if counts["FAIL"] == 0 and counts["PASS"] > 0 else 1
