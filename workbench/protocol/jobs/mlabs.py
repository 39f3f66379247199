"""Jobs of the Sums lab that need more than ``to_dict()`` gives: plain trees to plot."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from workbench.protocol.jobs.core import Job

Limit = str | int | float


@dataclass(frozen=True)
class SeriesJob(Job):
    """A sum or product of ``term`` over ``index`` from ``lo`` to ``hi`` (``hi`` may be "oo").

    ``operation`` is "sum" or "product". Answered by a
    :class:`~workbench.protocol.results.SeriesResult` (its closed form as a plain tree).
    """

    kind: ClassVar[str] = "series"

    term: str
    index: str = "k"
    lo: Limit = 1
    hi: Limit = "n"
    operation: str = "sum"

    def __post_init__(self) -> None:
        if self.operation not in ("sum", "product"):
            raise ValueError("operation must be 'sum' or 'product'")
