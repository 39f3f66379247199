"""ExpressionEditor: live validation with an underlined column, debounce, history, preview."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat

from workbench.protocol.syntax import ParseError, parse_tree, tree_to_latex
from workbench.ui.editor import DEBOUNCE_MS, ExpressionEditor


@pytest.fixture
def editor(qtbot):
    widget = ExpressionEditor()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def recorder(signal):
    seen = []
    signal.connect(seen.append)
    return seen


@pytest.mark.parametrize("text", ["x + foo(x)", "x^2 +", "sin(x", "2 * * x"])
def test_bad_input_underlines_the_named_column(qtbot, editor, text):
    with pytest.raises(ParseError) as expected:
        parse_tree(text)
    qtbot.keyClicks(editor.input_field, text)
    problem = expected.value
    column = min(problem.position, len(text) - 1)
    assert editor.tree() is None
    assert editor.error_position() == column
    selection = editor.input_field.extraSelections()[0]
    assert selection.cursor.selectedText() == text[column]
    assert selection.format.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline
    assert editor.message.text() == problem.message
    assert editor.input_field.toolTip() == problem.message


def test_fixing_the_input_clears_the_problem(qtbot, editor):
    qtbot.keyClicks(editor.input_field, "x^2 +")
    assert editor.error_position() is not None
    qtbot.keyClicks(editor.input_field, " 1")
    assert editor.error() is None and editor.error_position() is None
    assert editor.message.text() == "" and editor.tree() == parse_tree("x^2 + 1")


def test_debounce_emits_once_after_typing(qtbot, editor):
    changed = recorder(editor.expression_changed)
    trees = recorder(editor.tree_changed)
    qtbot.keyClicks(editor.input_field, "sin(x)")
    assert changed == []  # nothing before the pause
    qtbot.wait(DEBOUNCE_MS * 3)
    assert changed == ["sin(x)"]
    # The tree is offered at once for every valid prefix ("sin" alone is not valid).
    assert trees[-1] == parse_tree("sin(x)")


def test_invalid_input_is_never_emitted(qtbot, editor):
    changed = recorder(editor.expression_changed)
    qtbot.keyClicks(editor.input_field, "x +")
    qtbot.wait(DEBOUNCE_MS * 3)
    assert changed == []


def test_enter_requests_a_computation(qtbot, editor):
    editor.set_text("x^3")
    with qtbot.waitSignal(editor.compute_requested) as blocker:
        qtbot.keyClick(editor.input_field, Qt.Key.Key_Return)
    assert blocker.args == ["x^3"]
    assert editor.text() == "x^3"  # Enter adds no new line
    assert editor.history() == ["x^3"]


def test_history_walks_with_up_and_down(qtbot, editor):
    for text in ("x^2", "sin(x)"):
        editor.set_text(text)
        qtbot.keyClick(editor.input_field, Qt.Key.Key_Return)
    editor.set_text("")
    qtbot.keyClicks(editor.input_field, "cos")
    qtbot.keyClick(editor.input_field, Qt.Key.Key_Up)
    assert editor.text() == "sin(x)"
    qtbot.keyClick(editor.input_field, Qt.Key.Key_Up)
    assert editor.text() == "x^2"
    qtbot.keyClick(editor.input_field, Qt.Key.Key_Up)
    assert editor.text() == "x^2"  # stays at the oldest
    qtbot.keyClick(editor.input_field, Qt.Key.Key_Down)
    assert editor.text() == "sin(x)"
    qtbot.keyClick(editor.input_field, Qt.Key.Key_Down)
    assert editor.text() == "cos"  # back to the draft


def test_preview_shows_the_typed_function(qtbot, editor):
    qtbot.keyClicks(editor.input_field, "x^2 sin(x)")
    qtbot.waitUntil(lambda: editor.preview.latex() == tree_to_latex(parse_tree("x^2 sin(x)")),
                    timeout=2000)


def test_pasted_newlines_stay_on_one_line(qtbot, editor):
    from PySide6.QtCore import QMimeData

    data = QMimeData()
    data.setText("x^2\n+ 1")
    editor.input_field.insertFromMimeData(data)
    assert editor.text() == "x^2 + 1"


def test_error_from_elsewhere_is_pointed_at(qtbot, editor):
    editor.set_text("x + 1")
    editor.show_error("The engine disagrees here", 2)
    assert editor.error_position() == 2
    assert editor.message.text() == "The engine disagrees here"
