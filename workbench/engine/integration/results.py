"""Result classes of the integration engine (frozen, picklable, with ``to_dict``)."""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy

from workbench.engine.results import ResultMixin
from workbench.protocol.steps import Step

STAGES = ("steps", "rewrite", "integrator", "none")


@dataclass(frozen=True)
class Antiderivative(ResultMixin):
    """∫ expr d var: ``result`` without the constant (None when nothing answered).

    ``stage`` says who answered (``steps``, ``rewrite``, ``integrator`` or ``none``),
    ``note`` why, in plain words; ``verified`` is True when d(result)/d(var) equals
    ``expr`` (symbolically, or at random points when simplifying takes too long).
    ``special_functions`` names the non-elementary functions the answer needs ("erf",
    "Si", "Li₂", "₂F₁" ...): then ``expr`` has no elementary antiderivative.
    """

    expr: sympy.Expr
    var: str
    result: sympy.Expr | None
    latex: str
    steps: list[Step] = field(default_factory=list)
    verified: bool = False
    stage: str = "none"
    note: str = ""
    special_functions: tuple[str, ...] = ()

    _SYMBOLIC = ("expr", "result")


@dataclass(frozen=True)
class IntegralResult(ResultMixin):
    """∫_a^b expr d var: ``exact`` (or None), ``value`` and ``error`` from quadrature.

    ``stage`` is the antiderivative's stage, or ``numeric`` when only quadrature
    answered; ``note`` explains divergence or disagreements in plain words;
    ``antiderivative`` is the F used for F(b) − F(a) (None when there was none);
    ``special_functions`` as for :class:`Antiderivative` (the exact value needs them, the
    number comes from quadrature); ``diverges`` is True when the integral has no finite
    value (``latex`` and ``note`` say so in words, never NaN).
    """

    expr: sympy.Expr
    var: str
    a: sympy.Expr
    b: sympy.Expr
    exact: sympy.Expr | None
    value: float
    error: float
    latex: str
    steps: list[Step] = field(default_factory=list)
    stage: str = "none"
    note: str = ""
    antiderivative: sympy.Expr | None = None
    special_functions: tuple[str, ...] = ()
    diverges: bool = False

    _SYMBOLIC = ("expr", "a", "b", "exact", "antiderivative")


@dataclass(frozen=True)
class RiemannSum(ResultMixin):
    """A Riemann sum with ``n`` pieces; ``rectangles`` are ``(x0, x1, height)``.

    For ``left``/``right``/``midpoint`` each rectangle's height is f at the left end,
    right end or middle of its piece. For ``trapezoid`` the height is the average of f
    at both ends (the trapezoid's area equals that rectangle's). For ``simpson`` each
    entry is one panel of two pieces, [x0, x1] = [x_(2i), x_(2i+2)], whose height is
    (f(x0) + 4 f(mid) + f(x1)) / 6, so that width × height is the panel's contribution.
    """

    expr: sympy.Expr
    var: str
    a: float
    b: float
    n: int
    rule: str
    value: float
    rectangles: list[tuple[float, float, float]]
    exact: sympy.Expr | None
    latex: str
    steps: list[Step] = field(default_factory=list)

    _SYMBOLIC = ("expr", "exact")


@dataclass(frozen=True)
class DoubleIntegral(ResultMixin):
    """∫∫ expr over ``inner`` then ``outer`` (each ``(variable, lower, upper)``)."""

    expr: sympy.Expr
    inner: tuple[str, sympy.Expr, sympy.Expr]
    outer: tuple[str, sympy.Expr, sympy.Expr]
    exact: sympy.Expr | None
    value: float
    error: float
    latex: str
    steps: list[Step] = field(default_factory=list)
    note: str = ""

    _SYMBOLIC = ("expr", "exact")
