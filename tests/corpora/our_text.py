"""Write a sympy expression as text in the workbench's own input syntax.

``x**2*sin(x)`` becomes ``x^2 sin(x)``, ``(1 - x**2)**(1/2)`` becomes ``sqrt(1 - x^2)``,
``asin(x)`` stays ``asin(x)`` and Euler's number is ``e``. Only the names our parser
accepts are written; anything else raises :class:`NotTypeable`.
"""

from __future__ import annotations

import sympy

from workbench.protocol.syntax.vocabulary import FUNCTION_ALIASES

# The sympy function of each name in our parser's vocabulary that sympy spells alike
# (sin, asinh, exp, log, erf, ...), plus Abs; sqrt and cbrt are powers.
_NAMES: dict[type, str] = {getattr(sympy, name): name for name in set(FUNCTION_ALIASES.values())
                           if isinstance(getattr(sympy, name, None), type)}
_NAMES.update({sympy.Abs: "abs", sympy.log: "log"})  # sympy.ln is sympy.log: one spelling
# Binding strength: a sum inside a product or a power needs parentheses, and so on.
_SUM, _PRODUCT, _POWER, _ATOM = 1, 2, 3, 4


class NotTypeable(ValueError):
    """The expression uses something the workbench parser cannot read."""


def our_text(expr: sympy.Expr) -> str:
    """``expr`` as text that ``workbench.engine.parse`` reads back."""
    return _text(expr)[0]


def _wrap(expr: sympy.Expr, least: int) -> str:
    text, strength = _text(expr)
    return f"({text})" if strength < least else text


def _text(expr: sympy.Expr) -> tuple[str, int]:
    """The text of ``expr`` and how strongly it binds."""
    if expr.is_Integer:
        return str(expr), (_ATOM if expr >= 0 else _SUM)
    if expr.is_Rational:
        return f"{expr.p}/{expr.q}", _SUM if expr < 0 else _PRODUCT
    if expr.is_Symbol:
        return expr.name, _ATOM
    if expr is sympy.pi:
        return "pi", _ATOM
    if expr is sympy.E:
        return "e", _ATOM
    if expr.is_Add:
        return _sum(expr), _SUM
    if expr.is_Mul:
        return _product(expr)
    if expr.is_Pow:
        return _power(expr)
    name = _NAMES.get(type(expr))
    if name is None or len(expr.args) != 1:
        raise NotTypeable(f"{type(expr).__name__} has no spelling in our syntax")
    return f"{name}({_text(expr.args[0])[0]})", _ATOM


def _sum(expr: sympy.Add) -> str:
    terms = expr.as_ordered_terms()
    text = _text(terms[0])[0]
    for term in terms[1:]:
        if term.could_extract_minus_sign():
            text += f" - {_wrap(-term, _PRODUCT)}"
        else:
            text += f" + {_wrap(term, _PRODUCT)}"
    return text


def _product(expr: sympy.Mul) -> tuple[str, int]:
    if expr.could_extract_minus_sign():
        return f"-{_wrap(-expr, _PRODUCT)}", _SUM
    numer, denom = [], []
    for factor in expr.as_ordered_factors():
        if factor.is_Rational and factor.q != 1:
            numer.append(sympy.Integer(factor.p))
            denom.append(sympy.Integer(factor.q))
        elif factor.is_Pow and factor.exp.could_extract_minus_sign():
            denom.append(sympy.Pow(factor.base, -factor.exp))
        else:
            numer.append(factor)
    numer = [f for f in numer if f != 1] or [sympy.Integer(1)]
    text = _juxtapose(numer)
    if denom:
        bottom = _wrap(denom[0], _POWER) if len(denom) == 1 else f"({_juxtapose(denom)})"
        text = f"{text}/{bottom}"
    return text, _PRODUCT


def _juxtapose(factors: list[sympy.Expr]) -> str:
    """Factors side by side: a space between them, ``*`` before a number."""
    parts = [_wrap(factor, _PRODUCT if i == 0 else _POWER) for i, factor in enumerate(factors)]
    text = parts[0]
    for part in parts[1:]:
        text += ("*" if part[0].isdigit() else " ") + part
    return text


def _power(expr: sympy.Pow) -> tuple[str, int]:
    base, exponent = expr.args
    if exponent == sympy.S.Half:
        return f"sqrt({_text(base)[0]})", _ATOM
    if exponent.could_extract_minus_sign():
        return f"1/{_wrap(sympy.Pow(base, -exponent), _POWER)}", _PRODUCT
    if base is sympy.E:
        return f"exp({_text(exponent)[0]})", _ATOM
    return f"{_wrap(base, _ATOM)}^{_wrap(exponent, _ATOM)}", _POWER
