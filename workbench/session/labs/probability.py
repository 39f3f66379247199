"""The Probability lab: the density (preset or typed), its bounds, g and the Monte Carlo frame."""

from workbench.session.fields import Field
from workbench.session.model import register_lab

register_lab("probability", (
    Field("preset", "choice", default="normal",
          choices=("normal", "exponential", "uniform", "typed")),
    Field("pdf", "expression", required=True),
    Field("params", "number_map"),
    Field("support_lo", "text", default="-oo"),
    Field("support_hi", "text", default="oo"),
    Field("a", "text", default="-1"),
    Field("b", "text", default="1"),
    Field("g", "expression", default="x"),
    Field("seed", "int", default=1, low=0),
    Field("frame", "int", low=0),
))
