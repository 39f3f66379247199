"""A synchronous stand-in for ``workbench.worker.client.EngineClient`` (tests only).

It has the real client's signals and methods and runs the real job handlers
in-process (sympy is allowed in tests), delivering answers through a zero-delay
timer, so a widget sees results arrive later, as it would from the worker process.
Derive jobs use a simpler one-step payload unless ``real_derive`` is set.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy
from PySide6.QtCore import QObject, QTimer, Signal

from workbench.engine.parsing import parse
from workbench.protocol.steps import Step
from workbench.protocol.syntax import ParseError
from workbench.engine.trees import to_tree

from workbench.protocol.jobs import DeriveJob, JobError
from workbench.protocol.results import DerivativeResult, Result
from workbench.worker.progress import progress_info, reporting_to
from workbench.worker.registry import handler_for, load_handlers


def derive_job(text: str, var: str = "x", variables: tuple[str, ...] = ()) -> DeriveJob:
    """The job factory the tests give the window."""
    return DeriveJob(text, var=var, order=1, variables=tuple(variables))


@dataclass
class FakeJobError:
    """The shape of the worker's job error."""

    kind: str
    message: str
    position: int | None = None


def derive_payload(text: str, var: str = "x", variables: tuple[str, ...] = (),
                   job: DeriveJob | None = None) -> DerivativeResult:
    """The result the worker sends for a derive job, computed here with sympy (one step)."""
    expr = parse(text, variables=variables or None)
    x = sympy.Symbol(var)
    df = sympy.diff(expr, x)
    d2f = sympy.diff(df, x)
    step = Step(rule="derivative", title=f"Differentiate with respect to {var}",
                before=rf"\frac{{d}}{{d{var}}}\left[{sympy.latex(expr)}\right]",
                after=sympy.latex(df), subject=to_tree(expr), result=to_tree(df), var=var)
    return DerivativeResult(
        job if job is not None else derive_job(text, var, variables),
        expr_latex=sympy.latex(expr), latex=sympy.latex(df), steps=(step,),
        variables=tuple(sorted(str(s) for s in expr.free_symbols)),
        trees={"f": to_tree(expr), "df": to_tree(df), "d2f": to_tree(d2f)})


class FakeEngineClient(QObject):
    """Signals and methods of the real client; answers derive jobs synchronously."""

    state_changed = Signal(str, str)
    job_started = Signal(int, str)
    job_progress = Signal(int, str, object)
    result_ready = Signal(int, str, object)
    job_failed = Signal(int, str, object)

    def __init__(self, parent: QObject | None = None, hold: bool = False,
                 real_derive: bool = False) -> None:
        super().__init__(parent)
        load_handlers()
        self.real_derive = real_derive
        self.time_limit = 10.0
        self.hold = hold  # when True, jobs wait in `pending` until `release()`
        self.pending: list[tuple[int, DeriveJob]] = []
        self.submitted: list[DeriveJob] = []
        self.cancel_calls = 0
        self.started = False
        self._next_id = 0
        self._state = "starting"

    def start(self) -> None:
        """Become ready (after a zero-delay timer, like the real start-up)."""
        self.started = True
        QTimer.singleShot(0, lambda: self._set_state("ready", ""))

    def is_ready(self) -> bool:
        """True once started."""
        return self._state in ("ready", "busy")

    def submit(self, job: DeriveJob) -> int:
        """Queue ``job``; its result arrives on the next turn of the event loop."""
        self._next_id += 1
        job_id = self._next_id
        self.submitted.append(job)
        self.pending.append((job_id, job))
        self.job_started.emit(job_id, job.kind)
        self._set_state("busy", "")
        if not self.hold:
            QTimer.singleShot(0, self.release)
        return job_id

    def report_progress(self, job_id: int, stage: str, title: str,
                        seconds: float = float("inf")) -> None:
        """Emit ``job_progress`` for ``job_id`` as the worker would (tests drive stages)."""
        kind = next((job.kind for ident, job in self.pending if ident == job_id), "")
        self.job_progress.emit(job_id, kind, progress_info(stage, title, seconds))

    def _reporter(self, job_id: int, kind: str):
        def report(stage: str, title: str, seconds: float) -> None:
            self.job_progress.emit(job_id, kind, progress_info(stage, title, seconds))
        return report

    def release(self, job_id: int | None = None) -> None:
        """Answer pending jobs (all, or just ``job_id``)."""
        answered = [p for p in self.pending if job_id is None or p[0] == job_id]
        self.pending = [p for p in self.pending if p not in answered]
        for ident, job in answered:
            try:
                if isinstance(job, DeriveJob) and not self.real_derive:
                    payload = derive_payload(job.text, job.var, tuple(job.variables), job)
                else:
                    with reporting_to(self._reporter(ident, job.kind)):
                        payload = handler_for(job)(job)
            except ParseError as problem:
                self.job_failed.emit(ident, job.kind,
                                     FakeJobError("parse", problem.message, problem.position))
            except JobError as problem:
                self.job_failed.emit(ident, job.kind, problem)
            except Exception as problem:  # noqa: BLE001 - reported like the worker does
                self.job_failed.emit(ident, job.kind, FakeJobError("error", str(problem)))
            else:
                if isinstance(payload, Result):
                    payload = payload.stamped(ident)
                self.result_ready.emit(ident, job.kind, payload)
        if not self.pending:
            self._set_state("ready", "")

    def cancel(self, kind: str | None = None) -> bool:
        """Drop pending jobs (of ``kind`` only, if given), reporting each as cancelled."""
        self.cancel_calls += 1
        dropped = [p for p in self.pending if kind in (None, p[1].kind)]
        self.pending = [p for p in self.pending if p not in dropped]
        for ident, job in dropped:
            self.job_failed.emit(ident, job.kind, FakeJobError("cancelled", "cancelled"))
        self._set_state("ready" if not self.pending else "busy", "")
        return bool(dropped)

    def shutdown(self) -> None:
        """Nothing to stop."""
        self._set_state("failed", "shut down")

    def _set_state(self, state: str, detail: str) -> None:
        self._state = state
        self.state_changed.emit(state, detail)
