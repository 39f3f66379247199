"""``calculus-workbench code ...``: the exact command forms, outputs that run, clean failures."""

from __future__ import annotations

import json

import pytest

from tests.codegen.running import check_text, close, run_scripts
from workbench import cli, engine


def _run(capsys, *argv):
    status = cli.run(["code", *argv])
    out, err = capsys.readouterr()
    return status, out, err


COMMANDS = {
    "derive": ["derive", "x^2 sin(x)", "--at", "1"],
    "integrate": ["integrate", "x e^x", "--from", "0", "--to", "1"],
    "descent": ["descent", "x^2 + 3y^2 + sin(x y)", "--start", "1,2", "--method", "adam",
                "--lr", "0.1", "--steps", "30"],
    "layer": ["layer", "--W", "0.5,-0.2;0.3,0.8", "--b", "0.1,-0.1", "--x", "1,2", "--t",
              "1,0", "--activation", "tanh", "--loss", "mse"],
}


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    scripts = {}
    for name, argv in COMMANDS.items():
        assert cli.is_command(["code", *argv])
        out_file = tmp_path_factory.mktemp("cli") / "script.py"
        assert cli.run(["code", *argv, "-o", str(out_file)]) == 0
        scripts[name] = out_file.read_text(encoding="utf-8")
        check_text(scripts[name])
    outputs = run_scripts(list(scripts.values()), tmp_path_factory.mktemp("run"))
    return dict(zip(scripts, (numbers for numbers, _ in outputs)))


def test_derive_prints_the_value_at_the_point(printed):
    assert close(printed["derive"]["f'(1)"], engine.numeric_derivative("x^2 sin(x)", "x", 1).exact,
                 1e-12)


def test_integrate_prints_the_definite_value(printed):
    assert close(printed["integrate"]["quad value"], 1.0, 1e-12)
    assert close(printed["integrate"]["midpoint sum (n = 10)"],
                 engine.riemann_sum("x e^x", "x", 0, 1, 10).value, 1e-12)


def test_descent_prints_the_final_loss(printed):
    path = engine.optimize("x^2 + 3y^2 + sin(x y)", ["x", "y"], [1, 2], "adam", 0.1, 30)
    assert close(printed["descent"]["adam final loss"], path.losses[-1], 1e-9)


def test_layer_prints_the_loss(printed):
    assert "loss" in printed["layer"] and "grad_W[2,2]" in printed["layer"]


def test_stdout_is_the_default_and_py_the_default_format(capsys):
    status, out, err = _run(capsys, *COMMANDS["derive"])
    assert status == 0 and not err and out.startswith('"""') and "report(\"f'(1)\"" in out


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_ipynb_format_is_a_valid_notebook(capsys, name):
    nbformat = pytest.importorskip("nbformat")
    status, out, _ = _run(capsys, *COMMANDS[name], "--format", "ipynb")
    assert status == 0
    book = nbformat.reads(out, as_version=4)
    nbformat.validate(book)
    assert [c.cell_type for c in book.cells][-1] == "code"
    assert json.loads(out)["nbformat"] == 4


@pytest.mark.parametrize("argv", [
    ["derive", "__import__('os').system('true')"],
    ["derive", "x^2", "--at", "y"],
    ["derive", "x^", "--at", "1"],
    ["integrate", "x", "--from", "0"],
    ["integrate", "x y", "--from", "0", "--to", "1"],
    ["descent", "x^2 + y^2", "--start", "1"],
    ["descent", "x^2", "--start", "1", "--method", "sgd; import os"],
    ["descent", "x^2", "--start", "1", "--lr", "nan"],
    ["layer", "--W", "1,2;3", "--b", "0,0", "--x", "1,1", "--t", "0,1"],
    ["layer", "--W", "1,2", "--b", "0", "--x", "1,1", "--t", "0", "--activation", "exec"],
    ["derive", "x", "--format", "pdf"],
    ["nothing"],
])
def test_bad_input_is_one_line_and_status_2(capsys, argv):
    status, out, err = _run(capsys, *argv)
    assert status == 2 and not out
    assert len(err.strip().splitlines()) == 1


def test_an_unwritable_file_is_status_1(capsys, tmp_path):
    status, _, err = _run(capsys, *COMMANDS["derive"], "-o", str(tmp_path / "no" / "f.py"))
    assert status == 1 and "could not be saved" in err and len(err.splitlines()) == 1
    assert not list(tmp_path.iterdir())
