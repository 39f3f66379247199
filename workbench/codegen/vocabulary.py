"""What the printer may write: function tables by canonical name, constants, script names.

Every function the generated code calls is a value in these tables, keyed by the
parser's canonical function names (:mod:`workbench.protocol.syntax.vocabulary`).
"""

from __future__ import annotations

#: Every name a generated script defines at module level (and ``at``, a local of the
#: backprop check); a variable spelt like one of them gets a trailing underscore so it
#: never shadows a module or a script's own name. tests/codegen keeps the list complete.
SCRIPT_NAMES = frozenset({
    # modules
    "np", "sp", "math", "scipy", "special", "integrate", "stats", "torch",
    # functions and expressions
    "report", "f", "f_expr", "df_expr", "g", "g_expr", "pdf", "pdf_expr", "term",
    "term_expr", "antideriv", "grad_expr", "hess_expr", "grad_numeric", "loss_f", "grad_f",
    "healthy", "run", "gd", "momentum", "adagrad", "rmsprop", "adam", "adamw", "sympy_gradient",
    "at",
    # numbers
    "exact", "point", "step", "forward", "central", "lower", "upper", "value", "error",
    "pieces", "edges", "lefts", "rights", "heights", "riemann", "inner", "closed", "total",
    "indices", "terms", "partial", "count", "STEPS", "TOL", "LIMIT", "start", "final",
    "final_loss", "status", "lo", "hi", "prob", "prob_error", "total_error", "expect",
    "expect_error", "dist", "rng", "draws", "grid", "cells", "cdf", "inside", "xs", "ys",
    "defined",
})

NUMPY_DIRECT = {
    "sin": "np.sin", "cos": "np.cos", "tan": "np.tan", "asin": "np.arcsin",
    "acos": "np.arccos", "atan": "np.arctan", "sinh": "np.sinh", "cosh": "np.cosh",
    "tanh": "np.tanh", "asinh": "np.arcsinh", "acosh": "np.arccosh", "atanh": "np.arctanh",
    "exp": "np.exp", "ln": "np.log", "sqrt": "np.sqrt", "cbrt": "np.cbrt", "abs": "np.abs",
    "sign": "np.sign", "floor": "np.floor", "ceil": "np.ceil", "erf": "special.erf",
}
# reciprocal functions: name -> (numpy function, applied to 1/arg instead of giving 1/f)
NUMPY_RECIPROCAL = {
    "cot": ("np.tan", False), "sec": ("np.cos", False), "csc": ("np.sin", False),
    "coth": ("np.tanh", False), "sech": ("np.cosh", False), "csch": ("np.sinh", False),
    "acot": ("np.arctan", True), "asec": ("np.arccos", True), "acsc": ("np.arcsin", True),
    "acoth": ("np.arctanh", True), "asech": ("np.arccosh", True),
    "acsch": ("np.arcsinh", True),
}
# sound forms: sigmoid as exp(-log(1 + e^-x)) never overflows and keeps the left tail
NUMPY_TEMPLATES = {
    "sigmoid": "np.exp(-np.logaddexp(0.0, -{1}))",
    "relu": "np.maximum({0}, 0.0)",
    "softplus": "np.logaddexp(0.0, {0})",
    "heaviside": "np.heaviside({0}, 0.5)",
}
SYMPY_DIRECT = {
    "sin": "sp.sin", "cos": "sp.cos", "tan": "sp.tan", "cot": "sp.cot", "sec": "sp.sec",
    "csc": "sp.csc", "asin": "sp.asin", "acos": "sp.acos", "atan": "sp.atan",
    "acot": "sp.acot", "asec": "sp.asec", "acsc": "sp.acsc", "sinh": "sp.sinh",
    "cosh": "sp.cosh", "tanh": "sp.tanh", "coth": "sp.coth", "sech": "sp.sech",
    "csch": "sp.csch", "asinh": "sp.asinh", "acosh": "sp.acosh", "atanh": "sp.atanh",
    "acoth": "sp.acoth", "asech": "sp.asech", "acsch": "sp.acsch", "exp": "sp.exp",
    "ln": "sp.log", "sqrt": "sp.sqrt", "cbrt": "sp.cbrt", "abs": "sp.Abs", "sign": "sp.sign",
    "floor": "sp.floor", "ceil": "sp.ceiling", "heaviside": "sp.Heaviside", "erf": "sp.erf",
}
SYMPY_TEMPLATES = {
    "sigmoid": "1 / (1 + sp.exp(-{1}))",
    "relu": "sp.Max(0, {0})",
    "softplus": "sp.log(1 + sp.exp({0}))",
}
CONSTANTS = {"numpy": {"pi": "np.pi", "e": "np.e", "oo": "np.inf"},
              "sympy": {"pi": "sp.pi", "e": "sp.E", "oo": "sp.oo"}}
