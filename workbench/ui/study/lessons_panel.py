"""``LessonsPanel``: the list of lessons with progress, and a page viewer with "try it" buttons.

Progress is the fraction of a lesson's pages the student has opened; it is saved in
the study session (``lesson_progress``). A try-it button prepares a lab the way the
lesson asks (``window.open_lab(lab).apply_try_it(params)``; the Explore view gets the
function in its editor). A lab this installation does not have gets a disabled
button that says so, never an error.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QHBoxLayout, QHeaderView, QLabel, QMainWindow, QPushButton,
                               QSplitter, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from workbench.lessons import Lesson, TryIt
from workbench.ui.study.lesson_text import LessonText

log = logging.getLogger(__name__)
LAB_NAMES = {"explore": "Explore", "derivatives": "Derivatives", "integrals": "Integrals",
             "gradient": "Gradient", "backprop": "Backprop", "series": "Sums",
             "probability": "Probability"}


def lab_available(window: QMainWindow, lab: str) -> bool:
    """True when the window can show lab ``lab`` (Explore always can)."""
    return lab == "explore" or lab in window.tabs.kinds()


def run_try_it(window: QMainWindow, tryit: TryIt) -> str | None:
    """Prepare the lab as ``tryit`` asks; returns a sentence saying why not, or None."""
    name = LAB_NAMES.get(tryit.lab, tryit.lab)
    if not lab_available(window, tryit.lab):
        return f"The {name} lab is not available in this version of the workbench."
    params = dict(tryit.params)
    try:
        if tryit.lab == "explore":
            window.tabs.setCurrentIndex(0)
            window.editor.set_text(str(params["function"]))
            if "range" in params:
                low, high = params["range"]
                window.canvas.plot.getViewBox().setXRange(low, high, padding=0)
                window.canvas.fit_view(x_too=False)
        else:
            window.open_lab(tryit.lab).apply_try_it(params)
    except Exception as error:  # a lab's bug must not close the lesson
        log.exception("try-it %r failed", tryit.label)
        return f"The {name} lab could not be prepared: {error}"
    return None


class LessonsPanel(QWidget):
    """Lesson list (with progress) above the page viewer."""

    lesson_opened = Signal(str)  # lesson id
    page_shown = Signal(str, int)  # lesson id, page index
    progress_changed = Signal()
    practice_requested = Signal()

    def __init__(self, window: QMainWindow, lessons: list[Lesson],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lessons_panel")
        self.setAccessibleName("Lessons")
        self.window = window
        self._lessons = {lesson.id: lesson for lesson in lessons}
        self._seen: dict[str, set[int]] = {}
        self._floor: dict[str, float] = {}  # progress read from a session file
        self._lesson: Lesson | None = None
        self._page = 0
        self.tryit_buttons: list[QPushButton] = []
        self._build()
        self._fill_list()

    # ------------------------------------------------------------ building
    def _build(self) -> None:
        self.lesson_list = QTreeWidget(self)
        self.lesson_list.setObjectName("lesson_list")
        self.lesson_list.setAccessibleName("Lessons and how much of each you have read")
        self.lesson_list.setHeaderLabels(["Lesson", "Read"])
        self.lesson_list.setRootIsDecorated(False)
        # the titles take what the dock has; "Read" keeps its own width (no sideways scroll)
        header = self.lesson_list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.lesson_list.itemActivated.connect(self._on_list_item_activated)
        self.lesson_list.itemClicked.connect(self._on_list_item_activated)
        self.page_title = QLabel("Choose a lesson above.", self)
        self.page_title.setObjectName("lesson_page_title")
        self.page_title.setAccessibleName("Lesson page title")
        self.page_title.setWordWrap(True)
        self.page_title.setStyleSheet("font-weight: 600; font-size: 11pt;")
        self.text = LessonText(self)
        self.tryit_area = QVBoxLayout()
        self.tryit_area.setSpacing(4)
        self.previous_button = self._button("lesson_previous", "\u25c0 Previous",
                                            "Previous page", self.previous_page)
        self.next_button = self._button("lesson_next", "Next \u25b6", "Next page",
                                        self.next_page)
        self.practice_button = self._button("lesson_practice", "Practise\u2026",
                                            "Practise this lesson", self.practice_requested.emit)
        self.page_label = QLabel("", self)
        self.page_label.setObjectName("lesson_page_number")
        self.page_label.setAccessibleName("Page number")
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._lay_out()

    def _button(self, name: str, text: str, accessible: str, slot: Any) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAccessibleName(accessible)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _lay_out(self) -> None:
        viewer = QWidget(self)
        column = QVBoxLayout(viewer)
        column.setContentsMargins(0, 4, 0, 0)
        column.addWidget(self.page_title)
        column.addWidget(self.text, 1)
        column.addLayout(self.tryit_area)
        row = QHBoxLayout()
        row.addWidget(self.previous_button)
        row.addWidget(self.page_label, 1)
        row.addWidget(self.next_button)
        row.addWidget(self.practice_button)
        column.addLayout(row)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setObjectName("lessons_splitter")
        splitter.addWidget(self.lesson_list)
        splitter.addWidget(viewer)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([120, 560])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)
        self._set_navigation()

    def _fill_list(self) -> None:
        self.lesson_list.clear()
        for lesson in self._lessons.values():
            item = QTreeWidgetItem([f"{lesson.order}. {lesson.title}", ""])
            item.setData(0, Qt.ItemDataRole.UserRole, lesson.id)
            item.setToolTip(0, f"{lesson.summary} (about {lesson.minutes} minutes)")
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight)
            self.lesson_list.addTopLevelItem(item)
        self._update_list()

    # ------------------------------------------------------------ public API
    def lessons(self) -> list[Lesson]:
        """The lessons offered, in order."""
        return list(self._lessons.values())

    def current(self) -> tuple[str | None, int]:
        """The lesson id and page index on show (None before a lesson is opened)."""
        return (self._lesson.id if self._lesson else None), self._page

    def open_lesson(self, lesson_id: str, page: int = 0) -> None:
        """Show page ``page`` of lesson ``lesson_id``."""
        self._lesson = self._lessons[lesson_id]
        for index in range(self.lesson_list.topLevelItemCount()):
            item = self.lesson_list.topLevelItem(index)
            if item.data(0, Qt.ItemDataRole.UserRole) == lesson_id:
                self.lesson_list.setCurrentItem(item)
        self.lesson_opened.emit(lesson_id)
        self.show_page(page)

    def show_page(self, page: int) -> None:
        """Show page ``page`` of the open lesson and count it as read."""
        if self._lesson is None:
            return
        pages = self._lesson.pages
        self._page = min(max(page, 0), len(pages) - 1)
        shown = pages[self._page]
        self.page_title.setText(f"{self._lesson.title} \u2014 {shown.title}")
        self.text.show_markdown(shown.markdown)
        self._show_tryits(shown.actions)
        self._set_navigation()
        before = self.progress_of(self._lesson.id)
        self._seen.setdefault(self._lesson.id, set()).add(self._page)
        if self.progress_of(self._lesson.id) > before:
            self._update_list()
            self.progress_changed.emit()
        self.page_shown.emit(self._lesson.id, self._page)

    def next_page(self) -> None:
        """The next page of the open lesson."""
        self.show_page(self._page + 1)

    def previous_page(self) -> None:
        """The previous page of the open lesson."""
        self.show_page(self._page - 1)

    def progress_of(self, lesson_id: str) -> float:
        """The fraction of lesson ``lesson_id``'s pages read (0 to 1)."""
        lesson = self._lessons.get(lesson_id)
        seen = len(self._seen.get(lesson_id, ())) / len(lesson.pages) if lesson else 0.0
        return max(seen, self._floor.get(lesson_id, 0.0))

    def progress(self) -> dict[str, float]:
        """Progress of every lesson started, for the session."""
        ids = set(self._seen) | set(self._floor)
        return {lesson_id: round(self.progress_of(lesson_id), 4) for lesson_id in sorted(ids)
                if self.progress_of(lesson_id) > 0}

    def set_progress(self, progress: dict[str, float]) -> None:
        """Take the progress saved in a session (pages read before are not known one by one)."""
        self._seen = {}
        self._floor = {key: min(max(float(value), 0.0), 1.0) for key, value in progress.items()}
        self._update_list()

    # ------------------------------------------------------------ drawing
    def _show_tryits(self, actions: list[TryIt]) -> None:
        for button in self.tryit_buttons:
            self.tryit_area.removeWidget(button)
            button.deleteLater()
        self.tryit_buttons = []
        for number, action in enumerate(actions):
            button = QPushButton(f"\u25b6 Try it: {action.label}", self)
            button.setObjectName(f"lesson_tryit_{number}")
            button.setAccessibleName(f"Try it: {action.label}")
            if lab_available(self.window, action.lab):
                button.setToolTip(f"Opens the {LAB_NAMES.get(action.lab, action.lab)} lab, "
                                  "prepared for this example")
                button.clicked.connect(lambda _checked=False, a=action: self._on_tryit(a))
            else:
                button.setText(f"{action.label} \u2014 the "
                               f"{LAB_NAMES.get(action.lab, action.lab)} lab is not available")
                button.setEnabled(False)
            button.setStyleSheet("text-align: left; padding: 4px 8px;")
            self.tryit_area.addWidget(button)
            self.tryit_buttons.append(button)

    def _set_navigation(self) -> None:
        count = len(self._lesson.pages) if self._lesson else 0
        self.previous_button.setEnabled(self._lesson is not None and self._page > 0)
        self.next_button.setEnabled(self._lesson is not None and self._page < count - 1)
        self.practice_button.setEnabled(self._lesson is not None)
        self.page_label.setText(f"Page {self._page + 1} of {count}" if count else "")

    def _update_list(self) -> None:
        for index in range(self.lesson_list.topLevelItemCount()):
            item = self.lesson_list.topLevelItem(index)
            fraction = self.progress_of(item.data(0, Qt.ItemDataRole.UserRole))
            item.setText(1, f"{fraction:.0%}" if fraction > 0 else "\u2014")

    # ------------------------------------------------------------ slots
    def _on_list_item_activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        lesson_id = item.data(0, Qt.ItemDataRole.UserRole)
        if self._lesson is None or self._lesson.id != lesson_id:
            self.open_lesson(lesson_id)

    def _on_tryit(self, action: TryIt) -> None:
        problem = run_try_it(self.window, action)
        self.window.job_message.setText(problem or f"Try it: {action.label}")
