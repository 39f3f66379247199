"""``Playback``: play, pause, step, scrub and speed for precomputed animation frames."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSlider, QWidget

BASE_INTERVAL_MS = 120  # one step per 120 ms at speed 1x
SPEEDS = (("0.25×", 0.25), ("0.5×", 0.5), ("1×", 1.0), ("2×", 2.0), ("4×", 4.0), ("10×", 10.0))


class Playback(QWidget):
    """Frame controls; ``frame_changed(frame)`` whenever the frame on show changes."""

    frame_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("playback")
        self.play_button = self._button("play_button", "▶ Play", "Play or pause (Space)")
        self.back_button = self._button("step_back_button", "◀ Step", "One step back")
        self.step_button = self._button("step_button", "Step ▶", "One step forward")
        self.scrub = QSlider(Qt.Orientation.Horizontal, self)
        self.scrub.setObjectName("scrub_slider")
        self.scrub.setAccessibleName("Step shown")
        self.speed = QComboBox(self)
        self.speed.setObjectName("speed_combo")
        self.speed.setAccessibleName("Playback speed")
        for text, factor in SPEEDS:
            self.speed.addItem(text, factor)
        self.speed.setCurrentIndex(2)
        self.label = QLabel(self)
        self.label.setObjectName("frame_label")
        self.label.setMinimumWidth(110)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.play_button, self.back_button, self.step_button):
            row.addWidget(widget)
        row.addWidget(self.scrub, 1)
        row.addWidget(self.label)
        row.addWidget(self.speed)
        self.timer = QTimer(self, interval=BASE_INTERVAL_MS)
        self.timer.timeout.connect(self._on_timer_timeout)
        self.play_button.clicked.connect(self.toggle)
        self.back_button.clicked.connect(lambda: self.step(-1))
        self.step_button.clicked.connect(lambda: self.step(+1))
        self.scrub.valueChanged.connect(self._on_scrub_value_changed)
        self.speed.currentIndexChanged.connect(self._on_speed_changed)
        self.set_frame_count(1)

    def _button(self, name: str, text: str, tip: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAccessibleName(tip)
        button.setToolTip(tip)
        return button

    def frame_count(self) -> int:
        """Number of frames (steps + 1)."""
        return self.scrub.maximum() + 1

    def frame(self) -> int:
        """The frame on show."""
        return self.scrub.value()

    def set_frame_count(self, count: int) -> None:
        """Frames 0 .. count-1; the frame on show is kept when it still exists."""
        self.scrub.setMaximum(max(0, count - 1))
        self._update_label()

    def set_frame(self, frame: int) -> None:
        """Show ``frame`` (clamped)."""
        self.scrub.setValue(max(0, min(frame, self.scrub.maximum())))
        self._update_label()

    def is_playing(self) -> bool:
        """True while the timer runs."""
        return self.timer.isActive()

    def play(self) -> None:
        """Play from the frame on show (from the start when at the end)."""
        if self.frame() >= self.scrub.maximum():
            self.set_frame(0)
        self.timer.start()
        self.play_button.setText("❚❚ Pause")

    def pause(self) -> None:
        """Stop the timer."""
        self.timer.stop()
        self.play_button.setText("▶ Play")

    def toggle(self) -> None:
        """Play when paused, pause when playing."""
        self.pause() if self.is_playing() else self.play()

    def step(self, delta: int) -> None:
        """Pause and move ``delta`` frames."""
        self.pause()
        self.set_frame(self.frame() + delta)

    def speed_factor(self) -> float:
        """Playback speed (1.0 = normal)."""
        return float(self.speed.currentData())

    def _update_label(self) -> None:
        self.label.setText(f"step {self.frame()} / {self.scrub.maximum()}")

    def _on_timer_timeout(self) -> None:
        if self.frame() >= self.scrub.maximum():
            self.pause()
            return
        self.set_frame(self.frame() + 1)

    def _on_scrub_value_changed(self, value: int) -> None:
        self._update_label()
        self.frame_changed.emit(value)

    def _on_speed_changed(self, _index: int) -> None:
        self.timer.setInterval(max(8, round(BASE_INTERVAL_MS / self.speed_factor())))
