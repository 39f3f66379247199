"""The row of inputs above the plots: the point a, the step h (field and log slider),
the difference scheme and which views are on. Each field checks what is typed and
says what is wrong beside itself, in red, instead of passing a bad value on."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit,
                               QSizePolicy, QSlider, QVBoxLayout, QWidget)

from workbench.ui.labs.derivatives.numeric import SCHEMES, InputProblem, read_number, read_step

# The h slider is logarithmic: 20 positions a decade from 1e-15 to 10.
PER_DECADE = 20
LOG_H_MIN, LOG_H_MAX = -15, 1
VIEWS = {"secant": "Secant", "tangent": "Tangent", "second": "f\u2033 and concavity",
         "error": "Numeric vs exact", "steps": "Steps"}
DEFAULT_VIEWS = ("secant", "tangent", "error", "steps")
ERROR_STYLE = "color:#c62828;"


def slider_position(h: float) -> int:
    """The slider position nearest to ``h`` (clamped to the slider's range)."""
    position = round(math.log10(h) * PER_DECADE) if h > 0 else LOG_H_MIN * PER_DECADE
    return max(LOG_H_MIN * PER_DECADE, min(LOG_H_MAX * PER_DECADE, position))


def slider_h(position: int) -> float:
    """The h at a slider position."""
    return 10.0 ** (position / PER_DECADE)


def _short(value: float) -> str:
    return f"{value:.6g}"


def _room_for(field: QLineEdit, sample: str) -> int:
    """A width that shows ``sample`` whole in ``field``, sign included (frame and margins)."""
    return field.fontMetrics().horizontalAdvance(sample) + 16


class ControlsBar(QWidget):
    """Inputs for a, h and the scheme, and the view switches."""

    point_entered = Signal(float)
    step_entered = Signal(float)
    scheme_chosen = Signal(str)
    views_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("derivatives_controls")
        self.setAccessibleName("Point, step and views")
        self._build_fields()
        self._build_views()
        row = QHBoxLayout()
        for label, widget in (("Point a =", self.point_field), ("Step h =", self.h_field)):
            row.addWidget(QLabel(label, self))
            row.addWidget(widget)
            row.addSpacing(6)
        row.addWidget(self.h_slider, 1)
        row.addSpacing(6)
        row.addWidget(QLabel("Scheme", self))
        row.addWidget(self.scheme_box)
        # The messages have a line of their own, of fixed height, so that a message
        # appearing never moves the fields or resizes the plots; the view switches share
        # it, so the bar fits a 1024-pixel window beside the Lessons panel.
        messages = QHBoxLayout()
        messages.addWidget(self.point_message, 1)
        messages.addWidget(self.h_message, 1)
        messages.addLayout(self.view_row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(row)
        layout.addLayout(messages)

    def _build_fields(self) -> None:
        self.point_field = QLineEdit(self)
        self.point_field.setObjectName("point_field")
        self.point_field.setAccessibleName("Point a")
        self.point_field.setToolTip("The point a: a number, or e.g. pi/4. Or drag the point "
                                    "on the plot (Left/Right arrows move it too).")
        self.point_field.setMaximumWidth(110)
        self.point_field.setMinimumWidth(_room_for(self.point_field, "−12.345"))
        self.point_field.editingFinished.connect(self._on_point_field_edited)
        self.point_message = self._message("point_message", "Problem with the point")
        self.h_field = QLineEdit(self)
        self.h_field.setObjectName("h_field")
        self.h_field.setAccessibleName("Step h")
        self.h_field.setMaximumWidth(110)
        self.h_field.setMinimumWidth(_room_for(self.h_field, "1e-10"))
        self.h_field.setToolTip("The step h of the difference quotient (> 0)")
        self.h_field.editingFinished.connect(self._on_h_field_edited)
        self.h_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.h_slider.setObjectName("h_slider")
        self.h_slider.setAccessibleName("Step h, on a logarithmic scale")
        self.h_slider.setToolTip("h on a log scale: each tick is a factor of 10")
        self.h_slider.setRange(LOG_H_MIN * PER_DECADE, LOG_H_MAX * PER_DECADE)
        self.h_slider.setPageStep(PER_DECADE)
        self.h_slider.setTickInterval(PER_DECADE)
        self.h_slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.h_slider.setMinimumWidth(160)
        self.h_slider.valueChanged.connect(self._on_h_slider_moved)
        self.h_message = self._message("h_message", "Problem with h")
        self.scheme_box = QComboBox(self)
        self.scheme_box.setObjectName("scheme_box")
        self.scheme_box.setAccessibleName("Difference scheme")
        for scheme in SCHEMES:
            self.scheme_box.addItem(scheme.capitalize(), scheme)
        self.scheme_box.currentIndexChanged.connect(
            lambda index: self.scheme_chosen.emit(self.scheme_box.itemData(index)))

    def _message(self, name: str, accessible: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setAccessibleName(accessible)
        label.setStyleSheet(ERROR_STYLE)
        label.setFixedHeight(label.fontMetrics().lineSpacing() + 2)
        label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        return label

    def _build_views(self) -> None:
        self.view_row = QHBoxLayout()
        self.view_row.addSpacing(12)
        self.view_row.addWidget(QLabel("Show:", self))
        self.view_boxes: dict[str, QCheckBox] = {}
        for key, label in VIEWS.items():
            box = QCheckBox(label, self)
            box.setObjectName(f"view_{key}")
            box.setAccessibleName(f"Show the {label} view")
            box.setChecked(key in DEFAULT_VIEWS)
            box.toggled.connect(lambda _on: self.views_changed.emit())
            self.view_boxes[key] = box
            self.view_row.addWidget(box)

    # ---------------------------------------------------------------- public API
    def views(self) -> list[str]:
        """The views switched on, in display order."""
        return [key for key, box in self.view_boxes.items() if box.isChecked()]

    def set_views(self, views: list[str]) -> None:
        """Switch exactly ``views`` on (one change signal)."""
        for key, box in self.view_boxes.items():
            box.blockSignals(True)
            box.setChecked(key in views)
            box.blockSignals(False)
        self.views_changed.emit()

    def show_point(self, a: float) -> None:
        """Show ``a`` in the field (without emitting) and clear its message."""
        self.point_field.setText(_short(a))
        self.point_message.setText("")

    def show_step(self, h: float, scheme: str) -> None:
        """Show ``h`` and the scheme in the field, slider and box (without emitting)."""
        for widget in (self.h_slider, self.scheme_box):
            widget.blockSignals(True)
        self.h_slider.setValue(slider_position(h))
        self.scheme_box.setCurrentIndex(SCHEMES.index(scheme))
        for widget in (self.h_slider, self.scheme_box):
            widget.blockSignals(False)
        self.h_field.setText(_short(h))
        self.h_message.setText("")

    def show_point_problem(self, message: str) -> None:
        """Say in place why the point cannot be used."""
        self.point_message.setText(message)
        self.point_message.setToolTip(message)

    # ---------------------------------------------------------------- slots
    def _on_point_field_edited(self) -> None:
        try:
            a = read_number(self.point_field.text(), "the point a")
        except InputProblem as problem:
            self.show_point_problem(str(problem))
            return
        self.point_message.setText("")
        self.point_entered.emit(a)

    def _on_h_field_edited(self) -> None:
        try:
            h = read_step(self.h_field.text())
        except InputProblem as problem:
            self.h_message.setText(str(problem))
            self.h_message.setToolTip(str(problem))
            return
        self.h_message.setText("")
        self.h_slider.blockSignals(True)
        self.h_slider.setValue(slider_position(h))
        self.h_slider.blockSignals(False)
        self.step_entered.emit(h)

    def _on_h_slider_moved(self, position: int) -> None:
        h = slider_h(position)
        self.h_field.setText(_short(h))
        self.h_message.setText("")
        self.step_entered.emit(h)
