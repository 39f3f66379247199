"""The Sums lab: the term, its index and limits, sum or product, and the frame on show."""

from workbench.session.fields import Field
from workbench.session.model import register_lab

register_lab("series", (
    Field("term", "expression", required=True),
    Field("index", "text", default="k"),
    Field("lo", "text", default="1"),
    Field("hi", "text", default="10"),
    Field("operation", "choice", default="sum", choices=("sum", "product")),
    Field("frame", "int", low=0),
    Field("plot_n", "int", low=1, high=10_000),  # with a letter as the upper limit
))
