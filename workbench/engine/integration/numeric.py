"""Numbers for integrals: quadrature with scipy and vectorised sampling with numpy.

scipy is imported inside the functions so that importing the engine stays light.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import sympy


def numeric_function(expr: sympy.Expr, *variables: sympy.Symbol) -> Callable[..., np.ndarray]:
    """A numpy function of ``variables`` for a parser-built expression (NaN where undefined)."""
    func = sympy.lambdify(variables, expr, modules=["scipy", "numpy"])

    def evaluate(*args):
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # undefined points become NaN, quietly
            try:
                out = np.asarray(func(*args))
            except (ZeroDivisionError, OverflowError, ValueError, TypeError):
                out = np.asarray(np.nan)
        if np.iscomplexobj(out):
            out = np.where(np.abs(out.imag) < 1e-12, out.real, np.nan)
        shape = np.broadcast(*args).shape
        out = out.astype(float)
        return np.broadcast_to(out, shape).copy() if shape else float(out)

    return evaluate


class _NotFinite(ArithmeticError):
    """The integrand is undefined or infinite at a point quadrature sampled."""


def _no_nan(func: Callable[..., float]) -> Callable[..., float]:
    # inner bounds of dblquad may be infinite, but never undefined
    def guarded(*args: float) -> float:
        value = func(*args)
        if math.isnan(value):
            raise _NotFinite(f"a bound is undefined at {args[0]:.6g}")
        return value
    return guarded


def _finite_only(func: Callable[..., float]) -> Callable[..., float]:
    # QUADPACK in scipy 1.17 can crash the process (bus error) when the integrand returns
    # NaN or inf with a large subdivision limit, so such a point stops the quadrature.
    def guarded(*args: float) -> float:
        value = func(*args)
        if not math.isfinite(value):
            where = ", ".join(f"{a:.6g}" for a in args)
            raise _NotFinite(f"the integrand is undefined or infinite at {where}")
        return value
    return guarded


@dataclass(frozen=True)
class Quadrature:
    """A quadrature value, its error estimate, and whether scipy was content with it."""

    value: float
    error: float
    reliable: bool
    message: str = ""


def bound_value(bound: sympy.Expr) -> float:
    """A bound as a float (±inf for ±oo)."""
    if bound is sympy.oo:
        return math.inf
    if bound is sympy.S.NegativeInfinity:
        return -math.inf
    return float(bound)


def quadrature(expr: sympy.Expr, x: sympy.Symbol, lo: sympy.Expr, hi: sympy.Expr) -> Quadrature:
    """``scipy.integrate.quad`` of ``expr`` over [lo, hi]; NaN when it has other symbols."""
    from scipy import integrate

    if expr.free_symbols - {x}:
        return Quadrature(math.nan, math.nan, False, "the integrand has parameters")
    func = numeric_function(expr, x)

    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            value, error = integrate.quad(_finite_only(func), bound_value(lo), bound_value(hi),
                                          limit=100)
    except _NotFinite as exc:
        return Quadrature(math.nan, math.nan, False, str(exc))
    trouble = [str(w.message).split("\n")[0] for w in caught]
    reliable = math.isfinite(value) and math.isfinite(error) and not trouble and \
        error <= 1e-6 * max(1.0, abs(value))
    return Quadrature(float(value), float(error), reliable, "; ".join(trouble))


def dbl_quadrature(expr: sympy.Expr, inner: tuple, outer: tuple) -> Quadrature:
    """``scipy.integrate.dblquad`` over ``inner`` (bounds may use the outer variable), then
    ``outer``."""
    from scipy import integrate

    (y, c, d), (x, a, b) = inner, outer
    if expr.free_symbols - {x, y}:
        return Quadrature(math.nan, math.nan, False, "the integrand has parameters")
    func = numeric_function(expr, y, x)
    low, high = numeric_function(c, x), numeric_function(d, x)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            value, error = integrate.dblquad(_finite_only(func), bound_value(a), bound_value(b),
                                             _no_nan(low), _no_nan(high))
    except _NotFinite as exc:
        return Quadrature(math.nan, math.nan, False, str(exc))
    trouble = [str(w.message).split("\n")[0] for w in caught]
    reliable = math.isfinite(value) and not trouble and error <= 1e-6 * max(1.0, abs(value))
    return Quadrature(float(value), float(error), reliable, "; ".join(trouble))


def agree(exact: sympy.Expr | None, quad: Quadrature) -> bool:
    """Whether an exact value matches a quadrature within its error (and rounding)."""
    if exact is None or not math.isfinite(quad.value):
        return False
    try:
        number = complex(sympy.N(exact, 20))
    except (TypeError, ValueError):
        return False
    if abs(number.imag) > 1e-9 or not math.isfinite(number.real):
        return False
    return abs(number.real - quad.value) <= max(1e-7 * max(1.0, abs(quad.value)), 10 * quad.error)
