"""Save/open round trips, the title's unsaved mark, the close question, hostile and recent files."""

from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import QMessageBox

from workbench.session import load_session

Button = QMessageBox.StandardButton


def type_function(qtbot, window, text):
    """Replace the function as a student would and wait until the editor settles."""
    window.editor.input_field.selectAll()
    qtbot.keyClicks(window.editor.input_field, text)
    with qtbot.waitSignal(window.editor.expression_changed, timeout=2000):
        pass


def view_range(window):
    return window.canvas.plot.getViewBox().viewRange()


def test_explore_view_round_trip_is_exact(qtbot, tmp_path, study):
    window, controller = study
    type_function(qtbot, window, "sin(x)/x")
    window.canvas.set_second_derivative_visible(True)
    window.canvas.plot.getViewBox().setRange(xRange=(-2.5, 7.25), yRange=(-0.75, 1.5), padding=0)
    window.canvas.plot.getViewBox().sigRangeChangedManually.emit([True, True])
    path = tmp_path / "explore.calcwb"
    assert controller.save_as(path)
    saved = load_session(path).labs[0].state
    assert saved["function"] == "sin(x)/x" and saved["show_second_derivative"] is True
    assert saved["x_range"] == pytest.approx([-2.5, 7.25])
    # Change everything, then open the file again.
    type_function(qtbot, window, "x^3")
    window.canvas.set_second_derivative_visible(False)
    window.canvas.fit_view(x_too=True)
    controller.save_as(tmp_path / "other.calcwb")  # so opening does not ask about changes
    assert controller.open_file(path)
    assert window.editor.text() == "sin(x)/x"
    assert window.canvas.is_second_derivative_visible()
    qtbot.wait(400)  # the debounced job and its result must not re-frame the restored view
    (x_low, x_high), (y_low, y_high) = view_range(window)
    assert (x_low, x_high) == pytest.approx((-2.5, 7.25))
    assert (y_low, y_high) == pytest.approx((-0.75, 1.5))
    assert not window.isWindowModified() and controller.path == path


def test_lab_state_round_trip_and_active_tab(qtbot, tmp_path, study):
    window, controller = study
    lab = window.open_lab("fakelab")
    lab.set_value("function", "exp(-x^2)")
    lab.set_value("point", 1.25)
    lab.set_value("scheme", "forward")
    path = tmp_path / "lab.calcwb"
    assert controller.save_as(path)
    assert json.loads(path.read_text())["active"] == 1
    lab.set_value("point", -3.0)
    window.tabs.setCurrentIndex(0)
    assert controller.save_as(tmp_path / "later.calcwb")
    assert controller.open_file(path)
    assert lab.state() == {"function": "exp(-x^2)", "point": 1.25, "scheme": "forward"}
    assert window.tabs.currentWidget() is lab  # the lab that was on show when saved


def test_title_marks_unsaved_changes(qtbot, tmp_path, study):
    window, controller = study
    assert not window.isWindowModified()
    assert window.windowTitle().startswith("Untitled session[*]")
    type_function(qtbot, window, "tanh(x)")
    assert window.isWindowModified() and controller.is_modified()
    assert "*" in window.windowHandle().title()  # what the window manager shows
    controller.save_as(tmp_path / "mine.calcwb")
    assert not window.isWindowModified()
    assert window.windowHandle().title().startswith("mine")
    assert "*" not in window.windowHandle().title()
    window.open_lab("fakelab").set_value("point", 2.0)
    assert window.isWindowModified()


@pytest.mark.parametrize("answer", [Button.Cancel, Button.Discard, Button.Save])
def test_close_asks_about_unsaved_changes(qtbot, tmp_path, study, monkeypatch, answer):
    window, controller = study
    controller.save_as(tmp_path / "s.calcwb")
    type_function(qtbot, window, "relu(x)")
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a) or answer)
    closed = window.close()
    assert len(asked) == 1
    assert closed == (answer != Button.Cancel)
    assert window.isVisible() == (answer == Button.Cancel)
    saved = load_session(tmp_path / "s.calcwb").labs[0].state["function"]
    assert saved == ("relu(x)" if answer == Button.Save else "x^2 sin(x)")


def test_close_without_changes_asks_nothing(qtbot, study, monkeypatch):
    window, _ = study
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a))
    assert window.close() and asked == []


HOSTILE = {
    "truncated.calcwb": b'{"format": "calculus-workbench-session", "schema": 1, "labs": [{"ki',
    "binary.calcwb": bytes(range(256)) * 4,
    "newer.calcwb": json.dumps({"format": "calculus-workbench-session", "schema": 99}).encode(),
    "code.calcwb": json.dumps({"schema": 1, "labs": [{"kind": "explore", "state": {
        "function": "__import__('os').system('echo hacked')"}}]}).encode(),
    "nested.calcwb": b"[" * 5000 + b"]" * 5000,
    "nan.calcwb": b'{"schema": 1, "labs": [{"kind": "explore", "state": {"function": "x",'
                  b' "x_range": [NaN, 1]}}]}',
    "unknown_lab.calcwb": json.dumps({"schema": 1, "labs": [{"kind": "shell", "state": {}}]})
    .encode(),
    "not_a_session.calcwb": json.dumps({"format": "something-else"}).encode(),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_is_refused_and_the_session_kept(qtbot, tmp_path, study, monkeypatch, name):
    window, controller = study
    type_function(qtbot, window, "cos(x)")
    before = controller.capture().to_data()
    path = tmp_path / name
    path.write_bytes(HOSTILE[name])
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(a))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: Button.Discard)
    assert not controller.open_file(path)
    assert len(warnings) == 1
    title, text = warnings[0][1], warnings[0][2]
    assert "open" in title.lower() and name in text and "not changed" in text
    assert path.read_bytes() == HOSTILE[name]  # the file is untouched
    assert controller.capture().to_data() == before and window.editor.text() == "cos(x)"
    assert controller.path is None and controller.is_modified()


def test_huge_file_is_refused(qtbot, tmp_path, study, monkeypatch):
    window, controller = study
    path = tmp_path / "huge.calcwb"
    with path.open("wb") as handle:
        handle.truncate(20 * 1024 * 1024)  # sparse: large on paper, instant to make
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(a[2]))
    assert not controller.open_file(path)
    assert "too large" in warnings[0]


def test_a_lab_failing_to_restore_keeps_the_session(qtbot, tmp_path, study, monkeypatch):
    window, controller = study
    from workbench.ui import labs as labs_module

    monkeypatch.setitem(labs_module.LABS, "fakelab", ("Fake", "tests.ui.study.fake_labs:BrokenLab"))
    lab = window.open_lab("fakelab")
    lab.set_value("point", 13.0)
    path = tmp_path / "thirteen.calcwb"
    controller.save_as(path)
    lab.set_value("point", 2.0)
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(a[2]))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: Button.Discard)
    assert not controller.open_file(path)
    assert "cannot show point 13" in warnings[0]
    assert lab.state()["point"] == 2.0


def test_recent_files_menu(qtbot, tmp_path, study, monkeypatch):
    window, controller = study
    first, second = tmp_path / "one.calcwb", tmp_path / "two.calcwb"
    controller.save_as(first)
    controller.save_as(second)
    assert controller.recent.paths() == [second, first]
    controller.recent_menu.aboutToShow.emit()
    names = [action.text() for action in controller.recent_menu.actions()]
    assert names == ["two.calcwb", "one.calcwb"]
    controller.recent_menu.actions()[1].trigger()
    assert controller.path == first
    first.unlink()
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: None)
    assert not controller.open_file(first)
    assert controller.recent.paths() == [second]  # a vanished file leaves the list


def test_new_session_resets_explore(qtbot, tmp_path, study, monkeypatch):
    window, controller = study
    controller.save_as(tmp_path / "a.calcwb")
    assert controller.new_session()
    assert controller.path is None and window.editor.text() == "x^2 sin(x)"
    assert not window.isWindowModified()


def test_menus_are_installed(study):
    window, controller = study
    titles = [action.text() for action in window.menuBar().actions()]
    assert titles == ["&File", "&Edit", "&Help"]
    for key in ("new", "open", "save", "save_as", "quit", "undo", "redo", "lessons"):
        assert controller.actions[key].objectName() == f"action_{key}"
    assert not controller.actions["save"].shortcut().isEmpty()
