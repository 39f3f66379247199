"""The composition root: light imports, --version, CLI dispatch, a real first window."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from workbench import __version__
from workbench import app as app_module

ROOT = Path(__file__).resolve().parents[2]

IMPORT_PROBE = """
import json, sys
import workbench.ui.main_window, workbench.app
print(json.dumps({name: name in sys.modules for name in ("sympy", "scipy", "ziamath")}))
"""


def test_window_modules_import_no_sympy_scipy_or_ziamath():
    run = subprocess.run([sys.executable, "-c", IMPORT_PROBE], cwd=ROOT, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == {"sympy": False, "scipy": False, "ziamath": False}


def test_version_flag(capsys):
    assert app_module.main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"Calculus Workbench {__version__}"


def test_cli_commands_go_to_the_cli(capsys):
    assert app_module.main(["derive", "x^2", "--format", "text"]) == 0
    assert "2" in capsys.readouterr().out
    assert app_module.main(["derive", "x^^2"]) == 2
    error = capsys.readouterr().err.strip()
    assert "column" in error and "\n" not in error


@pytest.mark.parametrize("argv", [["--version"]])
def test_module_entry_point(argv):
    run = subprocess.run([sys.executable, "-m", "workbench", *argv], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and run.stdout.startswith("Calculus Workbench")
