"""The Integrals lab: the function, the bounds, the Riemann rule and n, the view on show,
and the double integral's setup."""

from workbench.session.fields import Field
from workbench.session.model import register_lab

_XY = ("x", "y")

register_lab("integrals", (
    Field("function", "expression", required=True),
    Field("a", "expression", default="0"),  # text: "pi/2" is a bound too
    Field("b", "expression", default="1"),
    Field("rule", "choice", default="midpoint",
          choices=("left", "right", "midpoint", "trapezoid", "simpson")),
    Field("n", "int", default=8, low=1, high=1000),
    Field("view", "choice", default="area", choices=("area", "riemann", "double")),
    Field("double_function", "expression", default="x y", variables=_XY),
    Field("double_inner", "choice", default="y", choices=("y", "x")),
    Field("double_inner_low", "expression", default="0", variables=_XY),
    Field("double_inner_high", "expression", default="x^2", variables=_XY),
    Field("double_outer_low", "expression", default="0"),
    Field("double_outer_high", "expression", default="1"),
))
