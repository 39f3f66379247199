"""The Derivatives lab: function, point a, step h and scheme, views on, visible range."""

from workbench.session.fields import Field
from workbench.session.model import register_lab

SCHEMES = ("forward", "backward", "central")
VIEWS = ("secant", "tangent", "second", "error", "steps")

register_lab("derivatives", (
    Field("function", "expression", required=True),
    Field("point", "number", default=1.5),
    Field("h", "number", default=0.5, low=1e-16, high=10.0),
    Field("scheme", "choice", default="forward", choices=SCHEMES),
    Field("views", "choices", default=["secant", "tangent", "error", "steps"], choices=VIEWS),
    Field("x_range", "range"),
    Field("y_range", "range"),
))
