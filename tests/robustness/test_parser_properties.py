"""Property-based tests of the parser: any text gives a tree or a ParseError with a column.

Nothing else is ever raised, the result stays within the parser's bounds, and nothing runs
(a canary file that any code execution would create is checked after every run).
"""

from __future__ import annotations

import os
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.robustness.attack_corpus import ATTACKS
from tests.robustness.parse_check import check
from workbench.engine import parse
from workbench.protocol.syntax import ParseError

PROFILE = settings(max_examples=int(os.environ.get("WORKBENCH_FUZZ_EXAMPLES", "300")),
                   deadline=None, suppress_health_check=[HealthCheck.too_slow])


pytestmark = pytest.mark.usefixtures("no_canary")


def _parse_or_error(text: str, build: bool = False) -> None:
    # bounds instead of a stopwatch (issue 19): see tests/robustness/parse_check.py
    assert check(text, build=build) is None, text[:200]


@PROFILE
@given(st.text(max_size=300))
def test_any_unicode_text(text):
    _parse_or_error(text)


@PROFILE
@given(st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=300))
def test_any_ascii_text_builds_or_fails_cleanly(text):
    _parse_or_error(text, build=True)


@PROFILE
@given(st.text(alphabet="()[]{}|^*/+-., ", min_size=1, max_size=2500))
def test_punctuation_soup(text):
    _parse_or_error(text)


ATOMS = st.sampled_from(["x", "y", "2", "0", "0.5", "pi", "e", "1e-3", "x2", "theta", "π",
                         "x²", "√x", "|x|", "10^400"])
FUNCTIONS = st.sampled_from(["sin", "cos", "tan", "ln", "log", "exp", "sqrt", "tanh",
                             "sigmoid", "relu", "softplus", "asin", "abs", "sec", "floor",
                             r"\sin", r"\sqrt", r"\frac"])


def _combine(children):
    binary = st.tuples(children, st.sampled_from(["+", "-", "*", "/", "^", " ", "**", "·"]),
                       children).map(lambda t: f"{t[0]}{t[1]}{t[2]}")
    call = st.tuples(FUNCTIONS, children).map(
        lambda t: f"{t[0]}{{{t[1]}}}{{2}}" if t[0] == r"\frac" else f"{t[0]}({t[1]})")
    bare = st.tuples(FUNCTIONS, children).map(lambda t: f"{t[0]} {t[1]}")
    group = children.map(lambda c: f"({c})")
    neg = children.map(lambda c: f"-{c}")
    return binary | call | bare | group | neg


GRAMMAR_SHAPED = st.recursive(ATOMS, _combine, max_leaves=25)


@PROFILE
@given(GRAMMAR_SHAPED)
def test_grammar_shaped_expressions_build_or_fail_cleanly(text):
    _parse_or_error(text, build=True)


@pytest.mark.parametrize("attack", ATTACKS)
def test_attack_corpus(attack):
    with pytest.raises(ParseError):
        parse(attack)


@PROFILE
@given(st.text(alphabet=string.ascii_letters + "_0123456789", min_size=1, max_size=40))
def test_identifier_shapes_never_reach_sympy_unchecked(word):
    try:
        expr = parse(word)
    except ParseError:
        return
    for symbol in expr.free_symbols:
        name = symbol.name
        assert "__" not in name and not name.startswith("_") and name.replace("_", "").isalnum()
