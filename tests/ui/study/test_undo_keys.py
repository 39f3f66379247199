"""One undo history: Ctrl+Z and Ctrl+Shift+Z walk the same steps wherever the focus is."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from workbench.ui.study import undo as undo_module

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def type_into_editor(qtbot, window, keys, replace=False):
    window.tabs.setCurrentIndex(0)
    field = window.editor.input_field
    field.setFocus()
    if replace:
        field.selectAll()
    qtbot.keyClicks(field, keys)


def history_of_three(qtbot, window):
    """Type, change a lab setting, type again (the last edit still in its pause)."""
    type_into_editor(qtbot, window, "x^3", replace=True)
    with qtbot.waitSignal(window.editor.expression_changed, timeout=2000):
        pass
    lab = window.open_lab("fakelab")
    lab.set_value("point", 2.0)
    type_into_editor(qtbot, window, "+1")
    return lab


def snapshot(window, lab):
    return window.editor.text(), lab.state()["point"]


def press(qtbot, window, widget, key, modifiers):
    window.activateWindow()
    widget.setFocus()
    qtbot.keyClick(widget, key, modifiers)


def walk(qtbot, window, lab, widget, modifiers, steps):
    """Press the undo (or, with Shift, redo) keys ``steps`` times; the states passed."""
    seen = []
    for _ in range(steps):
        press(qtbot, window, widget, Qt.Key.Key_Z, modifiers)
        seen.append(snapshot(window, lab))
    return seen


EXPECTED_BACK = [("x^3", 2.0), ("x^3", 0.0), ("x^2 sin(x)", 0.0)]


def test_undo_in_the_editor_walks_the_window_history(qtbot, study, monkeypatch):
    monkeypatch.setattr(undo_module, "MERGE_WINDOW_S", -1.0)
    window, controller = study
    lab = history_of_three(qtbot, window)
    assert snapshot(window, lab) == ("x^3+1", 2.0)
    field = window.editor.input_field
    assert walk(qtbot, window, lab, field, CTRL, 3) == EXPECTED_BACK
    forward = walk(qtbot, window, lab, field, CTRL | SHIFT, 3)
    assert forward == [("x^3", 0.0), ("x^3", 2.0), ("x^3+1", 2.0)]


def test_undo_outside_and_inside_text_fields_agree(qtbot, study, monkeypatch):
    monkeypatch.setattr(undo_module, "MERGE_WINDOW_S", -1.0)
    window, controller = study
    lab = history_of_three(qtbot, window)
    qtbot.wait(300)  # the pause passes: the last edit is in the history by itself
    outside = window.canvas.reset_button
    assert walk(qtbot, window, lab, outside, CTRL, 3) == EXPECTED_BACK
    # a lab's own text field answers the same keys from the same history
    field = QLineEdit("1.5", lab)
    controller.undo_keys.cover(lab)
    press(qtbot, window, field, Qt.Key.Key_Z, CTRL | SHIFT)
    assert snapshot(window, lab) == ("x^3", 0.0) and field.text() == "1.5"
    press(qtbot, window, outside, Qt.Key.Key_Z, CTRL | SHIFT)
    assert snapshot(window, lab) == ("x^3", 2.0)


def test_the_function_input_keeps_no_history_of_its_own(study):
    window, _ = study
    assert not window.editor.input_field.isUndoRedoEnabled()
