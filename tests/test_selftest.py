"""The self-test (``calculus-workbench --self-test``): its checks accept right answers and
reject wrong ones, its exit status follows them, and it passes from the source tree."""

from __future__ import annotations

import os
import subprocess
import sys
from xml.etree import ElementTree

import pytest

from tests.test_packaging import ROOT
from workbench import selftest

def test_derive_check_accepts_the_right_derivative_and_rejects_a_wrong_one():
    from workbench.protocol.syntax import parse_tree

    payload = {"latex": "", "expr_latex": "", "steps": ["product rule"],
               "trees": {"f": parse_tree("x^2 sin(x)"), "df": parse_tree("2x sin(x) + x^2 cos(x)")}}
    assert "matches" in selftest.check_derive_payload(payload)
    payload["trees"]["df"] = parse_tree("2x cos(x)")
    with pytest.raises(AssertionError, match="finite difference"):
        selftest.check_derive_payload(payload)
    with pytest.raises(AssertionError, match="lacks"):
        selftest.check_derive_payload({"trees": {}})


def test_value_and_descent_checks():
    assert "385" in selftest.value_is(385.0, "sum")({"value": 385.0})
    with pytest.raises(AssertionError):
        selftest.value_is(1 / 3, "area")({"value": 0.3})
    assert "x = 1.0000" in selftest.check_optimize_payload({"points": [[3.0], [1.00001]]})
    with pytest.raises(AssertionError):
        selftest.check_optimize_payload({"points": [[3.0], [2.0]]})


def test_lab_job_checks_reject_wrong_answers():
    from workbench.selftest import jobs

    assert "0.333333" in jobs.check_limits_payload({"max_stable": 1 / 3})
    with pytest.raises(AssertionError, match="expected 1/3"):
        jobs.check_limits_payload({"max_stable": 0.5})
    ok = {"inner": ("x", "y", "1"), "outer": ("y", "0", "1")}
    assert "swapped" in jobs.check_swap_payload(ok)
    with pytest.raises(AssertionError):
        jobs.check_swap_payload({"inner": ("y", "0", "x"), "outer": ("x", "0", "1")})
    from workbench.protocol.results import RunResult

    runs = (RunResult("gd", "gd", 0.1, {}, ((2.0, 1.0), (0.0, 0.0)), (5.0, 0.0), "converged"),
            RunResult("adam", "adam", 0.1, {}, ((2.0, 1.0), (0.5, 0.0)), (5.0, 0.25), "max_steps"))
    assert "2 optimizers" in jobs.check_descent_payload({"runs": runs[:1] * 2})
    with pytest.raises(AssertionError, match="adam"):
        jobs.check_descent_payload({"runs": runs})
    with pytest.raises(AssertionError, match="not accepted"):
        jobs.check_practice_payload({"correct": False, "message": "no"})


def test_output_checks_pass_offscreen_and_write_their_files(tmp_path, qapp):
    import time

    ctx = selftest.Context(out_dir=tmp_path, deadline=time.monotonic() + 60)
    for check in (selftest.check_resources, selftest.check_typeset,
                  selftest.check_png_export, selftest.check_svg_export):
        assert check(ctx)
    assert {p.name for p in tmp_path.iterdir()} == {"derivation.svg", "derivation.png",
                                                     "plot.png", "plot.svg"}
    assert ElementTree.parse(tmp_path / "plot.svg").getroot().tag.endswith("svg")


def test_self_test_exit_status_follows_the_checks(monkeypatch, capsys):
    def checks(status: str):
        return lambda ctx, report: [report(r) or r for r in (
            selftest.CheckResult("a", "PASS", "fine", 0.1),
            selftest.CheckResult("b", status, "detail", 0.1))]

    from workbench.selftest import runner

    monkeypatch.setattr(runner, "_application", lambda settings_dir: None)  # keep QSettings
    monkeypatch.setattr(runner, "run_checks", checks("SKIP"))
    assert selftest.run_self_test(["--self-test"]) == 0
    monkeypatch.setattr(runner, "run_checks", checks("FAIL"))
    assert selftest.run_self_test([]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1].startswith("self-test: 1 passed, 1 failed, 0 skipped")
    assert lines[-2].startswith("FAIL  b")


def test_full_self_test_passes_from_the_source_tree():
    for module in ("workbench.worker.client", "workbench.ui.main_window"):
        pytest.importorskip(module)
    result = subprocess.run([sys.executable, "-m", "workbench.selftest"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120,
                            env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "FAIL" not in result.stdout and "job derive" in result.stdout
