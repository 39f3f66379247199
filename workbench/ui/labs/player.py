"""The frame player every animated lab shares (Gradient, Backprop, Sums, Probability, Integrals).

``FramePlayer``: play / pause / step / scrub (and optionally speed) controls that step
precomputed frames on a QTimer, with keyboard shortcuts and a way to say why an animation
cannot run; ``FrameAnimation``: the ``Animation`` hook of a lab built
on a ``FramePlayer``; ``number_text``: numbers the way the labs print them.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QImage, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSlider, QWidget

from workbench.ui.labs.base import Animation

#: The speed choices of a player built with ``speeds=True`` (label, factor); 1x is the default.
SPEEDS = (("0.25\u00d7", 0.25), ("0.5\u00d7", 0.5), ("1\u00d7", 1.0), ("2\u00d7", 2.0),
          ("4\u00d7", 4.0), ("10\u00d7", 10.0))
#: No tick is shorter than one screen refresh: faster speeds move several frames per tick
#: instead, so 10x really plays ten times as fast and never draws frames nobody sees.
MIN_TICK_MS = 16
#: Two bars, not U+23F8 (the pause symbol): DejaVu Sans, Linux's usual fallback, lacks
#: U+23F8 and draws it as an empty box.
PAUSE_TEXT = "\u275a\u275a Pause"
#: How the reason an animation is unavailable is written (a note, not an error).
NOTE_STYLE = "color:#5d4037;"

# what the back / next buttons say, and the number of the first frame, per unit counted:
# a race counts steps from the start (step 0), other animations count frames from 1
_UNITS = {
    "frame": (("\u25c0 Back", "One frame back"), ("Next \u25b6", "One frame on"), 1),
    "step": (("\u25c0 Step", "One step back"), ("Step \u25b6", "One step forward"), 0),
}


def number_text(value: float, digits: int = 6) -> str:
    """``value`` in at most ``digits`` significant digits; words for inf and nan."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "undefined"
    if math.isinf(value):
        return "\u221e" if value > 0 else "\u2212\u221e"
    text = f"{value:.{digits}g}"
    return text.replace("-", "\u2212")


class FramePlayer(QWidget):
    """Play, pause, step and scrub through ``count`` frames; emits ``frame_changed(i)``.

    ``unit`` is what the label counts ("frame": 1..count, or "step": 0..count-1, for a
    race whose frame 0 is the start); ``speeds=True`` adds a speed menu (``SPEEDS``);
    ``what`` names the animation for screen readers ("the sweep of n from 1 to 1000").
    """

    frame_changed = Signal(int)

    def __init__(self, name: str, parent: QWidget | None = None, interval_ms: int = 120,
                 *, unit: str = "frame", speeds: bool = False, what: str = "") -> None:
        super().__init__(parent)
        self.setObjectName(f"{name}_player")
        self.setAccessibleName(f"Controls of {what}" if what else
                               f"{name.replace('_', ' ').capitalize()} animation controls")
        self._count = 1
        self._unit = unit
        (back, back_tip), (forward, forward_tip), self._first = _UNITS[unit]
        self._base_interval = interval_ms
        self._position = 0.0  # where playing has got to, in (fractional) frames
        self._advance = 1.0  # frames per tick
        self._timer = QTimer(self, interval=interval_ms)
        self._timer.timeout.connect(self._on_timer_timeout)
        self.play_button = self._button(f"{name}_play", "\u25b6 Play", "Play or pause (Space)")
        self.play_button.clicked.connect(self.toggle)
        self.back_button = self._button(f"{name}_back", back, back_tip)
        self.back_button.clicked.connect(lambda: self.step(-1))
        self.next_button = self._button(f"{name}_next", forward, forward_tip)
        self.next_button.clicked.connect(lambda: self.step(1))
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setObjectName(f"{name}_scrub")
        self.slider.setAccessibleName(f"Scrub through {what or 'the frames'}")
        self.slider.valueChanged.connect(self._on_slider_value_changed)
        self.label = QLabel(self)
        self.label.setObjectName(f"{name}_frame_label")
        self.label.setAccessibleName("Frame on show")
        self.reason = self._reason_label(name, what)
        self.speed = self._speed_menu(name) if speeds else None
        self._lay_out()
        self.set_count(1)
        # fixed in both directions, so a new number does not ask the lab for a relayout
        self.label.setFixedHeight(self.label.sizeHint().height())

    def _button(self, name: str, text: str, tip: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAccessibleName(tip)
        button.setToolTip(tip)
        # as narrow as its words allow (the style's 80-pixel minimum made the row, and so
        # the labs, too wide for a 1024-pixel window beside the Lessons panel)
        button.setMinimumWidth(button.fontMetrics().horizontalAdvance(text) + 24)
        return button

    def _reason_label(self, name: str, what: str) -> QLabel:
        """Why the animation can't run (hidden until ``set_unavailable``), where the slider was."""
        label = QLabel("", self)
        label.setObjectName(f"{name}_unavailable")
        label.setAccessibleName(f"Why {what or 'the animation'} is unavailable")
        label.setStyleSheet(NOTE_STYLE)
        label.setWordWrap(True)
        label.setVisible(False)
        return label

    def _speed_menu(self, name: str) -> QComboBox:
        menu = QComboBox(self)
        menu.setObjectName(f"{name}_speed")
        menu.setAccessibleName("Playback speed")
        menu.setToolTip("Playback speed")
        for text, factor in SPEEDS:
            menu.addItem(text, factor)
        menu.setCurrentIndex([factor for _text, factor in SPEEDS].index(1.0))
        menu.currentIndexChanged.connect(self._on_speed_changed)
        return menu

    def _lay_out(self) -> None:
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.play_button, self.back_button, self.next_button):
            layout.addWidget(widget)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.reason, 1)
        layout.addWidget(self.label)
        if self.speed is not None:
            layout.addWidget(self.speed)

    def add_shortcuts(self, *areas: QWidget, before: Callable[[], None] | None = None) -> None:
        """Space plays or pauses, Left / Right step, while the focus is inside ``areas``.

        Only there: elsewhere Space must still tick check boxes and press buttons, and the
        arrows move sliders and cursors. ``before`` runs first on each key (a lab may bring
        the animation's view forward).
        """
        keys = ((Qt.Key.Key_Space, self.toggle), (Qt.Key.Key_Right, lambda: self.step(1)),
                (Qt.Key.Key_Left, lambda: self.step(-1)))
        for area in areas:
            for key, action in keys:
                shortcut = QShortcut(QKeySequence(key), area)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                if before is not None:
                    shortcut.activated.connect(before)
                shortcut.activated.connect(action)

    def set_unavailable(self, reason: str) -> None:
        """Pause and disable the animation, saying ``reason`` where the slider was.

        ``""`` makes it available again. Keys and buttons do nothing meanwhile; the owner
        may still show a frame (``set_frame``), as an export does.
        """
        if reason:
            self.pause()
        for widget in (self.play_button, self.back_button, self.next_button, self.slider,
                       self.speed):
            if widget is not None:
                widget.setEnabled(not reason)
        # the slider and the frame number make no sense then: the reason takes their place
        self.slider.setVisible(not reason)
        self.label.setVisible(not reason)
        self.reason.setText(reason)
        self.reason.setVisible(bool(reason))

    def unavailable(self) -> str:
        """Why the animation can't run now ("" when it can)."""
        return self.reason.text() if not self.play_button.isEnabled() else ""

    def set_count(self, count: int, frame: int | None = None, *, notify: bool = True) -> None:
        """Use ``count`` frames and show ``frame`` (default: the last one).

        ``notify=False`` only moves the slider and the label (see ``sync_frame``).
        """
        self._count = max(1, int(count))
        blocked = self.slider.blockSignals(True)
        self.slider.setRange(0, self._count - 1)
        self.slider.blockSignals(blocked)
        # wide enough for the largest number, so the row never relayouts while playing
        nines = "9" * max(3, len(str(self._count)))
        self.label.setFixedWidth(
            self.label.fontMetrics().horizontalAdvance(f"{self._unit} {nines} / {nines}") + 8)
        index = self._count - 1 if frame is None else frame
        if notify:
            self.set_frame(index, force=True)
        else:
            self.sync_frame(index)

    def count(self) -> int:
        """How many frames there are."""
        return self._count

    def frame(self) -> int:
        """The frame on show."""
        return self.slider.value()

    def set_frame(self, index: int, force: bool = False) -> None:
        """Show frame ``index`` (clamped); ``force`` emits ``frame_changed`` even if unchanged."""
        index = min(max(int(index), 0), self._count - 1)
        self._position = float(index)
        if index == self.slider.value() and not force:
            return
        blocked = self.slider.blockSignals(True)
        self.slider.setValue(index)
        self.slider.blockSignals(blocked)
        self._show_label(index)
        self.frame_changed.emit(index)

    def sync_frame(self, index: int) -> None:
        """Move the slider and the label to ``index`` without emitting ``frame_changed``.

        For an owner that drew the frame itself (an export, a benchmark, a setting that
        moved the animation's parameter): the player then follows instead of drawing again.
        """
        index = min(max(int(index), 0), self._count - 1)
        self._position = float(index)
        if index != self.slider.value():
            blocked = self.slider.blockSignals(True)
            self.slider.setValue(index)
            self.slider.blockSignals(blocked)
        self._show_label(index)

    def step(self, delta: int) -> None:
        """Pause and move ``delta`` frames (nothing while unavailable)."""
        self.pause()
        if not self.unavailable():
            self.set_frame(self.frame() + delta)

    def is_playing(self) -> bool:
        """True while the timer runs."""
        return self._timer.isActive()

    def play(self) -> None:
        """Play from here (from the start when at the end); nothing while unavailable."""
        if self._count <= 1 or self.unavailable():
            return
        if self.frame() >= self._count - 1:
            self.set_frame(0)
        self._timer.start()
        self.play_button.setText(PAUSE_TEXT)

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

    def speed_factor(self) -> float:
        """The playback speed (1.0 = one frame per ``interval_ms``)."""
        return 1.0 if self.speed is None else float(self.speed.currentData())

    def set_speed_factor(self, factor: float) -> None:
        """Choose the speed in ``SPEEDS`` closest to ``factor`` (no-op without a speed menu)."""
        if self.speed is not None and factor > 0:
            factors = [value for _text, value in SPEEDS]
            self.speed.setCurrentIndex(min(range(len(factors)),
                                           key=lambda k: abs(math.log(factors[k] / factor))))

    def tick_ms(self) -> int:
        """Milliseconds between two timer ticks at the current speed."""
        return self._timer.interval()

    def frames_per_tick(self) -> float:
        """Frames one tick moves on (1 unless the speed asks for ticks under ``MIN_TICK_MS``)."""
        return self._advance

    def _show_label(self, index: int) -> None:
        first = self._first
        self.label.setText(f"{self._unit} {index + first} / {self._count - 1 + first}")

    def _on_timer_timeout(self) -> None:
        last = self._count - 1
        if self.frame() >= last:
            self.pause()
            return
        position = self._position + self._advance
        self.set_frame(min(int(position + 1e-9), last))
        self._position = min(position, float(last))  # keep the fraction for the next tick

    def _on_slider_value_changed(self, value: int) -> None:
        self.pause()
        self._position = float(value)
        self._show_label(value)
        self.frame_changed.emit(value)

    def _on_speed_changed(self, _index: int) -> None:
        speed = self.speed_factor()
        interval = max(MIN_TICK_MS, round(self._base_interval / speed))
        self._advance = max(1.0, interval * speed / self._base_interval)
        self._timer.setInterval(interval)
        self._position = float(self.frame())


class FrameAnimation(Animation):
    """A lab animation driven by a ``FramePlayer``; frames are images of ``figure()``, or of
    several figures one under the other when it returns a list (the visible ones)."""

    def __init__(self, player: FramePlayer, figure: Callable[[], QWidget | list[QWidget]],
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
        figure = self.figure()
        if isinstance(figure, QWidget):
            return figure.grab().toImage()
        return stacked([part.grab().toImage() for part in figure if part.isVisible()])


def stacked(images: list[QImage]) -> QImage:
    """``images`` one under the other on white, each centred (one frame of several figures)."""
    width = max((image.width() for image in images), default=1)
    height = max(1, sum(image.height() for image in images))
    ratio = max((image.devicePixelRatio() for image in images), default=1.0)
    frame = QImage(width, height, QImage.Format.Format_ARGB32)
    frame.fill(Qt.GlobalColor.white)
    painter = QPainter(frame)
    top = 0
    for image in images:
        image.setDevicePixelRatio(1.0)  # pixels as they are; the frame keeps their ratio
        painter.drawImage((width - image.width()) // 2, top, image)
        top += image.height()
    painter.end()
    frame.setDevicePixelRatio(ratio)
    return frame
