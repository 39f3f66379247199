"""packaging/slimming.py: stripped binaries still load, duplicates become links, and the
trimmed ICU data answers every call Qt makes exactly as the full data does."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
import types
from pathlib import Path

import pytest

from tests.test_packaging import PACKAGING, _load

SITE = Path(importlib.util.find_spec("numpy").origin).parents[1]
QT_LIB = Path(importlib.util.find_spec("PySide6").origin).parent / "Qt" / "lib"


@pytest.fixture(scope="module")
def slimming() -> types.ModuleType:
    return _load(PACKAGING / "slimming.py", "workbench_slimming")


def _loads(path: Path) -> subprocess.CompletedProcess:
    """dlopen ``path`` in a fresh interpreter (the loader's own checks, nothing cached)."""
    code = "import ctypes, os, sys; ctypes.CDLL(sys.argv[1], mode=os.RTLD_LAZY)"
    return subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                          text=True, timeout=60)


def _needs(*tools: str) -> None:
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"needs {', '.join(missing)}")


def test_strip_drops_symbol_tables_and_the_result_still_loads(slimming, tmp_path):
    _needs("strip")
    original = next((SITE / "psutil").glob("_psutil_linux*.so"))
    assert slimming.has_symbol_table(original)
    (entry,) = slimming.strip_binaries([("psutil/x.so", str(original), "EXTENSION")], tmp_path)
    stripped = Path(entry[1])
    assert stripped.parent == tmp_path / "stripped" / "psutil"
    assert stripped.stat().st_size < original.stat().st_size
    assert not slimming.has_symbol_table(stripped) and slimming.loadable_layout(stripped)
    assert _loads(stripped).returncode == 0


def test_strip_keeps_a_library_that_stripping_would_break(slimming, tmp_path):
    """numpy's OpenBLAS was rewritten by patchelf; strip's copy is one the loader refuses."""
    _needs("strip")
    openblas = next((SITE / "numpy.libs").glob("libscipy_openblas*.so"))
    entries = [(f"numpy.libs/{openblas.name}", str(openblas), "BINARY"),
               ("data.txt", str(openblas), "DATA")]  # not a binary: never touched
    assert slimming.strip_binaries(entries, tmp_path) == entries
    broken = tmp_path / "stripped" / "numpy.libs" / openblas.name
    assert not slimming.loadable_layout(broken)
    assert "not page-aligned" in _loads(broken).stderr
    assert slimming.loadable_layout(openblas)


def test_dedupe_links_identical_binaries_only(slimming, tmp_path):
    for name, text in (("a/lib1.so", "same"), ("b/lib1.so", "same"), ("b/c/lib2.so", "same"),
                       ("b/lib3.so", "diff"), ("d/data", "same")):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    entries = [(name, str(tmp_path / name), kind) for name, kind in (
        ("a/lib1.so", "BINARY"), ("b/lib1.so", "BINARY"), ("b/c/lib2.so", "EXTENSION"),
        ("b/lib3.so", "BINARY"), ("d/data", "DATA"))]
    result = slimming.dedupe_binaries(entries)
    assert result == [entries[0], ("b/lib1.so", "../a/lib1.so", "SYMLINK"),
                      ("b/c/lib2.so", "../../a/lib1.so", "SYMLINK"), entries[3], entries[4]]


def test_qt_calls_no_icu_service_the_trimmed_data_lacks():
    """QtCore's ICU imports are exactly the functions icu_probe exercises (a Qt update
    that starts calling e.g. ubrk_open must fail here), and no other Qt library links ICU."""
    _needs("nm")
    probe = _load(PACKAGING / "icu_probe.py", "workbench_icu_probe")
    calls = {}
    for library in QT_LIB.glob("libQt6*.so.6"):
        out = subprocess.run(["nm", "-D", "--undefined-only", str(library)], capture_output=True,
                             text=True, check=True).stdout
        calls[library.name] = {line.split()[-1].rsplit("_", 1)[0] for line in out.splitlines()
                               if re.search(r"^\s*U (u_|ucnv|ucol|ucal|UCNV|ubrk|unum|uloc|udat"
                                            r"|utrans|uspoof|usprep|uidna|unorm)\w*_\d+$", line)}
    assert calls.pop("libQt6Core.so.6") == probe.QT_ICU_FUNCTIONS
    assert not any(calls.values()), calls


def test_trimmed_icu_data_answers_every_qt_call_like_the_full_data(slimming, tmp_path):
    _needs("icupkg", "objcopy", "ld", "nm")
    original = next(QT_LIB.glob("libicudata.so.*"))
    built = slimming.build_icu_data_library(original, tmp_path / "build")
    assert built.stat().st_size < original.stat().st_size - 10e6
    answers = []
    for folder, data in (("full", original), ("slim", built)):
        (tmp_path / folder).mkdir()
        for library in (data, *QT_LIB.glob("libicuuc.so.*"), *QT_LIB.glob("libicui18n.so.*")):
            shutil.copy(library, tmp_path / folder / library.name)
        result = subprocess.run([sys.executable, str(PACKAGING / "icu_probe.py"),
                                 str(tmp_path / folder)], capture_output=True, text=True,
                                timeout=60, check=True)
        answers.append(result.stdout.splitlines())
    assert len(answers[0]) > 300 and answers[0] == answers[1]
    assert "Mitteleuropäische Normalzeit" in "\n".join(answers[1])  # real data, not fallbacks
    items = subprocess.run(["icupkg", "-l", str(next((tmp_path / "build").glob("icudt*.dat")))],
                           capture_output=True, text=True, check=True).stdout.split()
    assert {"coll/root.res", "coll/de.res", "zone/de.res", "cnvalias.icu"} <= set(items)
    assert not [item for item in items if slimming.ICU_UNUSED.search(item)]


def test_icu_step_keeps_the_whole_data_when_icupkg_is_missing(slimming, tmp_path, monkeypatch,
                                                              capsys):
    monkeypatch.setenv("PATH", str(tmp_path))  # no tool at all is found
    original = next(QT_LIB.glob("libicudata.so.*"))
    entries = [(f"PySide6/Qt/lib/{original.name}", str(original), "BINARY")]
    assert slimming.slim_icu_data(entries, tmp_path) == entries
    assert "ICU data kept whole" in capsys.readouterr().out
