"""Textbook antiderivatives for tests and the benchmark: (integrand as typed, level, topic).

Levels: ``easy`` (one rule), ``medium`` (a substitution, parts, partial fractions or a
trig identity), ``hard`` (several techniques, reduction formulas, or forms sympy's own
step engine gives up on or takes minutes over).
"""

from __future__ import annotations

from typing import NamedTuple


class Case(NamedTuple):
    """One integrand and how hard it is."""

    text: str
    level: str
    topic: str


def _cases(level: str, topic: str, *texts: str) -> list[Case]:
    return [Case(t, level, topic) for t in texts]


CASES: list[Case] = [
    # polynomials and powers
    *_cases("easy", "power", "x^2", "x^5", "1", "7", "3x^2 + 2x + 1", "x^3 - 4x", "sqrt(x)",
            "1/x^2", "x^(2/3)", "1/sqrt(x)", "(x+1)^2", "x(x-1)(x+2)", "5x^4 - 3x^2 + 2",
            "x^(-3)", "cbrt(x)", "2x^7 + x^(1/2)"),
    # basic transcendental
    *_cases("easy", "basic", "1/x", "e^x", "exp(2x)", "sin(x)", "cos(x)", "sec(x)^2",
            "csc(x)^2", "sec(x) tan(x)", "csc(x) cot(x)", "2^x", "sinh(x)", "cosh(x)",
            "1/(1+x^2)", "1/sqrt(1-x^2)", "3/x", "e^(-x)", "10^x", "1/sqrt(1+x^2)"),
    # substitution
    *_cases("medium", "substitution", "2x cos(x^2)", "x e^(x^2)", "x e^(-x^2)",
            "sin(x)^3 cos(x)", "(2x+3)^5", "x/(x^2+1)", "e^x/(1+e^x)", "ln(x)/x",
            "1/(x ln(x))", "cos(x)/sin(x)", "tan(x)", "cot(x)", "x sqrt(x^2+1)",
            "x^2 (x^3+1)^4", "sin(3x)", "cos(5x+1)", "exp(3x-2)", "1/(2x+1)", "sqrt(3x+1)",
            "sec(2x)^2", "x/sqrt(1-x^2)", "e^x/(1+e^(2x))", "cos(x) e^(sin(x))",
            "sin(x)/cos(x)^2", "x^3/(x^4+1)", "1/(1+9x^2)", "(ln x)^2/x", "sin(sqrt(x))/sqrt(x)",
            "tan(x) sec(x)^2", "x/(x^2+4)^2"),
    # integration by parts
    *_cases("medium", "parts", "x e^x", "x sin(x)", "x cos(x)", "ln(x)", "x ln(x)",
            "x^2 e^x", "atan(x)", "asin(x)", "x^2 cos(x)", "x^2 ln(x)", "e^x sin(x)",
            "e^x cos(x)", "x e^(-x)", "x^3 e^x", "x sec(x)^2", "ln(x)^2", "x 2^x",
            "x sinh(x)", "e^(2x) sin(3x)", "sqrt(x) ln(x)"),
    # rational functions
    *_cases("medium", "rational", "1/(x^2-1)", "1/(x(x+1))", "x/(x^2-4)", "(x+1)/(x-1)",
            "1/(x^2+2x+5)", "(3x+1)/(x^2+x)", "x^3/(x^2+1)", "1/(x^2-5x+6)",
            "x^2/(x^2-1)", "1/((x-1)(x-2)(x-3))", "(2x+3)/(x^2+3x+2)", "1/(x^2+4)",
            "1/(x^2+x+1)", "1/(x^3+x)", "x/((x+1)^2)", "1/(4-x^2)"),
    *_cases("hard", "rational", "1/(x^3+1)", "1/(x^4-1)", "x^4/(x^2+1)",
            "1/(x^2 (x+1))", "(x^2+1)/(x^3-x)", "1/(x^4+4)", "1/(x^2+1)^2", "x^5/(x^3-1)"),
    # trig powers and products
    *_cases("medium", "trig", "sin(x)^2", "cos(x)^2", "sin(x) cos(x)", "sin(x)^3",
            "cos(x)^3", "tan(x)^2", "sin(2x) cos(x)", "sin(x)^2 cos(x)^2", "sec(x)",
            "csc(x)", "sin(3x) sin(5x)", "cos(x)^4"),
    *_cases("hard", "trig", "sec(x)^3", "sin(x)^5 cos(x)^3", "tan(x)^4", "sin(x)^4",
            "sec(x)^5", "tan(x)^3", "csc(x)^3", "sin(x)^6", "cos(x)^5 sin(x)^2",
            "sin(x)^3 cos(x)^3", "cot(x)^4", "sin(2x)^4", "sec(x)^4", "tan(x)^5"),
    # inverse trig forms and roots
    *_cases("medium", "inverse_trig", "1/sqrt(4-x^2)", "1/(9+x^2)", "1/sqrt(x^2+4)",
            "1/sqrt(9-4x^2)", "1/(x sqrt(x^2-1))", "1/(1+(x+1)^2)", "1/sqrt(2x-x^2)"),
    *_cases("hard", "roots", "sqrt(1-x^2)", "sqrt(4-x^2)", "x^2/sqrt(1-x^2)",
            "sqrt(x^2+1)", "1/(x^2 sqrt(x^2+4))", "sqrt(9-x^2)/x^2", "x^3 sqrt(1-x^2)",
            "1/(1+sqrt(x))", "sqrt(x^2-1)", "1/(x^2+2x+5)^2"),
    # exponentials times trig, repeated parts
    *_cases("hard", "exp_trig", "x e^x sin(x)", "x^2 e^x cos(x)", "x^3 sin(x)",
            "x^4 e^(-x)", "x^10 e^x sin(x)", "x^2 e^(2x) sin(x)", "x^5 cos(x)",
            "e^(-x) cos(2x)", "x^3 e^(-2x)", "x e^(3x) cos(2x)"),
    # logs and hyperbolics
    *_cases("medium", "log", "ln(x+1)", "ln(x^2+1)", "log(x, 2)", "ln(2x)", "tanh(x)",
            "sinh(x) cosh(x)", "1/cosh(x)^2", "x cosh(x)"),
    # Gaussians and probability
    *_cases("hard", "gaussian", "exp(-(x-mu)^2/(2 sigma^2))",
            "exp(-(x-mu)^2/(2 sigma^2))/(sigma sqrt(2 pi))",
            "x exp(-(x-mu)^2/(2 sigma^2))", "exp(-(x-1)^2/8)", "exp(-x^2/2)/sqrt(2 pi)",
            "x exp(-x^2/2)", "x^2 exp(-x^2/2)", "exp(-2x^2 + 4x)", "lamda e^(-lamda x)",
            "x lamda e^(-lamda x)"),
    # the machine-learning functions
    *_cases("medium", "ml", "sigmoid(x)", "relu(x)", "abs(x)", "sigmoid(x)(1-sigmoid(x))",
            "tanh(x)^2", "relu(2x+1)"),
    *_cases("hard", "ml", "softplus(x)", "1/(1+e^(-2x))", "abs(x-1)", "e^x sigmoid(x)",
            "heaviside(x) x^2"),
    # non-elementary: must fail gracefully ("none") or answer with special functions
    *_cases("hard", "special", "x^3 e^(sin x)", "sin(x)/x", "e^x/x", "sin(x^2)",
            "1/ln(x)", "e^(-x^2)", "sqrt(sin(x))", "x^x"),
]

# Forty cases across every topic and level that the chain answers quickly; the default
# test run checks these, the whole table runs when slow tests are selected.
QUICK_TEXTS = (
    "x^5", "sqrt(x)", "1/x", "e^x", "sin(x)", "2^x", "1/sqrt(1+x^2)",
    "1/(1+9x^2)", "x/(x^2+1)", "cos(5x+1)", "tan(x) sec(x)^2", "sqrt(3x+1)",
    "ln(x)", "x cos(x)", "x e^x", "atan(x)",
    "1/(x^2+4)", "x/(x^2-4)", "x^3/(x^2+1)", "x^4/(x^2+1)",
    "sin(x) cos(x)", "tan(x)^2", "tan(x)^4", "cos(x)^2",
    "1/sqrt(4-x^2)", "1/(9+x^2)", "sqrt(1-x^2)", "x^2/sqrt(1-x^2)",
    "x^3 sin(x)", "x^3 e^(-2x)", "ln(2x)", "tanh(x)",
    "exp(-(x-mu)^2/(2 sigma^2))/(sigma sqrt(2 pi))", "exp(-(x-1)^2/8)", "x exp(-x^2/2)",
    "relu(x)", "abs(x-1)", "heaviside(x) x^2", "sin(x)/x", "x^x",
)
QUICK: list[Case] = [c for c in CASES if c.text in QUICK_TEXTS]
