"""Autosave of unsaved work, recovery after a crash (the dialog driven), a clean exit clears it."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from tests.ui.study.conftest import make_study
from workbench.session import Autosave, LabState, Session, load_session
from workbench.ui.study.dialogs import RecoveryDialog


def crashed_run(tmp_path, function="cosh(x) - 1", progress=None):
    """What a run that died leaves behind: an autosave and no clean exit."""
    slot = Autosave(tmp_path / "appdata")
    slot.write(Session(labs=[LabState("explore", {"function": function, "x_range": [-1.0, 2.0],
                                                  "y_range": [-0.5, 3.5]}, "Explore")],
                       lesson_progress=progress or {"derivative-rules": 0.4}))
    return slot


def test_autosave_writes_only_unsaved_work(qtbot, tmp_path, study):
    window, controller = study
    assert controller.autosave_timer.interval() == 30_000
    assert not controller.autosave_now() and not controller.autosave.path.exists()
    window.editor.set_text("log(1 + x^2)")
    with qtbot.waitSignal(window.editor.expression_changed):
        pass
    controller.autosave_timer.timeout.emit()  # what the timer does every 30 s
    assert load_session(controller.autosave.path).labs[0].state["function"] == "log(1 + x^2)"
    controller.save_as(tmp_path / "saved.calcwb")
    assert not controller.autosave.path.exists()  # saved work needs no autosave


def test_interval_comes_from_the_settings(qtbot, tmp_path, fake_labs):
    from PySide6.QtCore import QSettings

    store = QSettings(str(tmp_path / "study.ini"), QSettings.Format.IniFormat)
    store.setValue("study/autosave_seconds", 7)
    store.sync()
    window, controller = make_study(qtbot, tmp_path)
    assert controller.autosave_timer.interval() == 7_000
    controller.autosave_timer.stop()


def test_recovery_after_a_crash_through_the_dialog(qtbot, tmp_path, fake_labs):
    crashed_run(tmp_path)
    window, controller = make_study(qtbot, tmp_path, install=False)
    clicked = []

    def answer():
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, RecoveryDialog):
            clicked.append(dialog.informativeText())
            dialog.recover_button.click()
        else:
            qtbot.wait(20)
            answer()

    qtbot.wait(10)
    from PySide6.QtCore import QTimer

    QTimer.singleShot(50, answer)
    controller.install()  # finds the autosave and asks (after the window is up)
    qtbot.waitUntil(lambda: bool(clicked), timeout=5000)
    qtbot.waitUntil(lambda: window.editor.text() == "cosh(x) - 1", timeout=2000)
    assert "autosaved" in clicked[0]
    assert controller.lessons_panel.progress() == {"derivative-rules": 0.4}
    assert window.isWindowModified() and controller.path is None
    assert not controller.autosave.path.exists()  # recovered: the slot is free again
    controller.autosave_timer.stop()
    window.removeEventFilter(controller)


def test_discarding_the_recovery_keeps_the_fresh_session(qtbot, tmp_path, fake_labs):
    crashed_run(tmp_path)
    window, controller = make_study(qtbot, tmp_path)
    asked = []
    assert not controller.offer_recovery(ask=lambda path: asked.append(path) or False)
    assert asked == [controller.autosave.path]
    assert window.editor.text() == "x^2 sin(x)" and not window.isWindowModified()
    assert not controller.autosave.path.exists()
    controller.autosave_timer.stop()


def test_a_damaged_autosave_is_not_offered(qtbot, tmp_path, fake_labs):
    (tmp_path / "appdata").mkdir()
    (tmp_path / "appdata" / "autosave.calcwb").write_text('{"schema": 1, "labs": [')
    window, controller = make_study(qtbot, tmp_path)
    assert not controller.offer_recovery(ask=lambda path: True)
    assert window.editor.text() == "x^2 sin(x)"
    controller.autosave_timer.stop()


def test_clean_exit_clears_the_autosave(qtbot, tmp_path, study):
    window, controller = study
    window.editor.set_text("x^4")
    with qtbot.waitSignal(window.editor.expression_changed):
        pass
    assert controller.autosave_now()
    assert window.close()  # the (patched) question answers Discard
    assert not controller.autosave.path.exists()
