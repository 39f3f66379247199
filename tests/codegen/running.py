"""Run generated scripts in a fresh, isolated interpreter and read back the numbers they print.

Several scripts share one ``python -I`` process (each runs in its own namespace with
``runpy``), so numpy, scipy and sympy load once per batch. ``-I`` ignores PYTHONPATH
and the user's site-packages, so the worktree (and ``workbench``) cannot be imported.
"""

from __future__ import annotations

import ast
import math
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

_MARK = "=== script "
_RUNNER = f"""
import runpy, sys
for path in sys.argv[1:]:
    print({_MARK!r} + path, flush=True)
    runpy.run_path(path, run_name="__main__")
    sys.stdout.flush()
print("workbench loaded:", any(m.split(".")[0] == "workbench" for m in sys.modules))
"""
_REPORTED = re.compile(r"^(.+?) = (\S+)$")
TEMPLATE_MARKERS = ("{{", "}}", "<<", ">>", "TODO", "FIXME", "$", "%(", "@@")


def run_scripts(scripts: Sequence[str], tmp_path: Path) -> list[tuple[dict[str, float], str]]:
    """Each script's reported numbers (``name = value`` lines) and whole output, in order."""
    paths = []
    for k, text in enumerate(scripts):
        path = tmp_path / f"generated_{k}.py"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    command = [sys.executable, "-I", "-W", "error::SyntaxWarning", "-c", _RUNNER, *paths]
    run = subprocess.run(command, check=False, capture_output=True, text=True, timeout=600,
                         cwd=tmp_path, env={"PATH": "/usr/bin:/bin", "OPENBLAS_NUM_THREADS": "1"})
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stdout.rstrip().endswith("workbench loaded: False")
    chunks = run.stdout.split(_MARK)[1:]
    assert len(chunks) == len(scripts)
    return [(_numbers(chunk), chunk) for chunk in chunks]


def _numbers(output: str) -> dict[str, float]:
    found: dict[str, float] = {}
    for line in output.splitlines()[1:]:
        match = _REPORTED.match(line)
        if match:
            try:
                found[match.group(1)] = float(match.group(2))
            except ValueError:
                continue
    return found


def check_text(script: str) -> None:
    """The quality bar every generated script meets before it runs."""
    lines = script.splitlines()
    assert all(len(line) <= 100 for line in lines), max(lines, key=len)
    for marker in TEMPLATE_MARKERS:
        assert marker not in script.replace('f"{', "").replace("{float(value)!r}", ""), marker
    tree = ast.parse(script)
    imported = {alias.name.split(".")[0] for node in ast.walk(tree)
                if isinstance(node, (ast.Import, ast.ImportFrom))
                for alias in (node.names if isinstance(node, ast.Import) else
                              [ast.alias(node.module or "")])}
    assert imported <= {"numpy", "scipy", "sympy"}, imported
    assert "workbench" not in script


def close(a: float, b: float, rel: float = 1e-9, abs_: float = 1e-12) -> bool:
    """Equal within ``rel`` (relative) or ``abs_``; NaN equals NaN."""
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return math.isclose(a, b, rel_tol=rel, abs_tol=abs_)


def execute_notebook(book: Any, folder: Path) -> str:
    """Run notebook ``book`` (an nbformat node) top to bottom in a fresh Python kernel and
    return the text its code cells printed; the test is skipped without nbclient or a kernel."""
    import pytest

    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    from jupyter_client.kernelspec import NoSuchKernel

    client = nbclient.NotebookClient(book, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(folder)}})
    try:
        client.execute()
    except NoSuchKernel:
        pytest.skip("no Python kernel installed")
    return "".join(out.get("text", "") for cell in book.cells if cell.cell_type == "code"
                   for out in cell.outputs)
