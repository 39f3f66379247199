"""Issue 19: a grammar-aware fuzzer - the parser's contract on thousands of inputs.

Families (tests/robustness/grammar_inputs.py): formulas generated from the parser's own
vocabulary, mutations of them, nesting from 10^2 to 10^6 levels, huge literals, numbers
wrapped in every function, random unicode and bytes, functions around powers that
sympy's evaluation would multiply out. Each input must give a ParseError
(with a message and a column inside the text) or a result within the parser's bounds
(tree size, depth, digits: see parse_check.py), never another exception, and nothing
may run (the canary). WORKBENCH_FUZZ_EXAMPLES scales the run.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings

from tests.robustness import grammar_inputs as G
from tests.robustness.parse_check import check
from workbench.engine.timebox import time_limit

HANG_GUARD_S = 60.0
EXAMPLES = int(os.environ.get("WORKBENCH_FUZZ_EXAMPLES", "500"))
PROFILE = settings(max_examples=EXAMPLES, deadline=None, database=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                          HealthCheck.large_base_example,
                                          HealthCheck.data_too_large])


pytestmark = pytest.mark.usefixtures("no_canary")


@PROFILE
@given(G.FORMULAS)
def test_grammar_formulas(text):
    assert check(text) is None, text[:200]


@PROFILE
@given(G.MUTATED)
def test_mutated_formulas(text):
    assert check(text) is None, text[:200]


@PROFILE
@given(G.NESTED)
def test_deep_nesting(text):
    assert check(text) is None, text[:200]


@PROFILE
@given(G.WRAPPED)
def test_numbers_wrapped_in_functions(text):
    assert check(text) is None, text[:200]


@PROFILE
@given(G.RANDOM_TEXT)
def test_random_unicode_and_bytes(text):
    assert check(text) is None, text[:200]


@PROFILE
@given(G.HEAVY)
def test_functions_around_powers_sympy_would_multiply_out(text):
    with time_limit(HANG_GUARD_S):  # generous: only a hang (the old behaviour) reaches it
        assert check(text) is None, text[:200]


@pytest.mark.parametrize("name", G.FUNCTIONS)
@pytest.mark.parametrize("number", ["9", "10^400", "9^9", "1e3999", "cosh(10^5)", "9^9^9"])
def test_every_function_around_every_huge_number(name, number):
    for text in (f"{name}({number})", f"{name}({number})^(9^9)", f"9^{name}({number})",
                 f"{name}({name}({number}))^2", f"|{name}({number})|^(9^9)"):
        assert check(text) is None, text
