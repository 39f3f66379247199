"""The pieces series.py was split into: bounded_call, the problem's numbers and notation."""

from __future__ import annotations

import math
import time

import pytest
import sympy

from workbench.engine import densities, series
from workbench.engine.series_closed import closed_product, closed_sum
from workbench.engine.series_problem import (Problem, bounded_call, float_value, numeric_total,
                                             paren, prod_tex, term_count)
from workbench.engine.timebox import StageTimeout, time_limit

k, m = sympy.symbols("k m")


def _spin(seconds: float) -> str:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass
    return "finished"


def _problem(term: sympy.Expr, lo: int, hi) -> Problem:
    return Problem(term, k, sympy.Integer(lo), sympy.sympify(hi), m, [], term)


def test_bounded_call_gives_the_answer_or_the_default():
    assert bounded_call(sympy.factorial, 5) == 120
    assert bounded_call(lambda: 1 / 0, default="none") == "none"
    assert bounded_call(_spin, 30, seconds=0.1, default="late") == "late"


def test_bounded_call_stops_when_an_enclosing_stage_runs_out():
    with pytest.raises(StageTimeout), time_limit(0.1):
        bounded_call(_spin, 30, seconds=20)


def test_bounded_call_is_still_where_its_importers_find_it():
    assert series.bounded_call is bounded_call
    assert densities.bounded_call is bounded_call


@pytest.mark.parametrize(("lo", "hi", "count"), [(1, 10, 10), (3, 2, 0), (-2, 2, 5),
                                                 (1, "n", None), (1, "oo", None)])
def test_term_count(lo, hi, count):
    assert term_count(_problem(k, lo, hi)) == count


def test_float_value_rounds_exact_answers_once_and_adds_terms_otherwise():
    p = _problem(1 / k, 1, 10)
    assert float_value(sympy.Rational(7381, 2520), p, "sum") == 7381 / 2520
    assert float_value(None, p, "sum") == pytest.approx(math.fsum(1 / i for i in range(1, 11)))
    assert float_value(None, _problem(k, 1, 6), "prod") == 720.0
    assert math.isnan(float_value(None, _problem(k, 1, "n"), "sum"))
    assert numeric_total(_problem(k ** 2, 0, 4), 5, "sum") == 30.0


def test_closed_forms_agree_with_the_terms_added_up():
    s, steps = closed_sum(_problem(3 * k ** 2 - k, 2, m))
    assert {st.rule for st in steps} >= {"faulhaber"}
    for top in range(2, 12):
        assert s.subs(m, top) == sum(3 * i * i - i for i in range(2, top + 1))
    g, steps = closed_sum(_problem(sympy.Rational(1, 3) ** k, 0, m))
    assert steps[0].rule == "geometric"
    assert sympy.simplify(g.subs(m, 5) - sum(sympy.Rational(1, 3) ** i for i in range(6))) == 0
    f, steps = closed_product(_problem(k, 1, m))
    assert steps[0].rule == "factorial" and f.subs(m, 6) == 720


def test_notation_brackets_what_would_be_misread():
    assert paren(k + 1, "+") == r"\left(k + 1\right)"
    assert paren(2 * k, "+") == "2 k" and paren(2 * k, r"\cdot") == r"\left(2 k\right)"
    assert paren(sympy.Integer(-3)) == r"\left(-3\right)"
    assert prod_tex(k + 1, k, 1, m) == r"\prod_{k=1}^{m} \left(k + 1\right)"
