"""End-to-end self-test of an installed or bundled workbench: ``calculus-workbench --self-test``.

Opens the main window, runs one job of every kind the build has through a real worker
process, typesets a derivation (ziamath -> SVG -> QSvgRenderer) and exports a plot with
the app's own exporters (PNG via pyqtgraph's ImageExporter, SVG via QSvgGenerator);
prints one line per check and returns 0 only if none failed, within a time limit.

One module per job: ``base`` (results, context, image helpers), ``window`` (resources and
the main window), ``jobs`` (the worker and its job kinds), ``exports`` (typesetting and
plot files), ``runner`` (order, time limit, report). Nothing here imports Qt or the
engine until a check runs, so ``--self-test`` starts as fast as the app.
"""

from __future__ import annotations

from workbench.selftest.base import (CheckResult, Context, Skip, distinct_colours, render_svg,
                                     wait_until)
from workbench.selftest.exports import check_png_export, check_svg_export, check_typeset
from workbench.selftest.jobs import (check_derive_payload, check_integrate_payload,
                                     check_optimize_payload, job_table, run_worker_checks,
                                     value_is)
from workbench.selftest.runner import DEFAULT_TIME_LIMIT, run_checks, run_self_test
from workbench.selftest.window import check_resources, check_window

__all__ = [
    "DEFAULT_TIME_LIMIT", "CheckResult", "Context", "Skip", "check_derive_payload",
    "check_integrate_payload", "check_optimize_payload", "check_png_export", "check_resources",
    "check_svg_export", "check_typeset", "check_window", "distinct_colours", "job_table",
    "render_svg", "run_checks", "run_self_test", "run_worker_checks", "value_is", "wait_until",
]
