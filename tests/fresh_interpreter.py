"""What a fresh interpreter loads: for tests that keep heavy libraries off an import path."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def packages_loaded_by(code: str) -> set[str]:
    """The top-level packages in ``sys.modules`` after a new interpreter runs ``code``.

    The worktree is importable and Qt (if ``code`` loads it) draws offscreen; nothing
    else from this process's environment is passed on.
    """
    probe = code + "\nimport sys\nprint(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin",
                              "QT_QPA_PLATFORM": "offscreen"}, timeout=120)
    assert run.returncode == 0, run.stderr
    return set(run.stdout.split())
