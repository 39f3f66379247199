"""Steps linked to the plot: selecting a step draws what it is about on the main plot
(its function, its result, a chain rule's inner and outer functions), and "Check at
random points" tests the step's claim d(subject)/d(var) = result numerically."""

from __future__ import annotations


from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from workbench.protocol.results import DerivativeResult
from workbench.protocol.steps import Step
from workbench.ui.canvas import PlotCanvas
from workbench.ui.derivation_panel import DerivationPanel, step_guides
from workbench.ui.labs.derivatives.numeric import StepCheck, check_derivative_step

GOOD, BAD, NEUTRAL = "#2e7d32", "#c62828", "#555555"


class StepsView(QWidget):
    """The derivation of f' with a numeric check of the selected step."""

    def __init__(self, canvas: PlotCanvas, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("steps_view")
        self.setAccessibleName("Steps of the derivative")
        self.canvas = canvas
        self.panel = DerivationPanel(self)
        self.check_button = QPushButton("Check at random points", self)
        self.check_button.setObjectName("check_step")
        self.check_button.setAccessibleName("Check the selected step at random points")
        self.check_button.setToolTip("Evaluate both sides of the selected step at random points "
                                     "and say whether they agree (Ctrl+K)")
        self.check_button.setEnabled(False)
        self.check_button.clicked.connect(self.check_selected)
        shortcut = QShortcut(QKeySequence("Ctrl+K"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.check_selected)
        self.verdict = QLabel("Select a step to draw it and check it.", self)
        self.verdict.setObjectName("check_verdict")
        self.verdict.setAccessibleName("Result of the numeric check")
        self.verdict.setWordWrap(True)
        self.last_check: StepCheck | None = None
        self._seed = 0
        row = QHBoxLayout()
        row.addWidget(self.check_button)
        row.addWidget(self.verdict, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.panel, 1)
        layout.addLayout(row)
        self.panel.step_selected.connect(self._on_panel_step_selected)

    def set_result(self, result: DerivativeResult) -> None:
        """Show a derivative result's steps."""
        self.panel.set_result(result.expr_latex, result.latex, list(result.steps), result.var)
        self._reset()

    def clear(self, message: str = "") -> None:
        """No derivation (the function is being typed, or failed)."""
        self.panel.clear(message)
        self._reset()

    def _reset(self) -> None:
        self.canvas.set_guides([])
        self.check_button.setEnabled(False)
        self.last_check = None
        self._say("Select a step to draw it and check it.", NEUTRAL)

    def select_step(self, step: Step) -> None:
        """Select the row of ``step`` (as a click would)."""
        for item in self.panel.items():
            if item.data(0, Qt.ItemDataRole.UserRole) is step:
                self.panel.tree.setCurrentItem(item)
                return

    def check_selected(self) -> StepCheck | None:
        """Check the selected step at fresh random points and say the verdict."""
        step = self.panel.selected_step()
        if step is None:
            return None
        self._seed += 1
        result = check_derivative_step(step.subject, step.result, step.var, seed=self._seed)
        self.last_check = result
        colour = NEUTRAL if result.agrees is None else (GOOD if result.agrees else BAD)
        mark = "" if result.agrees is None else ("\u2714 " if result.agrees else "\u2718 ")
        self._say(mark + result.message, colour)
        return result

    def _say(self, text: str, colour: str) -> None:
        self.verdict.setText(text)
        self.verdict.setStyleSheet(f"color:{colour};")

    def _on_panel_step_selected(self, step: Step) -> None:
        self.canvas.set_guides(step_guides(step))
        checkable = step.subject is not None and step.result is not None and bool(step.var)
        self.check_button.setEnabled(checkable)
        self.last_check = None
        claim = (f"This step claims d/d{step.var} of its function is its result."
                 if checkable else "This step has no formula to check numerically.")
        self._say(claim, NEUTRAL)
