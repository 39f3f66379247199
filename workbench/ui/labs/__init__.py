"""One panel module per lab (derivatives, integrals, gradient, ...).

``LABS`` lists every lab the window offers, in tab order, as kind -> (tab title,
"module:Class"). The window imports a lab's module only when its tab is first opened,
so labs cost nothing at start-up; a lab whose module is not there is simply not offered.
"""

from __future__ import annotations

import importlib
import importlib.util

LABS: dict[str, tuple[str, str]] = {
    "derivatives": ("Derivatives", "workbench.ui.labs.derivatives:DerivativesLab"),
    "integrals": ("Integrals", "workbench.ui.labs.integrals:IntegralsLab"),
    "gradient": ("Gradient", "workbench.ui.labs.gradient:GradientLab"),
    "backprop": ("Backprop", "workbench.ui.labs.backprop:BackpropLab"),
    "layers": ("Layers", "workbench.ui.labs.layers:LayersLab"),
    "series": ("Sums", "workbench.ui.labs.series:SeriesLab"),
    "probability": ("Probability", "workbench.ui.labs.probability:ProbabilityLab"),
}


def available_labs() -> list[str]:
    """The lab kinds whose modules are installed, in tab order."""
    return [kind for kind, (_, target) in LABS.items()
            if importlib.util.find_spec(target.split(":")[0]) is not None]


def lab_class(kind: str) -> type:
    """The class of lab ``kind`` (imports its module)."""
    module, _, name = LABS[kind][1].partition(":")
    return getattr(importlib.import_module(module), name)
