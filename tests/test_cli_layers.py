"""The ``layer`` and ``jacobian`` commands: formats, symbols, and one-line errors (status 2)."""

from __future__ import annotations

import json

import numpy as np
import pytest
import sympy

from workbench import cli

LAYER = ["layer", "--W", "[[1,2],[3,4],[5,6]]", "--b", "[0,0,0]", "--x", "[1,2]",
         "--t", "[0,1,0]"]


def test_commands_are_registered():
    assert cli.is_command(["layer"]) and cli.is_command(["jacobian"])


@pytest.mark.parametrize("command", ["layer", "jacobian"])
def test_help(command, capsys):
    assert cli.run([command, "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: calculus-workbench {command}") and "--format" in out


def test_layer_json_agrees_with_numpy(capsys):
    assert cli.run([*LAYER, "--activation", "tanh", "--loss", "mse", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    w, x, t = np.array([[1, 2], [3, 4], [5, 6]]), np.array([1, 2]), np.array([0, 1, 0])
    y = np.tanh(w @ x)
    delta = 2 / 3 * (y - t) * (1 - y ** 2)
    np.testing.assert_allclose(data["grad_W"], np.outer(delta, x), rtol=1e-6, atol=1e-12)
    assert data["shapes"]["grad_W"] == [3, 2] and data["activation"] == "tanh"


@pytest.mark.parametrize("fmt", ["text", "md", "tex", "html"])
def test_layer_formats(fmt, capsys):
    assert cli.run([*LAYER, "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert "3×2" in out
    if fmt == "text":
        assert "∂L/∂W = δ · xᵀ : (3×1)·(1×2) = (3×2)" in out and "∂L/∂w₃₂" in out
    if fmt == "tex":
        assert out.startswith(r"\documentclass")


def test_layer_with_symbols_and_default_bias(capsys):
    assert cli.run(["layer", "--W", "[[?, 1/2]]", "--x", "[1, ?]", "--t", "[1]",
                    "--activation", "sigmoid", "--loss", "bce", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["symbolic"] is True and data["symbols"] == ["w_11", "x_2"]
    grad = sympy.sympify(data["grad_W"][0][0])
    w, x2 = sympy.symbols("w_11 x_2")
    sig = 1 / (1 + sympy.exp(-(w + x2 / 2)))
    assert abs(float((grad - (sig - 1)).subs({w: 0.3, x2: -0.8}))) < 1e-12


def test_layer_pdf(tmp_path, qapp):
    out = tmp_path / "layer.pdf"
    assert cli.run([*LAYER, "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")


def test_jacobian(capsys):
    assert cli.run(["jacobian", "[x*y, x+y^2]", "--vars", "x,y", "--at", "1,2",
                    "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["value"] == [[2.0, 1.0], [1.0, 4.0]] and data["shape"] == [2, 2]
    assert cli.run(["jacobian", "sin(x) y", "--vars", "x y"]) == 0
    assert "Row 1" in capsys.readouterr().out


@pytest.mark.parametrize(("argv", "needle"), [
    (["layer", "--W", "[[1,2],[3]]", "--x", "[1,2]", "--t", "[0,1]"], "Row 2 has 1 entries"),
    (["layer", "--W", "[[1,2]]", "--x", "[1,2,3]", "--t", "[0]"], "x needs 2 entries"),
    (["layer", "--W", "[[1,2]]", "--x", "[1,2]", "--t", "[[0,1],[1,0]]"], "must be a vector"),
    (["layer", "--W", "[[1,2]]", "--x", "[1,2+]", "--t", "[0]"], "--x"),
    (["layer", "--W", "[[1,2]]", "--x", "[1,2]", "--t", "[1]", "--activation", "swish"],
     "invalid choice"),
    (["layer", "--W", "[[1,-2]]", "--x", "[1,2]", "--t", "[1]", "--activation", "identity",
      "--loss", "cross_entropy"], "must be positive"),
    (["layer", "--W", "[[1,2]]", "--x", "[1,2]", "--t", "[0]", "--format", "pdf"],
     "needs a file"),
    (["layer", "--W", "[[1,2]]", "--t", "[0]"], "--x"),
    (["jacobian", "[x*y, x+]", "--vars", "x,y"], "missing"),
    (["jacobian", "[x*y, x+y]", "--vars", "x,y", "--at", "1"], "1 coordinates for 2"),
    (["jacobian", "[x*y, q]", "--vars", "x,y", "--at", "1,2"], "Give q a value"),
    (["jacobian", "[[x, y], [y, x]]", "--vars", "x,y"], "a vector is one list"),
    (["jacobian", "[x]", "--vars", "x,1"], "can't be a variable name"),
])
def test_bad_input_is_one_line_and_status_2(argv, needle, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli.run(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0], lines
    assert not list(tmp_path.iterdir())
