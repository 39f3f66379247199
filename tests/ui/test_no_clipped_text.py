"""No clipped text: every lab at 1024x700 and 1920x1080, the side panels open and closed,
shows all of every label, button, field and readout, in a window of that size (issue 15).

The same check runs with the real engine and saves screenshots in tests/ui/shoot_labs.py.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from tests.ui.clipping import clipped_text, show_configuration, window_overflow
from tests.ui.fakes import FakeEngineClient, derive_job
from workbench.ui.main_window import MainWindow
from workbench.ui.settings import Settings
from workbench.ui.study import StudyController

SETTLE_MS = 400


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    """The real window and labs on the fake engine, with the study docks installed."""
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    client = FakeEngineClient()
    main = MainWindow(client, Settings(tmp_path / "settings.ini"), job_factory=derive_job)
    qtbot.addWidget(main)
    store = QSettings(str(tmp_path / "study.ini"), QSettings.Format.IniFormat)
    study = StudyController(main, store=store, autosave_folder=tmp_path / "appdata", lessons=[])
    study.install(offer_recovery=False)
    main.show()
    client.start()
    yield main, study
    study.autosave_timer.stop()
    main.removeEventFilter(study)


@pytest.mark.parametrize("size", [(1024, 700), (1920, 1080)])
@pytest.mark.parametrize("panels", [False, True], ids=["plain", "panels"])
def test_every_lab_shows_all_of_its_text(qtbot, window, size, panels):
    main, study = window
    problems = []
    main.study = study
    for kind in ["explore", *main.tabs.kinds()]:
        show_configuration(main, kind, size, panels)
        qtbot.wait(SETTLE_MS)
        problems += [f"{kind}: {why}" for why in [window_overflow(main, size)] if why]
        problems += [f"{kind}: {clip}" for clip in clipped_text(main)]
    assert not problems, "\n".join(problems)
