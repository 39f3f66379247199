"""The machine-learning functions students meet, as first-class sympy functions.

Each knows its derivative (so steps can name the rule), its value at numbers, its
LaTeX, how to rewrite itself in elementary terms, and a numpy implementation that
``lambdify`` picks up through ``_imp_``.
"""

from __future__ import annotations

import numpy as np
import sympy
from mpmath.libmp import prec_to_dps
from sympy import Function, Heaviside, Max, Piecewise, S, exp, log


def _numpy_sigmoid(x):
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(x, dtype=float)))


def _numpy_relu(x):
    return np.maximum(np.asarray(x, dtype=float), 0.0)


def _numpy_softplus(x):
    return np.logaddexp(0.0, np.asarray(x, dtype=float))


class _MLFunction(Function):
    """What sigmoid, ReLU and softplus share: real on real input, numeric values through
    their elementary form (``_elementary``), and LaTeX under the name ``_latex_name``."""

    nargs = 1
    _latex_name = ""

    @staticmethod
    def _elementary(x):  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def _eval_evalf(self, prec):
        if self.args[0].is_number:
            # evalf, not _eval_evalf: evalf raises its working precision where terms cancel
            # (softplus(-50) = log(1 + e^-50) kept only 11 digits the other way)
            return self._elementary(self.args[0]).evalf(prec_to_dps(prec))
        return None

    def _eval_is_real(self):
        return self.args[0].is_extended_real

    def _latex(self, printer, exp=None):
        arg = printer._print(self.args[0])  # noqa: SLF001 - sympy's printer protocol
        inner = rf"{self._latex_name}\left({arg}\right)"
        return rf"{inner}^{{{exp}}}" if exp else inner


class sigmoid(_MLFunction):  # noqa: N801 - named as students write it
    """The logistic function σ(x) = 1 / (1 + e^(-x))."""

    _imp_ = staticmethod(_numpy_sigmoid)
    _latex_name = r"\sigma"

    @staticmethod
    def _elementary(x):
        return 1 / (1 + exp(-x))

    @classmethod
    def eval(cls, x):
        if x.is_zero:
            return S.Half
        if x is S.Infinity:
            return S.One
        if x is S.NegativeInfinity:
            return S.Zero
        return None

    def fdiff(self, argindex=1):
        s = sigmoid(self.args[0])
        return s * (1 - s)

    def _eval_rewrite_as_exp(self, x, **kwargs):
        return self._elementary(x)

    def _eval_is_positive(self):
        return True if self.args[0].is_real else None


class relu(_MLFunction):  # noqa: N801
    """The rectifier ReLU(x) = max(0, x)."""

    _imp_ = staticmethod(_numpy_relu)
    _latex_name = r"\operatorname{ReLU}"

    @staticmethod
    def _elementary(x):
        return Max(0, x)

    @classmethod
    def eval(cls, x):
        if x.is_extended_nonnegative:
            return x
        if x.is_extended_negative:
            return S.Zero
        return None

    def fdiff(self, argindex=1):
        return Heaviside(self.args[0])

    def _eval_rewrite_as_Max(self, x, **kwargs):  # noqa: N802 - sympy's name
        return self._elementary(x)

    def _eval_rewrite_as_Piecewise(self, x, **kwargs):  # noqa: N802 - sympy's name
        return Piecewise((0, x < 0), (x, True))

    def _eval_is_nonnegative(self):
        return True if self.args[0].is_real else None


class softplus(_MLFunction):  # noqa: N801
    """The smooth rectifier softplus(x) = ln(1 + e^x)."""

    _imp_ = staticmethod(_numpy_softplus)
    _latex_name = r"\operatorname{softplus}"

    @staticmethod
    def _elementary(x):
        return log(1 + exp(x))

    @classmethod
    def eval(cls, x):
        if x.is_zero:
            return log(2)
        return None

    def fdiff(self, argindex=1):
        return sigmoid(self.args[0])

    def _eval_rewrite_as_log(self, x, **kwargs):
        return self._elementary(x)

    _eval_rewrite_as_exp = _eval_rewrite_as_log

    def _eval_is_positive(self):
        return True if self.args[0].is_real else None


CUSTOM_FUNCTIONS = (sigmoid, relu, softplus)


def to_elementary(expr: sympy.Expr) -> sympy.Expr:
    """``expr`` with sigmoid, ReLU and softplus written in standard sympy functions.

    The result is what ``sympy.sympify`` of its string gives back, so it is the form
    used in ``to_dict`` and for any computation that only sympy's own functions survive.
    """
    return expr.replace(sigmoid, lambda x: 1 / (1 + exp(-x))).replace(
        relu, lambda x: Max(0, x)).replace(softplus, lambda x: log(1 + exp(x)))
