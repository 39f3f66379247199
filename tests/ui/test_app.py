"""The composition root: light imports, --version, CLI dispatch, a real first window."""

from __future__ import annotations

import json
import subprocess
import sys
import types
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


def test_cli_commands_go_to_the_cli(monkeypatch):
    calls = []
    fake_cli = types.SimpleNamespace(is_command=lambda argv: argv[0] == "derive",
                                     run=lambda argv: calls.append(list(argv)) or 3)
    monkeypatch.setattr(app_module, "_cli_module", lambda: fake_cli)
    assert app_module.main(["derive", "x^2"]) == 3
    assert calls == [["derive", "x^2"]]


def test_window_without_a_worker_says_why(qtbot, monkeypatch, tmp_path):
    from workbench.ui import main_window
    from workbench.ui.missing_engine import MissingEngineClient, placeholder_job
    from workbench.ui.settings import Settings

    monkeypatch.setattr(main_window, "Settings", lambda: Settings(tmp_path / "s.ini"))
    client = MissingEngineClient("the engine is not installed")
    window = main_window.MainWindow(client, job_factory=placeholder_job)
    qtbot.addWidget(window)
    client.start()
    assert "not installed" in window.engine_status.label.text()
    window.editor.compute_now()
    qtbot.waitUntil(lambda: "not installed" in window.job_message.text(), timeout=2000)


@pytest.mark.parametrize("argv", [["--version"]])
def test_module_entry_point(argv):
    run = subprocess.run([sys.executable, "-m", "workbench", *argv], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and run.stdout.startswith("Calculus Workbench")
