"""The command line: exit codes, one-line errors, --help, and the files it writes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import sympy

from workbench import cli
from workbench.engine.results import Derivation
from workbench.protocol.steps import Step

ROOT = Path(__file__).resolve().parents[1]


def _fake_derivative(expr, var="x", order=1):
    """A stand-in for the engine's derivative (plain sympy, two honest steps)."""
    from workbench.engine.parsing import parse

    parsed = parse(expr, variables=(var,))
    result = sympy.diff(parsed, sympy.Symbol(var), order)
    before = rf"\frac{{d}}{{d{var}}}\left({sympy.latex(parsed)}\right)"
    steps = [Step("product", "Product rule", before, sympy.latex(result),
                  substeps=[Step("power", "Power rule", r"\frac{d}{dx} x^{2}", "2 x")])]
    return Derivation(parsed, var, order, result, f"{before} = {sympy.latex(result)}", steps)


@pytest.fixture
def fake_engine(monkeypatch):
    real = cli._engine
    monkeypatch.setattr(cli, "_engine", lambda name: _fake_derivative if name == "derivative"
                        else real(name))


def test_is_command():
    assert cli.is_command(["derive", "x^2"]) and cli.is_command(["plot"])
    assert not cli.is_command([]) and not cli.is_command(["--help"])
    assert not cli.is_command(["session.calcwb"])


@pytest.mark.parametrize("command", [[], ["derive"], ["integrate"], ["plot"], ["report"]])
def test_help_everywhere(command, capsys):
    assert cli.run([*command, "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: calculus-workbench")
    assert all(flag in out for flag in ("-h", "--help"))


@pytest.mark.parametrize(("argv", "needle"), [
    (["derive", "x^2 +* 3"], "column 6"),
    (["integrate", "sin(x", "--from", "0", "--to", "1"], "column"),
    (["plot", "x^2 +* 3", "-o", "p.png"], "column 6"),
    (["plot", "x y", "-o", "p.png"], "uses y"),
    (["plot", "x", "-o", "p.gif"], ".png or .svg"),
    (["plot", "x", "--from", "3", "--to", "1", "-o", "p.png"], "less than"),
    (["derive", "x", "--order", "0"], "--order"),
    (["derive", "x", "--format", "pdf"], "needs a file"),
    (["integrate", "x", "--from", "0"], "both --from and --to"),
    (["report", "missing.calcwb", "-o", "r.pdf"], "no session file"),
    (["unknown"], "invalid choice"),
])
def test_bad_input_is_one_line_and_status_2(argv, needle, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli.run(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0]
    assert not list(tmp_path.iterdir())  # nothing written


@pytest.mark.parametrize("fmt", ["text", "md", "tex", "html", "json"])
def test_derive_formats_to_stdout(fmt, fake_engine, capsys):
    assert cli.run(["derive", "x^2 sin(x)", "--format", fmt]) == 0
    out = capsys.readouterr().out
    expected = sympy.diff(sympy.sympify("x**2*sin(x)"), sympy.Symbol("x"))
    if fmt == "json":
        data = json.loads(out)
        assert sympy.simplify(sympy.sympify(data["result"]) - expected) == 0
        assert data["steps"][0]["rule"] == "product"
    elif fmt == "md":
        assert len(re.findall(r"(?<!\\)\$", out)) % 2 == 0 and "Product rule" in out
    elif fmt == "tex":
        assert out.startswith(r"\documentclass") and out.rstrip().endswith(r"\end{document}")
    elif fmt == "html":
        assert "<svg" in out and "<script" not in out
    else:
        assert "1. Product rule" in out and "1.1. Power rule" in out


def test_derive_to_files_picks_the_format_from_the_extension(fake_engine, tmp_path, qapp):
    assert cli.run(["derive", "x^2 sin(x)", "-o", str(tmp_path / "d.md")]) == 0
    assert (tmp_path / "d.md").read_text(encoding="utf-8").startswith("# Derivative")
    assert cli.run(["derive", "x^3", "--order", "2", "-o", str(tmp_path / "d.pdf")]) == 0
    assert (tmp_path / "d.pdf").read_bytes().startswith(b"%PDF")


def test_plot_png_and_svg(tmp_path, qapp):
    from PySide6.QtGui import QImage
    from PySide6.QtSvg import QSvgRenderer

    png, svg = tmp_path / "curve.png", tmp_path / "curve.svg"
    assert cli.run(["plot", "sin(x)/x", "--from", "-10", "--to", "10", "-o", str(png),
                    "--width", "640", "--height", "400"]) == 0
    image = QImage(str(png))
    assert (image.width(), image.height()) == (640, 400)
    colours = {image.pixel(x, y) for x in range(0, 640, 7) for y in range(0, 400, 7)}
    assert len(colours) > 3  # background, curve, axes and text
    assert cli.run(["plot", "1/x", "-o", str(svg)]) == 0
    root = ET.parse(svg).getroot()
    assert root.get("viewBox") == "0 0 900 560"
    assert QSvgRenderer(str(svg)).isValid()
    assert "y = 1/x" in svg.read_text(encoding="utf-8")


def test_plot_without_output_writes_svg_to_stdout(capsys, qapp):
    assert cli.run(["plot", "x^2", "--from", "-2", "--to", "2"]) == 0
    root = ET.fromstring(capsys.readouterr().out)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"


def test_derive_with_the_real_engine(capsys):
    pytest.importorskip("workbench.engine.differentiation")
    assert cli.run(["derive", "x^2 sin(x)", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    expected = sympy.diff(sympy.sympify("x**2*sin(x)"), sympy.Symbol("x"))
    assert sympy.simplify(sympy.sympify(data["result"]) - expected) == 0


@pytest.mark.parametrize("args", [["--from", "0", "--to", "1"], []])
def test_integrate_with_the_real_engine(args, capsys):
    pytest.importorskip("workbench.engine.integration")
    assert cli.run(["integrate", "x e^x", *args, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    if args:
        assert data["value"] == pytest.approx(1.0)
    else:
        x = sympy.Symbol("x")
        result = sympy.sympify(data["result"])
        assert sympy.simplify(sympy.diff(result, x) - x * sympy.exp(x)) == 0


def test_module_entry_point_in_a_fresh_interpreter(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    bad = subprocess.run([sys.executable, "-m", "workbench.cli", "plot", "x^2 +* 3", "-o",
                          str(tmp_path / "p.png")], capture_output=True, text=True, env=env,
                         cwd=tmp_path, timeout=60)
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr.strip().count("\n") == 0 and "column 6" in bad.stderr
    good = subprocess.run([sys.executable, "-m", "workbench.cli", "plot", "x^2", "-o",
                           str(tmp_path / "p.png")], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=60)
    assert good.returncode == 0, good.stderr
    assert (tmp_path / "p.png").read_bytes().startswith(b"\x89PNG")
