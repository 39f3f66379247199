"""A main window with the fake client, one fake lab and the Export menu installed."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from tests.ui.fakes import FakeEngineClient, derive_job
from workbench.ui import labs as labs_module
from workbench.ui.export import ExportController
from workbench.ui.export.settings import ExportSettings
from workbench.ui.main_window import MainWindow
from workbench.ui.settings import Settings


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(labs_module, "LABS",
                        {"fakeexport": ("Fake export", "tests.ui.export.fake_lab:FakeExportLab")})
    monkeypatch.setattr("workbench.ui.lab_tabs.LABS", labs_module.LABS)
    client = FakeEngineClient()
    win = MainWindow(client, Settings(tmp_path / "settings.ini"), job_factory=derive_job)
    qtbot.addWidget(win)
    win.resize(1100, 720)
    win.show()
    client.start()
    qtbot.waitUntil(lambda: bool(win.panel.steps()), timeout=5000)
    return win


@pytest.fixture
def controller(window, tmp_path):
    ctrl = ExportController(window, ExportSettings(tmp_path / "export.ini"))
    ctrl.install()
    return ctrl


class Dialogs:
    """Stand-ins for the modal dialogs: file names to return, messages shown."""

    def __init__(self) -> None:
        self.answers: list[str] = []
        self.asked: list[tuple[str, str, str]] = []  # (caption, start path, selected filter)
        self.warnings: list[str] = []
        self.infos: list[str] = []

    def save_name(self, parent, caption, start, filters, selected=""):
        self.asked.append((caption, start, selected))
        return (self.answers.pop(0) if self.answers else "", selected)


@pytest.fixture
def dialogs(monkeypatch):
    fake = Dialogs()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake.save_name))
    monkeypatch.setattr(QMessageBox, "warning",
                        staticmethod(lambda parent, title, text, *a: fake.warnings.append(text)))
    monkeypatch.setattr(QMessageBox, "information",
                        staticmethod(lambda parent, title, text, *a: fake.infos.append(text)))
    return fake
