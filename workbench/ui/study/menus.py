"""The File, Edit and Help menus of the study session.

Menus are looked up by object name before being added, so another part of the
application (exports, say) can put its own actions in the same File menu.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from workbench.ui.function_help import show_function_help


def window_menu(window: QMainWindow, name: str, title: str) -> QMenu:
    """The window's menu ``name``, made now if no one has made it yet."""
    bar = window.menuBar()
    found = bar.findChild(QMenu, name)
    if found is not None:
        return found
    menu = bar.addMenu(title)
    menu.setObjectName(name)
    return menu


def add_action(menu: QMenu, key: str, text: str, slot: Callable[[], object],
               shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None) -> QAction:
    """A menu action named ``action_<key>`` calling ``slot`` (without Qt's checked flag)."""
    action = QAction(text, menu.parentWidget() or menu)
    action.setObjectName(f"action_{key}")
    if isinstance(shortcut, str):  # setShortcuts("F1") would bind each character alone
        action.setShortcut(QKeySequence(shortcut))
    elif shortcut is not None:
        action.setShortcuts(shortcut)  # every binding: Ctrl+Shift+Z and Ctrl+Y redo
    action.triggered.connect(lambda _checked=False: slot())
    menu.addAction(action)
    return action


def fill_recent_menu(menu: QMenu, paths: list[Path], open_file: Callable[[Path], object]) -> None:
    """List ``paths`` (newest first) in the Open Recent menu."""
    menu.clear()
    for path in paths:
        action = menu.addAction(path.name)
        action.setToolTip(str(path))
        action.triggered.connect(lambda _checked=False, p=path: open_file(p))
    if not paths:
        menu.addAction("(no recent sessions)").setEnabled(False)


def build_menus(study: Any) -> tuple[dict[str, QAction], QMenu]:
    """Add the study actions to ``study.window``; returns them by key, and Open Recent."""
    window, keys = study.window, QKeySequence.StandardKey
    actions: dict[str, QAction] = {}
    file_menu = window_menu(window, "menu_file", "&File")
    actions["new"] = add_action(file_menu, "new", "&New session", study.new_session, keys.New)
    actions["open"] = add_action(file_menu, "open", "&Open\u2026", study.open_file, keys.Open)
    recent = file_menu.addMenu("Open &Recent")
    recent.setObjectName("menu_recent")

    def refill() -> None:
        fill_recent_menu(recent, study.recent.paths(), study.open_file)

    recent.aboutToShow.connect(refill)
    refill()
    actions["save"] = add_action(file_menu, "save", "&Save", study.save, keys.Save)
    actions["save_as"] = add_action(file_menu, "save_as", "Save &As\u2026", study.save_as,
                                    keys.SaveAs)
    file_menu.addSeparator()
    actions["quit"] = add_action(file_menu, "quit", "&Quit", window.close, keys.Quit)
    edit_menu = window_menu(window, "menu_edit", "&Edit")
    undo = study.undo_stack.createUndoAction(window, "&Undo")
    redo = study.undo_stack.createRedoAction(window, "&Redo")
    for key, action, shortcut in (("undo", undo, keys.Undo), ("redo", redo, keys.Redo)):
        action.setObjectName(f"action_{key}")
        action.setShortcuts(shortcut)  # every binding: Ctrl+Shift+Z and Ctrl+Y redo
        edit_menu.addAction(action)
        actions[key] = action
    help_menu = window_menu(window, "menu_help", "&Help")
    actions["lessons"] = add_action(help_menu, "lessons", "&Lessons", study.show_lessons, "F1")
    actions["practice"] = add_action(help_menu, "practice", "&Practice", study.show_practice,
                                     "F2")
    actions["functions"] = add_action(help_menu, "functions", "&Functions and syntax",
                                      lambda: show_function_help(window), "Shift+F1")
    return actions, recent
