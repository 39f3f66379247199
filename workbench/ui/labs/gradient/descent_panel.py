"""``DescentPanel``: the race settings - start, optimizers, learning rate, hyper-parameters,
steps - with the stability prediction, each run's status and the update equations."""

from __future__ import annotations

import math

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QCheckBox, QFormLayout, QGridLayout, QHBoxLayout, QLabel,
                               QLineEdit, QSpinBox, QVBoxLayout, QWidget)

from workbench.ui.labs.gradient.rate_slider import RateSlider
from workbench.ui.labs.gradient.rates_box import RatesBox
from workbench.ui.labs.gradient.runs import COLOURS, EQUATIONS, HYPER, LABELS, RunPath
from workbench.ui.math_view import MathLabel
from workbench.protocol.jobs.gradient import OPTIMIZERS

MAX_STEPS = 5000


def hyper_problem(key: str, value: float) -> str | None:
    """Why ``value`` is no good for hyper-parameter ``key`` ("adam.beta1"), or None."""
    name = key.split(".")[1]
    if not math.isfinite(value) or value < 0:
        return f"{name} must be a finite number ≥ 0"
    if name in ("beta1", "beta2", "alpha") and value >= 1:
        return f"{name} must be below 1"
    if name == "momentum" and key.startswith("nesterov") and value == 0:
        return "Nesterov needs a momentum above 0"
    return None


class DescentPanel(QWidget):
    """Settings of the optimizer race; ``settings_changed`` when a run must be recomputed."""

    settings_changed = Signal()
    start_edited = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("descent_panel")
        self.start_x = self._line("start_x", "Start x")
        self.start_y = self._line("start_y", "Start y")
        self.checks: dict[str, QCheckBox] = {}
        self.rate = RateSlider(self)
        self.rates = RatesBox(self)
        self.rate_title = QLabel("Learning rate η (all racers)", self)
        self.verdict = QLabel(self)
        self.verdict.setObjectName("race_verdict")
        self.verdict.setAccessibleName("Who won the race and why")
        self.verdict.setWordWrap(True)
        self.verdict.setStyleSheet("font-weight: bold;")
        self.prediction = QLabel(self)
        self.prediction.setObjectName("prediction")
        self.prediction.setAccessibleName("Stability prediction")
        self.prediction.setWordWrap(True)
        self.steps = QSpinBox(self)
        self.steps.setObjectName("steps_input")
        self.steps.setAccessibleName("Number of steps")
        self.steps.setRange(1, MAX_STEPS)
        self.steps.setValue(50)
        self.hyper_inputs: dict[str, QLineEdit] = {}
        self.hyper_values: dict[str, float] = {}
        self.problem = QLabel(self)
        self.problem.setObjectName("descent_problem")
        self.problem.setStyleSheet("color: #c62828;")
        self.problem.setWordWrap(True)
        self.statuses: dict[str, QLabel] = {}
        self.equations: dict[str, QWidget] = {}
        self._build()
        self.rate.rate_changed.connect(self._on_anything_changed)
        self.rates.rates_changed.connect(self._on_anything_changed)
        self.rates.problem.connect(self.show_problem)
        self.steps.valueChanged.connect(self._on_anything_changed)
        self.start_x.editingFinished.connect(self._on_start_editing_finished)
        self.start_y.editingFinished.connect(self._on_start_editing_finished)

    def _line(self, name: str, accessible: str) -> QLineEdit:
        field = QLineEdit(self)
        field.setObjectName(name)
        field.setAccessibleName(accessible)
        field.setMaximumWidth(80)
        return field

    def _optimizer_grid(self) -> tuple[QGridLayout, QFormLayout]:
        """A coloured check box per optimizer, and a form of their hyper-parameters."""
        grid, hyper = QGridLayout(), QFormLayout()
        for k, name in enumerate(OPTIMIZERS):
            box = QCheckBox(LABELS[name], self)
            box.setObjectName(f"optimizer_{name}")
            box.setAccessibleName(f"Race {LABELS[name]}")
            box.setStyleSheet(f"QCheckBox {{ color: {COLOURS[name]}; font-weight: bold; }}")
            box.toggled.connect(self._on_anything_changed)
            self.checks[name] = box
            grid.addWidget(box, k // 2, k % 2)
            for param, default in HYPER[name].items():
                key = f"{name}.{param}"
                field = self._line(f"hyper_{name}_{param}", f"{LABELS[name]} {param}")
                field.setText(f"{default:g}")
                field.editingFinished.connect(self._on_hyper_editing_finished)
                self.hyper_inputs[key] = field
                self.hyper_values[key] = default
                hyper.addRow(f"{LABELS[name]} {param}", field)
        return grid, hyper

    def _build(self) -> None:
        start = QHBoxLayout()
        for text, field in (("x", self.start_x), ("y", self.start_y)):
            start.addWidget(QLabel(text, self))
            start.addWidget(field)
        start.addStretch(1)
        grid, hyper = self._optimizer_grid()
        self.hyper_form = hyper
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        form = QFormLayout()
        form.addRow("Start", start)
        form.addRow("Steps", self.steps)
        layout.addLayout(form)
        layout.addLayout(grid)
        layout.addWidget(self.rates)
        layout.addWidget(self.verdict)  # who won, right under the rates that decided it
        layout.addWidget(self.rate_title)
        layout.addWidget(self.rate)
        layout.addWidget(self.prediction)
        layout.addLayout(hyper)
        layout.addWidget(self.problem)
        self.problem.hide()
        self.verdict.hide()
        for name in OPTIMIZERS:
            status = QLabel(self)
            status.setObjectName(f"status_{name}")
            status.setStyleSheet(f"color: {COLOURS[name]};")
            status.setWordWrap(True)
            self.statuses[name] = status
            layout.addWidget(status)
            self.equations[name] = self._equation(name)
            layout.addWidget(self.equations[name])
        layout.addStretch(1)
        self._update_visibility()

    def _equation(self, name: str) -> QWidget:
        box = QWidget(self)
        box.setObjectName(f"equation_{name}")
        box.setAccessibleName(f"{LABELS[name]} update rule")
        lines = QVBoxLayout(box)
        lines.setContentsMargins(12, 0, 0, 4)
        lines.setSpacing(0)
        for latex in EQUATIONS[name]:
            lines.addWidget(MathLabel(latex, 14.0, box, fit=True))
        return box

    # ------------------------------------------------------------ values
    def chosen(self) -> list[str]:
        """The optimizers ticked, in the lab's order."""
        return [n for n in OPTIMIZERS if self.checks[n].isChecked()]

    def set_chosen(self, names: list[str]) -> None:
        """Tick exactly ``names`` (one settings_changed at most)."""
        for name, box in self.checks.items():
            blocked = box.blockSignals(True)
            box.setChecked(name in names)
            box.blockSignals(blocked)
        self._update_visibility()

    def same_rate(self) -> bool:
        """True when one η (the slider) drives every racer."""
        return self.rates.same.isChecked()

    def rate_for(self, name: str) -> float:
        """The learning rate optimizer ``name`` races with."""
        return self.rate.rate() if self.same_rate() else self.rates.rates()[name]

    def hyper(self) -> dict[str, float]:
        """All hyper-parameters as "optimizer.param" -> value."""
        return dict(self.hyper_values)

    def set_hyper(self, values: dict[str, float]) -> None:
        """Set the hyper-parameters named in ``values`` (unknown keys are ignored)."""
        for key, value in values.items():
            if key in self.hyper_inputs and hyper_problem(key, value) is None:
                self.hyper_values[key] = float(value)
                self.hyper_inputs[key].setText(f"{value:g}")

    def set_start(self, start: list[float]) -> None:
        """Show the start point in the fields."""
        for field, value in zip((self.start_x, self.start_y), start):
            field.setText(f"{value:.4g}")

    def set_dimension(self, dimension: int) -> None:
        """f(x) has no y."""
        self.start_y.setEnabled(dimension == 2)
        if dimension == 1:
            self.start_y.setText("")

    # ------------------------------------------------------------ feedback
    def show_runs(self, runs: list[RunPath]) -> None:
        """One status line per racer (empty for those not racing)."""
        by_name = {run.name: run for run in runs}
        for name, label in self.statuses.items():
            run = by_name.get(name)
            label.setText("" if run is None else run.summary())
            label.setVisible(run is not None)

    def show_verdict(self, text: str) -> None:
        """Who won the race and why (empty text hides it)."""
        self.verdict.setText(text)
        self.verdict.setVisible(bool(text))

    def show_problem(self, text: str) -> None:
        """A problem with the settings, in words (empty text hides it)."""
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def _update_visibility(self) -> None:
        chosen = set(self.chosen())
        for key, field in self.hyper_inputs.items():
            visible = key.split(".")[0] in chosen
            self.hyper_form.setRowVisible(field, visible)
        for name, equation in self.equations.items():
            equation.setVisible(name in chosen)
        for name, label in self.statuses.items():
            label.setVisible(name in chosen and bool(label.text()))
        same = self.same_rate()
        self.rates.set_visible_names([] if same else self.chosen())
        self.rate_title.setVisible(same)
        self.rate.setVisible(same)

    # ------------------------------------------------------------ slots
    def _on_anything_changed(self, *_args: object) -> None:
        self._update_visibility()
        self.settings_changed.emit()

    def _on_hyper_editing_finished(self) -> None:
        for key, field in self.hyper_inputs.items():
            try:
                value = float(field.text())
            except ValueError:
                value = math.nan
            problem = hyper_problem(key, value)
            if problem:
                self.show_problem(f"{LABELS[key.split('.')[0]]}: '{field.text()}' - {problem}.")
                return
            changed = value != self.hyper_values[key]
            self.hyper_values[key] = value
            if changed:
                self.show_problem("")
                self.settings_changed.emit()
                return
        self.show_problem("")

    def _on_start_editing_finished(self) -> None:
        fields = [self.start_x] + ([self.start_y] if self.start_y.isEnabled() else [])
        try:
            values = [float(f.text()) for f in fields]
        except ValueError:
            self.show_problem("Type the start as numbers, e.g. x = 3, y = -2.")
            return
        if not all(math.isfinite(v) and abs(v) < 1e9 for v in values):
            self.show_problem("The start must have finite coordinates (below 1e9).")
            return
        self.show_problem("")
        self.start_edited.emit(values)
