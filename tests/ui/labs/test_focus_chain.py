"""Every lab can be used from the keyboard: pressing Tab from the first control walks the
focus through every interactive widget on show, and each has a name for screen readers.

The walk presses real Tab keys (a text field that swallowed Tab would stop it) and
follows the focus until it comes back to where it started.
"""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QAbstractSlider,
                               QAbstractSpinBox, QApplication, QComboBox, QHeaderView, QLabel,
                               QLineEdit, QPlainTextEdit, QScrollBar, QTabBar, QTabWidget,
                               QWidget)

from tests.ui.fakes import FakeEngineClient
from workbench.ui.labs import LABS, available_labs, lab_class

INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractSlider,
               QPlainTextEdit, QAbstractItemView, QTabBar)


def settle(lab, seconds: float = 3.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QApplication.processEvents()
        if not getattr(lab, "_latest", {}):
            break
        time.sleep(0.01)


def interactive_widgets(lab: QWidget) -> list[QWidget]:
    """The controls a student can use: visible, enabled, not a spin box's inner field."""
    found = []
    for widget in lab.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or not widget.isVisibleTo(lab) \
                or not widget.isEnabled():
            continue
        if isinstance(widget, QLineEdit) and isinstance(widget.parent(), (QAbstractSpinBox,
                                                                          QComboBox)):
            continue  # the spin box (or editable combo) itself takes the focus
        if isinstance(widget, (QScrollBar, QHeaderView)):
            continue  # parts of a named scroll area or table, driven through it
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus and isinstance(widget, QTabBar):
            continue
        found.append(widget)
    return found


def accessible_name(widget: QWidget) -> str:
    """The name a screen reader says: the accessible name, a button's text, or the text of
    a label whose buddy the widget is."""
    if widget.accessibleName():
        return widget.accessibleName()
    if isinstance(widget, QAbstractButton) and widget.text().strip():
        return widget.text()
    if isinstance(widget, QTabBar) and isinstance(widget.parent(), QTabWidget):
        return widget.parent().accessibleName()  # each tab says its own title
    for label in widget.window().findChildren(QLabel):
        if label.buddy() is widget and label.text().strip():
            return label.text()
    return ""


def tab_walk(lab: QWidget, first: QWidget, limit: int = 400) -> list[QWidget]:
    """The widgets Tab visits from ``first`` until the focus comes back to it."""
    first.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    visited = [QApplication.focusWidget()]
    for _ in range(limit):
        widget = QApplication.focusWidget()
        target = widget if widget is not None else lab
        QApplication.sendEvent(target, _tab_event())
        QApplication.processEvents()
        now = QApplication.focusWidget()
        if now is None or now is visited[0]:
            break
        visited.append(now)
    return visited


def _tab_event():
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent
    return QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier)


@pytest.mark.parametrize("kind", [k for k in LABS if k in available_labs()])
def test_tab_reaches_every_control_and_each_has_a_name(qtbot, kind):
    lab = lab_class(kind)(FakeEngineClient())
    qtbot.addWidget(lab)
    lab.resize(1400, 900)
    lab.show()
    qtbot.waitExposed(lab)
    lab.activateWindow()
    settle(lab)
    controls = interactive_widgets(lab)
    unnamed = [f"{type(w).__name__} {w.objectName()!r}" for w in controls
               if not accessible_name(w)]
    assert unnamed == [], f"{kind}: controls without an accessible name"
    first = next(w for w in controls if w.focusPolicy() & Qt.FocusPolicy.TabFocus)
    visited = set(tab_walk(lab, first))
    missed = [f"{type(w).__name__} {w.objectName()!r} ({accessible_name(w)})"
              for w in controls if w not in visited and w.focusProxy() not in visited]
    assert missed == [], f"{kind}: Tab never reaches these controls"
    lab.deactivate()
