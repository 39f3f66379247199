"""The derivative job the main window sends for every edit of the function."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from workbench.protocol.jobs.core import Job


@dataclass(frozen=True)
class DeriveJob(Job):
    """Differentiate ``text`` with respect to ``var``, ``order`` times, with steps.

    ``variables`` names the multi-letter variables the parser should accept as single
    symbols. Answered by a
    :class:`~workbench.protocol.results.DerivativeResult`.
    """

    kind: ClassVar[str] = "derive"

    text: str
    var: str = "x"
    order: int = 1
    variables: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.order < 1:
            raise ValueError("the order of a derivative is at least 1")
        object.__setattr__(self, "variables", tuple(self.variables))
