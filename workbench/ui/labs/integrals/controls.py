"""Small widgets the Integrals lab's views share: a checked input field, a fixed-height
readout, and the "working… / Cancel" indicator of an engine job. (The animations' play
bar is the shared ``workbench.ui.labs.player.FramePlayer``.)"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QLineEdit, QProgressBar, QPushButton, QSizePolicy, QVBoxLayout, QWidget)

from workbench.ui.stable_label import StableLabel

ERROR_STYLE = "color:#b71c1c;"
NOTE_STYLE = "color:#5d4037;"


def make_label(parent: QWidget, name: str, accessible: str, *, rich: bool = False,
               style: str = "", lines: int = 0) -> QLabel:
    """A word-wrapped label with a name for tests and screen readers.

    ``lines`` > 0 fixes its height to that many lines: a label that grows with its text
    would resize the plots above it on every animation frame.
    """
    label = QLabel("", parent)
    label.setObjectName(name)
    label.setAccessibleName(accessible)
    label.setWordWrap(True)
    if rich:
        label.setTextFormat(Qt.TextFormat.RichText)
    if style:
        label.setStyleSheet(style)
    if lines:
        label.setFixedHeight(lines * label.fontMetrics().lineSpacing() + 4)
    return label


def readout(parent: QWidget, name: str, accessible: str, lines: int = 2) -> StableLabel:
    """A boxed few lines of numbers that change on every animation frame.

    A QLabel asks its layout to recompute on each ``setText`` (its size hint may have
    changed), and the relayout repaints the whole lab: measured, that doubled a frame's
    cost. This one has a fixed height and only repaints itself.
    """
    label = StableLabel(lines, parent, boxed=True)
    label.setObjectName(name)
    label.setAccessibleName(accessible)
    return label


class CheckedField(QWidget):
    """A labelled line edit with its problem shown in place, under it.

    ``check(text)`` returns the value or raises an exception with a ``message``;
    ``value_changed(value)`` is emitted for every valid edit.
    """

    value_changed = Signal(object)

    def __init__(self, label: str, name: str, accessible: str, check: Callable,
                 width: int = 90, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._check = check
        self.last_valid = ""  # what a session saves while the text has a problem
        self.edit = QLineEdit(self)
        self.edit.setObjectName(name)
        self.edit.setAccessibleName(accessible)
        self.edit.setMinimumWidth(width)
        caption = QLabel(label, self)
        caption.setBuddy(self.edit)
        self.message = QLabel("", self)
        self.message.setObjectName(f"{name}_message")
        self.message.setAccessibleName(f"Problem with {accessible.lower()}")
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(caption)
        row.addWidget(self.edit, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self.edit.textChanged.connect(self._on_edit_text_changed)

    def text(self) -> str:
        """The text typed."""
        return self.edit.text()

    def set_text(self, text: str) -> None:
        """Replace the text (checked and emitted like typing)."""
        self.edit.setText(text)

    def saved_text(self) -> str:
        """The text if it is valid, else the last valid text (sessions keep only valid data)."""
        return self.edit.text().strip() if self.value() is not None else self.last_valid

    def value(self) -> object | None:
        """The checked value, or None while the text has a problem."""
        try:
            return self._check(self.edit.text())
        except ValueError:
            return None

    def problem(self) -> str:
        """The message shown in place ("" when the value is fine)."""
        return self.message.text() if self.message.isVisible() else ""

    def show_problem(self, text: str) -> None:
        """Show ``text`` under the field ("" hides it)."""
        if text == self.message.text() and bool(text) == self.message.isVisibleTo(self):
            return  # unchanged: restyling a line edit on every drag step costs milliseconds
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.edit.setStyleSheet("border:1px solid #c62828;" if text else "")

    def recheck(self) -> None:
        """Check the text again (the rule it depends on may have changed)."""
        self._on_edit_text_changed(self.edit.text())

    def _on_edit_text_changed(self, text: str) -> None:
        try:
            value = self._check(text)
        except ValueError as problem:
            self.show_problem(getattr(problem, "message", str(problem)))
            return
        self.show_problem("")
        self.last_valid = text.strip()
        self.value_changed.emit(value)


class JobIndicator(QWidget):
    """"Working… 2.1 s of 10 s", the stage the engine reported and how long it has had, and a
    Cancel button, while a job runs."""

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("integrals_job")
        self.setAccessibleName("Engine progress")
        self._began = 0.0
        self._limit = 10.0
        self._started = False
        self._what = ""
        self._stage: tuple[str, float | None, float] | None = None  # title, limit, began
        self.label = QLabel("", self)
        self.label.setObjectName("integrals_job_label")
        self.label.setAccessibleName("What the engine is doing")
        # a long stage name must not widen the lab: the tooltip keeps the whole text
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.bar = QProgressBar(self)
        self.bar.setObjectName("integrals_job_time")
        self.bar.setAccessibleName("Time used of the time limit")
        self.bar.setTextVisible(False)
        self.bar.setMaximumWidth(120)
        self.bar.setMaximumHeight(10)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setObjectName("integrals_cancel")
        self.cancel_button.setAccessibleName("Cancel the calculation")
        self.cancel_button.setToolTip("Stop the engine (Esc)")
        self.cancel_button.clicked.connect(self.cancel_requested)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.bar)
        row.addWidget(self.cancel_button)
        self.timer = QTimer(self, interval=100)
        self.timer.timeout.connect(self._refresh)
        self.setVisible(False)

    def start(self, what: str, limit: float) -> None:
        """Show that ``what`` waits for the engine, which has ``limit`` seconds once it starts."""
        self._what, self._limit, self._began = what, max(limit, 0.1), time.monotonic()
        self._started, self._stage = False, None
        self.bar.setRange(0, int(self._limit * 10))
        self._refresh()
        self.timer.start()
        self.setVisible(True)

    def set_what(self, what: str) -> None:
        """Name what is being worked out (the jobs still outstanding)."""
        self._what = what
        self._refresh()

    def mark_started(self) -> None:
        """The worker took the job: the time limit counts from now."""
        self._began, self._started, self._stage = time.monotonic(), True, None
        self._refresh()

    def set_stage(self, title: str, limit: float | None = None) -> None:
        """The engine reported that a stage (``title``, at most ``limit`` s) starts now."""
        self._started = True  # a stage can only be reported by a job the worker took
        self._stage = (title, limit, time.monotonic())
        self._refresh()

    def stage(self) -> str | None:
        """The title of the stage last reported for the job in hand, or None."""
        return self._stage[0] if self._stage else None

    def stop(self) -> None:
        """The job answered, failed or was cancelled."""
        self.timer.stop()
        self._stage = None
        self.setVisible(False)

    def _refresh(self) -> None:
        now = time.monotonic()
        elapsed = now - self._began
        if not self._started:
            self.label.setText(f"Waiting for the maths engine to take {self._what} "
                               f"({elapsed:.0f} s)\u2026")
            self.bar.setValue(0)
            return
        text = f"Working\u2026 {self._what}: {elapsed:.1f} s of at most {self._limit:.0f} s"
        if self._stage is not None:
            title, limit, began = self._stage
            budget = f" of its {limit:g} s" if limit else ""
            text += f"; now: {title} ({now - began:.1f} s{budget})"
        self.label.setText(text)
        self.label.setToolTip(text)
        self.bar.setValue(int(min(elapsed, self._limit) * 10))
