"""Help → Functions and syntax: every function and constant the parser accepts, with an
example that parses, searchable, opened from the Help menu (Shift+F1) and from the
editor's "unknown name" message."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu

from workbench.protocol.function_reference import HELP_TOPIC, constants, functions
from workbench.protocol.syntax import parse_tree
from workbench.ui.editor import ExpressionEditor
from workbench.ui.function_help import FunctionHelp


def test_the_page_lists_every_function_and_constant_with_an_example(qtbot):
    page = FunctionHelp()
    qtbot.addWidget(page)
    names = page.visible_names()
    assert names == [f.name for f in functions()] + [c.name for c in constants()]
    for row in range(page.table.rowCount()):
        parse_tree(page.table.item(row, 3).text())  # every example is accepted
    assert {"max", "min", "sigmoid", "relu", "factorial", "binomial"} <= set(names)


def test_search_keeps_the_matching_rows(qtbot):
    page = FunctionHelp()
    qtbot.addWidget(page)
    qtbot.keyClicks(page.search, "arctan")
    assert page.visible_names() == ["atan", "atanh"]  # found by their other spellings
    page.search.setText("ACTIVATION")
    assert page.visible_names() == ["tanh"]
    page.search.clear()
    assert len(page.visible_names()) == page.table.rowCount()


def test_the_help_menu_opens_it_with_shift_f1(study):
    window, controller = study
    action = controller.actions["functions"]
    assert action.shortcut().toString() == "Shift+F1"
    assert controller.actions["lessons"].shortcut().toString() == "F1"
    assert action in window.findChild(QMenu, "menu_help").actions()
    action.trigger()
    page = window.findChild(FunctionHelp, "function_help")
    assert page is not None and page.isVisible()
    action.trigger()  # a second time raises the same page
    assert len(window.findChildren(FunctionHelp)) == 1


def test_the_unknown_name_message_links_to_the_page(qtbot):
    editor = ExpressionEditor()
    qtbot.addWidget(editor)
    editor.show()
    editor.set_text("foo(x)")
    qtbot.waitUntil(lambda: HELP_TOPIC in editor.message.text(), timeout=3000)
    assert editor.help_button.isVisible()
    qtbot.mouseClick(editor.help_button, Qt.MouseButton.LeftButton)
    page = editor.window().findChild(FunctionHelp, "function_help")
    assert page is not None and page.isVisible()
    page.close()
    editor.set_text("x < 1")  # any other problem stays plain text
    qtbot.waitUntil(lambda: bool(editor.message.text()) and not editor.help_button.isVisible(),
                    timeout=3000)
    assert HELP_TOPIC not in editor.message.text()
