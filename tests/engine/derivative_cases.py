"""The function table for the derivative tests: what to differentiate, where it is
smooth, and which rules its steps must name.

Each case is ``(text, rules, (lo, hi), order)``: ``rules`` must all appear somewhere
in the step tree; sample points are drawn from ``(lo, hi)``, where the function and
its derivative are defined and smooth.
"""

from __future__ import annotations

from typing import NamedTuple


class Case(NamedTuple):
    text: str
    rules: frozenset[str]
    interval: tuple[float, float] = (-2.0, 2.0)
    order: int = 1


def _c(text: str, rules: str = "", interval: tuple[float, float] = (-2.0, 2.0),
       order: int = 1) -> Case:
    return Case(text, frozenset(rules.split()), interval, order)


POS = (0.2, 3.0)      # where logs and roots of x are defined
UNIT = (-0.9, 0.9)    # inside (-1, 1) for asin, atanh ...
BIG = (1.2, 4.0)      # beyond 1 for acosh, asec ...

# The curriculum's worked examples (002_*.txt), in the order it teaches them.
CURRICULUM: list[Case] = [
    _c("x^3", "power"),
    _c("x^10", "power"),
    _c("sqrt x", "power", POS),
    _c("a x + b", "sum constant constant_multiple power"),
    _c("ln x", "log", POS),
    _c("e^x", "exp"),
    _c("1/x", "power", POS),
    _c("x^3 + 2x^2 + 5x + 7", "sum power constant_multiple constant"),
    _c("x^2 sin(x)", "product power trig"),
    _c("x^2 e^x", "product power exp"),
    _c("(x^2 + 1)^3", "chain power sum"),
    _c("e^(x^2)", "chain exp power"),
]

MORE: list[Case] = [
    # constants, powers, roots
    _c("7", "constant"), _c("pi", "constant"), _c("x", "power"), _c("-x", "constant_multiple"),
    _c("x^(-3)", "power", POS), _c("x^(2/3)", "power", POS), _c("cbrt(x)", "power", POS),
    _c("1/sqrt(x)", "power", POS), _c("x^pi", "power", POS),
    _c("x^(-1/2) + x^(1/2)", "sum power", POS),
    _c("5x^4 - 3x^2 + 2", "sum constant_multiple power constant"),
    _c("(2x+3)^5", "chain power"), _c("sqrt(1 + x^2)", "chain power"),
    _c("1/(x^2 + 1)", "chain power"), _c("3/(x+4)^2", "constant_multiple chain power", POS),
    _c("(x^2 - x)^(3/2)", "chain power", BIG),
    # products and quotients
    _c("x sin(x) cos(x)", "product trig"), _c("x^3 ln(x)", "product log", POS),
    _c("(x+1)(x-1)", "product sum"), _c("x e^x sin(x)", "product exp trig"),
    _c("sin(x)/x", "quotient trig", POS), _c("(x+1)/(x-1)", "quotient sum", BIG),
    _c("x^2/(x^2+1)", "quotient"), _c("e^x/(1+e^x)", "quotient exp"),
    _c("ln(x)/x", "quotient log", POS), _c("(x^2 + 3x)/sqrt(x)", "quotient", POS),
    _c("tan(x)/(1 + x^2)", "quotient trig", UNIT), _c("x/ln(x)", "quotient log", BIG),
    # exponentials and logarithms
    _c("2^x", "exp"), _c("10^x", "exp"), _c("e^(3x)", "chain exp"), _c("e^(-x)", "chain exp"),
    _c("e^(-x^2/2)", "chain exp"), _c("2^(x^2)", "chain exp"), _c("exp(sin(x))", "chain exp trig"),
    _c("ln(x^2 + 1)", "chain log"), _c("ln(sin(x))", "chain log trig", (0.2, 3.0)),
    _c("ln(ln(x))", "chain log", BIG), _c("log(x, 2)", "log", POS), _c("log(x, 10)", "log", POS),
    _c("log2(x)", "log", POS), _c("3 log(x^2 + 1, 10)", "constant_multiple chain log"),
    _c("ln(1 + e^x)", "chain log exp"), _c("x ln(x) - x", "sum product log", POS),
    # trigonometry
    _c("sin(x)", "trig"), _c("cos(x)", "trig"), _c("tan(x)", "trig", UNIT),
    _c("cot(x)", "trig", (0.2, 3.0)), _c("sec(x)", "trig", UNIT), _c("csc(x)", "trig", (0.2, 3.0)),
    _c("sin(3x)", "chain trig"), _c("cos(x^2)", "chain trig power"),
    _c("sin(x)^2", "chain power trig"),
    _c("sin(x)^2 + cos(x)^2", "sum chain"), _c("tan(2x + 1)", "chain trig", (-0.6, 0.2)),
    _c("sin(cos(x))", "chain trig"), _c("sec(x)^3", "chain trig", UNIT),
    # inverse trigonometry
    _c("asin(x)", "inverse_trig", UNIT), _c("acos(x)", "inverse_trig", UNIT),
    _c("atan(x)", "inverse_trig"), _c("acot(x)", "inverse_trig", POS),
    _c("asec(x)", "inverse_trig", BIG), _c("acsc(x)", "inverse_trig", BIG),
    _c("asec(-x)", "chain inverse_trig", (-4.0, -1.2)), _c("atan(x^2)", "chain inverse_trig"),
    _c("asin(x/2)", "chain inverse_trig", UNIT), _c("atan(1/x)", "chain inverse_trig", POS),
    _c("x atan(x)", "product inverse_trig"),
    # hyperbolic
    _c("sinh(x)", "hyperbolic"), _c("cosh(x)", "hyperbolic"), _c("tanh(x)", "hyperbolic"),
    _c("coth(x)", "hyperbolic", POS), _c("sech(x)", "hyperbolic"), _c("csch(x)", "hyperbolic", POS),
    _c("asinh(x)", "hyperbolic"), _c("acosh(x)", "hyperbolic", BIG),
    _c("atanh(x)", "hyperbolic", UNIT),
    _c("acoth(x)", "hyperbolic", BIG), _c("asech(x)", "hyperbolic", (0.1, 0.9)),
    _c("acsch(x)", "hyperbolic", POS), _c("tanh(2x - 1)", "chain hyperbolic"),
    _c("tanh(x)^2", "chain power hyperbolic"), _c("cosh(x^2)", "chain hyperbolic"),
    # logarithmic differentiation
    _c("x^x", "log_differentiation product log", POS),
    _c("x^(sin(x))", "log_differentiation product trig", POS),
    _c("(x^2 + 1)^x", "log_differentiation product chain"),
    _c("x^(1/x)", "log_differentiation", POS), _c("sin(x)^x", "log_differentiation", (0.2, 3.0)),
    # machine-learning functions
    _c("sigmoid(x)", "sigmoid"), _c("sigmoid(3x + 1)", "chain sigmoid"),
    _c("softplus(x)", "softplus"), _c("softplus(2x)", "chain softplus"),
    _c("relu(x)", "relu"), _c("relu(2x - 1)", "chain relu"), _c("relu(x) + relu(-x)", "sum relu"),
    _c("sigmoid(relu(x))", "chain sigmoid relu"),
    _c("tanh(sigmoid(x))", "chain hyperbolic sigmoid"),
    _c("ln(sigmoid(x))", "chain log sigmoid"), _c("(sigmoid(x) - 1)^2", "chain power sigmoid"),
    _c("softplus(x) - ln(1 + e^x)", "sum softplus"),
    # absolute value and the sympy fallback
    _c("|x|", "abs"), _c("|x^2 - 1|", "chain abs"), _c("x |x|", "product abs"),
    _c("|sin(x)|", "chain abs trig"), _c("floor(x)", "sympy"), _c("floor(x^2)", "chain sympy"),
    _c("erf(x)", "sympy"), _c("erf(2x)", "chain sympy"), _c("sign(x)", "sympy"),
    _c("heaviside(x - 1)", "sympy"),
    # nested compositions
    _c("sin(e^(x^2))", "chain trig exp power", UNIT), _c("sqrt(ln(x^2 + 2))", "chain power log"),
    _c("e^(sin(x)^2)", "chain exp power trig"), _c("ln(cosh(x))", "chain log hyperbolic"),
    _c("atan(sinh(x))", "chain inverse_trig hyperbolic"),
    _c("sigmoid(2 tanh(3x))", "chain sigmoid hyperbolic"),
    _c("(1 + sin(x)^2)^(-1/2)", "chain power trig"),
    _c("sqrt(x + sqrt(x + sqrt(x)))", "chain power", POS),
    # higher orders
    _c("x^2 sin(x)", "higher_order product", order=2), _c("x^5", "higher_order power", order=3),
    _c("e^(2x)", "higher_order chain exp", order=3), _c("ln(x)", "higher_order log", POS, order=2),
    _c("sigmoid(x)", "higher_order sigmoid", order=2), _c("tanh(x)", "higher_order", order=3),
    _c("sin(x)/x", "higher_order quotient", POS, order=2), _c("x^x", "higher_order", POS, order=2),
    _c("atan(x)", "higher_order", order=3),
]

ALL: list[Case] = CURRICULUM + MORE
