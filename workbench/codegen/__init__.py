"""Code generation: the workbench's computations as runnable NumPy/SciPy/SymPy scripts.

Everything here works on plain expression trees (:mod:`workbench.protocol.syntax`)
and plain numbers; it imports neither sympy nor Qt. The printer turns a tree into
code, the builders turn a lab's settings into a whole script (a string), and the
notebook module wraps scripts and derivation steps into a Jupyter notebook. Every
builder raises :class:`CodegenError` (a ValueError) for input it will not print.
"""

from __future__ import annotations

from workbench.codegen.backprop import backprop_script, backprop_script_from_graph
from workbench.codegen.calculus import (
    derivative_script,
    double_integral_script,
    explore_script,
    integral_script,
    series_script,
)
from workbench.codegen.descent import Run, descent_script
from workbench.codegen.layer import layer_script
from workbench.codegen.notebook import Section, notebook, notebook_json
from workbench.codegen.printer import CodegenError, to_numpy, to_sympy
from workbench.codegen.probability import Named, probability_script, recognise

__all__ = ["CodegenError", "Named", "Run", "Section", "backprop_script",
           "backprop_script_from_graph", "derivative_script",
           "descent_script", "double_integral_script", "explore_script", "integral_script",
           "layer_script", "notebook", "notebook_json", "probability_script", "recognise",
           "series_script",
           "to_numpy", "to_sympy"]
