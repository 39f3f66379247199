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


@dataclass(frozen=True)
class NetworkJob(Job):
    """Build a small network ``sizes`` (e.g. (2, 2, 1)) with its loss as an expression.

    Answered by a :class:`~workbench.protocol.ml_results.NetworkResult`.
    """

    kind: ClassVar[str] = "backprop.network"

    sizes: tuple[int, ...] = (2, 2, 1)
    activation: str = "sigmoid"
    loss: str = "mse"
    inputs: tuple[float, ...] = (1.0, 0.5)
    target: float = 1.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "sizes", tuple(int(s) for s in self.sizes))
        object.__setattr__(self, "inputs", tuple(float(v) for v in self.inputs))


@dataclass(frozen=True)
class DepthJob(Job):
    """|∂f/∂w_k| for each layer of a stack of ``depth`` units (vanishing, exploding).

    Answered by a :class:`~workbench.protocol.ml_results.DepthResult`.
    """

    kind: ClassVar[str] = "backprop.depth"

    depth: int = 10
    activation: str = "sigmoid"
    weight: float = 1.0


@dataclass(frozen=True)
class MomentsJob(Job):
    """Mean, variance and standard deviation of the density ``pdf`` (normalised first);
    ``options`` as :func:`~workbench.protocol.jobs.calls.frozen_options` makes them.

    Answered by a :class:`~workbench.protocol.ml_results.MomentsResult`.
    """

    kind: ClassVar[str] = "probability.moments"

    pdf: str
    var: str = "x"
    options: tuple = ()


@dataclass(frozen=True)
class DistributionJob(Job):
    """The CDF of the density ``pdf`` as a plain tree and its ``quantiles`` (levels p).

    Answered by a :class:`~workbench.protocol.ml_results.DistributionResult`.
    """

    kind: ClassVar[str] = "probability.distribution"

    pdf: str
    var: str = "x"
    options: tuple = ()
    quantiles: tuple[float, ...] = (0.5,)

    def __post_init__(self) -> None:
        object.__setattr__(self, "quantiles", tuple(float(q) for q in self.quantiles))
