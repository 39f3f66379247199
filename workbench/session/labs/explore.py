"""The Explore view: a function, its derivative curves and the visible range."""

from workbench.session.fields import Field
from workbench.session.model import register_lab

register_lab("explore", (
    Field("function", "expression", required=True),
    Field("variable", "text", default="x"),
    Field("show_second_derivative", "bool", default=False),
    Field("x_range", "range"),
    Field("y_range", "range"),
))
