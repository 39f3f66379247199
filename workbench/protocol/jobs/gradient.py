"""The gradient lab's jobs: the derivative trees of f(x, y), and optimizer races.

Sympy-free (the window builds them). The window evaluates the returned plain trees
with numpy on grids and at points, so panning, clicking and dragging never wait for
the worker; only the symbolic differentiation and the optimizer runs happen there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from workbench.protocol.jobs.core import Job

#: The optimizers the lab offers; ``nesterov`` is SGD with Nesterov momentum.
OPTIMIZERS = ("gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam")

#: One run of a race: (optimizer name from OPTIMIZERS, learning rate, hyper-parameters).
Run = tuple[str, float, tuple[tuple[str, float], ...]]


@dataclass(frozen=True)
class GradientFieldJob(Job):
    """Differentiate ``text`` in ``variables`` (one or two names) once and twice.

    Answered by a :class:`~workbench.protocol.results.GradientFieldResult`: plain trees
    keyed ``f``, ``fx``, ``fxx`` (and ``fy``, ``fxy``, ``fyy`` with two variables; None
    where a tree cannot be drawn) and the LaTeX of f, ∇f and the Hessian.
    """

    kind: ClassVar[str] = "gradient.field"

    text: str
    variables: tuple[str, ...] = ("x", "y")

    def __post_init__(self) -> None:
        object.__setattr__(self, "variables", tuple(self.variables))
        if len(self.variables) not in (1, 2):
            raise ValueError("the gradient lab works with one or two variables")


@dataclass(frozen=True)
class DescentJob(Job):
    """Race optimizers on ``text`` from ``start``, each for at most ``steps`` updates.

    ``runs`` holds one (optimizer, lr, hyper items) per racer. Answered by a
    :class:`~workbench.protocol.results.DescentResult`: one ``RunResult`` per racer, in order.
    """

    kind: ClassVar[str] = "gradient.descent"

    text: str
    variables: tuple[str, ...]
    start: tuple[float, ...]
    runs: tuple[Run, ...]
    steps: int = 100

    def __post_init__(self) -> None:
        object.__setattr__(self, "variables", tuple(self.variables))
        object.__setattr__(self, "start", tuple(float(v) for v in self.start))
        object.__setattr__(self, "runs", tuple((str(n), float(lr), tuple(h))
                                               for n, lr, h in self.runs))
        if len(self.start) != len(self.variables):
            raise ValueError("the start needs one coordinate per variable")
        unknown = [n for n, _, _ in self.runs if n not in OPTIMIZERS]
        if unknown:
            raise ValueError(f"unknown optimizer {unknown[0]!r}")


@dataclass(frozen=True)
class LimitsJob(Job):
    """The step-size limits of plain gradient descent at ``at`` (``learning_rate_limits``).

    Answered by a :class:`~workbench.protocol.results.LimitsResult`.
    """

    kind: ClassVar[str] = "gradient.limits"

    text: str
    variables: tuple[str, ...]
    at: tuple[float, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "variables", tuple(self.variables))
        object.__setattr__(self, "at", tuple(float(v) for v in self.at))
