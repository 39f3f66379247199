"""The gradient lab's race as numbers for the session report: each racer's η, how its run
ended, its final point and its final loss, under a caption with f, the start and the verdict.
"""

from __future__ import annotations

import math
from workbench.export.report import ReportTable
from workbench.protocol.results import DescentResult
from workbench.ui.labs.gradient.runs import LABELS

OUTCOMES = {"converged": "converged", "max_steps": "ran all its steps",
            "diverged": "diverged", "error": "could not run"}
HEADER = ("Optimizer", "η", "Steps", "Outcome", "Final point", "Final loss f")


def number(value: float) -> str:
    """Four significant digits, − for minus, words for what is not a number."""
    if not math.isfinite(value):
        return "undefined" if math.isnan(value) else ("∞" if value > 0 else "−∞")
    return f"{value:.4g}".replace("-", "−")


def race_table(result: DescentResult | None) -> ReportTable | None:
    """The race ``result`` (the one on screen) as a table; None before any race ran.

    f, the start and each η are read from the result and its request: the numbers the
    runs on screen answer, even if a field has been edited since.
    """
    if result is None or not result.runs:
        return None
    function, start = result.request.text, result.request.start
    rows = []
    for run in result.runs:
        final = run.points[-1] if run.points else ()
        loss = run.losses[-1] if run.losses else math.nan
        rows.append((LABELS.get(run.name, run.name), number(run.lr), str(len(run.points) - 1),
                     OUTCOMES.get(run.status, run.status),
                     "(" + ", ".join(number(v) for v in final) + ")", number(loss)))
    where = ", ".join(number(v) for v in start)
    caption = f"Descent race on f = {function} from ({where})"
    verdict = getattr(result, "verdict", "")
    return ReportTable(f"{caption}. {verdict}" if verdict else caption + ".", HEADER,
                       tuple(rows))
