"""``CodeController``: the window's "Code" view and the session's notebook export.

``CodeController(window).install()`` adds a dock beside the tabs holding a
:class:`~workbench.ui.code_view.CodeView`, a "Code" button in the tab bar's corner, and
a Code menu: "Show code for this tab" (Ctrl+Shift+K) and "Export session as notebook
(.ipynb)..." (also put in the Export menu when there is one). The dock shows the
``code_script()`` of the tab on show (a lab, or the window itself for Explore) and
follows it: a change of tab, of a lab's inputs or an engine answer rebuilds the script
after a short pause. The window is not edited otherwise.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QMenu,
    QMessageBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench.codegen import CodegenError, Section, notebook_json
from workbench.ui.code_view import CodeView

REFRESH_MS = 250  # a pause after an edit or an answer before the script is rebuilt
DOCK_SHARE = 0.4  # of the window's width, when the dock opens beside the labs
FLOAT_SHARE = 0.55  # of the window's width, when there is no room and it floats over them
MIN_DOCKED = 360  # narrower than this, a script is hard to read: the view floats instead
SPLITTER_SLACK = 12  # the dock's separator and margins
NOTHING_YET = "The {title} tab shows nothing to turn into code yet: type a function first."
NO_CODE_COMMENT = "# The {title} tab had nothing to turn into code when this was exported."


def current_target(window: Any) -> tuple[str, Any]:
    """(tab title, what answers ``code_script``) for the tab on show: the window itself
    for Explore, a lab, or None for a tab without a lab yet."""
    tabs = window.tabs
    title = tabs.tabText(tabs.currentIndex()) or "Explore"
    if tabs.currentIndex() == 0:
        return title, window
    widget = tabs.currentWidget()
    return title, widget if widget in tabs.labs().values() else None


def code_of(target: Any) -> tuple[tuple[str, str] | None, str]:
    """(``(script, stem)`` or None, the reason there is none) for a tab's target."""
    if target is None or not hasattr(target, "code_script"):
        return None, ""
    try:
        return target.code_script(), ""
    except CodegenError as problem:
        return None, str(problem)


def session_sections(window: Any) -> list[Section]:
    """One notebook section per open view, in tab order: its derivation and its script."""
    from workbench.ui.export import sources

    sections = []
    for title, lab in sources.section_jobs(window):
        target = window if lab is None else lab
        derivation = sources.explore_derivation(window) if lab is None else lab.derivation()
        made, _reason = code_of(target)
        # a reason may quote what was typed: it stays out of the code cell
        script = made[0] if made is not None else NO_CODE_COMMENT.format(title=title)
        heading = title if derivation is None else f"{title}: {derivation.title}"
        sections.append(Section(heading, script,
                                tuple(derivation.steps) if derivation is not None else (),
                                derivation.latex if derivation is not None else ""))
    return sections


def write_notebook(window: Any, path: str | Path) -> Path:
    """Write the session's notebook to ``path`` atomically (OSError on failure)."""
    from workbench.export.report import write_atomic

    target = Path(path)
    text = notebook_json(session_sections(window), "Calculus Workbench session")
    write_atomic(target, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))
    return target


class CodeController(QObject):
    """Owns the Code dock, its actions and the notebook export of a ``MainWindow``."""

    notebook_saved = Signal(str)
    notebook_failed = Signal(str)

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self._folder = ""
        self._timer = QTimer(self, singleShot=True, interval=REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self.dock = self._build_dock()
        self.show_action = self._action("Show &code for this tab", "code_show_action",
                                        "Ctrl+Shift+K", self.toggle)
        self.show_action.setCheckable(True)
        self.notebook_action = self._action("Export session as &notebook (.ipynb)\u2026",
                                            "code_notebook_action", "", self.export_notebook)
        self.menu: QMenu | None = None
        self.button: QToolButton | None = None

    # ---------------------------------------------------------------- building
    def _build_dock(self) -> QDockWidget:
        dock = QDockWidget("Code", self.window)
        dock.setObjectName("code_dock")
        dock.setAccessibleName("Code for this tab")
        dock.setAllowedAreas(Qt.DockWidgetArea.RightDockWidgetArea
                             | Qt.DockWidgetArea.BottomDockWidgetArea)
        panel = QWidget(dock)
        self.heading = QLabel(panel)
        self.heading.setObjectName("code_heading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.view = CodeView(panel)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.addWidget(self.heading)
        layout.addWidget(self.view, 1)
        panel.setMinimumWidth(240)
        dock.setWidget(panel)
        dock.visibilityChanged.connect(self._on_dock_visibility_changed)
        return dock

    def _action(self, text: str, name: str, keys: str, slot: Any) -> QAction:
        action = QAction(text, self.window)
        action.setObjectName(name)
        if keys:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(slot)
        self.window.addAction(action)  # the shortcut works while no menu is open
        return action

    def install(self) -> QMenu:
        """Add the dock (hidden), the corner button, the Code menu and the notebook entry."""
        window = self.window
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()
        # its own short text (an action's long menu text would crowd the tabs out)
        self.button = QToolButton(window.tabs)
        self.button.setObjectName("code_button")
        self.button.setText("</> Code")
        self.button.setCheckable(True)
        self.button.setAccessibleName("Show code for this tab")
        self.button.setToolTip("Show this tab's computation as a Python script (Ctrl+Shift+K)")
        self.button.clicked.connect(self.toggle)
        window.tabs.setCornerWidget(self.button, Qt.Corner.TopRightCorner)
        self.menu = self._install_menu()
        export = getattr(getattr(window, "export_controller", None), "menu", None)
        if export is not None:
            export.addSeparator()
            export.addAction(self.notebook_action)
        window.tabs.currentChanged.connect(lambda _index: self.schedule())
        window.tabs.lab_created.connect(lambda _kind, lab: self._on_lab_created(lab))
        for lab in window.tabs.labs().values():
            self._watch(lab)
        window.editor.text_edited.connect(lambda _text: self.schedule())
        # Explore's script samples the x range on show
        window.canvas.plot.getViewBox().sigRangeChanged.connect(lambda *_args: self.schedule())
        # bound methods, not lambdas: Qt drops these connections when this controller (a child
        # of the window) is deleted, and the client can outlive the window (a late answer
        # must not reach a deleted dock)
        window.client.result_ready.connect(self._on_client_event)
        window.client.job_failed.connect(self._on_client_event)
        return self.menu

    def _install_menu(self) -> QMenu:
        bar = self.window.menuBar()
        menu = QMenu("&Code", bar)
        menu.setObjectName("code_menu")
        menu.addAction(self.show_action)
        menu.addAction(self.notebook_action)
        help_menu = next((a for a in bar.actions() if a.text().replace("&", "") == "Help"), None)
        if help_menu is not None:
            bar.insertMenu(help_menu, menu)
        else:
            bar.addMenu(menu)
        return menu

    def _watch(self, lab: Any) -> None:
        lab.state_changed.connect(self.schedule)
        # every keystroke too: a lab says nothing of text that does not parse, yet the
        # script on show stops answering it
        for field in [*lab.findChildren(QLineEdit), *lab.findChildren(QPlainTextEdit)]:
            field.textChanged.connect(self.schedule)

    def _on_lab_created(self, lab: Any) -> None:
        self._watch(lab)
        if self.dock.isVisible() and not self.dock.isFloating():
            self.place()  # a wider lab came: less room, or none (it floats, the window stays)

    # ---------------------------------------------------------------- the dock
    def toggle(self, checked: bool | None = None) -> None:
        """Show the Code dock (with this tab's script) or hide it."""
        show = not self.dock.isVisible() if checked is None else bool(checked)
        if show:
            self.show_code()
        else:
            self.dock.hide()

    def show_code(self) -> None:
        """Open the view with the script of the tab on show: docked beside the labs, or
        floating over them when they leave no room (see :meth:`place`)."""
        if not self.dock.isVisible():
            self.place()
        self.dock.raise_()
        self.refresh()

    def room(self) -> int:
        """The width the labs leave beside them, in pixels."""
        labs = self.window.centralWidget().minimumSizeHint().width()
        return self.window.width() - labs - SPLITTER_SLACK

    def place(self) -> None:
        """Dock the view beside the labs when they leave room for it (DOCK_SHARE of the
        window at most); else float it over the window's right side. Decided before it
        shows: a docked view the labs have no room for would widen the window past the
        edge of a small (1024 wide) screen."""
        room = self.room()
        if room >= MIN_DOCKED:
            self.dock.setFloating(False)
            self.dock.show()
            self.window.resizeDocks([self.dock], [min(room, int(self.window.width()
                                                                * DOCK_SHARE))],
                                    Qt.Orientation.Horizontal)
            return
        frame = self.window.frameGeometry()
        width = max(MIN_DOCKED, int(frame.width() * FLOAT_SHARE))
        self.dock.setFloating(True)
        self.dock.setGeometry(frame.right() - width, frame.top() + 60, width,
                              max(300, frame.height() - 120))  # above the status bar
        self.dock.show()

    def _on_client_event(self, *_args: Any) -> None:
        self.schedule()

    def schedule(self) -> None:
        """Rebuild the script after a short pause (only while the dock is open)."""
        if self.dock.isVisible():
            self._timer.start()

    def refresh(self) -> None:
        """Show the script of the tab on show, or say why there is none."""
        self._timer.stop()
        title, target = current_target(self.window)
        made, reason = code_of(target)
        self.heading.setText(f"{title}, as a Python script (NumPy, SciPy, SymPy)")
        if made is None:
            self.view.set_script("")
            self.view.set_message(reason or NOTHING_YET.format(title=title), error=bool(reason))
            return
        script, stem = made
        if script != self.view.script():  # unchanged: keep the scroll and the last message
            self.view.set_script(script, stem)

    def _on_dock_visibility_changed(self, visible: bool) -> None:
        self.show_action.setChecked(visible)
        if self.button is not None:
            self.button.setChecked(visible)

    # ---------------------------------------------------------------- the notebook
    def export_notebook(self) -> str | None:
        """Ask for a file name and write every open view into one notebook; the path."""
        start = str(Path(self._folder or Path.home()) / "workbench_session.ipynb")
        path, _ = QFileDialog.getSaveFileName(self.window, "Export session as notebook", start,
                                              "Jupyter notebooks (*.ipynb)")
        if not path:
            return None
        target = Path(path) if path.endswith(".ipynb") else Path(path + ".ipynb")
        try:
            write_notebook(self.window, target)
        except OSError as problem:
            from workbench.ui.export.errors import describe_write_error

            message = describe_write_error(problem, target)
            QMessageBox.warning(self.window, "Export failed", message)
            self.notebook_failed.emit(message)
            return None
        self._folder = str(target.parent)
        self.window.statusBar().showMessage(f"Saved {target}: open it with Jupyter.", 8000)
        self.notebook_saved.emit(str(target))
        return str(target)
