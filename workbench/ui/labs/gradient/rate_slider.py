"""``RateSlider``: the learning rate on a continuous log scale, with a typed value and the
stability marks 2/λ_max (largest stable rate) and 2/(λ_min + λ_max) (fastest) drawn on it.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QLineEdit, QSlider, QStyle,
                               QStyleOptionSlider, QVBoxLayout, QWidget)

LOW, HIGH = 1e-5, 10.0  # the slider's span; typed values may go beyond it (up to 100)
TICKS = 1000
LIMIT_COLOUR = QColor("#c62828")
OPTIMAL_COLOUR = QColor("#2e7d32")


def rate_to_position(rate: float) -> int:
    """The slider position (0..TICKS) of a learning rate (clamped to the slider's span)."""
    clamped = min(max(rate, LOW), HIGH)
    return round((math.log10(clamped) - math.log10(LOW)) / math.log10(HIGH / LOW) * TICKS)


def position_to_rate(position: int) -> float:
    """The learning rate at a slider position, rounded to 3 significant digits."""
    value = 10 ** (math.log10(LOW) + position / TICKS * math.log10(HIGH / LOW))
    return float(f"{value:.3g}")


def read_rate(text: str) -> tuple[float | None, str]:
    """A typed learning rate: (value, "") or (None, why it is not one)."""
    text = text.strip()
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if math.isfinite(value) and 0 < value <= 100:
        return value, ""
    return None, f"'{text}' is not a learning rate: type a number above 0 and at most 100, " \
        "e.g. 0.05."


class MarkedSlider(QSlider):
    """A horizontal slider that draws coloured marks at given positions."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.marks: dict[str, tuple[int, QColor]] = {}

    def mark_x(self, position: int) -> float:
        """The pixel x of slider ``position`` (the centre of the handle there)."""
        option = QStyleOptionSlider()
        self.initStyleOption(option)
        groove = self.style().subControlRect(QStyle.ComplexControl.CC_Slider, option,
                                             QStyle.SubControl.SC_SliderGroove, self)
        handle = self.style().subControlRect(QStyle.ComplexControl.CC_Slider, option,
                                             QStyle.SubControl.SC_SliderHandle, self)
        span = groove.width() - handle.width()
        fraction = (position - self.minimum()) / max(1, self.maximum() - self.minimum())
        return groove.x() + handle.width() / 2 + fraction * span

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        """The slider, then a triangle and a line for each mark."""
        super().paintEvent(event)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for position, colour in self.marks.values():
            x = self.mark_x(position)
            painter.setPen(QPen(colour, 2))
            painter.drawLine(QPointF(x, 2), QPointF(x, self.height() - 2))
            painter.setBrush(colour)
            painter.drawPolygon(QPolygonF([QPointF(x - 5, 0), QPointF(x + 5, 0),
                                           QPointF(x, 6)]))
        painter.end()


class RateSlider(QWidget):
    """Learning rate: a log-scale slider, a typed value, and the stability marks."""

    rate_changed = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rate_slider")
        self.slider = MarkedSlider(self)
        self.slider.setObjectName("lr_slider")
        self.slider.setAccessibleName("Learning rate (log scale)")
        self.slider.setRange(0, TICKS)
        self.slider.setMinimumHeight(26)
        self.field = QLineEdit(self)
        self.field.setObjectName("lr_input")
        self.field.setAccessibleName("Learning rate")
        self.field.setMaximumWidth(90)
        self.scale = QLabel(f"{LOW:g} … {HIGH:g} (log scale)", self)
        self.scale.setObjectName("lr_scale")
        self.problem = QLabel(self)
        self.problem.setObjectName("lr_problem")
        self.problem.setStyleSheet("color: #c62828;")
        self.problem.setWordWrap(True)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("η =", self))
        row.addWidget(self.field)
        row.addWidget(self.slider, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addLayout(row)
        layout.addWidget(self.scale)
        layout.addWidget(self.problem)
        self.problem.hide()
        self._rate = 0.1
        self.slider.valueChanged.connect(self._on_slider_value_changed)
        self.field.editingFinished.connect(self._on_field_editing_finished)
        self.set_rate(0.1)

    def rate(self) -> float:
        """The learning rate chosen."""
        return self._rate

    def set_rate(self, rate: float, notify: bool = False) -> None:
        """Show ``rate`` on the slider and in the field."""
        self._rate = float(rate)
        blocked = self.slider.blockSignals(True)
        self.slider.setValue(rate_to_position(rate))
        self.slider.blockSignals(blocked)
        self.field.setText(f"{rate:g}")
        self.problem.hide()
        if notify:
            self.rate_changed.emit(self._rate)

    def set_limits(self, max_stable: float | None, optimal: float | None) -> None:
        """Mark 2/λ_max (red) and 2/(λ_min + λ_max) (green); None removes a mark."""
        self.slider.marks.clear()
        if max_stable is not None and math.isfinite(max_stable) and max_stable > 0:
            self.slider.marks["max_stable"] = (rate_to_position(max_stable), LIMIT_COLOUR)
        if optimal is not None and math.isfinite(optimal) and optimal > 0:
            self.slider.marks["optimal"] = (rate_to_position(optimal), OPTIMAL_COLOUR)
        self.slider.update()

    def _on_slider_value_changed(self, position: int) -> None:
        self.set_rate(position_to_rate(position), notify=True)

    def _on_field_editing_finished(self) -> None:
        value, problem = read_rate(self.field.text())
        if value is None:
            self.problem.setText(problem)
            self.problem.show()
            return
        if value != self._rate:
            self.set_rate(value, notify=True)
        else:
            self.problem.hide()
