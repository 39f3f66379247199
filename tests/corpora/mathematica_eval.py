"""Values of the trees of :mod:`tests.corpora.mathematica`: as mpmath numbers or sympy objects.

Both walk the tree node by node through fixed tables of Mathematica names, so nothing
read from a file is ever evaluated as code. mpmath follows the same principal branches
as Mathematica (``ArcCot[z] = ArcTan[1/z]``, ``EllipticF[phi, m]`` with parameter m), which
is what lets a derivative be checked numerically in the complex plane.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

import mpmath
import sympy

from tests.corpora.mathematica import Tree

# The functions an integrand may use so that our parser can type it (Mathematica name).
ELEMENTARY = frozenset({
    "Sqrt", "Exp", "Log", "Sin", "Cos", "Tan", "Cot", "Sec", "Csc", "ArcSin", "ArcCos",
    "ArcTan", "ArcCot", "ArcSec", "ArcCsc", "Sinh", "Cosh", "Tanh", "Coth", "Sech", "Csch",
    "ArcSinh", "ArcCosh", "ArcTanh", "ArcCoth", "ArcSech", "ArcCsch", "Abs",
})
_SPELLED_ALIKE = ("Sin", "Cos", "Tan", "Cot", "Sec", "Csc", "Sinh", "Cosh", "Tanh", "Coth",
                  "Sech", "Csch", "Exp", "Sqrt")
_INVERSE = ("Sin", "Cos", "Tan", "Cot", "Sec", "Csc", "Sinh", "Cosh", "Tanh", "Coth", "Sech",
            "Csch")


def _unary_tables() -> tuple[dict[str, Callable], dict[str, Callable]]:
    mp: dict[str, Callable] = {name: getattr(mpmath, name.lower()) for name in _SPELLED_ALIKE}
    sp: dict[str, Callable] = {name: getattr(sympy, name.lower()) for name in _SPELLED_ALIKE}
    for name in _INVERSE:
        mp["Arc" + name] = getattr(mpmath, "a" + name.lower())
        sp["Arc" + name] = getattr(sympy, "a" + name.lower())
    mp.update({"Log": mpmath.log, "Abs": abs, "Erf": mpmath.erf, "Erfi": mpmath.erfi,
               "Erfc": mpmath.erfc,
               "FresnelS": mpmath.fresnels, "FresnelC": mpmath.fresnelc,
               "SinIntegral": mpmath.si, "CosIntegral": mpmath.ci,
               "SinhIntegral": mpmath.shi, "CoshIntegral": mpmath.chi,
               "ExpIntegralEi": mpmath.ei, "LogIntegral": mpmath.li,
               "EllipticK": mpmath.ellipk})
    sp.update({"Log": sympy.log, "Abs": sympy.Abs, "Erf": sympy.erf, "Erfi": sympy.erfi,
               "Erfc": sympy.erfc,
               "FresnelS": sympy.fresnels, "FresnelC": sympy.fresnelc, "SinIntegral": sympy.Si,
               "CosIntegral": sympy.Ci, "SinhIntegral": sympy.Shi, "CoshIntegral": sympy.Chi,
               "ExpIntegralEi": sympy.Ei, "LogIntegral": sympy.li,
               "EllipticK": sympy.elliptic_k})
    return mp, sp


_MP_UNARY, _SP_UNARY = _unary_tables()

# Calls with more than one argument (or a choice of counts): name -> {arity: function}.
_MP_MULTI: dict[str, dict[int, Callable]] = {
    "Log": {2: lambda b, z: mpmath.log(z) / mpmath.log(b)},
    # ArcTan[x, y], the argument of x + i y, for complex x, y too (Mathematica's definition)
    "ArcTan": {2: lambda x, y: -1j * mpmath.log((x + 1j * y) / mpmath.sqrt(x * x + y * y))},
    "PolyLog": {2: mpmath.polylog},
    "EllipticF": {2: mpmath.ellipf},
    "EllipticE": {1: mpmath.ellipe, 2: mpmath.ellipe},
    "EllipticPi": {2: mpmath.ellippi, 3: mpmath.ellippi},
    "Hypergeometric2F1": {4: lambda a, b, c, z: mpmath.hyp2f1(a, b, c, z)},
    "AppellF1": {6: mpmath.appellf1},
    "Gamma": {1: mpmath.gamma, 2: lambda a, z: mpmath.gammainc(a, z)},
    "ExpIntegralE": {2: mpmath.expint},
    "HypergeometricPFQ": {3: lambda a, b, z: mpmath.hyper(list(a), list(b), z)},
}
_SP_MULTI: dict[str, dict[int, Callable]] = {
    "Log": {2: lambda b, z: sympy.log(z) / sympy.log(b)},
    "ArcTan": {2: lambda x, y: sympy.atan2(y, x)},
    "PolyLog": {2: sympy.polylog},
    "EllipticF": {2: sympy.elliptic_f},
    "EllipticE": {1: sympy.elliptic_e, 2: sympy.elliptic_e},
    "EllipticPi": {2: sympy.elliptic_pi, 3: sympy.elliptic_pi},
    "Hypergeometric2F1": {4: lambda a, b, c, z: sympy.hyper([a, b], [c], z)},
    "AppellF1": {6: sympy.appellf1},
    "Gamma": {1: sympy.gamma, 2: sympy.uppergamma},
    "ExpIntegralE": {2: sympy.expint},
    "HypergeometricPFQ": {3: lambda a, b, z: sympy.hyper(list(a), list(b), z)},
}
_MP_CONSTANTS = {"E": mpmath.e, "Pi": mpmath.pi, "I": mpmath.j, "EulerGamma": mpmath.euler}
_SP_CONSTANTS = {"E": sympy.E, "Pi": sympy.pi, "I": sympy.I, "EulerGamma": sympy.EulerGamma}


class Unsupported(ValueError):
    """The tree names a function or symbol outside the tables."""


def known_heads() -> frozenset[str]:
    """Every function name the two evaluators understand."""
    return frozenset(_MP_UNARY) | frozenset(_MP_MULTI)


def _function(name: str, count: int, unary: dict, multi: dict) -> Callable:
    if count == 1 and name in unary:
        return unary[name]
    chosen = multi.get(name, {}).get(count)
    if chosen is None:
        raise Unsupported(f"{name} with {count} argument(s)")
    return chosen


def mp_value(tree: Tree, env: dict[str, Any]) -> Any:
    """The mpmath value of ``tree``, symbols taken from ``env`` (then E, Pi, I)."""
    kind = tree[0]
    if kind == "int":
        return mpmath.mpf(tree[1])
    if kind == "real":
        frac = Fraction(tree[1])
        return mpmath.mpf(frac.numerator) / frac.denominator
    if kind == "sym":
        name = tree[1]
        if name in env:
            return env[name]
        if name in _MP_CONSTANTS:
            return +_MP_CONSTANTS[name]
        raise Unsupported(f"the symbol {name}")
    if kind == "plus":
        return mpmath.fsum(mp_value(child, env) for child in tree[1:])
    if kind == "times":
        return mpmath.fprod(mp_value(child, env) for child in tree[1:])
    if kind == "power":
        return _mp_power(mp_value(tree[1], env), tree[2], env)
    if kind == "list":
        return [mp_value(child, env) for child in tree[1:]]
    args = [mp_value(child, env) for child in tree[2:]]
    return _function(tree[1], len(args), _MP_UNARY, _MP_MULTI)(*args)


def _mp_power(base: Any, exponent: Tree, env: dict[str, Any]) -> Any:
    if exponent[0] == "int":  # exact integer powers: 0^-1 is a pole, not a complex guess
        if base == 0 and exponent[1] < 0:
            raise ZeroDivisionError("0 to a negative power")
        return base ** exponent[1]
    return mpmath.power(base, mp_value(exponent, env))


def sympy_value(tree: Tree, env: dict[str, sympy.Expr]) -> sympy.Expr:
    """The sympy object of ``tree``, built node by node; symbols from ``env`` (then E, Pi, I)."""
    kind = tree[0]
    if kind == "int":
        return sympy.Integer(tree[1])
    if kind == "real":
        frac = Fraction(tree[1])
        return sympy.Rational(frac.numerator, frac.denominator)
    if kind == "sym":
        name = tree[1]
        if name in env:
            return env[name]
        if name in _SP_CONSTANTS:
            return _SP_CONSTANTS[name]
        raise Unsupported(f"the symbol {name}")
    if kind == "plus":
        return sympy.Add(*(sympy_value(child, env) for child in tree[1:]))
    if kind == "times":
        return sympy.Mul(*(sympy_value(child, env) for child in tree[1:]))
    if kind == "power":
        return sympy.Pow(sympy_value(tree[1], env), sympy_value(tree[2], env))
    if kind == "list":
        return [sympy_value(child, env) for child in tree[1:]]
    args = [sympy_value(child, env) for child in tree[2:]]
    return _function(tree[1], len(args), _SP_UNARY, _SP_MULTI)(*args)
