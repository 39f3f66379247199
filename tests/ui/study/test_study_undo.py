"""Undo and redo of function edits and lab changes; bursts of edits merge into one step."""

from __future__ import annotations

from workbench.ui.study import undo as undo_module


def edit_function(qtbot, window, text):
    window.editor.set_text(text)
    with qtbot.waitSignal(window.editor.expression_changed, timeout=2000):
        pass


def test_function_edits_undo_and_redo(qtbot, study, monkeypatch):
    monkeypatch.setattr(undo_module, "MERGE_WINDOW_S", -1.0)  # every edit its own step
    window, controller = study
    stack = controller.undo_stack
    edit_function(qtbot, window, "sin(x)")
    edit_function(qtbot, window, "sin(x)^2")
    assert stack.count() == 2 and controller.actions["undo"].isEnabled()
    controller.actions["undo"].trigger()
    assert window.editor.text() == "sin(x)"
    controller.actions["undo"].trigger()
    assert window.editor.text() == "x^2 sin(x)"
    assert not window.isWindowModified()  # back where the session started
    qtbot.wait(300)  # the editor's debounced signal must not count as a new edit
    assert stack.count() == 2 and stack.index() == 0
    controller.actions["redo"].trigger()
    assert window.editor.text() == "sin(x)"
    assert window.isWindowModified()


def test_quick_successive_edits_merge(qtbot, study):
    window, controller = study
    edit_function(qtbot, window, "x")
    edit_function(qtbot, window, "x^2")
    edit_function(qtbot, window, "x^2 + 1")
    assert controller.undo_stack.count() == 1
    controller.undo_stack.undo()
    assert window.editor.text() == "x^2 sin(x)"
    controller.undo_stack.redo()
    assert window.editor.text() == "x^2 + 1"


def test_lab_changes_undo_and_redo(qtbot, study, monkeypatch):
    window, controller = study
    lab = window.open_lab("fakelab")
    lab.set_value("point", 1.0)
    lab.set_value("point", 2.0)  # merged with the previous change
    monkeypatch.setattr(undo_module, "MERGE_WINDOW_S", -1.0)
    lab.set_value("scheme", "forward")
    stack = controller.undo_stack
    assert stack.count() == 2
    stack.undo()
    assert lab.state() == {"function": "x^2", "point": 2.0, "scheme": "central"}
    stack.undo()
    assert lab.state() == {"function": "x^2", "point": 0.0, "scheme": "central"}
    assert stack.count() == 2  # restoring re-emits state_changed; no new command
    stack.redo()
    stack.redo()
    assert lab.state()["scheme"] == "forward" and lab.state()["point"] == 2.0
    assert "Fake" in stack.undoText()


def test_edits_of_different_labs_never_merge(qtbot, study):
    window, controller = study
    window.open_lab("fakelab").set_value("point", 1.0)
    window.open_lab("derivatives").set_value("point", 1.0)
    edit_function(qtbot, window, "cos(x)")
    assert controller.undo_stack.count() == 3


def test_opening_a_session_starts_a_new_history(qtbot, tmp_path, study):
    window, controller = study
    edit_function(qtbot, window, "exp(x)")
    controller.save_as(tmp_path / "a.calcwb")
    assert controller.undo_stack.count() == 1  # saving keeps the history
    controller.open_file(tmp_path / "a.calcwb")
    assert controller.undo_stack.count() == 0
