"""``StudyController``: the study session in the window - files, autosave, undo, lessons, practice.

It is installed on a finished ``MainWindow`` (``StudyController(window).install()``)
and touches the window only through its public widgets, so ``main_window.py`` stays
wiring only. It adds the File, Edit and Help menus, the Lessons and Practice docks,
the ``*`` in the title while there are unsaved changes, the Save / Discard / Cancel
question on close, autosave with recovery after a crash, and undo/redo.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QSettings, QStandardPaths, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QFileDialog, QMainWindow, QWidget

from workbench import APP_NAME
from workbench.session import SUFFIX, Autosave, Session, SessionError, load_session, save_session
from workbench.ui.settings import DEFAULT_FUNCTION
from workbench.ui.study import dialogs
from workbench.ui.study.menus import build_menus
from workbench.ui.study.recent import RecentFiles
from workbench.ui.study.snapshot import capture_session, checked, restore_session
from workbench.ui.study.undo import UndoTracker
from workbench.ui.study.undo_keys import UndoKeys

if TYPE_CHECKING:
    from workbench.lessons import Lesson

FILE_FILTER = f"Study sessions (*{SUFFIX});;All files (*)"
UNTITLED = "Untitled session"


def default_autosave_folder() -> Path:
    """The application's data folder (``QStandardPaths.AppDataLocation``)."""
    location = QStandardPaths.StandardLocation.AppDataLocation
    return Path(QStandardPaths.writableLocation(location))


class StudyController(QObject):
    """Owns the study session of one main window."""

    def __init__(self, window: QMainWindow, store: QSettings | None = None,
                 autosave_folder: Path | str | None = None,
                 lessons: list[Lesson] | None = None) -> None:
        """``store`` keeps recent files and the autosave interval (default: the app's
        QSettings); ``autosave_folder`` defaults to the app data folder; ``lessons``
        to the bundled ones (read when the Lessons or Practice dock is first shown).
        """
        super().__init__(window)
        self.setObjectName("study_controller")
        self.window = window
        self.recent = RecentFiles(store if store is not None else QSettings())
        self.autosave = Autosave(autosave_folder if autosave_folder is not None
                                 else default_autosave_folder())
        self.path: Path | None = None
        self.lesson_errors: list[Any] = []  # LessonError of lesson files that failed to load
        self._lessons = lessons
        self._panels: tuple[Any, Any, QDockWidget, QDockWidget] | None = None
        self._pending_progress: dict[str, float] = {}  # until the Lessons dock exists
        self._extra_changes = False  # unsaved changes the undo stack does not hold
        self.tracker = UndoTracker(window)
        self.undo_stack = self.tracker.stack
        # Ctrl+Z in a text field walks this same history (not the field's own)
        self.undo_keys = UndoKeys(window, self.undo_stack, before=window.editor.flush)
        window.tabs.lab_created.connect(lambda _kind, lab: self.undo_keys.cover(lab))
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setObjectName("autosave_timer")
        self.autosave_timer.timeout.connect(self.autosave_now)
        self.actions: dict[str, Any] = {}  # QActions by key ("save", "undo", ...)

    # ------------------------------------------------------------ installing
    def install(self, offer_recovery: bool = True) -> None:
        """Add menus, docks and the close question; start autosave; offer a recovery."""
        self._build_menus()
        self.undo_stack.cleanChanged.connect(self._update_title)
        self.undo_stack.indexChanged.connect(self._update_title)
        self.window.canvas.second_derivative_toggled.connect(self._on_canvas_second_toggled)
        self.window.installEventFilter(self)
        self.autosave_timer.start(self.recent.autosave_seconds * 1000)
        self._update_title()
        if offer_recovery and self.autosave.path.exists():
            # After the window is on screen, so the question has a window to belong to.
            QTimer.singleShot(0, self.offer_recovery)

    # The docks are built when first shown: lessons take ~40 ms to read, which the
    # first window should not wait for.
    @property
    def lessons_panel(self) -> Any:
        """The Lessons dock's panel (built on first use)."""
        return self._docks()[0]

    @property
    def practice_panel(self) -> Any:
        """The Practice dock's panel (built on first use)."""
        return self._docks()[1]

    @property
    def lessons_dock(self) -> QDockWidget:
        """The Lessons dock (built on first use)."""
        return self._docks()[2]

    @property
    def practice_dock(self) -> QDockWidget:
        """The Practice dock (built on first use)."""
        return self._docks()[3]

    def _docks(self) -> tuple[Any, Any, QDockWidget, QDockWidget]:
        if self._panels is None:
            self._panels = self._build_docks()
        return self._panels

    def _build_docks(self) -> tuple[Any, Any, QDockWidget, QDockWidget]:
        from workbench.lessons import load_lessons  # on first use
        from workbench.ui.study.lessons_panel import LessonsPanel
        from workbench.ui.study.practice_panel import PracticePanel

        window = self.window
        if self._lessons is None:
            self._lessons = load_lessons(errors=self.lesson_errors)
            if self.lesson_errors:  # one broken file costs one lesson, and says so
                window.job_message.setText("Some lessons could not be read: " + "; ".join(
                    str(error) for error in self.lesson_errors))
        lessons = LessonsPanel(window, self._lessons)
        practice = PracticePanel(window.client, self._lessons,
                                 function_source=self._explore_function)
        lessons.set_progress(self._pending_progress)
        lessons.lesson_opened.connect(practice.set_lesson)
        lessons.practice_requested.connect(self.show_practice)
        lessons.progress_changed.connect(self._on_lessons_progress_changed)
        lessons_dock = self._dock("lessons_dock", "Lessons", lessons)
        practice_dock = self._dock("practice_dock", "Practice", practice)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, lessons_dock)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, practice_dock)
        window.splitDockWidget(lessons_dock, practice_dock, Qt.Orientation.Vertical)
        window.resizeDocks([lessons_dock, practice_dock], [560, 360], Qt.Orientation.Vertical)
        # a quarter of a small window (the lab keeps room to read), up to 460 pixels
        width = max(280, min(460, window.width() // 4 + 40))
        window.resizeDocks([lessons_dock], [width], Qt.Orientation.Horizontal)
        lessons_dock.hide()
        practice_dock.hide()
        return lessons, practice, lessons_dock, practice_dock

    def _dock(self, name: str, title: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self.window)
        dock.setObjectName(name)
        dock.setAccessibleName(title)
        dock.setWidget(widget)
        return dock

    def _build_menus(self) -> None:
        self.actions, self.recent_menu = build_menus(self)

    # ------------------------------------------------------------ state
    def is_modified(self) -> bool:
        """True while there are changes not saved to the session file."""
        return self._extra_changes or not self.undo_stack.isClean()

    def session_name(self) -> str:
        """The file's name without its suffix, or "Untitled session"."""
        return self.path.stem if self.path is not None else UNTITLED

    def capture(self) -> Session:
        """The session as the window shows it now."""
        progress = self._panels[0].progress() if self._panels else self._pending_progress
        return capture_session(self.window, progress, self.tracker.last_function())

    def restore(self, session: Session) -> None:
        """Show ``session``; labs this installation lacks are named in the status bar."""
        missing = restore_session(self.window, session)
        self._pending_progress = dict(session.lesson_progress)
        if self._panels is not None:
            self._panels[0].set_progress(session.lesson_progress)
        self.tracker.resync()
        if missing:
            self.window.job_message.setText(
                "Not shown (not available in this version): " + ", ".join(missing))

    def _mark_saved(self, path: Path | None, forget_history: bool = True) -> None:
        """Now in step with ``path``; a new or opened session starts a new undo history."""
        self.path = path
        self._extra_changes = False
        if forget_history:
            self.undo_stack.clear()
        self.undo_stack.setClean()
        self._update_title()

    def _update_title(self, *_args: object) -> None:
        self.window.setWindowTitle(f"{self.session_name()}[*] \u2014 {APP_NAME}")
        self.window.setWindowModified(self.is_modified())

    def _note_change(self) -> None:
        self._extra_changes = True
        self._update_title()

    # ------------------------------------------------------------ files
    def new_session(self) -> bool:
        """Start an empty session (after asking about unsaved changes)."""
        if not self._may_discard():
            return False
        self.restore(Session(labs=[]))
        self.window.editor.set_text(DEFAULT_FUNCTION)
        self.window.canvas.fit_view(x_too=True)
        self.tracker.resync()
        self._mark_saved(None)
        return True

    def open_file(self, path: Path | str | None = None) -> bool:
        """Open a session file; on any problem say so and keep the current session."""
        if path is None:
            name, _ = QFileDialog.getOpenFileName(self.window, "Open study session",
                                                  str(self._folder()), FILE_FILTER)
            if not name:
                return False
            path = name
        path = Path(path)
        if not self._may_discard():
            return False
        try:
            session = load_session(path)
        except Exception as error:  # noqa: BLE001 - SessionError by contract; any slip is shown too
            if not path.exists():
                self.recent.remove(path)
            dialogs.show_problem(self.window, "Can't open this session",
                                 f"{path.name} could not be opened: {error}.\n\n"
                                 "The file was not changed and your current session is kept.")
            return False
        before = self.capture()
        try:
            self.restore(session)
        except Exception as error:  # noqa: BLE001 - a lab's restore must not cost the session
            self.restore(before)
            dialogs.show_problem(self.window, "Can't open this session",
                                 f"{path.name} could not be shown: {error}.\n\n"
                                 "Your current session is kept.")
            return False
        self._mark_saved(path)
        self.recent.add(path)
        self.autosave.clear()
        return True

    def save(self) -> bool:
        """Save to the current file, or ask for one."""
        if self.path is None:
            return self.save_as()
        return self._write(self.path)

    def save_as(self, path: Path | str | None = None) -> bool:
        """Save to a new file (asked for when ``path`` is None)."""
        if path is None:
            start = self._folder() / f"{self.session_name()}{SUFFIX}"
            name, _ = QFileDialog.getSaveFileName(self.window, "Save study session as",
                                                  str(start), FILE_FILTER)
            if not name:
                return False
            path = name
        path = Path(path)
        if not path.suffix:
            path = path.with_suffix(SUFFIX)
        return self._write(path)

    def _write(self, path: Path) -> bool:
        try:
            # Checked as a file would be read back, so a save never makes an unreadable file.
            save_session(checked(self.capture()), path)
        except (SessionError, OSError) as error:
            dialogs.show_problem(self.window, "Can't save this session",
                                 f"The session could not be saved to {path.name}: {error}.")
            return False
        self._mark_saved(path, forget_history=False)
        self.recent.add(path)
        self.autosave.clear()
        return True

    def _folder(self) -> Path:
        if self.path is not None:
            return self.path.parent
        recent = self.recent.paths()
        return recent[0].parent if recent else Path.home()

    def _may_discard(self) -> bool:
        """True when there is nothing unsaved, or the student saved or chose to discard it."""
        if not self.is_modified():
            return True
        answer = dialogs.ask_save_changes(self.window, self.session_name())
        if answer == dialogs.Button.Save:
            return self.save()
        return answer == dialogs.Button.Discard

    # ------------------------------------------------------------ autosave
    def autosave_now(self) -> bool:
        """Write unsaved work to the autosave slot; True when something was written."""
        if not self.is_modified():
            return False
        try:
            self.autosave.write(checked(self.capture()), origin=self.path)
        except (SessionError, OSError) as error:
            self.window.job_message.setText(f"Autosave failed: {error}")
            return False
        return True

    def offer_recovery(self, ask: Callable[[Path], bool] | None = None) -> bool:
        """Offer the autosave a crashed run left; True when it was recovered.

        ``ask`` answers the question (default: the :class:`RecoveryDialog`).
        """
        found = self.autosave.recover()
        if found is None:
            self.autosave.clear()  # damaged or absent: nothing worth offering
            return False
        ask = ask or (lambda path: dialogs.RecoveryDialog(self.window, path,
                                                          found.origin).choose())
        recover = ask(self.autosave.path)
        if recover:
            self.restore(found.session)
            # the work of a file stays that file's (title, Save); it is not saved there yet
            self._mark_saved(found.origin)
            self._note_change()
        self.autosave.clear()
        return bool(recover)

    def _explore_function(self) -> str | None:
        """The Explore view's function when it parses (for practice on it)."""
        editor = self.window.editor
        return editor.text().strip() if editor.tree() is not None else None

    # ------------------------------------------------------------ docks
    def show_lessons(self) -> None:
        """Show the Lessons dock (Help ▸ Lessons, F1)."""
        self.lessons_dock.show()
        self.lessons_dock.raise_()

    def show_practice(self) -> None:
        """Show the Practice dock (Help ▸ Practice, F2)."""
        self.practice_dock.show()
        self.practice_dock.raise_()

    # ------------------------------------------------------------ events
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Ask about unsaved changes before the window closes; clear the autosave on exit."""
        if watched is self.window and event.type() == QEvent.Type.Close:
            if not self._may_discard():
                event.ignore()
                return True
            self.autosave_timer.stop()
            self.autosave.clear()  # a clean exit leaves nothing to recover
        return super().eventFilter(watched, event)

    def _on_canvas_second_toggled(self, _visible: bool) -> None:
        self._note_change()

    def _on_lessons_progress_changed(self) -> None:
        self._note_change()

