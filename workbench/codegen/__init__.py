"""Code generation: the workbench's computations as runnable NumPy/SciPy/SymPy scripts.

Everything here works on plain expression trees (:mod:`workbench.protocol.syntax`)
and plain numbers; it imports neither sympy nor Qt. The printer turns a tree into
code, the builders turn a lab's settings into a whole script, and the notebook
module wraps scripts and derivation steps into a Jupyter notebook.
"""
