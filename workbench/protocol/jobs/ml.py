"""Jobs of the ML labs' newer panels: per-optimizer learning rates, a race with its
verdict, and the partial derivatives of f with steps (sympy-free; the window builds them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from workbench.protocol.jobs.core import Job
from workbench.protocol.jobs.gradient import OPTIMIZERS, DescentJob


@dataclass(frozen=True)
class RatesJob(Job):
    """A learning rate for each optimizer racing on ``text`` from ``start``, with reasons.

    Answered by a :class:`~workbench.protocol.ml_results.RatesResult`.
    """

    kind: ClassVar[str] = "gradient.rates"

    text: str
    variables: tuple[str, ...]
    start: tuple[float, ...]
    methods: tuple[str, ...] = OPTIMIZERS

    def __post_init__(self) -> None:
        object.__setattr__(self, "variables", tuple(self.variables))
        object.__setattr__(self, "start", tuple(float(v) for v in self.start))
        object.__setattr__(self, "methods", tuple(self.methods))


@dataclass(frozen=True)
class RaceJob(DescentJob):
    """A :class:`DescentJob` whose answer also says who won and why in one sentence.

    Answered by a :class:`~workbench.protocol.ml_results.RaceResult`.
    """

    kind: ClassVar[str] = "gradient.race"


@dataclass(frozen=True)
class PartialsJob(Job):
    """∂f/∂v for each of ``variables``, each with its steps ("treat y as a constant", ...).

    Answered by a :class:`~workbench.protocol.ml_results.PartialsResult`.
    """

    kind: ClassVar[str] = "gradient.partials"

    text: str
    variables: tuple[str, ...] = ("x", "y")

    def __post_init__(self) -> None:
        object.__setattr__(self, "variables", tuple(self.variables))
