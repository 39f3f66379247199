"""``Lab``: what every lab panel shares - engine jobs, session state, lessons, export.

A lab is a QWidget shown as a tab of the main window. It talks to the engine only
through the client (typed jobs in, typed results out). Every result carries the job it
answers, and a lab says which job its inputs ask for now (``current_request``): a
result is drawn only while the two agree, and ``check_currency`` hands every result
whose question is no longer on screen to ``on_stale``, which clears it or marks it as
belonging to the earlier input. The same rule holds in every lab. It also offers the
hooks the rest of the application uses: ``state``/``restore`` for sessions,
``apply_try_it`` for lessons, ``figures``/``derivation``/``animation`` for exports, and
``code_script`` for the Code view and the notebook export.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from workbench.protocol.jobs.core import Job
from workbench.protocol.results import Result
from workbench.protocol.steps import Step


@dataclass(frozen=True)
class DerivationView:
    """A derivation as the exporters take it: a title, the result's LaTeX and the steps."""

    title: str
    latex: str
    steps: list[Step] = field(default_factory=list)


class Animation:
    """A lab's animation as frames, for GIF/WebP/PNG export and frame-time benchmarks.

    ``frame_count`` frames; ``render_frame(i)`` puts the lab in frame ``i`` and returns
    an image of the animated figure; ``frame_interval_ms`` is the playback speed.
    """

    frame_interval_ms: int = 40

    def frame_count(self) -> int:
        raise NotImplementedError

    def show_frame(self, index: int) -> None:
        """Put the lab's figures in the state of frame ``index`` (no image made)."""
        raise NotImplementedError

    def render_frame(self, index: int) -> QImage:
        raise NotImplementedError


class Lab(QWidget):
    """Base class of the lab panels."""

    kind: ClassVar[str] = ""
    title: ClassVar[str] = ""

    state_changed = Signal()  # something the session saves has changed
    status_message = Signal(str)  # a sentence for the status bar

    def __init__(self, client: QObject, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"lab_{self.kind}")
        self.setAccessibleName(self.title)
        self.client = client
        self._latest: dict[str, int] = {}
        self._shown: dict[str, Result] = {}  # purpose -> the result drawn as current
        self._asked: dict[str, Job] = {}  # purpose -> the job last sent
        client.result_ready.connect(self._on_client_result_ready)
        client.job_failed.connect(self._on_client_job_failed)

    # ------------------------------------------------------------ engine jobs
    def job_kind(self, purpose: str) -> str:
        """The supersession key of this lab's jobs for ``purpose`` ("derivatives.tangent")."""
        return f"{self.kind}.{purpose}"

    def submit(self, purpose: str, job: Job) -> int:
        """Send a prepared job; remember it as the latest for ``purpose``."""
        self._asked[purpose] = job
        job_id = self.client.submit(job)
        self._latest[purpose] = job_id
        return job_id

    def is_waiting(self, purpose: str) -> bool:
        """True while an answer for ``purpose`` is outstanding."""
        return purpose in self._latest

    def current_request(self, purpose: str) -> Job | None:
        """The job the inputs on screen ask for, for ``purpose`` (None: they ask for none).

        A result is drawn only while it answers this request. The default is the job
        last sent for ``purpose``; labs whose inputs change before a job is sent (a
        pause of typing, a bound being edited) override it to read their inputs.
        """
        return self._asked.get(purpose)

    def asked_while_typed(self, purpose: str, editor: Any, field: str = "text") -> Job | None:
        """The job last sent for ``purpose``, while ``editor`` holds a formula that parses
        and is the text the job was sent with (its ``field``); else None."""
        asked = self._asked.get(purpose)
        if asked is None or editor.tree() is None or \
                editor.text().strip() != str(getattr(asked, field, "")).strip():
            return None
        return asked

    def shown_request(self, purpose: str) -> Job | None:
        """The request answered by what is drawn as current for ``purpose``, or None."""
        result = self._shown.get(purpose)
        return result.request if result is not None else None

    def shown_results(self) -> dict[str, Result]:
        """Every result drawn as current, by purpose."""
        return dict(self._shown)

    def check_currency(self) -> None:
        """Hand every drawn result whose question is no longer on screen to ``on_stale``.

        Labs call this whenever an input changes (text, bounds, settings), before the
        pause that sends the new job, so nothing answers an earlier input as if current.
        """
        for purpose, result in list(self._shown.items()):
            if not result.answers(self.current_request(purpose)):
                del self._shown[purpose]
                self.on_stale(purpose, result)

    def forget_result(self, purpose: str) -> None:
        """Drop ``purpose``'s result: its widgets were cleared by the lab itself."""
        self._shown.pop(purpose, None)

    def on_stale(self, purpose: str, result: Result) -> None:
        """Clear, or mark as earlier, what shows ``result`` (override)."""

    def on_result(self, purpose: str, result: Any) -> None:
        """Draw an engine answer (override); it answers the inputs on screen."""

    def on_failure(self, purpose: str, error: Any) -> None:
        """Show an engine failure in words (override); the default sends it to the status bar."""
        self.status_message.emit(getattr(error, "message", str(error)))

    def _purpose_of(self, job_id: int) -> str | None:
        for purpose, latest in self._latest.items():
            if latest == job_id:
                return purpose
        return None

    def _on_client_result_ready(self, job_id: int, kind: str, result: Any) -> None:
        purpose = self._purpose_of(job_id)
        if purpose is None:
            return
        del self._latest[purpose]
        if isinstance(result, Result):
            if not result.answers(self.current_request(purpose)):
                return  # the inputs changed while it was computed: it answers nothing on screen
            self._shown[purpose] = result
        self.on_result(purpose, result)

    def _on_client_job_failed(self, job_id: int, kind: str, error: Any) -> None:
        purpose = self._purpose_of(job_id)
        if purpose is not None:
            del self._latest[purpose]
            self.on_failure(purpose, error)

    # ------------------------------------------------------------ application hooks
    def state(self) -> dict[str, Any]:
        """Everything needed to put this lab back, as JSON-safe data (for sessions)."""
        return {}

    def restore(self, state: dict[str, Any]) -> None:
        """Put the lab back in a ``state`` (already checked by the session layer)."""

    def apply_try_it(self, params: dict[str, Any]) -> None:
        """Prepare the lab as a lesson's "try it" action asks (defaults to ``restore``)."""
        self.restore(params)

    def figures(self) -> list[tuple[str, QWidget]]:
        """The figures worth exporting, with a name each (plot widgets)."""
        return []

    def derivation(self) -> DerivationView | None:
        """The derivation on show, for export, or None."""
        return None

    def animation(self) -> Animation | None:
        """The lab's current animation, for export and benchmarks, or None."""
        return None

    def report_tables(self) -> list[Any]:
        """Numbers for the session report beside the figures (``ReportTable``s), if any."""
        return []

    def code_script(self) -> tuple[str, str] | None:
        """(script, file stem) reproducing exactly what the lab shows, or None while it
        shows nothing to reproduce.

        The script comes from :mod:`workbench.codegen`, built from the parsed trees and
        numbers on screen (never from the text typed). Raises ``CodegenError`` with a
        sentence for the student when the inputs on screen cannot be turned into code.
        """
        return None

    def activate(self) -> None:
        """The lab's tab became visible."""

    def deactivate(self) -> None:
        """The lab's tab was hidden: pause animations and timers."""
