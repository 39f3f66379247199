"""Frame players the labs share (the Backprop, Sums and Probability labs use them).

``FramePlayer``: play / pause / step / scrub controls that step precomputed frames on a
QTimer; ``FrameAnimation``: the ``Animation`` hook of a lab built on a ``FramePlayer``;
``number_text``: numbers the way the labs print them.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSlider, QWidget

from workbench.ui.labs.base import Animation


def number_text(value: float, digits: int = 6) -> str:
    """``value`` in at most ``digits`` significant digits; words for inf and nan."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "undefined"
    if math.isinf(value):
        return "\u221e" if value > 0 else "\u2212\u221e"
    text = f"{value:.{digits}g}"
    return text.replace("-", "\u2212")


class FramePlayer(QWidget):
    """Play, pause, step and scrub through ``count`` frames; emits ``frame_changed(i)``."""

    frame_changed = Signal(int)

    def __init__(self, name: str, parent: QWidget | None = None, interval_ms: int = 120) -> None:
        super().__init__(parent)
        self.setObjectName(f"{name}_player")
        self.setAccessibleName(f"{name.replace('_', ' ').capitalize()} animation controls")
        self._count = 1
        self._timer = QTimer(self, interval=interval_ms)
        self._timer.timeout.connect(self._on_timer_timeout)
        self.play_button = self._button(f"{name}_play", "\u25b6 Play", "Play or pause (Space)")
        self.play_button.clicked.connect(self.toggle)
        self.back_button = self._button(f"{name}_back", "\u25c0 Back", "One frame back")
        self.back_button.clicked.connect(lambda: self.step(-1))
        self.next_button = self._button(f"{name}_next", "Next \u25b6", "One frame on")
        self.next_button.clicked.connect(lambda: self.step(1))
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setObjectName(f"{name}_scrub")
        self.slider.setAccessibleName("Scrub through the frames")
        self.slider.valueChanged.connect(self._on_slider_value_changed)
        self.label = QLabel(self)
        self.label.setObjectName(f"{name}_frame_label")
        # wide enough for "frame 999 / 999", so the row never relayouts while playing
        self.label.setFixedWidth(self.label.fontMetrics().horizontalAdvance("frame 999 / 999") + 8)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.play_button, self.back_button, self.next_button):
            layout.addWidget(widget)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.label)
        self.set_count(1)

    def _button(self, name: str, text: str, tip: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAccessibleName(tip)
        button.setToolTip(tip)
        return button

    def set_count(self, count: int, frame: int | None = None) -> None:
        """Use ``count`` frames and show ``frame`` (default: the last one)."""
        self._count = max(1, int(count))
        blocked = self.slider.blockSignals(True)
        self.slider.setRange(0, self._count - 1)
        self.slider.blockSignals(blocked)
        self.set_frame(self._count - 1 if frame is None else frame, force=True)

    def count(self) -> int:
        """How many frames there are."""
        return self._count

    def frame(self) -> int:
        """The frame on show."""
        return self.slider.value()

    def set_frame(self, index: int, force: bool = False) -> None:
        """Show frame ``index`` (clamped)."""
        index = min(max(int(index), 0), self._count - 1)
        if index == self.slider.value() and not force:
            return
        blocked = self.slider.blockSignals(True)
        self.slider.setValue(index)
        self.slider.blockSignals(blocked)
        self.label.setText(f"frame {index + 1} / {self._count}")
        self.frame_changed.emit(index)

    def step(self, delta: int) -> None:
        """Pause and move ``delta`` frames."""
        self.pause()
        self.set_frame(self.frame() + delta)

    def is_playing(self) -> bool:
        """True while the timer runs."""
        return self._timer.isActive()

    def play(self) -> None:
        """Play from here (from the start when at the end)."""
        if self._count <= 1:
            return
        if self.frame() >= self._count - 1:
            self.set_frame(0)
        self._timer.start()
        self.play_button.setText("\u23f8 Pause")

    def pause(self) -> None:
        """Stop the timer where it is."""
        self._timer.stop()
        self.play_button.setText("\u25b6 Play")

    def toggle(self) -> None:
        """Play when paused, pause when playing."""
        if self.is_playing():
            self.pause()
        else:
            self.play()

    def _on_timer_timeout(self) -> None:
        if self.frame() >= self._count - 1:
            self.pause()
            return
        self.set_frame(self.frame() + 1)

    def _on_slider_value_changed(self, value: int) -> None:
        self.pause()
        self.label.setText(f"frame {value + 1} / {self._count}")
        self.frame_changed.emit(value)


class FrameAnimation(Animation):
    """A lab animation driven by a ``FramePlayer``; frames are images of ``figure()``."""

    def __init__(self, player: FramePlayer, figure: Callable[[], QWidget],
                 interval_ms: int = 120) -> None:
        self.player = player
        self.figure = figure
        self.frame_interval_ms = interval_ms

    def frame_count(self) -> int:
        """How many frames the animation has."""
        return self.player.count()

    def show_frame(self, index: int) -> None:
        """Put the figure in frame ``index``."""
        self.player.set_frame(index, force=True)

    def render_frame(self, index: int) -> QImage:
        """Frame ``index`` as an image of the figure."""
        self.show_frame(index)
        return self.figure().grab().toImage()
