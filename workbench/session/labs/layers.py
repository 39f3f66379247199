"""The Layers lab: the layer (checked by ``LayerProblem.from_dict``, at the lab's sizes), the
page on show, the frame, the chosen weight, the try-it answer and the other pages' inputs."""

from __future__ import annotations

from typing import Any

from workbench.protocol.identities import IDENTITIES
from workbench.protocol.identities import MAX_SIZE as IDENTITY_MAX_SIZE
from workbench.protocol.layers import LAB_MAX_SIZE, TARGETS, LayerProblem
from workbench.session.fields import Field
from workbench.session.model import register_lab


def checked_problem(data: Any) -> dict[str, Any]:
    """``data`` as a layer the lab can draw (LayerProblemError, a ValueError, if not)."""
    problem = LayerProblem.from_dict(data)
    problem.check_for_lab()
    return problem.to_dict()


register_lab("layers", (
    Field("page", "choice", choices=("layer", "jacobian", "identities"), default="layer"),
    Field("problem", "data", check=checked_problem),
    Field("seed", "int", low=0, high=2**31),
    Field("frame", "int", low=0),
    Field("entry_row", "int", low=0, high=LAB_MAX_SIZE - 1),
    Field("entry_column", "int", low=0, high=LAB_MAX_SIZE - 1),
    Field("target", "choice", choices=tuple(TARGETS)),
    Field("answer", "text"),
    Field("jacobian", "text"),
    Field("jacobian_vars", "text"),
    Field("jacobian_at", "text"),
    Field("identity_n", "int", low=1, high=IDENTITY_MAX_SIZE),
    Field("identity", "choice", choices=("", *(info.id for info in IDENTITIES))),
))
