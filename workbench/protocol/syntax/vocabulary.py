"""The allow-list: every function, constant and symbol name the parser accepts.

Nothing outside these tables can be named in an expression. The canonical names
on the right are the operation names of the plain expression tree.
"""

from __future__ import annotations

# Each spelling a student may type -> canonical function name.
FUNCTION_ALIASES: dict[str, str] = {
    "sin": "sin", "cos": "cos", "tan": "tan", "cot": "cot", "sec": "sec", "csc": "csc",
    "cosec": "csc",
    "asin": "asin", "acos": "acos", "atan": "atan", "acot": "acot", "asec": "asec",
    "acsc": "acsc",
    "arcsin": "asin", "arccos": "acos", "arctan": "atan", "arccot": "acot",
    "arcsec": "asec", "arccsc": "acsc",
    "sinh": "sinh", "cosh": "cosh", "tanh": "tanh", "coth": "coth", "sech": "sech",
    "csch": "csch",
    "asinh": "asinh", "acosh": "acosh", "atanh": "atanh", "acoth": "acoth",
    "asech": "asech", "acsch": "acsch",
    "arsinh": "asinh", "arcosh": "acosh", "artanh": "atanh", "arcoth": "acoth",
    "arcsinh": "asinh", "arccosh": "acosh", "arctanh": "atanh", "arccoth": "acoth",
    "exp": "exp", "ln": "ln", "log": "log", "lg": "log10", "log2": "log2", "log10": "log10",
    "sqrt": "sqrt", "cbrt": "cbrt",
    "abs": "abs", "sign": "sign", "sgn": "sign",
    "floor": "floor", "ceil": "ceil", "ceiling": "ceil",
    "sigmoid": "sigmoid", "relu": "relu", "ReLU": "relu", "softplus": "softplus",
    "heaviside": "heaviside", "erf": "erf",
    "factorial": "factorial", "binomial": "binomial", "max": "max", "min": "min",
}

# Canonical name -> (least, most) number of arguments.
ARITY: dict[str, tuple[int, int]] = {name: (1, 1) for name in set(FUNCTION_ALIASES.values())}
ARITY["log"] = (1, 2)
ARITY["binomial"] = (2, 2)
# max(a, b, c) is folded into binary max nodes by the parser
ARITY["max"] = ARITY["min"] = (2, 8)

# Functions whose ``f^{-1}`` notation means the inverse function, not 1/f.
INVERSE_OF: dict[str, str] = {
    "sin": "asin", "cos": "acos", "tan": "atan", "cot": "acot", "sec": "asec", "csc": "acsc",
    "sinh": "asinh", "cosh": "acosh", "tanh": "atanh", "coth": "acoth", "sech": "asech",
    "csch": "acsch",
}

CONSTANTS: dict[str, str] = {
    "pi": "pi", "π": "pi", "e": "e", "oo": "oo", "inf": "oo", "infty": "oo",
    "infinity": "oo", "∞": "oo",
}

# Greek letters usable as symbols, by ASCII name. ``lambda`` is spelt ``lamda`` (as
# sympy does) so that no Python keyword ever becomes a name; ``pi`` is the constant.
GREEK_NAMES: tuple[str, ...] = (
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota",
    "kappa", "lamda", "mu", "nu", "xi", "rho", "sigma", "tau", "upsilon", "phi", "chi",
    "psi", "omega",
)
GREEK_LETTERS: dict[str, str] = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ϵ": "epsilon",
    "ζ": "zeta", "η": "eta", "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lamda",
    "μ": "mu", "ν": "nu", "ξ": "xi", "ρ": "rho", "σ": "sigma", "τ": "tau", "υ": "upsilon",
    "φ": "phi", "ϕ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
}

# LaTeX commands -> the word they stand for (functions, constants, Greek letters).
LATEX_WORDS: dict[str, str] = {
    **{name: name for name in (
        "sin", "cos", "tan", "cot", "sec", "csc", "arcsin", "arccos", "arctan", "sinh",
        "cosh", "tanh", "coth", "exp", "ln", "log", "pi", "infty")},
    **{name: name for name in GREEK_NAMES},
    "lambda": "lamda", "varepsilon": "epsilon", "vartheta": "theta", "varphi": "phi",
    "varrho": "rho", "varsigma": "sigma",
}
LATEX_SPACES = frozenset({",", ";", ":", "!", " ", "quad", "qquad", "displaystyle",
                          "textstyle", "limits"})
LATEX_TIMES = frozenset({"cdot", "times", "ast", "cdotp"})
LATEX_BARS = frozenset({"lvert", "rvert", "vert", "mid", "lVert", "rVert"})
LATEX_FRACTIONS = frozenset({"frac", "dfrac", "tfrac"})
LATEX_NAME_WRAPPERS = frozenset({"operatorname", "mathrm", "text", "mathit", "textrm"})

SUPERSCRIPTS: dict[str, str] = {
    "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7",
    "⁸": "8", "⁹": "9", "⁻": "-", "⁺": "+",
}
# Characters that mean an ASCII operator.
OPERATOR_CHARS: dict[str, str] = {
    "+": "+", "-": "-", "−": "-", "–": "-", "*": "*", "·": "*", "⋅": "*", "×": "*",
    "∗": "*", "/": "/", "÷": "/", "∕": "/", "^": "^",
}
ROOT_CHARS: dict[str, int] = {"√": 2, "∛": 3, "∜": 4}

# Variables assumed when the caller declares none: these split out of longer words
# ("xy" is x·y), like any other single letter.
MAX_LENGTH = 2000
MAX_DEPTH = 100
# Exact numbers with more digits than this are refused (9^9^9 would never finish); it
# stays below Python's 4300-digit limit on int <-> str, so every number built prints.
MAX_DIGITS = 4_000
# The exponent of a variable's power may have at most this many digits (|n| <= 10^5).
MAX_EXPONENT_DIGITS = 5


def is_function(word: str) -> bool:
    """True if ``word`` is a spelling of an allowed function."""
    return word in FUNCTION_ALIASES


def is_named_symbol(word: str) -> bool:
    """True if ``word`` is a multi-letter symbol name accepted without declaring it."""
    return word in GREEK_NAMES
