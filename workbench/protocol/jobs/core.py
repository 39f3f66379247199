"""The base ``Job``, the ``JobError`` a failed job reports, and the generic engine call.

Nothing here imports sympy, scipy or Qt: the window builds jobs and receives errors,
the worker process unpickles the same classes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# What can go wrong with a job, as the window tells it to the student.
ERROR_KINDS = ("parse", "error", "memory", "timeout", "cancelled", "crashed")


@dataclass(frozen=True)
class Job:
    """A unit of engine work, sent to the worker process and run by its handler.

    ``kind`` names what the job is for ("derive", "integrate", ...): a newer job of
    the same kind supersedes an older one that has not answered yet. Subclasses set
    it as a class constant (``kind: ClassVar[str] = "derive"``) or make it a field.
    """

    # Deliberately not annotated: an annotation would make it a dataclass (pseudo-)field
    # here and fix its position before the subclasses' own fields.
    kind = "job"


class JobError(Exception):
    """Why a job produced no result.

    ``kind`` is one of ``parse``, ``error``, ``memory``, ``timeout``, ``cancelled``,
    ``crashed``; ``message`` is plain words for a student; ``position`` is the column a
    parse error points at (or None); ``detail`` keeps technical text (a traceback, an
    exit code) for logs and bug reports, never shown as the message.
    """

    def __init__(self, kind: str, message: str, position: int | None = None,
                 detail: str = "") -> None:
        if kind not in ERROR_KINDS:
            raise ValueError(f"unknown job error kind {kind!r}")
        super().__init__(kind, message, position, detail)
        self.kind = kind
        self.message = message
        self.position = position
        self.detail = detail

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"JobError({self.kind!r}, {self.message!r}, position={self.position!r})"

    def __reduce__(self):  # keeps every field when the error crosses the process boundary
        return (type(self), (self.kind, self.message, self.position, self.detail))


@dataclass(frozen=True)
class EngineCallJob(Job):
    """Call one public engine function, ``workbench.engine.<function>(*args, **kwargs)``.

    ``function`` must be a name of ``workbench.engine.__all__``: the worker refuses any
    other name before calling anything (the protocol cannot check it here, as it must not
    import the engine). ``args`` and ``kwargs`` must be plain data (text, numbers, tuples,
    dicts). ``kind`` defaults to the function's name. Its answer is an
    ``EngineCallResult`` holding plain data; the labs use typed jobs instead.
    """

    function: str
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)
    kind: str = ""  # a field here, a class constant in most jobs

    def __post_init__(self) -> None:
        if not self.function.isidentifier() or self.function.startswith("_"):
            raise ValueError(f"{self.function!r} is not a public engine function")
        if not self.kind:
            object.__setattr__(self, "kind", self.function)
        object.__setattr__(self, "args", tuple(self.args))
