"""A main window with the fake engine client and a study controller, all files in tmp_path."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from tests.ui.fakes import FakeEngineClient, derive_job
from workbench.ui import labs as labs_module
from workbench.ui.main_window import MainWindow
from workbench.ui.settings import Settings
from workbench.ui.study import StudyController

FAKE_LABS = {"fakelab": ("Fake", "tests.ui.study.fake_labs:FakeLab"),
             "derivatives": ("Derivatives", "tests.ui.study.fake_labs:FakeDerivativesLab")}


@pytest.fixture(autouse=True)
def no_blocking_questions(monkeypatch):
    """A question nobody answers would hang the run (pytest-qt closes windows at teardown).

    Tests that look at a question patch these again with their own answer.
    """
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Ok)


@pytest.fixture
def fake_labs(monkeypatch):
    """Offer the fake labs (and only them) as the window's labs."""
    import tests.ui.study.fake_labs  # noqa: F401 - registers the fake lab's session fields

    monkeypatch.setattr(labs_module, "LABS", dict(FAKE_LABS))
    monkeypatch.setattr("workbench.ui.lab_tabs.LABS", labs_module.LABS)
    monkeypatch.setattr(labs_module, "available_labs", lambda: list(FAKE_LABS))
    monkeypatch.setattr("workbench.ui.lab_tabs.available_labs", lambda: list(FAKE_LABS))


_LESSONS = []


def bundled_lessons():
    """The bundled lessons, read once for the whole run."""
    if not _LESSONS:
        from workbench.lessons import load_lessons

        _LESSONS.extend(load_lessons())
    return list(_LESSONS)


def make_study(qtbot, tmp_path, install=True, **kwargs):
    """A shown window and its installed controller (no recovery question unless asked)."""
    kwargs.setdefault("lessons", bundled_lessons())
    client = FakeEngineClient()
    window = MainWindow(client, Settings(tmp_path / "settings.ini"), job_factory=derive_job)
    qtbot.addWidget(window)
    store = QSettings(str(tmp_path / "study.ini"), QSettings.Format.IniFormat)
    controller = StudyController(window, store=store, autosave_folder=tmp_path / "appdata",
                                 **kwargs)
    if install:
        controller.install(offer_recovery=False)
    window.show()
    client.start()
    return window, controller


@pytest.fixture
def study(qtbot, tmp_path, fake_labs):
    """(window, controller) with the fake labs offered."""
    window, controller = make_study(qtbot, tmp_path)
    yield window, controller
    controller.autosave_timer.stop()
    window.removeEventFilter(controller)  # closing at teardown must not ask questions
