"""Parser inputs built from the parser's own grammar and vocabulary, and their mutations.

Shared by the fuzz tests (hypothesis strategies, :data:`FORMULAS`) and the figures
script ``tests/robustness/report.py`` (plain ``random.Random`` generators, fast enough
for millions of inputs). Every word, operator, bracket and LaTeX command comes from
:mod:`workbench.protocol.syntax.vocabulary`, so a new spelling is fuzzed at once.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from hypothesis import strategies as st

from workbench.protocol.syntax import vocabulary as V

FUNCTIONS = sorted(V.FUNCTION_ALIASES)
LATEX_FUNCTIONS = sorted(w for w, target in V.LATEX_WORDS.items() if target in V.FUNCTION_ALIASES)
CONSTANTS = sorted(V.CONSTANTS)
SYMBOLS = ["x", "y", "t", "k", "w1", "x_1", "theta", "θ", "alpha", "\\lambda", "mu"]
OPERATORS = sorted(V.OPERATOR_CHARS) + ["**", " ", "\\cdot ", "\\times ", "\\div "]
SUPERSCRIPT_RUNS = ["²", "³", "⁻¹", "⁴²", "⁹⁹⁹⁹", "⁻⁹⁹"]
NUMBERS = ["0", "1", "2", "9", "0.5", ".5", "3.14159", "1e-3", "2E5", "10", "99999999",
           "1e400", "1e-400", "9e3999", "1e4001", "7" * 50, "1" + "0" * 1500,
           "0." + "0" * 900 + "1",
           "1e999999999", "123456789012345678901234567890"]
HUGE = ["9^9", "(9^9)", "10^400", "9^9^9", "2^(2^20)", "(10^5)", "cosh(10^5)", "e^(10^4)",
        "floor(9^9)", "abs(9)^9^9", "(x-x+9)^(9^9)", "10^(-4001)", "1e4000", "10^3999"]
BRACKETS = [("(", ")"), ("{", "}"), ("|", "|"), ("\\left(", "\\right)"), ("\\left|", "\\right|"),
            ("\\lvert ", "\\rvert ")]
NOISE = list("()[]{}|^*/+-.,_'\"\\ ;:!?@#$%&~`<>=") + ["\x00", "\u202e", "\ud800", "﷽", "𝑥",
                                                     "٣", "²", "√", "∞", "−", "\t", "\n"]


# --- plain random generators (report.py) --------------------------------------------------

def atom(rng: random.Random) -> str:
    """A number, constant, symbol or huge constant."""
    pool = rng.choice((NUMBERS, CONSTANTS, SYMBOLS, SYMBOLS, HUGE))
    return rng.choice(pool)


def formula(rng: random.Random, depth: int = 0) -> str:
    """A grammar-shaped formula (mostly valid, sometimes not) of bounded depth."""
    if depth > 5 or rng.random() < 0.3:
        text = atom(rng)
        return text + rng.choice(SUPERSCRIPT_RUNS) if rng.random() < 0.05 else text
    shape = rng.randrange(8)
    inner = formula(rng, depth + 1)
    if shape == 0:
        return f"{inner}{rng.choice(OPERATORS)}{formula(rng, depth + 1)}"
    if shape == 1:
        name = rng.choice(FUNCTIONS)
        power = rng.choice(["", "", "^2", "^{-1}", "²", "^(9^9)"])
        return f"{name}{power}({inner})" if rng.random() < 0.7 else f"{name} {inner}"
    if shape == 2:
        return f"\\{rng.choice(LATEX_FUNCTIONS)}{{{inner}}}"
    if shape == 3:
        opener, closer = rng.choice(BRACKETS)
        return f"{opener}{inner}{closer}"
    if shape == 4:
        return f"\\frac{{{inner}}}{{{formula(rng, depth + 1)}}}"
    if shape == 5:
        return rng.choice(["√", "∛", "\\sqrt", "\\sqrt[3]", "-", "+", "--"]) + inner
    if shape == 6:
        return f"log_{rng.choice(['2', '10', '{e}', 'x', '{9^9}'])}({inner})"
    return f"{inner}^{rng.choice(['2', '(-1)', '{1/2}', '(9^9)', 'x', '(10^400)'])}"


def mutate(text: str, rng: random.Random) -> str:
    """``text`` with one to four random edits: insert, delete, replace, duplicate, wrap."""
    chars = list(text)
    for _ in range(rng.randint(1, 4)):
        action = rng.randrange(5)
        at = rng.randint(0, len(chars))
        if action == 0:
            chars[at:at] = rng.choice(NOISE + OPERATORS + FUNCTIONS)
        elif action == 1 and chars:
            del chars[min(at, len(chars) - 1)]
        elif action == 2 and chars:
            chars[min(at, len(chars) - 1)] = rng.choice(NOISE)
        elif action == 3:
            chars[at:at] = chars[: rng.randint(0, len(chars))]
        else:
            chars = list(f"{rng.choice(FUNCTIONS)}(") + chars + [")"]
    return "".join(chars)


def nested(rng: random.Random) -> str:
    """Nesting from 10^2 to 10^6 levels (most are refused at once for length or depth)."""
    levels = int(10 ** rng.uniform(2, 6))
    opener, closer = rng.choice(BRACKETS + [("sin(", ")"), ("-", ""), ("√", ""), ("x^", ""),
                                            ("sin ", ""), ("\\frac{1}{", "}"), ("|", "|")])
    return opener * levels + rng.choice(["x", "9", "9^9^9"]) + closer * levels


def wrapped_number(rng: random.Random) -> str:
    """A number wrapped in a function, then raised to a large power."""
    number = rng.choice(NUMBERS + HUGE)
    name = rng.choice(FUNCTIONS)
    return f"{name}({number})" + rng.choice(["", "^(9^9)", "^(10^400)", "^2", "!"])


def random_text(rng: random.Random) -> str:
    """Random unicode, or random bytes read as Latin-1 or UTF-8 (with replacements)."""
    size = rng.randint(1, 60)
    if rng.random() < 0.5:
        return "".join(chr(rng.randint(0, 0x2FFF)) for _ in range(size))
    raw = bytes(rng.randrange(256) for _ in range(size))
    return raw.decode(rng.choice(["latin-1", "utf-8"]), errors="replace")


def heavy_build(rng: random.Random) -> str:
    """Functions around powers of sums with big coefficients: the inputs that make sympy's
    own evaluation work hard (it multiplies out (re + i im)^n to ask if a value is real)."""
    names = rng.sample(SYMBOLS[:6], rng.randint(1, 4))
    coefficient = rng.choice(["", "", "2", "10^3999", "1e-400", "9e3999", "1/3"])
    base = "+".join(f"{coefficient}{name}" if i == 0 else name for i, name in enumerate(names))
    text = f"({base})^{rng.choice(['2', '3', '5', '8', '12', '30', '99', '(-7)', '9999'])}"
    for _ in range(rng.randint(1, 4)):
        text = f"{rng.choice(FUNCTIONS)}({text})"
        if rng.random() < 0.3:
            other = heavy_build(rng) if rng.random() < 0.2 else atom(rng)
            text = f"{text}{rng.choice(OPERATORS)}{other}"
    return text


GENERATORS: dict[str, Callable[[random.Random], str]] = {
    "grammar": lambda rng: formula(rng),
    "mutated": lambda rng: mutate(formula(rng), rng),
    "nested": nested,
    "wrapped number": wrapped_number,
    "random text": random_text,
    "heavy build": heavy_build,
}


def inputs(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """``count`` (family, text) pairs drawn evenly from every generator."""
    families = list(GENERATORS)
    return [(family, GENERATORS[family](rng))
            for family in (families[i % len(families)] for i in range(count))]


# --- hypothesis strategies (the test suite) -------------------------------------------------

ATOMS = st.sampled_from(NUMBERS + CONSTANTS + SYMBOLS + HUGE)


def _combine(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    binary = st.tuples(children, st.sampled_from(OPERATORS), children).map("".join)
    call = st.tuples(st.sampled_from(FUNCTIONS), children).map(lambda t: f"{t[0]}({t[1]})")
    bare = st.tuples(st.sampled_from(FUNCTIONS), children).map(lambda t: f"{t[0]} {t[1]}")
    latex = st.tuples(st.sampled_from(LATEX_FUNCTIONS), children).map(
        lambda t: f"\\{t[0]}{{{t[1]}}}")
    frac = st.tuples(children, children).map(lambda t: f"\\frac{{{t[0]}}}{{{t[1]}}}")
    group = st.tuples(st.sampled_from(BRACKETS), children).map(
        lambda t: f"{t[0][0]}{t[1]}{t[0][1]}")
    prefix = st.tuples(st.sampled_from(["-", "+", "√", "∛", "\\sqrt"]), children).map("".join)
    power = st.tuples(children, st.sampled_from(SUPERSCRIPT_RUNS + ["^2", "^(9^9)"])).map(
        "".join)
    return binary | call | bare | latex | frac | group | prefix | power


FORMULAS = st.recursive(ATOMS, _combine, max_leaves=30)
MUTATED = st.tuples(FORMULAS, st.randoms(use_true_random=False)).map(
    lambda t: mutate(t[0], t[1]))
NESTED = st.randoms(use_true_random=False).map(nested)
WRAPPED = st.randoms(use_true_random=False).map(wrapped_number)
RANDOM_TEXT = st.randoms(use_true_random=False).map(random_text)
HEAVY = st.randoms(use_true_random=False).map(heavy_build)
