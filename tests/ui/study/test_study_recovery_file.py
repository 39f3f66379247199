"""Work recovered after a crash stays tied to its session file: the title names the file,
the recovered state counts as modified, and Save writes to the file without asking."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from tests.ui.study.conftest import make_study
from workbench.session import load_session
from workbench.ui.study.dialogs import RecoveryDialog


def type_function(qtbot, window, text):
    window.editor.set_text(text)
    with qtbot.waitSignal(window.editor.expression_changed):
        pass


def crash(window, controller):
    """The run dies: no close, no clean exit, the autosave stays behind."""
    controller.autosave_timer.stop()
    window.removeEventFilter(controller)


def never_ask(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise AssertionError("Save asked for a file name")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(refuse))


def test_recovered_work_goes_back_to_its_file(qtbot, tmp_path, fake_labs, monkeypatch):
    window, controller = make_study(qtbot, tmp_path)
    path = tmp_path / "chain rule.calcwb"
    type_function(qtbot, window, "sin(x^2)")
    assert controller.save_as(path)
    type_function(qtbot, window, "cos(x^3)")  # unsaved work on the file ...
    controller.autosave_timer.timeout.emit()  # ... autosaved, then the run dies
    crash(window, controller)

    window, controller = make_study(qtbot, tmp_path, install=False)
    asked = []

    def answer():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, RecoveryDialog):
            QTimer.singleShot(20, answer)
            return
        asked.append(dialog.informativeText())
        dialog.recover_button.click()

    QTimer.singleShot(50, answer)
    controller.install()
    qtbot.waitUntil(lambda: window.editor.text() == "cos(x^3)", timeout=5000)
    assert "chain rule.calcwb" in asked[0]
    assert controller.path == path
    assert window.windowTitle().startswith("chain rule[*]")
    assert window.isWindowModified() and controller.is_modified()
    assert load_session(path).labs[0].state["function"] == "sin(x^2)"  # not saved yet

    never_ask(monkeypatch)
    assert controller.save()
    assert load_session(path).labs[0].state["function"] == "cos(x^3)"
    assert not window.isWindowModified() and controller.path == path
    assert not controller.autosave.path.exists()
    crash(window, controller)


def test_untitled_work_stays_untitled(qtbot, tmp_path, fake_labs):
    window, controller = make_study(qtbot, tmp_path)
    type_function(qtbot, window, "exp(-x^2)")
    assert controller.autosave_now()
    crash(window, controller)
    window, controller = make_study(qtbot, tmp_path)
    assert controller.offer_recovery(ask=lambda _path: True)
    assert controller.path is None and window.windowTitle().startswith("Untitled session[*]")
    assert window.isWindowModified()
    crash(window, controller)


def test_recovered_work_of_a_file_whose_folder_is_gone_is_untitled(qtbot, tmp_path, fake_labs):
    folder = tmp_path / "usb stick"
    folder.mkdir()
    window, controller = make_study(qtbot, tmp_path)
    assert controller.save_as(folder / "notes.calcwb")
    type_function(qtbot, window, "tanh(x)")
    assert controller.autosave_now()
    crash(window, controller)
    (folder / "notes.calcwb").unlink()
    (folder / "notes.calcwb.bak").unlink(missing_ok=True)
    folder.rmdir()  # the stick was unplugged
    window, controller = make_study(qtbot, tmp_path)
    assert controller.offer_recovery(ask=lambda _path: True)
    assert window.editor.text() == "tanh(x)" and controller.path is None
    assert window.isWindowModified()
    crash(window, controller)
