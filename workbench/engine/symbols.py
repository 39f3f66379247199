"""Real-valued stand-ins for the plain symbols the parser makes.

Students work over the real numbers, but ``parse`` returns plain symbols (so results
compare equal to ``sympy.Symbol("x")``). Computations whose answer depends on that
(|x|' = sign x, √(x²) = |x|) swap in real symbols and swap back afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import sympy

T = TypeVar("T")


def realify(expr: sympy.Expr) -> tuple[sympy.Expr, dict[sympy.Symbol, sympy.Symbol]]:
    """``expr`` with every plain free symbol made real, and the map back to the originals."""
    forward = {s: sympy.Symbol(s.name, real=True) for s in expr.free_symbols
               if isinstance(s, sympy.Symbol) and s.is_real is None}
    back = {real: plain for plain, real in forward.items()}
    return expr.xreplace(forward), back


def unrealify(expr: sympy.Expr, back: dict[sympy.Symbol, sympy.Symbol]) -> sympy.Expr:
    """Undo :func:`realify` on a result."""
    return expr.xreplace(back) if back else expr


def over_reals(func: Callable[[sympy.Expr], sympy.Expr], expr: sympy.Expr) -> sympy.Expr:
    """Apply ``func`` to ``expr`` with real symbols, returning plain symbols."""
    real_expr, back = realify(expr)
    return unrealify(func(real_expr), back)


def real_symbol(name: str) -> sympy.Symbol:
    """The real symbol called ``name``."""
    return sympy.Symbol(name, real=True)
