"""The integral job of the integration lab: an antiderivative, or a definite integral."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from workbench.protocol.jobs.core import Job

Bound = str | float | int | None


@dataclass(frozen=True)
class IntegrateJob(Job):
    """Integrate ``text`` with respect to ``var``; between ``lower`` and ``upper`` if given.

    Bounds are numbers or text ("-oo", "pi/2"). Both bounds or neither. Answered by an
    :class:`~workbench.protocol.results.IntegralResult`.
    """

    kind: ClassVar[str] = "integrate"

    text: str
    var: str = "x"
    lower: Bound = None
    upper: Bound = None

    def __post_init__(self) -> None:
        if (self.lower is None) != (self.upper is None):
            raise ValueError("give both bounds of a definite integral, or neither")

    @property
    def definite(self) -> bool:
        """Whether this is a definite integral (both bounds given)."""
        return self.lower is not None
