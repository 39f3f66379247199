"""Issue 19: every command with hostile arguments ends in one stderr line and a documented status.

Either exit 0 with the output written, or a non-zero status (2 bad input, 1 could not
finish - a file that can't be written, an engine limit -, 3 a divergent integral) with
exactly one line on stderr and never a traceback.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sympy

from tests.robustness.hostile_files import MAKERS
from workbench import cli, cli_engine
from workbench.cli_engine import LimitHit, call_limited
from workbench.engine import parse
from workbench.engine.timebox import time_limit

ROOT = Path(__file__).resolve().parents[2]
DIR = "{dir}"  # replaced by a folder of the test's own
MISSING = "{dir}/no/such/folder/out"

HOSTILE_ARGS = [
    ["derive", ""], ["derive", "   "], ["derive", "x^2 +* 3"], ["derive", "abs(9)^(9^9)"],
    ["derive", "__import__('os').system('true')"], ["derive", "x" * 3000],
    ["derive", "sin" + "-" * 1990 + "x"], ["derive", "0 sigmoid(e/(0/0))"],
    ["derive", "sech tanh(θ⁹⁹⁹⁹)"], ["derive", "sqrt(10^3999+1)"],
    ["derive", "x^2", "--var", ""], ["derive", "x^2", "--var", "1"],
    ["derive", "x^2", "--var", "x y"], ["derive", "x^2", "--var", "__class__"],
    ["derive", "x", "--order", "0"], ["derive", "x", "--order", "11"],
    ["derive", "x", "--order", "9" * 5000], ["derive", "x", "--order", "two"],
    ["derive", "x", "--format", "pdf"], ["derive", "x", "--format", "docx"],
    ["derive", "x^2", "-o", DIR], ["derive", "x^2", "-o", DIR, "--format", "pdf"],
    ["derive", "x^2", "-o", "/dev/full"], ["derive", "x^2", "-o", "/dev/full", "--format", "pdf"],
    ["derive", "x^2", "-o", MISSING + ".md"], ["derive", "x^2", "-o", MISSING + ".pdf"],
    ["integrate", "x", "--from", "0"], ["integrate", "x", "--from", "x", "--to", "1"],
    ["integrate", "x", "--from", "1/0", "--to", "1"],
    ["integrate", "x", "--from", "abs(9)^(9^9)", "--to", "1"],
    ["integrate", "1/x", "--from", "-1", "--to", "1"], ["integrate", "x", "--from", "-oo",
                                                          "--to", "0"],
    ["integrate", "x", "--from=-1e308", "--to=1e308"], ["integrate", "x", "--from", "--to"],
    ["integrate", "x", "--from", "0", "--to", "1", "-o", "/dev/full"],
    ["plot", "1e400 x", "-o", "{dir}/p.svg"], ["plot", "x", "--from=-1e308", "--to=1e308",
                                                 "-o", "{dir}/p.svg"],
    ["plot", "x", "--from", "nan", "-o", "{dir}/p.svg"], ["plot", "x", "--to", "inf"],
    ["plot", "x", "--width", "0"], ["plot", "x", "--height", "1" + "0" * 30],
    ["plot", "x", "-o", "{dir}/p.gif"], ["plot", "x y", "-o", "{dir}/p.png"],
    ["plot", "x", "-o", MISSING + ".svg"], ["plot", "x", "-o", "{dir}/folder.png"],
    ["report", "{dir}/missing.calcwb", "-o", "{dir}/r.html"],
    ["report", "{dir}/s.calcwb", "-o", "{dir}/r.txt"],
    ["report", "{dir}/s.calcwb", "-o", MISSING + ".html"],
    ["report", "{dir}/s.calcwb", "-o", "{dir}/folder.pdf"],
    ["unknown"], [], ["derive"], ["--bogus"],
    # the other commands: layer, jacobian, code
    ["layer", "--W", "[[1e400]]", "--x", "[1]", "--t", "[0]"],
    ["layer", "--W", "[[1,2],[3]]", "--x", "[1,2]", "--t", "[0,1]"],
    ["layer", "--W", "[[abs(9)^(9^9)]]", "--x", "[1]", "--t", "[0]"],
    ["layer", "--W", "[[1,2],[3,4]]", "--x", "[1,2]", "--t", "[0,1]", "--loss", "bce",
     "--activation", "identity"],
    ["layer", "--W", "[[1]]", "--x", "[1]", "--t", "[0]", "-o", "/dev/full"],
    ["jacobian", "[x, y]", "--vars", "x,__class__"], ["jacobian", "[abs(9)^(9^9), y]"],
    ["jacobian", "[x]", "--vars", ""], ["jacobian", "[x, y]", "--at", "1e400,2"],
    ["code", "derive", "abs(9)^(9^9)"], ["code", "derive", "sech tanh(x^9999)"],
    ["code", "integrate", "x", "--from", "1e400", "--to", "1"],
    ["code", "derive", "x^2", "-o", DIR], ["code", "derive", "x^2", "-o", MISSING + ".py"],
]
HOSTILE_SESSIONS = ["fifo", "link to /dev/zero", "folder", "backslash quotes",
                    "kind is a list", "big integer in range", "truncated"]


def _prepare(tmp_path: Path, argv: list[str]) -> list[str]:
    (tmp_path / "folder.png").mkdir(exist_ok=True)
    (tmp_path / "folder.pdf").mkdir(exist_ok=True)
    (tmp_path / "s.calcwb").write_text('{"schema": 1, "labs": []}')
    return [arg.replace("{dir}", str(tmp_path)) for arg in argv]


def _check(status: int, out: str, err: str, argv: list[str], before: set[Path],
           folder: Path) -> None:
    assert "Traceback" not in err and "Traceback" not in out
    if status == 0:
        written = set(folder.rglob("*")) - before
        assert out or written, f"exit 0 but nothing written for {argv}"
        return
    assert status in (1, 2, 3), (status, argv)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("calculus-workbench"), (argv, err)


@pytest.mark.parametrize("argv", HOSTILE_ARGS, ids=lambda a: " ".join(a)[:50])
def test_hostile_arguments(argv, tmp_path, capsys, monkeypatch, qapp):
    monkeypatch.chdir(tmp_path)
    argv = _prepare(tmp_path, argv)
    before = set(tmp_path.rglob("*"))
    status = cli.run(argv)
    captured = capsys.readouterr()
    _check(status, captured.out, captured.err, argv, before, tmp_path)


@pytest.mark.parametrize("name", HOSTILE_SESSIONS)
def test_report_on_hostile_sessions(name, tmp_path, capsys, qapp):
    session = tmp_path / "hostile.calcwb"
    MAKERS[name](session)
    assert cli.run(["report", str(session), "-o", str(tmp_path / "r.html")]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert not (tmp_path / "r.html").exists()


def test_signed_bounds_with_a_space_are_values(capsys):
    assert cli.run(["integrate", "e^x", "--from", "-oo", "--to", "0", "--format", "json"]) == 0
    assert '"value": 1.0' in capsys.readouterr().out


def test_a_divergent_integral_says_so(capsys):
    assert cli.run(["integrate", "1/x", "--from", "-1", "--to", "1"]) == cli.DIVERGES
    err = capsys.readouterr().err
    assert "diverges" in err and len(err.strip().splitlines()) == 1


def _slow(*args, **kwargs):
    time.sleep(600)


def _greedy(*args, **kwargs):
    return bytearray(8 * 1024 ** 3)


def test_the_engine_time_limit_is_one_line(monkeypatch, capsys):
    monkeypatch.setattr(cli_engine, "TIME_LIMIT_S", 0.5)
    monkeypatch.setattr(cli, "_engine", lambda name: _slow)
    assert cli.run(["derive", "x^2"]) == 1
    err = capsys.readouterr().err
    assert "time limit" in err and len(err.strip().splitlines()) == 1


def test_an_answer_is_not_evaluated_again_where_it_arrives():
    # sympy unpickles by calling each class again: this once evaluated sech(tanh(θ^9999))
    # in the command line's own process, outside every limit, for hours
    theta = sympy.Symbol("theta")
    with time_limit(60.0):  # generous: only the old hang reaches it
        expr = call_limited("sech tanh(θ⁹⁹⁹⁹)", parse, "sech tanh(θ⁹⁹⁹⁹)")
    assert expr == sympy.sech(sympy.tanh(theta ** 9999, evaluate=False), evaluate=False)
    assert call_limited("x", parse, "2x + 3x") == 5 * sympy.Symbol("x")


@pytest.mark.parametrize("argv", [
    ["jacobian", "[sech tanh(x^9999), y]", "--vars", "x,y"],
    ["layer", "--W", "[[sech tanh(w^9999)]]", "--x", "[1]", "--t", "[0]"],
])
def test_layer_and_jacobian_run_under_the_engine_limits(argv, monkeypatch, capsys):
    # both once called the engine in the command line's own process, with no limit
    monkeypatch.setattr(cli_engine, "TIME_LIMIT_S", 2.0)
    status = cli.run(argv)
    err = capsys.readouterr().err
    assert status in (0, 1, 2) and "Traceback" not in err
    if status:
        assert len(err.strip().splitlines()) == 1


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("argv", [["code", "derive", "x^2"],
                                  ["code", "derive", "x^2", "--format", "ipynb"],
                                  ["derive", "x^2"], ["jacobian", "[x]", "--vars", "x"]])
def test_a_device_as_output_is_a_failure_to_write_and_stays_a_device(argv, capsys, qapp):
    # code once renamed a temporary file over its output: as root, /dev/full became a file
    assert cli.run([*argv, "-o", "/dev/full"]) == 1
    assert "full" in capsys.readouterr().err
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_the_engine_memory_limit_is_one_line():
    with pytest.raises(LimitHit, match="memory limit"):
        call_limited("x", _greedy, memory_limit_mb=512)


def test_words_that_are_no_command_get_an_error_not_a_window():
    assert cli.wants_command_line(["unknown"]) and cli.wants_command_line(["--bogus"])
    assert not cli.wants_command_line([]) and not cli.wants_command_line(["s.calcwb"])
    assert not cli.wants_command_line(["-platform", "offscreen"])


def test_help_without_a_display_prints_help(tmp_path):
    env = {key: value for key, value in os.environ.items()
           if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run([sys.executable, "-m", "workbench", "--help"], check=False,
                          capture_output=True,
                          text=True, env=env, cwd=tmp_path, timeout=120)
    assert done.returncode == 0 and done.stdout.startswith("usage: calculus-workbench")
    assert done.stderr == ""
