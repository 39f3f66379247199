"""Jobs of the Integrals lab: a definite integral with its derivation, a double integral,
and swapping a double integral's order.

Sympy-free and Qt-free, like every job. The results carry LaTeX for the window to
typeset, floats, ``Step`` objects and plain trees; never sympy objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from workbench.protocol.jobs.core import Job
from workbench.protocol.jobs.integrate import IntegrateJob

Bound = str | float | int
Range = tuple[str, Bound, Bound]


@dataclass(frozen=True)
class AreaJob(Job):
    """∫_lower^upper text d var, with the antiderivative's steps and the stage that answered.

    Answered by an :class:`~workbench.protocol.results.IntegralResult`.
    """

    kind: ClassVar[str] = "integrals.area"

    text: str
    lower: Bound
    upper: Bound
    var: str = "x"


@dataclass(frozen=True)
class RegionJob(Job):
    """A function over a region: ``inner`` (integrated first) then ``outer``, each
    (variable, lower, upper). The fields the double-integral jobs share; no handler."""

    text: str
    inner: Range
    outer: Range

    def __post_init__(self) -> None:
        object.__setattr__(self, "inner", tuple(self.inner))
        object.__setattr__(self, "outer", tuple(self.outer))


@dataclass(frozen=True)
class DoubleJob(RegionJob):
    """∫∫ text over ``inner`` (integrated first) then ``outer``.

    Answered by a :class:`~workbench.protocol.results.DoubleIntegralResult`.
    """

    kind: ClassVar[str] = "integrals.double"


@dataclass(frozen=True)
class SwapJob(RegionJob):
    """The same region with the order swapped. Answered by a ``SwapResult``: ``inner``
    and ``outer`` ranges as (variable, lower text, upper text), the texts readable by the
    workbench parser, plus ``latex`` (the swapped integral)."""

    kind: ClassVar[str] = "integrals.swap"


@dataclass(frozen=True)
class IndefiniteJob(IntegrateJob):
    """The Integrals lab's antiderivative of ``text`` (both bounds left empty), with steps.

    Its own kind, so that the lab's question supersedes only its own older one; the
    handler is ``IntegrateJob``'s (looked up along the class's MRO).
    """

    kind: ClassVar[str] = "integrals.indefinite"
