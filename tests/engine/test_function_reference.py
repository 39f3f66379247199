"""The function reference is generated from the parser's vocabulary and every example parses."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from workbench.protocol import function_reference as ref
from workbench.protocol.syntax import ParseError, evaluate, parse_tree, symbols_of
from workbench.protocol.syntax.vocabulary import CONSTANTS, FUNCTION_ALIASES


def test_every_accepted_spelling_is_listed_once():
    listed = [s for entry in ref.functions() for s in entry.spellings]
    assert sorted(listed) == sorted(FUNCTION_ALIASES)
    assert sorted(s for c in ref.constants() for s in c.spellings) == sorted(CONSTANTS)


def test_every_function_has_its_own_words_and_group():
    for entry in ref.functions():
        assert entry.group != "Other" and entry.description != entry.name, entry.name
        assert entry.example.strip()


@pytest.mark.parametrize("entry", ref.functions(), ids=lambda e: e.name)
def test_every_example_parses_and_uses_its_function(entry):
    tree = parse_tree(entry.example, ("k", "n"))
    used = {node[1] for node in _walk(tree) if node[0] == "call"}
    # log10 and log2 are written as log with a base; the rest keep their own name
    assert entry.name in used or entry.name in ("log10", "log2") and "log" in used
    values = {name: np.array([0.3, 0.7]) for name in symbols_of(tree)}
    if entry.name in ("factorial", "binomial"):
        values = {name: np.array([5.0, 7.0]) for name in symbols_of(tree)}
    assert evaluate(tree, values).shape == (2,) or not values


def test_notation_examples_parse():
    for example, _ in ref.SYNTAX:
        for piece in example.replace(" or ", ", ").split(", "):
            parse_tree(piece.strip(), ("w_1", "w1"))


def test_markdown_lists_every_function():
    text = ref.as_markdown()
    assert all(f"`{entry.name}`" in text for entry in ref.functions())
    assert "## Notation" in text and "theta" in text


def test_unknown_names_point_to_the_reference():
    with pytest.raises(ParseError, match="Functions and syntax"):
        parse_tree("foo(x)")


def test_the_reference_imports_no_sympy_and_no_qt():
    code = ("import sys, workbench.protocol.function_reference as r; r.as_markdown(); "
            "print(any(m.split('.')[0] in ('sympy', 'PySide6', 'scipy') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=".")
    assert out.stdout.strip() == "False"


def _walk(node):
    yield node
    for child in node[1:]:
        if isinstance(child, tuple):
            yield from _walk(child)
