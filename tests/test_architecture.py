"""Machine checks of the layering and safety rules in DESIGN.md."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "workbench"


def _fresh_modules(code: str) -> set[str]:
    """The top-level module names loaded after running ``code`` in a new interpreter."""
    probe = code + "\nimport sys\nprint(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            cwd=ROOT, env={"PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen",
                                           "PATH": "/usr/bin:/bin"}, timeout=120)
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


def test_import_linter_contracts_hold():
    from importlinter.cli import lint_imports

    previous = Path.cwd()
    try:
        import os

        os.chdir(ROOT)
        assert lint_imports() == 0
    finally:
        os.chdir(previous)


def test_engine_loads_no_qt():
    found = pkgutil.walk_packages([str(PACKAGE / "engine")], "workbench.engine.")
    modules = [m.name for m in found]
    code = "import importlib.util\nimport workbench.engine as e\n" + "".join(
        f"import {name}\n" for name in modules) + "[getattr(e, n) for n in e.__all__ if " \
        "__import__('importlib').util.find_spec(e._EXPORTS[n]) is not None]"
    loaded = _fresh_modules(code)
    assert not loaded & {"PySide6", "pyqtgraph", "shiboken6", "ziamath"}


@pytest.mark.parametrize("module", ["workbench.ui.main_window", "workbench.app",
                                    "workbench.worker.client"])
def test_window_side_loads_no_sympy(module):
    pytest.importorskip(module)
    loaded = _fresh_modules(f"import {module}")
    assert not loaded & {"sympy", "scipy", "mpmath"}


def _calls_in(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name):
                found.append((func.id, node.lineno))
            elif isinstance(func, ast.Attribute):
                found.append(("." + func.attr, node.lineno))
    return found


def test_nothing_executes_text_as_code():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        for name, line in _calls_in(path):
            bare = name.lstrip(".")
            if name in ("eval", "exec", "compile", "__import__") or \
                    bare in ("sympify", "parse_expr") or \
                    (bare == "lambdify" and "engine" not in path.parts):
                offenders.append(f"{path.relative_to(ROOT)}:{line} {name}()")
    assert offenders == []


def test_every_package_is_listed_for_installation():
    declared = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
                   ["packages"])
    on_disk = {".".join(p.parent.relative_to(ROOT).parts) for p in PACKAGE.rglob("__init__.py")}
    assert on_disk <= declared
    assert "workbench.resources" in declared


def test_ruff_reports_nothing():
    """The linter configured in pyproject.toml finds nothing, so `pytest` covers lint too."""
    ruff = pytest.importorskip("ruff.__main__",
                               reason="ruff is not installed (it is in the test extra: .[test])")
    result = subprocess.run([ruff.find_ruff_bin(), "check", "--no-cache", "--output-format",
                             "concise", "."], capture_output=True, text=True, cwd=ROOT,
                            timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
