"""One Rubi test problem -> one corpus record: parameters instantiated, answer re-checked.

A problem is ``{integrand, x, steps, antiderivative}``. Symbolic parameters get small
numbers from a few fixed assignments (the first that works is kept, so the choice is
deterministic); a record is kept only when our parser reads the integrand back exactly
and the instantiated antiderivative differentiates back to the integrand at several
points (mpmath, 30 digits, in the complex plane with Mathematica's principal branches).
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass, field
from fractions import Fraction

import mpmath
import sympy

from tests.corpora.mathematica import (
    SyntaxProblem,
    Tree,
    exponent_symbols,
    heads,
    modern_branch,
    parse,
    substitute,
    symbols,
)
from tests.corpora.mathematica_eval import (
    ELEMENTARY,
    Unsupported,
    known_heads,
    mp_value,
    sympy_value,
)
from tests.corpora.our_text import NotTypeable, our_text
from workbench.engine import ParseError
from workbench.engine import parse as parse_ours

X = sympy.Symbol("x")
_CONSTANTS = frozenset({"E", "Pi", "I", "EulerGamma"})
_NO_ANSWER = frozenset({"Unintegrable", "CannotIntegrate", "Int", "Integrate"})
# Real sample points: where the integrand is real and finite, F' must equal it.
POINTS = ("0.31", "0.77", "1.29", "1.93", "2.61", "-0.43", "-1.17", "0.053", "3.7", "-2.3")
_F = Fraction
# (coefficients, exponents): tried in order. Distinct values keep a^2 - b^2, b^2 - 4ac
# and the like away from zero; the exponent sets mix integers and halves.
ASSIGNMENTS: tuple[tuple[dict[str, Fraction], dict[str, Fraction]], ...] = (
    ({"a": _F(2), "b": _F(3), "c": _F(5), "d": _F(7), "e": _F(4), "f": _F(6), "g": _F(8),
      "h": _F(9), "A": _F(2), "B": _F(3), "C": _F(5), "D": _F(7)},
     {"m": _F(2), "n": _F(3), "p": _F(2), "q": _F(3), "r": _F(2), "j": _F(1), "k": _F(2)}),
    ({"a": _F(3), "b": _F(2), "c": _F(1), "d": _F(5), "e": _F(2), "f": _F(3), "g": _F(4),
      "h": _F(5), "A": _F(1), "B": _F(2), "C": _F(3), "D": _F(4)},
     {"m": _F(3), "n": _F(2), "p": _F(1, 2), "q": _F(-1, 2), "r": _F(3, 2), "j": _F(1),
      "k": _F(3)}),
    ({"a": _F(1), "b": _F(1, 2), "c": _F(2), "d": _F(3), "e": _F(1), "f": _F(2),
      "g": _F(3), "h": _F(1, 3), "A": _F(3), "B": _F(1), "C": _F(2), "D": _F(5)},
     {"m": _F(-2), "n": _F(4), "p": _F(-1, 2), "q": _F(1, 2), "r": _F(-3, 2), "j": _F(2),
      "k": _F(5)}),
)
_FALLBACK = (_F(2), _F(3), _F(5))  # any other parameter name, per assignment


class Skip(Exception):
    """Why a problem does not enter the corpus (the message is the reason's short name)."""


@dataclass
class Record:
    """A kept problem, as written to the corpus."""

    integrand: str
    steps: int
    answer: str | None  # in our syntax, where it can be written in it
    answer_mathematica: str
    params: dict[str, str] = field(default_factory=dict)
    special: bool = False


def convert(items: list[str], seen: Container[str] = ()) -> Record:
    """The corpus record of one problem given as the texts of its elements.

    A problem whose instantiated integrand is in ``seen`` is skipped as a duplicate
    before its answer is checked (the check is the expensive part).
    """
    if len(items) < 4:
        raise Skip("malformed problem")
    integrand, var = _read(items[0], "integrand"), _variable(items[1])
    bad = heads(integrand) - ELEMENTARY
    if bad:
        raise Skip(f"integrand uses {min(bad)}")
    if "I" in symbols(integrand):
        raise Skip("complex integrand")
    steps = _steps(items[2])
    names = set(re.findall(r"[A-Za-z$][A-Za-z0-9$]*", items[3]))
    if names & _NO_ANSWER or items[3].strip() == "0":
        raise Skip("Rubi gives no antiderivative")
    answer = _read(items[3], "answer")
    unknown = heads(answer) - known_heads()
    if unknown:
        raise Skip(f"answer uses {min(unknown)}")
    params = sorted((symbols(integrand) | symbols(answer)) - _CONSTANTS - {var})
    exponents = exponent_symbols(integrand) | exponent_symbols(answer)
    last = Skip("no assignment worked")
    for index in range(len(ASSIGNMENTS) if params else 1):
        values = _values(params, exponents, index)
        try:
            return _instantiate(integrand, answer, var, values, steps, seen)
        except Skip as problem:
            last = problem
    raise last


def _read(text: str, what: str) -> Tree:
    try:
        return modern_branch(parse(text))
    except SyntaxProblem:
        raise Skip(f"{what} not readable") from None


def _variable(text: str) -> str:
    if not re.fullmatch(r"[A-Za-z]\w*", text.strip()):
        raise Skip("malformed problem")
    return text.strip()


def _steps(text: str) -> int:
    if not text.strip().isdigit():
        raise Skip("malformed problem")
    return int(text)


def _values(params: list[str], exponents: set[str], index: int) -> dict[str, Fraction]:
    coefficients, powers = ASSIGNMENTS[index]
    values = {}
    for name in params:
        table = powers if name in exponents else coefficients
        values[name] = table.get(name, _FALLBACK[index])
    return values


def number_tree(value: Fraction) -> Tree:
    """A rational number as a tree (``p * q^-1``)."""
    if value.denominator == 1:
        return ("int", value.numerator)
    return ("times", ("int", value.numerator), ("power", ("int", value.denominator),
                                                ("int", -1)))


def _instantiate(integrand: Tree, answer: Tree, var: str, values: dict[str, Fraction],
                 steps: int, seen: Container[str]) -> Record:
    trees = {name: number_tree(value) for name, value in values.items()}
    f_tree, big_f = substitute(integrand, trees), substitute(answer, trees)
    f = sympy_value(f_tree, {var: X})
    if f.has(sympy.I, sympy.zoo, sympy.nan, sympy.oo) or not f.has(X):
        raise Skip("degenerate after instantiation")
    try:
        text = our_text(f)
        typed = parse_ours(text, variables=("x",))
    except (NotTypeable, ParseError):
        raise Skip("not typeable in our syntax") from None
    if typed != f and sympy.expand(typed - f) != 0:
        raise Skip("our parser reads it differently")
    if text in seen:
        raise Skip("duplicate integrand")
    _check_sympy_build(f, f_tree, var)
    if not differentiates_back(big_f, f_tree, var):
        raise Skip("answer does not differentiate back")
    special = bool(heads(answer) - ELEMENTARY)
    return Record(text, steps, None if special else _answer_text(big_f, var),
                  to_mathematica(big_f), {k: str(v) for k, v in values.items()}, special)


def _answer_text(answer: Tree, var: str) -> str | None:
    """Rubi's (instantiated) antiderivative in our syntax, or None (e.g. it uses I)."""
    try:
        return our_text(sympy_value(answer, {var: X}))
    except (NotTypeable, Unsupported):
        return None


def _check_sympy_build(f: sympy.Expr, f_tree: Tree, var: str) -> None:
    """The sympy integrand and the tree agree in value (guards the two builders)."""
    for point in POINTS[:1]:
        with mpmath.workdps(30):
            want = _value(f_tree, var, mpmath.mpf(point))
            got = complex(f.evalf(30, subs={X: sympy.Rational(point)}))
            if want is not None and abs(got - complex(want)) > 1e-9 * max(1.0, abs(want)):
                raise Skip("sympy and mpmath disagree")


def _value(tree: Tree, var: str, at: mpmath.mpf) -> mpmath.mpc | None:
    try:
        value = mpmath.mpc(mp_value(tree, {var: at}))
    except (ZeroDivisionError, ValueError, Unsupported, TypeError, OverflowError):
        return None
    return value if mpmath.isfinite(value) else None


def differentiates_back(answer: Tree, integrand: Tree, var: str, least: int = 3,
                        enough: int = 3) -> bool:
    """True when d answer / d var equals the integrand at the sample points where the
    integrand is real and finite: at least ``least`` of them, ``enough`` suffice.

    The derivative is a central difference with step 1e-9 at 30 digits: its error
    (about 1e-18 relative) is far below the 1e-10 tolerance, at two evaluations a point.
    """
    checked = 0
    with mpmath.workdps(30):
        step = mpmath.mpf("1e-9")
        for point in POINTS:
            at = mpmath.mpf(point)
            f = _value(integrand, var, at)
            if f is None or abs(f.imag) > 1e-20 * max(1, abs(f)):
                continue
            right, left = _value(answer, var, at + step), _value(answer, var, at - step)
            if right is None or left is None:
                return False
            if not abs((right - left) / (2 * step) - f) <= 1e-10 * max(1, abs(f)):
                return False
            checked += 1
            if checked >= enough:
                break
    return checked >= least


def to_mathematica(tree: Tree) -> str:
    """A tree written back in Mathematica's input syntax (numbers in place of parameters)."""
    kind = tree[0]
    if kind in ("int", "real"):
        text = str(tree[1])
        return f"({text})" if text.startswith("-") else text
    if kind == "sym":
        return tree[1]
    if kind == "call":
        return f"{tree[1]}[{', '.join(to_mathematica(child) for child in tree[2:])}]"
    if kind == "list":
        return "{" + ", ".join(to_mathematica(child) for child in tree[1:]) + "}"
    parts = [to_mathematica(child) for child in tree[1:]]
    joiner = {"plus": " + ", "times": "*", "power": "^"}[kind]
    return "(" + joiner.join(parts) + ")"
