"""Jobs of the Layers lab: a dense layer worked out, a Jacobian, a checked identity.

``kind`` is a field: the lab names its supersession key (``"layers.layer"``), so a newer
question replaces only its own older one. Each answers with its own result class of
:mod:`workbench.protocol.layer_results`.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.protocol.identities import IDENTITIES, MAX_SIZE
from workbench.protocol.jobs.core import Job
from workbench.protocol.layers import LayerProblem


@dataclass(frozen=True)
class LayerJob(Job):
    """Work ``problem`` out: forward pass, backward pass, every weight's chain rule."""

    problem: LayerProblem
    kind: str = "layer"


@dataclass(frozen=True)
class JacobianJob(Job):
    """The Jacobian of ``text`` (a vector such as "[x*y, x + y^2]") in ``vars``, and its
    value at ``at`` (one number or text per variable; empty: no point)."""

    text: str
    vars: tuple[str, ...] = ("x", "y")
    at: tuple[str, ...] = ()
    kind: str = "jacobian"

    def __post_init__(self) -> None:
        object.__setattr__(self, "vars", tuple(self.vars))
        object.__setattr__(self, "at", tuple(str(a) for a in self.at))
        if not self.vars:
            raise ValueError("a Jacobian needs at least one variable")
        if self.at and len(self.at) != len(self.vars):
            raise ValueError(f"the point needs {len(self.vars)} numbers, one per variable")


@dataclass(frozen=True)
class IdentityJob(Job):
    """Expand the identity ``id`` (see :data:`~workbench.protocol.identities.IDENTITIES`)
    at size ``n`` and verify it component by component."""

    id: str
    n: int = 3
    kind: str = "identity"

    def __post_init__(self) -> None:
        if self.id not in {info.id for info in IDENTITIES}:
            raise ValueError(f"unknown identity {self.id!r}")
        if isinstance(self.n, bool) or not isinstance(self.n, int) or \
                not 1 <= self.n <= MAX_SIZE:
            raise ValueError(f"the size must be a whole number from 1 to {MAX_SIZE}")
