"""Shared pieces of the derivative tools: inputs, float evaluation, number formatting."""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import sympy

from workbench.engine.differentiation import symbol_in
from workbench.engine.functions import to_elementary
from workbench.engine.precision import MAXN, real_value, settled
from workbench.engine.parsing import parse, parse_bound
from workbench.protocol.syntax import evaluate
from workbench.engine.trees import UnsupportedExpression, to_tree

# functions whose derivative formula is only a one-sided or conventional value at u = 0
_KINKS = (sympy.Heaviside, sympy.sign, sympy.DiracDelta, sympy.Abs)


class DomainError(ValueError):
    """A point outside the domain of the function (or where it has no derivative)."""


def prepare(expr: str | sympy.Expr, var: str | sympy.Symbol) -> tuple[sympy.Expr, sympy.Symbol]:
    """The parsed function and its variable (the function's own symbol of that name)."""
    if isinstance(var, sympy.Symbol):
        return parse(expr, variables=(var.name,)), var
    if not isinstance(var, str) or not var.strip():
        raise ValueError(f"The variable must be a name such as 'x', not {var!r}")
    f = parse(expr, variables=(var.strip(),))
    return f, symbol_in(f, var)


def only_variable(f: sympy.Expr, x: sympy.Symbol) -> None:
    """Refuse functions with other unknowns: a number needs every symbol to have a value."""
    others = sorted(s.name for s in f.free_symbols if s != x)
    if others:
        raise ValueError(f"The function also depends on {', '.join(others)}; "
                         f"give {'it' if len(others) == 1 else 'them'} a value first")


def variables(expr_or_text: str | sympy.Expr,
              names: Iterable[str | sympy.Symbol] | str | None,
              ) -> tuple[sympy.Expr, list[sympy.Symbol]]:
    """The parsed function and its variables (default: every symbol in it, sorted)."""
    if isinstance(names, str):
        names = names.replace(",", " ").split()
    declared = None if names is None else [getattr(n, "name", n) for n in names]
    f = parse(expr_or_text, variables=declared)
    if declared is None:
        declared = sorted(s.name for s in f.free_symbols if isinstance(s, sympy.Symbol))
    if not declared:
        raise ValueError("Name at least one variable")
    return f, [symbol_in(f, str(n).strip()) for n in declared]


def point(at: object) -> sympy.Expr:
    """A finite real point given as a number, text ("pi/4") or sympy number."""
    value = parse_bound(at)
    if not value.is_finite or value.is_real is False:
        raise DomainError(f"The point must be a finite real number, not {value}")
    if value.is_Float:  # 0.5 typed as a float means the exact 1/2 a student has in mind
        value = sympy.Rational(repr(float(value)))
    return value


def step_size(h: object) -> float:
    """A positive finite step size h, as a float."""
    if isinstance(h, bool) or not isinstance(h, (int, float, sympy.Number)):
        raise ValueError(f"The step size h must be a number, not {h!r}")
    value = float(h)
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"The step size h must be a positive finite number, not {value}")
    return value


def sampler(f: sympy.Expr, x: sympy.Symbol):
    """A float64 function of one float, computed the way a student's numpy code does."""
    try:
        tree = to_tree(f)
    except UnsupportedExpression:  # pragma: no cover - parser-built exprs always convert
        fn = sympy.lambdify(x, f, modules="numpy")

        def call(value: float) -> float:
            with np.errstate(all="ignore"):
                return float(np.real_if_close(fn(np.float64(value))))
        return call

    def call_tree(value: float) -> float:
        return float(evaluate(tree, {x.name: np.float64(value)}))
    return call_tree


def precise_sampler(f: sympy.Expr, x: sympy.Symbol):
    """f at a float point, correctly rounded to float64 (NaN where undefined or not real).

    The point is taken exactly as the double it is; f is worked out to
    :data:`~workbench.engine.multivariable.DIGITS` digits. A difference quotient built
    from these values is the float64 quotient of the true f, free of the evaluation
    error of any particular float formula (σ(−30) through tanh loses every digit).
    """
    def call(value: float) -> float:
        if not math.isfinite(value):
            return math.nan
        try:  # the point as the exact double it is, at two precisions (see settled)
            number = settled(lambda digits: elementary.evalf(
                digits, subs={x: sympy.Float(value, digits)}, maxn=MAXN))
        except (TypeError, ValueError, ArithmeticError):
            return math.nan
        return math.nan if x in number.free_symbols else real_value(number)
    elementary = to_elementary(f)
    return call


def exact_value(expr: sympy.Expr) -> sympy.Expr | None:
    """``expr`` when it is a finite real number, else None."""
    if expr.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
        return None
    try:
        value = complex(sympy.N(expr))
    except (TypeError, ValueError):
        return None
    if not (math.isfinite(value.real) and abs(value.imag) <= 1e-12 * max(1.0, abs(value.real))):
        return None
    return expr


def derivative_exists(f: sympy.Expr, df: sympy.Expr, x: sympy.Symbol, a: sympy.Expr) -> bool:
    """Whether f'(a) exists where f' has a kink function (|u|, sign u, step u) at u = 0.

    The formula for f' gives a conventional value there (sign 0 = 0, step 0 = 1/2),
    so the definition decides: both one-sided limits of the difference quotient.
    """
    if not any(sympy.simplify(k.args[0].xreplace({x: a})) == 0 for k in df.atoms(*_KINKS)):
        return True
    h = sympy.Symbol("h", positive=True)
    fa = f.xreplace({x: a})
    try:
        right = sympy.limit((f.xreplace({x: a + h}) - fa) / h, h, 0, "+")
        left = sympy.limit((fa - f.xreplace({x: a - h})) / h, h, 0, "+")
    except (NotImplementedError, ValueError):  # pragma: no cover - sympy gave up
        return False
    return bool(right.is_finite and sympy.simplify(right - left) == 0)


def fmt(value: float) -> str:
    """A float as short LaTeX-friendly text."""
    if not math.isfinite(value):
        return r"\text{undefined}"
    text = f"{value:.10g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        return rf"{mantissa} \cdot 10^{{{int(exponent)}}}"
    return text
