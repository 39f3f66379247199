"""Small widgets the Integrals lab's views share: a checked input field, the play bar
of an animation, and the "working… / Cancel" indicator of an engine job."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QTextDocument
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QLineEdit, QProgressBar, QPushButton, QSizePolicy, QSlider, QVBoxLayout,
    QWidget)

from workbench.ui.labs.player import PAUSE_TEXT

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


class FrameText(QWidget):
    """A few lines of rich text that change on every animation frame.

    A QLabel asks its layout to recompute on each ``setText`` (its size hint may have
    changed), and the relayout repaints the whole lab: measured, that doubled a frame's
    cost. This widget has a fixed height and only repaints itself. ``text()`` gives the
    HTML back, as a label would.
    """

    def __init__(self, parent: QWidget, name: str, accessible: str, lines: int = 2) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(accessible)
        self._html = ""
        self._document = QTextDocument(self)
        self._document.setDefaultFont(self.font())
        self._document.setDocumentMargin(1)
        self.setFixedHeight(lines * self.fontMetrics().lineSpacing() + 6)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        # it paints its own background, so a frame never repaints the widgets behind it
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def text(self) -> str:
        """The HTML shown."""
        return self._html

    def setText(self, html: str) -> None:  # noqa: N802 - QLabel's name, so views swap freely
        """Show ``html`` (repaints this widget only)."""
        if html != self._html:
            self._html = html
            self._document.setHtml(html)
            self.setToolTip(self._document.toPlainText())
            self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802, ANN001 - Qt's name
        """Draw the text, wrapped to the widget's width."""
        self._document.setTextWidth(self.width() - 6)
        painter = QPainter(self)
        # a white readout box: it paints its whole rectangle (see WA_OpaquePaintEvent)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        painter.setPen(QColor("#dddddd"))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        painter.translate(3, 1)
        self._document.drawContents(painter)
        painter.end()


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


class PlayBar(QWidget):
    """Play/pause, step and a scrub slider over an animation's precomputed frames.

    The owner gives ``frame_count`` and shows frame ``i`` in ``show_frame`` (a slot of
    ``frame_shown``). A QTimer steps the frames; ``pause()`` stops it.
    """

    frame_shown = Signal(int)

    def __init__(self, name: str, what: str, interval_ms: int = 40,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{name}_player")
        self._count = 0
        self.timer = QTimer(self, interval=interval_ms)
        self.timer.timeout.connect(self._on_timer_timeout)
        self.play_button = self._button("\u25b6 Play", f"{name}_play", f"Play the {what}")
        self.play_button.setCheckable(True)
        self.play_button.toggled.connect(self._on_play_toggled)
        self.step_button = self._button("Step \u25b8", f"{name}_step", f"One frame of the {what}")
        self.step_button.clicked.connect(self.step)
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setObjectName(f"{name}_scrub")
        self.slider.setAccessibleName(f"Scrub through the {what}")
        self.slider.valueChanged.connect(self.frame_shown)
        self.reason = QLabel("", self)  # why the animation can't run, in its place
        self.reason.setObjectName(f"{name}_unavailable")
        self.reason.setAccessibleName(f"Why the {what} is unavailable")
        self.reason.setStyleSheet(NOTE_STYLE)
        self.reason.setWordWrap(True)
        self.reason.setVisible(False)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.play_button)
        row.addWidget(self.step_button)
        row.addWidget(self.slider, 1)
        row.addWidget(self.reason, 1)

    def _button(self, text: str, name: str, accessible: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAccessibleName(accessible)
        return button

    def set_frame_count(self, count: int) -> None:
        """How many frames there are (the slider's range); stays on the last frame."""
        self._count = count
        blocked = self.slider.blockSignals(True)
        self.slider.setRange(0, max(count - 1, 0))
        self.slider.setValue(max(count - 1, 0))
        self.slider.blockSignals(blocked)

    def set_unavailable(self, reason: str) -> None:
        """Disable the animation and say why where the slider was ("" makes it available)."""
        if reason:
            self.pause()
        for widget in (self.play_button, self.step_button, self.slider):
            widget.setEnabled(not reason)
        self.slider.setVisible(not reason)
        self.reason.setText(reason)
        self.reason.setVisible(bool(reason))

    def unavailable(self) -> str:
        """Why the animation can't run now ("" when it can)."""
        return self.reason.text() if not self.play_button.isEnabled() else ""

    def is_playing(self) -> bool:
        """Whether the timer is stepping frames."""
        return self.timer.isActive()

    def toggle(self) -> None:
        """Play if paused, pause if playing (the Space key); nothing while unavailable."""
        if self.play_button.isEnabled():
            self.play_button.setChecked(not self.play_button.isChecked())

    def pause(self) -> None:
        """Stop stepping (the tab was hidden, or the student edited something)."""
        self.play_button.setChecked(False)

    def step(self) -> None:
        """Show the next frame (back to the first after the last)."""
        if self._count and self.play_button.isEnabled():
            self.slider.setValue((self.slider.value() + 1) % self._count)

    def _on_play_toggled(self, playing: bool) -> None:
        self.play_button.setText(PAUSE_TEXT if playing else "\u25b6 Play")
        if playing and self._count:
            if self.slider.value() >= self._count - 1:
                self.slider.setValue(0)  # play from the start when at the end
            self.timer.start()
        else:
            self.timer.stop()

    def _on_timer_timeout(self) -> None:
        if self.slider.value() >= self._count - 1:
            self.pause()
            return
        self.slider.setValue(self.slider.value() + 1)


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
