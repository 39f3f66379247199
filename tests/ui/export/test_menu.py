"""The Export menu joins the menu bar other controllers build, and starts nothing heavy."""

from __future__ import annotations

import subprocess
import sys

from workbench.ui.export import ExportController
from workbench.ui.export.settings import ExportSettings


def test_export_goes_before_help(window, tmp_path):
    bar = window.menuBar()
    bar.addMenu("&File")
    bar.addMenu("&Help")
    ExportController(window, ExportSettings(tmp_path / "e.ini")).install()
    assert [a.text() for a in bar.actions()] == ["&File", "&Export", "&Help"]


def test_settings_remember_and_fall_back(tmp_path):
    settings = ExportSettings(tmp_path / "e.ini")
    assert settings.format("figure", "png") == "png"
    settings.set_folder("figure", tmp_path)
    settings.set_format("figure", "svg")
    settings.set_number("figure/dpi", 300)
    settings.sync()
    again = ExportSettings(tmp_path / "e.ini")
    assert (again.folder("figure"), again.format("figure", "png"),
            again.number("figure/dpi", 96)) == (str(tmp_path), "svg", 300)
    again.set_folder("report", tmp_path / "deleted since")
    assert again.folder("report") != str(tmp_path / "deleted since")  # a folder that exists


def test_installing_the_menu_loads_no_engine_or_exporter():
    code = ("import os, sys; os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
            "import workbench.ui.export\n"
            "print(sorted(m for m in ('sympy', 'scipy', 'ziamath', 'PIL', 'pyqtgraph.exporters')"
            " if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=60).stdout
    assert out.strip() == "[]"
