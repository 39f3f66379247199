"""The exporters are usable from the window, which must never load sympy or scipy."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_exporters_and_cli_import_without_sympy_or_scipy():
    code = (
        "import sys, workbench.export as e, workbench.cli, workbench.export.function_plot\n"
        "[getattr(e, name) for name in e.__all__]\n"
        "print(sorted(m for m in ('sympy', 'scipy') if m in sys.modules))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
