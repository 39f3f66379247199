"""The function reference: every name the parser accepts, with an example, as plain data.

Generated from the parser's own vocabulary (:mod:`workbench.protocol.syntax.vocabulary`),
so it cannot drift from what is accepted: a new function in the vocabulary appears here
with its spellings at once; only its sentence and example come from the table below
(and a test checks that every function has them and that every example parses). The
window's Help → Functions and syntax page shows it; parse errors for unknown names point
to it. Imports neither Qt nor sympy.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.protocol.syntax.vocabulary import (
    ARITY,
    CONSTANTS,
    FUNCTION_ALIASES,
    GREEK_LETTERS,
    GREEK_NAMES,
)

HELP_TOPIC = "Help → Functions and syntax"

# canonical name -> (group, what it is, an example the parser accepts)
_ABOUT: dict[str, tuple[str, str, str]] = {
    "sin": ("Trigonometric", "sine (radians)", "sin(2x)"),
    "cos": ("Trigonometric", "cosine", "cos(x)^2"),
    "tan": ("Trigonometric", "tangent", "tan(x/2)"),
    "cot": ("Trigonometric", "cotangent, 1/tan", "cot(x)"),
    "sec": ("Trigonometric", "secant, 1/cos", "sec(x)"),
    "csc": ("Trigonometric", "cosecant, 1/sin", "csc(x)"),
    "asin": ("Inverse trigonometric", "arcsine", "arcsin(x/2)"),
    "acos": ("Inverse trigonometric", "arccosine", "arccos(x)"),
    "atan": ("Inverse trigonometric", "arctangent", "arctan(x)"),
    "acot": ("Inverse trigonometric", "arccotangent", "arccot(x)"),
    "asec": ("Inverse trigonometric", "arcsecant", "arcsec(x)"),
    "acsc": ("Inverse trigonometric", "arccosecant", "arccsc(x)"),
    "sinh": ("Hyperbolic", "hyperbolic sine", "sinh(x)"),
    "cosh": ("Hyperbolic", "hyperbolic cosine", "cosh(x)"),
    "tanh": ("Hyperbolic", "hyperbolic tangent (an activation)", "tanh(3x)"),
    "coth": ("Hyperbolic", "hyperbolic cotangent", "coth(x)"),
    "sech": ("Hyperbolic", "hyperbolic secant", "sech(x)^2"),
    "csch": ("Hyperbolic", "hyperbolic cosecant", "csch(x)"),
    "asinh": ("Hyperbolic", "inverse hyperbolic sine", "arsinh(x)"),
    "acosh": ("Hyperbolic", "inverse hyperbolic cosine", "arcosh(x)"),
    "atanh": ("Hyperbolic", "inverse hyperbolic tangent", "artanh(x/2)"),
    "acoth": ("Hyperbolic", "inverse hyperbolic cotangent", "arcoth(x)"),
    "asech": ("Hyperbolic", "inverse hyperbolic secant", "asech(x)"),
    "acsch": ("Hyperbolic", "inverse hyperbolic cosecant", "acsch(x)"),
    "exp": ("Exponentials and logarithms", "e to the power", "exp(-x^2)"),
    "ln": ("Exponentials and logarithms", "natural logarithm (log x is ln x too)", "ln(x + 1)"),
    "log": ("Exponentials and logarithms", "logarithm to a base", "log_2(x)"),
    "log10": ("Exponentials and logarithms", "logarithm to base 10", "lg(x)"),
    "log2": ("Exponentials and logarithms", "logarithm to base 2", "log2(x)"),
    "sqrt": ("Roots and powers", "square root (√ works too)", "sqrt(x^2 + 1)"),
    "cbrt": ("Roots and powers", "cube root, real for negative x", "cbrt(x)"),
    "abs": ("Pieces", "absolute value (|x| works too)", "abs(x - 1)"),
    "sign": ("Pieces", "sign: -1, 0 or 1", "sign(x)"),
    "floor": ("Pieces", "round down", "floor(x)"),
    "ceil": ("Pieces", "round up", "ceil(x)"),
    "heaviside": ("Pieces", "step: 0 left of 0, 1 right of it", "heaviside(x - 1)"),
    "max": ("Pieces", "the larger of its arguments (two or more)", "max(0, x)"),
    "min": ("Pieces", "the smaller of its arguments (two or more)", "min(x, 1 - x)"),
    "sigmoid": ("Machine learning", "logistic function 1/(1 + e^(-x))", "sigmoid(2x - 1)"),
    "relu": ("Machine learning", "rectified linear unit max(0, x)", "relu(x)"),
    "softplus": ("Machine learning", "smooth ReLU ln(1 + e^x)", "softplus(x)"),
    "erf": ("Special", "error function (the normal CDF's core)", "erf(x/sqrt(2))"),
    "factorial": ("Counting", "n! = 1·2·…·n (k! works too; Γ(n + 1) between whole numbers)",
                  "k!/(k - 2)!"),
    "binomial": ("Counting", "binomial coefficient n choose k", "binomial(n, k)"),
}

_CONSTANT_ABOUT = {"pi": ("π ≈ 3.14159", "2pi"), "e": ("Euler's number ≈ 2.71828", "e^x"),
                   "oo": ("infinity, for bounds and limits", "oo")}

#: Notation beyond names: what it means and an example.
SYNTAX: tuple[tuple[str, str], ...] = (
    ("x^2 or x**2 or x²", "powers"),
    ("2x, x y, 2 sin x", "multiplication by writing side by side"),
    ("|x|", "absolute value"),
    ("√x, ∛x", "roots"),
    ("k!", "factorial"),
    ("log_2(x)", "a logarithm's base after an underscore"),
    ("sin^2(x), sin^-1(x)", "a power of a function; -1 is the inverse function"),
    ("w_1, w1, theta", "subscripted and Greek names"),
    (r"\frac{1}{x}, \sqrt{x}, \sin x", "LaTeX"),
)


@dataclass(frozen=True)
class FunctionEntry:
    """One function: its canonical ``name``, every ``spellings`` the parser accepts, how
    many arguments it takes, its ``group``, a short ``description`` and an ``example``."""

    name: str
    spellings: tuple[str, ...]
    arguments: tuple[int, int]
    group: str
    description: str
    example: str


@dataclass(frozen=True)
class ConstantEntry:
    """A named constant: its ``name``, ``spellings``, ``description`` and ``example``."""

    name: str
    spellings: tuple[str, ...]
    description: str
    example: str


def functions() -> tuple[FunctionEntry, ...]:
    """Every function the parser accepts, grouped, each with all its spellings."""
    spellings: dict[str, list[str]] = {}
    for alias, canonical in FUNCTION_ALIASES.items():
        spellings.setdefault(canonical, []).append(alias)
    out = []
    for canonical, names in spellings.items():
        group, description, example = _ABOUT.get(canonical, ("Other", canonical,
                                                              f"{names[0]}(x)"))
        out.append(FunctionEntry(canonical, tuple(names), ARITY[canonical], group,
                                 description, example))
    order = list(dict.fromkeys(g for g, _, _ in _ABOUT.values()))
    return tuple(sorted(out, key=lambda e: (order.index(e.group) if e.group in order
                                            else len(order), e.name)))


def constants() -> tuple[ConstantEntry, ...]:
    """The named constants (π, e, ∞) with all their spellings."""
    spellings: dict[str, list[str]] = {}
    for alias, canonical in CONSTANTS.items():
        spellings.setdefault(canonical, []).append(alias)
    return tuple(ConstantEntry(name, tuple(names), *_CONSTANT_ABOUT.get(name, (name, name)))
                 for name, names in spellings.items())


def greek_letters() -> tuple[str, ...]:
    """Greek letter names usable as variables (each also typed as its letter: α, β, …)."""
    letters = {name: letter for letter, name in GREEK_LETTERS.items()}
    return tuple(f"{name} ({letters[name]})" if name in letters else name
                 for name in GREEK_NAMES)


def as_markdown() -> str:
    """The whole reference as Markdown, for the Help page."""
    lines = ["# Functions and syntax", ""]
    group = None
    for entry in functions():
        if entry.group != group:
            group = entry.group
            lines += ["", f"## {group}", "", "| name | also | what | example |",
                      "|---|---|---|---|"]
        also = ", ".join(s for s in entry.spellings if s != entry.name)
        lines.append(f"| `{entry.name}` | {also} | {entry.description} | `{entry.example}` |")
    lines += ["", "## Constants", "", "| name | also | what | example |", "|---|---|---|---|"]
    for c in constants():
        also = ", ".join(s for s in c.spellings if s != c.name)
        lines.append(f"| `{c.name}` | {also} | {c.description} | `{c.example}` |")
    lines += ["", "## Greek letters", "", ", ".join(greek_letters()), "", "## Notation", ""]
    lines += [f"- `{example}`: {what}" for example, what in SYNTAX]
    return "\n".join(lines) + "\n"
