"""Evaluate a plain expression tree on numpy arrays.

This is how curves are sampled in the window: no generated code runs, only this
table of numpy functions. Results are real: where a real function is undefined
(log of a negative number, asin outside [-1, 1]) the value is NaN.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from fractions import Fraction

import numpy as np

from workbench.protocol.syntax.tree import Node

Array = np.ndarray


class EvaluationError(ValueError):
    """A tree uses an operation or variable the evaluator lacks, or a number beyond floats."""


def _sigmoid(x: Array) -> Array:
    # 1 / (1 + e^-x) as exp(-log(1 + e^-x)): no overflow for large -x, and full relative
    # precision in the far left tail (0.5 (1 + tanh(x/2)) cancels to 0 below x = -37)
    return np.exp(-np.logaddexp(0.0, -x))


def _real_sqrt(x: Array) -> Array:
    return np.sqrt(np.where(x >= 0, x, np.nan))


def _safe_log(x: Array) -> Array:
    return np.log(np.where(x > 0, x, np.nan))


def _elementwise(func: Callable[..., float], *args: Array) -> Array:
    # frompyfunc gives a bare float for scalar inputs (erf(1)), an object array otherwise
    return np.asarray(np.frompyfunc(func, len(args), 1)(*args), dtype=float)


def _erf(x: Array) -> Array:
    return _elementwise(math.erf, x)


def _factorial_scalar(x: float) -> float:
    if x < 0 and x == int(x):
        return math.nan  # a pole of the gamma function
    try:
        return math.gamma(x + 1.0)  # n! = Γ(n + 1), also between the whole numbers
    except OverflowError:  # past 170!: too large for a float
        return math.inf
    except ValueError:
        return math.nan


def _binomial_scalar(n: float, k: float) -> float:
    if n == int(n) and k == int(k) and n >= 0:
        if k < 0 or k > n:
            return 0.0
        k = min(k, n - k)  # C(n, k) = C(n, n - k): the smaller side keeps math.comb quick
        if k <= 1000:
            try:
                return float(math.comb(int(n), int(k)))
            except OverflowError:  # too large for a float
                return math.inf
    try:
        log_value = math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)
        sign = _gamma_sign(n + 1) * _gamma_sign(k + 1) * _gamma_sign(n - k + 1)
        return sign * math.exp(log_value)
    except (OverflowError, ValueError):
        return math.nan


def _gamma_sign(x: float) -> float:
    # Γ is positive for x > 0 and alternates in sign between the poles at 0, -1, -2, ...
    return 1.0 if x > 0 or math.floor(x) % 2 == 0 else -1.0


def _factorial(x: Array) -> Array:
    return _elementwise(_factorial_scalar, x)


def _binomial(n: Array, k: Array) -> Array:
    return _elementwise(_binomial_scalar, n, k)


_UNARY: dict[str, Callable[[Array], Array]] = {
    "sin": np.sin, "cos": np.cos, "tan": np.tan,
    "cot": lambda x: 1.0 / np.tan(x), "sec": lambda x: 1.0 / np.cos(x),
    "csc": lambda x: 1.0 / np.sin(x),
    "asin": np.arcsin, "acos": np.arccos, "atan": np.arctan,
    "acot": lambda x: np.arctan(1.0 / x), "asec": lambda x: np.arccos(1.0 / x),
    "acsc": lambda x: np.arcsin(1.0 / x),
    "sinh": np.sinh, "cosh": np.cosh, "tanh": np.tanh,
    "coth": lambda x: 1.0 / np.tanh(x), "sech": lambda x: 1.0 / np.cosh(x),
    "csch": lambda x: 1.0 / np.sinh(x),
    "asinh": np.arcsinh, "acosh": np.arccosh, "atanh": np.arctanh,
    "acoth": lambda x: np.arctanh(1.0 / x), "asech": lambda x: np.arccosh(1.0 / x),
    "acsch": lambda x: np.arcsinh(1.0 / x),
    "exp": np.exp, "ln": _safe_log, "sqrt": _real_sqrt, "cbrt": np.cbrt,
    "abs": np.abs, "sign": np.sign, "floor": np.floor, "ceil": np.ceil,
    "sigmoid": _sigmoid, "relu": lambda x: np.maximum(x, 0.0),
    "softplus": lambda x: np.logaddexp(0.0, x),
    "heaviside": lambda x: np.heaviside(x, 0.5), "erf": _erf, "factorial": _factorial,
}
_BINARY: dict[str, Callable[[Array, Array], Array]] = {
    "log": lambda x, b: _safe_log(x) / _safe_log(b),
    "min": np.minimum, "max": np.maximum, "atan2": np.arctan2, "binomial": _binomial,
}
_CONSTANTS = {"pi": math.pi, "e": math.e, "oo": math.inf, "nan": math.nan}
_COMPARE: dict[str, Callable[[Array, Array], Array]] = {
    "lt": np.less, "le": np.less_equal, "gt": np.greater, "ge": np.greater_equal,
    "eq": np.equal, "ne": np.not_equal,
}


def supported_functions() -> frozenset[str]:
    """The function names this evaluator knows."""
    return frozenset(_UNARY) | frozenset(_BINARY)


def evaluate(tree: Node, env: Mapping[str, Array | float]) -> Array:
    """Evaluate ``tree`` with each variable bound to an array (or a number) in ``env``.

    Returns a float array broadcast over the inputs; undefined points are NaN, never
    complex numbers and never warnings.
    """
    with np.errstate(all="ignore"):
        value = _eval(tree, env)
        return np.asarray(value, dtype=float)


def _eval(node: Node, env: Mapping[str, Array | float]) -> Array:
    op = node[0]
    if op == "num":
        return _literal(node[1])
    if op == "sym":
        try:
            return np.asarray(env[node[1]], dtype=float)
        except KeyError:
            raise EvaluationError(f"no value given for the variable {node[1]}") from None
    if op == "const":
        return np.float64(_CONSTANTS[node[1]])
    if op == "add":
        total = _eval(node[1], env)
        for child in node[2:]:
            total = total + _eval(child, env)
        return total
    if op == "mul":
        total = _eval(node[1], env)
        for child in node[2:]:
            total = total * _eval(child, env)
        return total
    if op == "neg":
        return -_eval(node[1], env)
    if op == "div":
        return _eval(node[1], env) / _eval(node[2], env)
    if op == "pow":
        return _power(node, env)
    if op == "call":
        return _call(node, env)
    if op == "piecewise":
        return _piecewise(node, env)
    if op in _COMPARE:
        return _COMPARE[op](_eval(node[1], env), _eval(node[2], env))
    if op == "and":
        return np.logical_and.reduce([_eval(c, env) for c in node[1:]])
    if op == "or":
        return np.logical_or.reduce([_eval(c, env) for c in node[1:]])
    if op == "true":
        return np.bool_(True)
    raise EvaluationError(f"unknown operation {op!r}")


def _literal(text: str) -> np.float64:
    try:
        return np.float64(float(Fraction(text)))
    except OverflowError:
        # 10^400 computed in floats is inf, but a literal past the float range is a
        # number the student typed that no curve can show: say so.
        raise EvaluationError(f"the number {text[:20]} is too large to evaluate in floating "
                              "point (beyond 1.8e308)") from None


def _call(node: Node, env: Mapping[str, Array | float]) -> Array:
    name, args = node[1], [_eval(a, env) for a in node[2:]]
    if len(args) == 1 and name in _UNARY:
        return _UNARY[name](args[0])
    if len(args) == 2 and name in _BINARY:
        return _BINARY[name](args[0], args[1])
    raise EvaluationError(f"unknown function {name!r} with {len(args)} argument(s)")


def _odd_root_degree(exponent: Node) -> bool:
    """True for a literal exponent p/q with q odd (x^(1/3) is real for x < 0)."""
    if exponent[0] == "neg":
        exponent = exponent[1]
    try:
        if exponent[0] == "num":
            frac = Fraction(exponent[1])
        elif exponent[0] == "div" and exponent[1][0] == "num" and exponent[2][0] == "num":
            frac = Fraction(exponent[1][1]) / Fraction(exponent[2][1])
        else:
            return False
    except (ValueError, ZeroDivisionError):
        return False
    return frac.denominator % 2 == 1 and frac.denominator > 1


def _power(node: Node, env: Mapping[str, Array | float]) -> Array:
    base, exponent = _eval(node[1], env), _eval(node[2], env)
    if _odd_root_degree(node[2]):
        # The real odd root: (-8)^(1/3) = -2, as a student graphing it expects.
        magnitude = np.power(np.abs(base), exponent)
        numerator = round(float(np.asarray(exponent).flat[0]) * _denominator(node[2]))
        return np.where(base < 0, magnitude * (-1.0) ** (numerator % 2), magnitude)
    return np.power(base, exponent)


def _denominator(exponent: Node) -> int:
    if exponent[0] == "neg":
        exponent = exponent[1]
    if exponent[0] == "num":
        return Fraction(exponent[1]).denominator
    return (Fraction(exponent[1][1]) / Fraction(exponent[2][1])).denominator


def _piecewise(node: Node, env: Mapping[str, Array | float]) -> Array:
    values = [_eval(value, env) for value, _ in node[1:]]
    conditions = [np.asarray(_eval(cond, env), dtype=bool) for _, cond in node[1:]]
    shape = np.broadcast_shapes(*(np.shape(v) for v in values + conditions))
    return np.select([np.broadcast_to(c, shape) for c in conditions],
                     [np.broadcast_to(v, shape) for v in values], default=np.nan)
