"""``lazy_exports``, the module hooks behind ``workbench.engine`` and ``workbench.export``:
names import their module on first use, then stay cached; nothing heavy loads early."""

from __future__ import annotations

import subprocess
import sys
import types
from pathlib import Path

import pytest

from workbench.lazy import lazy_exports

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def package(tmp_path, monkeypatch):
    """A package ``probe_pkg`` whose name ``answer`` lives in a module not imported yet."""
    (tmp_path / "probe_answers.py").write_text("LOADS = [1]\nanswer = 42\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    module = types.ModuleType("probe_pkg")
    module.__getattr__, module.__dir__ = lazy_exports(vars(module), {"answer": "probe_answers"})
    yield module
    sys.modules.pop("probe_answers", None)


def test_a_name_loads_its_module_on_first_use_only(package):
    assert "probe_answers" not in sys.modules
    assert "answer" in dir(package) and "answer" not in vars(package)
    assert package.answer == 42
    loaded = sys.modules["probe_answers"]
    assert vars(package)["answer"] == 42  # cached: the hook is not asked again
    loaded.answer = 7
    assert package.answer == 42


def test_unknown_names_raise_attribute_error_naming_the_package(package):
    with pytest.raises(AttributeError, match="'probe_pkg' has no attribute 'nothing'"):
        package.nothing  # noqa: B018 - the lookup is the test
    assert not hasattr(package, "LOADS")  # only the exported names, not the module's others
    assert "probe_answers" not in sys.modules


def test_engine_and_export_load_nothing_heavy_until_a_name_is_used():
    code = (
        "import sys, workbench.engine as e, workbench.export as x\n"
        "heavy = ('sympy', 'scipy', 'PySide6', 'pyqtgraph', 'ziamath')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
        "print(set(e._EXPORTS) <= set(dir(e)), set(x._EXPORTS) <= set(dir(x)))\n"
        "e.derivative\n"
        "print('sympy' in sys.modules, e.__dict__['derivative'] is e.derivative)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:3] == ["[]", "True True", "True True"]
