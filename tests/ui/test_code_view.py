"""The code view: shows a script read-only, copies it, saves it as .py, says what happened."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QPushButton

from workbench.ui.code_view import CodeView

SCRIPT = '''"""A docstring
over two lines."""

import numpy as np


def f(x):
    return x**2 * np.sin(x)  # the function


print("f(1) =", f(1.0))
'''


@pytest.fixture
def view(qtbot):
    widget = CodeView()
    qtbot.addWidget(widget)
    widget.set_script(SCRIPT, "derivative")
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _dialog(monkeypatch, path, seen=None):
    def fake(parent, caption, start, filters):
        if seen is not None:
            seen.append(start)
        return str(path), filters
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))


def test_the_script_is_shown_read_only_in_a_fixed_font(view):
    assert view.script() == SCRIPT
    assert view.editor.isReadOnly()
    assert view.editor.font().fixedPitch() or view.editor.fontInfo().fixedPitch()
    for name in ("codeText", "codeCopy", "codeSave", "codeMessage"):
        child = view.findChild(object, name)
        assert child is not None and child.accessibleName(), name


def test_copy_puts_the_whole_script_on_the_clipboard(view, qtbot):
    QGuiApplication.clipboard().setText("something else")
    with qtbot.waitSignal(view.copied):
        qtbot.mouseClick(view.findChild(QPushButton, "codeCopy"), Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == SCRIPT
    assert "Copied" in view.message.text()


def test_the_copy_shortcut_copies_too(view, qtbot):
    QGuiApplication.clipboard().setText("")
    view.editor.setFocus()
    with qtbot.waitSignal(view.copied):
        qtbot.keyClick(view.editor, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier
                       | Qt.KeyboardModifier.ShiftModifier)
    assert QGuiApplication.clipboard().text() == SCRIPT


def test_save_writes_the_file_and_proposes_the_stem(view, qtbot, monkeypatch, tmp_path):
    seen = []
    _dialog(monkeypatch, tmp_path / "mine", seen)
    with qtbot.waitSignal(view.saved) as signal:
        qtbot.mouseClick(view.findChild(QPushButton, "codeSave"), Qt.MouseButton.LeftButton)
    assert signal.args == [str(tmp_path / "mine.py")]
    assert (tmp_path / "mine.py").read_text(encoding="utf-8") == SCRIPT
    assert seen[0].endswith("derivative.py")
    assert "Saved mine.py" in view.message.text()
    assert [p.name for p in tmp_path.iterdir()] == ["mine.py"]


def test_a_failed_save_says_why_and_leaves_nothing(view, monkeypatch, tmp_path):
    _dialog(monkeypatch, tmp_path / "missing" / "x.py")
    assert view.save_script() is None
    assert "could not be saved" in view.message.text() and view.message.property("error")
    assert not list(tmp_path.iterdir())


def test_cancelling_the_dialog_writes_nothing(view, monkeypatch, tmp_path):
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *args: ("", "")))
    assert view.save_script() is None
    assert not list(tmp_path.iterdir())


def test_an_empty_script_disables_the_buttons(view):
    view.set_script("")
    assert not view.copy_button.isEnabled() and not view.save_button.isEnabled()
    assert view.message.text()


def test_python_is_highlighted(view):
    document = view.editor.document()
    view.highlighter.rehighlight()

    def formats(line):
        block = document.findBlockByLineNumber(line)
        return {(r.start, r.length, r.format.foreground().color().name())
                for r in block.layout().formats()}

    keyword_line = SCRIPT.splitlines().index("import numpy as np")
    assert any(start == 0 and length == 6 for start, length, _ in formats(keyword_line))
    second_docstring_line = formats(1)
    assert second_docstring_line and all(c == "#a31515" for *_, c in second_docstring_line)
    comment_line = next(i for i, line in enumerate(SCRIPT.splitlines()) if "#" in line)
    assert any(c == "#008000" for *_, c in formats(comment_line))
