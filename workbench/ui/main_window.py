"""``MainWindow``: wires the editor, the plot, the derivation panel and the engine client.

Wiring only: no mathematics happens here. A valid edit redraws f at once from the
editor's own tree; after a pause (or on Enter) a ``DeriveJob`` goes to the engine
client. A result is drawn only while it answers the job the editor's text asks for
now (``current_request``); any edit marks the derivation on show as belonging to the
earlier input, and takes f' and f'' of the earlier function off the plot. Labs are added as tabs
next to the first, "Explore", view.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QVBoxLayout, QWidget

from workbench import APP_NAME
from workbench.protocol.client import EngineClient
from workbench.protocol.jobs.core import Job
from workbench.protocol.results import DerivativeResult
from workbench.protocol.syntax import Node, symbols_of
from workbench.ui.canvas import PlotCanvas
from workbench.ui.derivation_panel import DerivationPanel, step_guides
from workbench.ui.editor import ExpressionEditor
from workbench.ui.heap import freeze_when_idle
from workbench.ui.lab_tabs import LabTabs
from workbench.ui.math_view import shared_renderer
from workbench.ui.settings import Settings
from workbench.ui.status import EngineStatus, describe_error

JobFactory = Callable[..., Any]
# Typesetting loads ziamath; wait this long after the window is shown, so the first
# window is not held up by it.
MATH_LOAD_DELAY_MS = 120


def derive_job(text: str, var: str = "x", variables: tuple[str, ...] = ()) -> Any:
    """The worker's ``DeriveJob`` for ``text`` (imported on first use)."""
    from workbench.protocol.jobs import DeriveJob

    return DeriveJob(text, var=var, order=1, variables=tuple(variables))


def plot_variable(tree: Node) -> str:
    """The variable to plot against: x when present, else the only letter used."""
    names = symbols_of(tree)
    if "x" in names or not names:
        return "x"
    return sorted(names)[0]


class MainWindow(QMainWindow):
    """The workbench window. ``client`` is an engine client (see ``workbench.worker.client``)."""

    def __init__(self, client: EngineClient, settings: Settings | None = None,
                 job_factory: JobFactory = derive_job, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self.setAccessibleName(APP_NAME)
        self.setWindowTitle(f"{APP_NAME} \u2014 derivatives, integrals and the maths of ML")
        self.client = client
        self.settings = settings if settings is not None else Settings()
        self._job_factory = job_factory
        self._latest_job: int | None = None
        self._plotted_text: str | None = None
        self._shown: DerivativeResult | None = None  # the derivation drawn as current
        shared_renderer().defer()
        self._build()
        self._connect()
        self._restore()
        self.editor.input_field.setFocus()  # the student can type at once

    # ---------------------------------------------------------------- building
    def _build(self) -> None:
        self.editor = ExpressionEditor(self)
        self.canvas = PlotCanvas(self)
        self.panel = DerivationPanel(self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("explore_splitter")
        self.splitter.addWidget(self.canvas)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        explore = QWidget(self)
        explore.setObjectName("explore_view")
        explore.setAccessibleName("Explore")
        layout = QVBoxLayout(explore)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.addWidget(self.editor)
        layout.addWidget(self.splitter, 1)
        self.tabs = LabTabs(self.client, self)
        self.tabs.add_explore(explore)
        self.setCentralWidget(self.tabs)
        self.engine_status = EngineStatus(self)
        self.job_message = QLabel(self)
        self.job_message.setObjectName("job_message")
        self.job_message.setAccessibleName("Last job message")
        self.statusBar().addWidget(self.job_message, 1)
        self.statusBar().addPermanentWidget(self.engine_status)
        self.resize(*_first_size(self))

    def _connect(self) -> None:
        self.editor.tree_changed.connect(self._on_editor_tree_changed)
        self.editor.text_edited.connect(self._on_editor_text_edited)
        self.editor.expression_changed.connect(self._on_editor_expression_changed)
        self.editor.compute_requested.connect(self._on_editor_expression_changed)
        self.editor.compute_requested.connect(self._on_editor_compute_requested)
        self.engine_status.cancel_requested.connect(self.cancel)
        self.tabs.status_message.connect(self.job_message.setText)
        self.canvas.second_derivative_toggled.connect(self._on_canvas_second_toggled)
        self.panel.step_selected.connect(self._on_panel_step_selected)
        self.client.state_changed.connect(self._on_client_state_changed)
        self.client.result_ready.connect(self._on_client_result_ready)
        self.client.job_failed.connect(self._on_client_job_failed)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.activated.connect(self.cancel)
        focus = QShortcut(QKeySequence("Ctrl+L"), self)
        focus.activated.connect(self.focus_editor)

    def _restore(self) -> None:
        geometry = self.settings.geometry
        if geometry is not None:
            self.restoreGeometry(geometry)
        splitter = self.settings.splitter_state
        if splitter is not None:
            self.splitter.restoreState(splitter)
        self.canvas.set_second_derivative_visible(self.settings.show_second_derivative)
        self.editor.set_history(self.settings.history)
        self.editor.set_text(self.settings.last_function)
        self.canvas.refit()  # the first window shows f framed, not in a placeholder range

    # ---------------------------------------------------------------- public API
    def add_lab(self, widget: QWidget, title: str) -> int:
        """Add a lab panel as a tab after Explore; returns its tab index."""
        if not widget.objectName():
            widget.setObjectName(f"lab_{title.lower().replace(' ', '_')}")
        widget.setAccessibleName(widget.accessibleName() or title)
        return self.tabs.addTab(widget, title)

    def open_lab(self, kind: str):  # returns a Lab
        """Show lab ``kind`` (created on first use) and return it."""
        return self.tabs.open_lab(kind)

    def cancel(self) -> None:
        """Stop the running job (Esc or the Cancel button)."""
        self.client.cancel()

    def focus_editor(self) -> None:
        """Put the cursor in the function input with its text selected (Ctrl+L)."""
        self.tabs.setCurrentIndex(0)
        self.editor.input_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.editor.input_field.selectAll()

    def latest_job(self) -> int | None:
        """The id of the job whose result the window is waiting for."""
        return self._latest_job

    def current_request(self) -> Job | None:
        """The derive job the editor's text asks for now (None while it does not parse)."""
        tree = self.editor.tree()
        if tree is None:
            return None
        return self._job_factory(self.editor.text().strip(), var=plot_variable(tree),
                                 variables=self.editor.variables)

    def shown_request(self) -> Job | None:
        """The request the derivation drawn as current answers (None: none is)."""
        return self._shown.request if self._shown is not None else None

    def code_script(self) -> tuple[str, str] | None:
        """Explore's script, as the labs' ``code_script``: f sampled over the visible range."""
        from workbench.ui.code_scripts import explore_code

        tree = self.editor.tree()
        return explore_code(self, plot_variable(tree) if tree is not None else "x")

    def save_settings(self) -> None:
        """Remember geometry, layout, the function and the history."""
        self.settings.geometry = self.saveGeometry()
        self.settings.splitter_state = self.splitter.saveState()
        if self.editor.tree() is not None:
            self.settings.last_function = self.editor.text().strip()
        self.settings.history = self.editor.history()
        self.settings.sync()

    # ---------------------------------------------------------------- Qt events
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        """Once on screen, load the math typesetter in the background of the event loop."""
        super().showEvent(event)
        if not event.spontaneous():  # the application's show, not a de-iconify
            freeze_when_idle()  # the window lives as long as the process
        renderer = shared_renderer()
        if renderer.is_deferred():
            QTimer.singleShot(MATH_LOAD_DELAY_MS, renderer.load)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        """Save settings before closing."""
        self.save_settings()
        super().closeEvent(event)

    # ---------------------------------------------------------------- slots
    def _on_editor_tree_changed(self, tree: Node) -> None:
        # On a keystroke, f is redrawn at once when it is a function of the variable
        # already plotted. Other letters are often a word half typed ("c" on the way to
        # "cos x"): the last plot stays, and the pause that follows decides.
        if symbols_of(tree) <= {self.canvas.var}:
            self._plot(tree, self.canvas.var)

    def _on_editor_text_edited(self, _text: str) -> None:
        """Any edit, valid or not: what answers the earlier input stops being current."""
        if self.editor.tree() is None and self._plotted_text:
            self.canvas.show_notice(f"Still showing f = {self._plotted_text} until the "
                                    "formula above can be read.")
        shown = self._shown
        if shown is None or shown.answers(self.current_request()):
            return
        self._shown = None
        self.panel.mark_stale(shown.text)
        if self._plotted_text != shown.text or self.editor.tree() is None:
            self.canvas.set_derivatives(None, None)  # f' of an earlier f is never drawn

    def _on_editor_expression_changed(self, text: str) -> None:
        tree = self.editor.tree()
        if tree is None:
            return
        var = plot_variable(tree)
        others = sorted(symbols_of(tree) - {var})
        if others:
            self.canvas.show_notice(
                f"Plotting against {var} needs a value for {', '.join(others)}; "
                "the plot still shows the last function that could be drawn.")
        elif text != self._plotted_text or var != self.canvas.var:
            self._plot(tree, var)  # a function of another letter, e.g. t^2
        self.canvas.refit()
        job = self._job_factory(text, var=var, variables=self.editor.variables)
        self._latest_job = self.client.submit(job)
        if self._shown is None or not self._shown.answers(job):
            self.panel.set_message("Working out the derivative\u2026")

    def _plot(self, tree: Node, var: str) -> None:
        # Drawn in the current frame; the frame is fitted in the next pause.
        self.canvas.set_function(tree, var, fit=False)
        self._plotted_text = self.editor.text().strip()

    def _on_editor_compute_requested(self, _text: str) -> None:
        self.settings.history = self.editor.history()  # kept at once, not only on close

    def _on_client_state_changed(self, state: str, detail: str) -> None:
        self.engine_status.set_state(state, detail)

    def _on_client_result_ready(self, job_id: int, kind: str, result: Any) -> None:
        if job_id != self._latest_job or not isinstance(result, DerivativeResult):
            return  # superseded: a newer job is on its way
        self._latest_job = None
        if not result.answers(self.current_request()):
            return  # the text changed while it was computed
        self._shown = result
        if result.text == self._plotted_text:  # f' only over the f it belongs to
            self.canvas.set_derivatives(result.trees.get("df"), result.trees.get("d2f"))
        self.panel.set_result(result.expr_latex, result.latex, list(result.steps), result.var)
        self.job_message.setText("")
        self.settings.last_function = result.text

    def _on_client_job_failed(self, job_id: int, kind: str, error: Any) -> None:
        if job_id != self._latest_job:
            return
        self._latest_job = None
        error_kind = getattr(error, "kind", "error")
        message = getattr(error, "message", str(error))
        if error_kind == "parse":
            self.editor.show_error(message, getattr(error, "position", None))
        sentence = describe_error(error_kind, message)
        if error_kind == "cancelled":
            sentence += ". Press Enter to compute again."
        self.job_message.setText(sentence)
        self.panel.clear(sentence)

    def _on_panel_step_selected(self, step: Any) -> None:
        self.canvas.set_guides(step_guides(step))

    def _on_canvas_second_toggled(self, visible: bool) -> None:
        self.settings.show_second_derivative = visible


def _first_size(window: QWidget) -> tuple[int, int]:
    """1200×760, or the screen's free area where that is smaller (a 1024×700 laptop
    screen): a first window larger than the screen hides the right of every lab."""
    screen = window.screen()
    if screen is None:
        return 1200, 760
    free = screen.availableGeometry()
    return min(1200, free.width()), min(760, free.height())
