"""The corpus tools on small examples of our own: the reader, the two evaluators, the
writer of our syntax, the derivative checks and the pool of killable workers."""

from __future__ import annotations

import mpmath
import pytest
import sympy

from tests.corpora.mathematica import (
    exponent_symbols, modern_branch, parse, strip_comments, substitute, top_level_lists)
from tests.corpora.mathematica_eval import mp_value, sympy_value
from tests.corpora.our_text import NotTypeable, our_text
from tests.corpora.pool_probe import sleepy
from tests.corpora.rubi_problem import Skip, convert, differentiates_back
from tests.corpora.rubi_tasks import derivative_matches
from tests.corpora.timed_pool import run_all
from workbench.engine import parse as parse_ours

x = sympy.Symbol("x")


def test_reader_follows_mathematica_precedence():
    assert parse("-x^2") == ("times", ("int", -1), ("power", ("sym", "x"), ("int", 2)))
    assert parse("a/b c") == ("times", ("sym", "a"), ("power", ("sym", "b"), ("int", -1)),
                              ("sym", "c"))
    assert parse("2^3^2") == ("power", ("int", 2), ("power", ("int", 3), ("int", 2)))
    assert parse("x^-1") == ("power", ("sym", "x"), ("int", -1))
    assert parse("Sin[a+b*x]")[0:2] == ("call", "Sin")


def test_files_split_into_problems_with_lines_and_comments_dropped():
    text = "(* a (* nested *) comment\n*)\n{x^2, x, 1, x^3/3}\n\n{Sin[x], x, 1, -Cos[x]}\n"
    assert strip_comments("a(*b*)c") == "ac"
    problems = list(top_level_lists(text))
    assert [line for line, _ in problems] == [3, 5]
    assert [item.strip() for item in problems[1][1]] == ["Sin[x]", "x", "1", "-Cos[x]"]


def test_version_branches_keep_the_newer_answer():
    tree = modern_branch(parse("If[$VersionNumber>=8, Log[x], 2*Log[x]]"))
    assert tree == ("call", "Log", ("sym", "x"))


def test_both_evaluators_agree_and_follow_mathematica_names():
    tree = parse("Sqrt[1 - x^2] + ArcSin[x]*E^x/Log[2, x] + ArcCot[x]")
    at = sympy.Rational(3, 10)
    expected = sympy.sqrt(1 - at**2) + sympy.asin(at) * sympy.exp(at) / sympy.log(at, 2) \
        + sympy.acot(at)
    built = sympy_value(tree, {"x": x})
    assert sympy.simplify(built.subs(x, at) - expected) == 0
    assert abs(mp_value(tree, {"x": mpmath.mpf(at)}) - expected.evalf(20)) < 1e-15


def test_parameters_are_found_and_substituted():
    tree = parse("(a + b*x^n)^p")
    assert exponent_symbols(tree) == {"n", "p"}
    assert substitute(tree, {"a": ("int", 2)})[1][1] == ("int", 2)


@pytest.mark.parametrize("expr", [
    x**2 * sympy.sin(x), sympy.sqrt(1 - x**2), sympy.asin(x) / (x + 1),
    -3 * x / 4 + sympy.exp(2 * x), (2 * x + 3) ** sympy.Rational(-3, 2),
    sympy.log(x) ** 2 / x, sympy.cos(3 * x + 2) * sympy.tan(x) ** 5, sympy.pi * x - sympy.E,
])
def test_our_text_reads_back_as_the_same_expression(expr):
    assert parse_ours(our_text(expr), variables=("x",)) == expr


def test_our_text_refuses_what_our_parser_cannot_read():
    with pytest.raises(NotTypeable):
        our_text(sympy.polylog(2, x))


def test_a_problem_converts_only_when_its_answer_differentiates_back():
    good = ["(a + b*x)^2", " x", " 1", " (a + b*x)^3/(3*b)"]
    record = convert(good)
    assert record.integrand == "(3 x + 2)^2" and record.params == {"a": "2", "b": "3"}
    with pytest.raises(Skip, match="does not differentiate back"):
        convert(["(a + b*x)^2", "x", "1", "(a + b*x)^3/(2*b)"])
    with pytest.raises(Skip, match="integrand uses"):
        convert(["PolyLog[2, x]", "x", "1", "x"])


def test_derivative_checks_tell_right_from_wrong_and_from_unknown():
    assert differentiates_back(parse("-Cos[x]"), parse("Sin[x]"), "x")
    assert not differentiates_back(parse("Cos[x]"), parse("Sin[x]"), "x")
    assert derivative_matches(sympy.sin(x), -sympy.cos(x) + 7, x) is True
    assert derivative_matches(sympy.sin(x), sympy.cos(x), x) is False
    assert derivative_matches(sympy.sqrt(-x**2 - 50), x, x) is None  # never real
    assert derivative_matches(1 / (x - 2), sympy.log(sympy.Abs(x - 2)), x) is True


def test_the_pool_kills_late_calls_and_reports_each_outcome():
    outcomes = dict(run_all(sleepy, [0.0, 30.0, -1.0, 0.1], limit=5.0, grace=1.0))
    assert outcomes[0] == {"status": "done"} and outcomes[3] == {"status": "done"}
    assert outcomes[1] == {"status": "answered", "late": True}
    assert outcomes[2]["status"] == "crashed" and "negative" in outcomes[2]["error"]


def test_the_held_back_files_are_never_chosen_whatever_the_chapters():
    from tests.corpora.convert_rubi import CHAPTERS, MORE_CHAPTERS, _chosen

    every = {**CHAPTERS, **MORE_CHAPTERS, "0": "independent"}
    for held_back in ("0 Independent test suites/Timofeev Problems.m",
                      "2 Exponentials/2.3 Exponential functions.m",
                      "3 Logarithms/3.5 Logarithm functions.m"):
        assert not _chosen(held_back, every)
    assert _chosen("3 Logarithms/3.1.2 (d x)^m (a+b log(c x^n))^p.m", MORE_CHAPTERS)
    assert _chosen("2 Exponentials/2.1 u (F^(c (a+b x)))^n.m", MORE_CHAPTERS)
    assert not _chosen("3 Logarithms/3.1.2 (d x)^m (a+b log(c x^n))^p.m", CHAPTERS)
    assert _chosen("1 Algebraic functions/1.1 Binomial products/1.1.1.2 (a+b x)^m.m", CHAPTERS)
