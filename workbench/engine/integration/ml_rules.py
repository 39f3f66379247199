"""Standard antiderivatives of the machine-learning functions, as one-step rules.

A student should see that sigmoid integrates to softplus and that σ(1 − σ) is the
derivative of σ, rather than a page of substitutions in exponentials (which is all
sympy's step engine can do once they are written with exp, and slowly).
"""

from __future__ import annotations

import sympy

from workbench.engine.functions import relu, sigmoid, softplus
from workbench.engine.integration.common import step_for
from workbench.engine.integration.rewrite_base import Rewritten, is_linear
from workbench.protocol.steps import Step


def _arguments(f: sympy.Expr, x: sympy.Symbol) -> list[sympy.Expr]:
    args = {a.args[0] for a in f.atoms(sigmoid, relu) if a.has(x)}
    return sorted((a for a in args if is_linear(a, x)), key=sympy.default_sort_key)


def _multiple_of(f: sympy.Expr, form: sympy.Expr, x: sympy.Symbol) -> sympy.Expr | None:
    """c when f = c·form with c free of x, else None."""
    ratio = sympy.cancel(sympy.together(f / form))
    return ratio if not ratio.has(x) and ratio != 0 else None


# (rule, sentence, form of the integrand in s = σ(u) or r = ReLU(u), its antiderivative in u)
_TABLE = (
    ("sigmoid",
     "σ is the derivative of softplus, so σ(x) integrates to softplus(x) = ln(1 + eˣ)",
     lambda u: sigmoid(u), lambda u: softplus(u)),
    ("sigmoid", "σ(x)·(1 − σ(x)) is the derivative of σ, so it integrates back to σ(x)",
     lambda u: sigmoid(u) * (1 - sigmoid(u)), lambda u: sigmoid(u)),
    ("relu", "ReLU is 0 for x < 0 and x after: its integral is 0, then x²/2, that is ReLU(x)²/2",
     lambda u: relu(u), lambda u: relu(u) ** 2 / 2),
)


def ml_rule(f: sympy.Expr, x: sympy.Symbol) -> Rewritten | None:
    """The one-step rule for c·σ(ax+b), c·σ(1 − σ), c·ReLU(ax+b), or None."""
    for u in _arguments(f, x):
        slope = sympy.diff(u, x)
        for name, sentence, form, anti in _TABLE:
            c = _multiple_of(f, form(u), x)
            if c is None:
                continue
            result = c * anti(u) / slope
            title = sentence if slope == 1 else f"{sentence} (divided by {slope}, the inner slope)"
            step: Step = step_for(name, title, f, x, result)
            return step, result
    return None
