"""``RatesBox``: a learning rate for each optimizer, or one shared η ("same η for all").

The lab fills the rates with the worker's defaults (``default_learning_rates``) and shows
each default's reason as the field's tooltip; a rate the student types (or a lesson or a
session gives) is kept until the function changes.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from workbench.protocol.jobs.gradient import OPTIMIZERS
from workbench.ui.labs.gradient.rate_slider import read_rate
from workbench.ui.labs.gradient.runs import COLOURS, LABELS

#: Before the worker has answered: the adaptive methods' lab defaults, 0.1 for the rest.
FALLBACK = {"gd": 0.1, "momentum": 0.1, "nesterov": 0.1, "adagrad": 0.5, "rmsprop": 0.05,
            "adam": 0.1}


class RatesBox(QWidget):
    """The "same η for all" switch and one η field per optimizer."""

    rates_changed = Signal()  # a rate (or the switch) changed: the race must be rerun
    problem = Signal(str)  # a typed rate is refused ("" clears it)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rates_box")
        self.same = QCheckBox("Same η for all", self)
        self.same.setObjectName("same_rate")
        self.same.setAccessibleName("Same learning rate for all optimizers")
        self.same.setToolTip("One learning rate (the slider) for every racer - an unfair race: "
                             "the adaptive methods want a step of another size.")
        self.values: dict[str, float] = dict(FALLBACK)
        self.pinned: set[str] = set()  # typed or given rates the defaults do not replace
        self.fields: dict[str, QLineEdit] = {}
        self.labels: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        for row, name in enumerate(OPTIMIZERS):
            label = QLabel(f"η {LABELS[name]}", self)
            label.setStyleSheet(f"color: {COLOURS[name]};")
            field = QLineEdit(f"{FALLBACK[name]:g}", self)
            field.setObjectName(f"rate_{name}")
            field.setAccessibleName(f"Learning rate of {LABELS[name]}")
            field.setMaximumWidth(90)
            label.setBuddy(field)
            field.editingFinished.connect(lambda n=name: self._on_edited(n))
            grid.addWidget(label, row, 0)
            grid.addWidget(field, row, 1)
            self.fields[name], self.labels[name] = field, label
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.same)
        layout.addLayout(grid)
        self.same.toggled.connect(self._on_same_toggled)
        self._on_same_toggled(self.same.isChecked())

    def rates(self) -> dict[str, float]:
        """Each optimizer's own learning rate (whether or not the switch is on)."""
        return dict(self.values)

    def set_rates(self, rates: dict[str, float], pin: bool = False) -> bool:
        """Set the rates named in ``rates`` (pinned ones only when ``pin``); True if any
        changed. ``pin`` marks them as chosen: later defaults leave them alone."""
        changed = False
        for name, value in rates.items():
            if name not in self.fields or not (math.isfinite(value) and value > 0):
                continue
            if name in self.pinned and not pin:
                continue
            if pin:
                self.pinned.add(name)
            changed |= self.values[name] != float(value)
            self.values[name] = float(value)
            self.fields[name].setText(f"{value:g}")
        return changed

    def set_reasons(self, reasons: dict[str, str]) -> None:
        """Each default's reason, as the tooltip of its field and label."""
        for name, reason in reasons.items():
            if name in self.fields:
                tip = reason if name not in self.pinned else \
                    f"Your rate. The default would be chosen because: {reason}"
                self.fields[name].setToolTip(tip)
                self.labels[name].setToolTip(tip)

    def set_same(self, same: bool) -> None:
        """Turn the switch on or off without a signal (sessions, lessons)."""
        blocked = self.same.blockSignals(True)
        self.same.setChecked(same)
        self.same.blockSignals(blocked)
        for field in self.fields.values():
            field.setEnabled(not same)

    def unpin(self) -> None:
        """Let the defaults fill every rate again (a new function)."""
        self.pinned.clear()

    def set_visible_names(self, names: list[str]) -> None:
        """Show the rates of the optimizers racing only."""
        for name in OPTIMIZERS:
            self.fields[name].setVisible(name in names)
            self.labels[name].setVisible(name in names)

    def _on_same_toggled(self, same: bool) -> None:
        for field in self.fields.values():
            field.setEnabled(not same)
        self.rates_changed.emit()

    def _on_edited(self, name: str) -> None:
        value, problem = read_rate(self.fields[name].text())
        if value is None:
            self.problem.emit(f"{LABELS[name]}: {problem}")
            return
        self.problem.emit("")
        if value != self.values[name]:
            self.set_rates({name: value}, pin=True)
            self.rates_changed.emit()
