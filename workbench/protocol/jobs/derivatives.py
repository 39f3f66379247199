"""The Derivatives lab's derive job: the same work as ``DeriveJob``, its own kind.

The client lets a newer job of a kind supersede an older one; were the lab to send
plain ``DeriveJob``s ("derive"), opening the lab would drop the Explore view's answer
(and typing in Explore would drop the lab's). The handler is ``DeriveJob``'s (the
registry looks handlers up along the class's MRO).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from workbench.protocol.jobs.derive import DeriveJob


@dataclass(frozen=True)
class LabDeriveJob(DeriveJob):
    """Differentiate ``text`` for the Derivatives lab (answered like ``DeriveJob``)."""

    kind: ClassVar[str] = "derivatives.derive"
