"""``EngineStatus``: the engine's state in the status bar, with a Cancel button while busy."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

# What each worker state means to a student, and the colour of its dot.
STATE_TEXT = {
    "starting": ("Starting the maths engine\u2026", "#f9a825"),
    "ready": ("Engine ready", "#2e7d32"),
    "busy": ("Working\u2026", "#1565c0"),
    "failed": ("The maths engine stopped", "#c62828"),
    "stopped": ("The maths engine is not running", "#757575"),
}

# What each job error kind means, in words (the error's own message follows).
ERROR_TEXT = {
    "parse": "The formula could not be read",
    "error": "The engine could not do this",
    "memory": "This needed more memory than the engine may use",
    "timeout": "This took longer than the time limit and was stopped",
    "cancelled": "Cancelled",
    "crashed": "The engine crashed on this job and was restarted",
}


def describe_error(kind: str, message: str) -> str:
    """A job error as one sentence for the status bar."""
    head = ERROR_TEXT.get(kind, "Something went wrong")
    return f"{head}: {message}" if message and kind != "cancelled" else head


class EngineStatus(QWidget):
    """Shows starting / ready / busy (with Cancel) / failed with the reason."""

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("engine_status")
        self.setAccessibleName("Engine status")
        self.state = "starting"
        self.dot = QLabel("\u25cf", self)
        self.label = QLabel(self)
        self.label.setObjectName("engine_status_text")
        self.label.setAccessibleName("Engine state")
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setObjectName("cancel_button")
        self.cancel_button.setAccessibleName("Cancel the running job")
        self.cancel_button.setToolTip("Stop the running computation (Esc)")
        self.cancel_button.clicked.connect(self.cancel_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(self.dot)
        layout.addWidget(self.label, 1)
        # room for every state's words, so a new state never shows cut until relayout
        self.label.setMinimumWidth(max(self.label.fontMetrics().horizontalAdvance(text)
                                       for text, _colour in STATE_TEXT.values()) + 4)
        layout.addWidget(self.cancel_button)
        self.set_state("starting", "")

    def set_state(self, state: str, detail: str = "") -> None:
        """Show the worker's ``state`` ("starting", "ready", "busy", "failed") and its detail."""
        self.state = state
        text, colour = STATE_TEXT.get(state, (state, "#757575"))
        if detail and state == "failed":
            text = f"{text}: {detail}"
        self.label.setText(text)
        self.label.setToolTip(detail)
        self.dot.setStyleSheet(f"color:{colour};")
        self.cancel_button.setVisible(state == "busy")
