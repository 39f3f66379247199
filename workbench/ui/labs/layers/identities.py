"""``IdentitiesPage``: the matrix-calculus identities as a reference, each one opening at a
chosen size where the engine expands it into components and checks it.

The list comes from :data:`workbench.protocol.identities.IDENTITIES` (no engine needed to
show it); "Expand" asks for an :class:`~workbench.protocol.jobs.layers.IdentityJob`,
whose answer (the expansion, verified or not, and its steps) is shown below the list.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QGridLayout, QHBoxLayout, QLabel, QPushButton, QScrollArea,
                               QSpinBox, QSplitter, QVBoxLayout, QWidget)

from workbench.protocol.identities import IDENTITIES, MAX_SIZE
from workbench.protocol.layer_results import IdentityResult
from workbench.ui.labs.layers.jacobian import steps_panel
from workbench.ui.math_view import MathLabel

LAB_SIZE_LIMIT = min(MAX_SIZE, 4)  # the lab expands at 1 to 4, like its layers


class IdentitiesPage(QWidget):
    """Every identity with its LaTeX and an Expand button; the chosen one checked below."""

    open_requested = Signal(str, int)  # identity id, size n

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("layers_identities")
        self.setAccessibleName("Identities")
        self.size = QSpinBox(self)
        self.size.setObjectName("layers_identity_n")
        self.size.setAccessibleName("Size n to expand at")
        self.size.setRange(1, LAB_SIZE_LIMIT)
        self.size.setValue(2)
        self.buttons: dict[str, QPushButton] = {}
        self.title = QLabel(self)
        self.title.setObjectName("layers_identity_title")
        self.title.setWordWrap(True)
        self.panel = steps_panel(self)
        self._lay_out()

    def _list(self) -> QScrollArea:
        inner = QWidget(self)
        grid = QGridLayout(inner)
        for row, info in enumerate(IDENTITIES):
            title = QLabel(info.title, inner)
            statement = MathLabel(info.latex, 14.0, inner)
            statement.setAccessibleName(info.title)
            button = QPushButton("Expand", inner)
            button.setObjectName(f"layers_identity_{info.id}")
            button.setAccessibleName(f"Expand {info.title.lower()} at size n")
            button.clicked.connect(lambda _c=False, key=info.id: self.request(key))
            self.buttons[info.id] = button
            grid.addWidget(title, row, 0)
            grid.addWidget(statement, row, 1)
            grid.addWidget(button, row, 2)
        grid.setColumnStretch(1, 1)
        area = QScrollArea(self)
        area.setObjectName("layers_identity_list")
        area.setWidget(inner)
        area.setWidgetResizable(True)
        return area

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        label = QLabel("Expand at size &n =", self)
        label.setBuddy(self.size)
        top.addWidget(QLabel("<b>Identities</b>: each is expanded into components at size n "
                             "and checked entry by entry.", self), 1)
        top.addWidget(label)
        top.addWidget(self.size)
        answer = QWidget(self)
        column = QVBoxLayout(answer)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.title)
        column.addWidget(self.panel, 1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self._list())
        split.addWidget(answer)
        split.setSizes([300, 300])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)

    def request(self, identity: str) -> None:
        """Ask for ``identity`` at the chosen size."""
        self.open_requested.emit(identity, self.size.value())

    def show_result(self, result: IdentityResult) -> None:
        """The expansion, whether it checked out, and its steps."""
        verdict = ("verified entry by entry" if result.verified
                   else "NOT verified: the components and the formula differ")
        self.title.setText(f"<b>{result.title}</b> at n = {result.n}: {verdict}. The steps "
                           "write it in components, differentiate each, and compare.")
        self.panel.set_result("", result.latex, list(result.steps))

    def show_failure(self, message: str) -> None:
        """Say why the identity could not be expanded."""
        self.title.setText(message)
        self.panel.clear()
