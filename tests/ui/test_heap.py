"""The window hands what it builds to the collector's permanent generation (gc.freeze)."""

from __future__ import annotations

import gc

from PySide6.QtWidgets import QApplication

from tests.ui.fakes import FakeEngineClient
from workbench.ui.main_window import MainWindow


def _frozen_after_idle(qtbot) -> int:
    QApplication.processEvents()  # the freeze waits for the event loop to be idle
    qtbot.wait(1)
    return gc.get_freeze_count()


def test_the_shown_window_and_each_new_lab_are_frozen_once_built(qtbot):
    gc.unfreeze()
    window = MainWindow(FakeEngineClient())
    qtbot.addWidget(window)
    window.show()
    after_window = _frozen_after_idle(qtbot)
    assert after_window > 10_000  # the window's objects (and everything imported before)
    window.open_lab("integrals")
    after_lab = _frozen_after_idle(qtbot)
    assert after_lab > after_window  # the lab's objects joined them
    # a full collection no longer walks them: only what was made since is tracked
    assert len(gc.get_objects()) < after_lab

