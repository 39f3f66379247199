"""The script assembler: long statements wrap inside brackets and still compile."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.codegen.printer import CodegenError, to_numpy, to_sympy
from workbench.codegen.script import MAX_LINE, Script, wrap
from workbench.protocol.syntax import parse_tree

_TERMS = st.sampled_from(["sin(x)", "x^2", "sigmoid(3x - 1)", "log_2(x + 4)", "e^(-x/7)",
                          "(x + 1)/(x - 2)", "|x|", "relu(x)", "0.000123456789", "x^(1/3)"])


@settings(max_examples=60, deadline=None)
@given(st.lists(_TERMS, min_size=1, max_size=40), st.sampled_from([0, 4, 8]),
       st.sampled_from(["f_expr = ", "return ", "value = report(\"a label, with spaces\", "]))
def test_long_statements_wrap_and_compile(terms, indent, head):
    tree = parse_tree(" + ".join(terms))
    for code in (to_numpy(tree), to_sympy(tree)):
        statement = head + code + (")" if head.startswith("value") else "")
        rows = wrap(statement, indent)
        assert all(len(row) <= MAX_LINE for row in rows)
        body = "\n".join(rows)
        compile("def g(x):\n    if 1:\n        pass\n" + _indented(body, indent), "<w>", "exec")


def _indented(body: str, indent: int) -> str:
    return "\n".join(("    " + row[indent:]) if row.strip() else row for row in body.split("\n"))


def test_a_trailing_comment_of_a_long_line_moves_above_it():
    script = Script("t")
    script.line("total = " + " + ".join(["term"] * 30) + "  # why this sum")
    rows = script.body
    assert rows[0] == "# why this sum" and all(len(r) <= MAX_LINE for r in rows)


def test_a_line_that_cannot_wrap_is_refused():
    script = Script("t")
    script.line("x = " + "1" * 200)
    with pytest.raises(CodegenError):
        script.text()


def test_the_header_names_only_the_libraries_used():
    script = Script("A title", ("np",))
    script.need("integrate")
    text = script.text()
    assert text.startswith('"""A title.') and "NumPy and SciPy" in text
    assert "import numpy as np\nfrom scipy import integrate\n" in text
    assert "sympy" not in text
