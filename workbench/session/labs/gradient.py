"""The gradient lab: f(x, y), the view, the point examined, and the optimizer race."""

from workbench.session.fields import Field
from workbench.session.model import register_lab

OPTIMIZERS = ("gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam")

register_lab("gradient", (
    Field("function", "expression", required=True),
    Field("x_range", "range"),
    Field("y_range", "range"),
    Field("point", "point"),  # where the partial derivatives are read (1 or 2 numbers)
    Field("direction", "point", size=2),  # the direction of the directional derivative
    Field("start", "point"),  # where descent starts (1 or 2 numbers)
    Field("optimizers", "choices", choices=OPTIMIZERS),
    Field("lr", "number", low=1e-6, high=100.0),
    Field("hyper", "number_map"),  # "adam.beta1" -> 0.9 ...
    Field("rates", "number_map"),  # each optimizer's own learning rate: "adam" -> 0.1
    Field("same_rate", "bool"),  # True: "lr" drives every racer
    Field("steps", "int", low=0, high=5000),
    Field("frame", "int", low=0, high=5000),
    Field("show_3d", "bool", default=False),
))
