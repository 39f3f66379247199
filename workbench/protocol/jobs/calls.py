"""Typed jobs for single engine operations the labs ask for (tangent, points, densities,
backprop). Each answers with its own result class of :mod:`workbench.protocol.results`.

``kind`` is a field: the lab that sends a job names its supersession key
(``"derivatives.tangent"``), so a lab's newer question replaces only its own older one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workbench.protocol.jobs.core import Job

Options = tuple[tuple[str, Any], ...]


def frozen_options(options: dict[str, Any] | Options) -> Options:
    """Keyword options as sorted (name, value) pairs, nested dicts too, so jobs compare."""
    items = options.items() if isinstance(options, dict) else options
    return tuple(sorted((str(k), frozen_options(v) if isinstance(v, dict) else
                         tuple(v) if isinstance(v, list) else v) for k, v in items))


def thawed_options(options: Options) -> dict[str, Any]:
    """The keyword arguments ``frozen_options`` froze (nested pairs back to dicts)."""
    def thaw(value: Any) -> Any:
        if isinstance(value, tuple) and value and all(
                isinstance(p, tuple) and len(p) == 2 and isinstance(p[0], str) for p in value):
            return {k: thaw(v) for k, v in value}
        return value
    return {k: thaw(v) for k, v in options}


@dataclass(frozen=True)
class TangentJob(Job):
    """The tangent to ``text`` at ``at`` (a number or text such as "pi/2")."""

    text: str
    var: str = "x"
    at: str | float = 0.0
    kind: str = "tangent"


@dataclass(frozen=True)
class PointsJob(Job):
    """The critical (``which="critical"``) or inflection points of ``text``."""

    text: str
    var: str = "x"
    which: str = "critical"
    kind: str = "points"

    def __post_init__(self) -> None:
        if self.which not in ("critical", "inflection"):
            raise ValueError("which is 'critical' or 'inflection'")


@dataclass(frozen=True)
class ProbabilityJob(Job):
    """P(a ≤ X ≤ b) for the density ``pdf``; ``options`` as ``frozen_options`` makes them."""

    pdf: str
    var: str = "x"
    a: str | float = "-oo"
    b: str | float = "oo"
    options: Options = ()
    kind: str = "probability"


@dataclass(frozen=True)
class ExpectationJob(Job):
    """E[g(X)] for the density ``pdf``; ``options`` as for :class:`ProbabilityJob`."""

    g: str
    pdf: str
    var: str = "x"
    options: Options = ()
    kind: str = "expectation"


@dataclass(frozen=True)
class BackpropJob(Job):
    """The computational graph of ``text`` at ``values`` ((name, number) pairs)."""

    text: str
    values: tuple[tuple[str, float], ...] = ()
    kind: str = "backprop"
