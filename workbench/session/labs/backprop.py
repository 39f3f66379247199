"""The Backprop lab: the network expression, its input values and the frame on show."""

from workbench.session.fields import Field
from workbench.session.model import register_lab

register_lab("backprop", (
    Field("expression", "expression", required=True),
    Field("inputs", "number_map"),
    Field("frame", "int", low=0),
))
