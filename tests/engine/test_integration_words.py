"""Words that are true: divergence said in words, special functions named.

Values are checked against mpmath, antiderivatives by differentiation at random points.
"""

from __future__ import annotations

import math
import pickle

import mpmath
import pytest

from tests.engine.textbook_integrals import check_antiderivative
from workbench.engine import antiderivative, definite_integral
from workbench.engine.integration import Limits


@pytest.mark.parametrize("text, a, b", [("1/x", -1, 1), ("1/x^2", 0, 1), ("1/x", 1, "oo"),
                                        ("sin(x)", 0, "oo")])
def test_a_divergent_integral_says_so_and_never_nan(text, a, b):
    r = definite_integral(text, "x", a, b)
    assert r.diverges
    assert "diverges" in r.latex and "diverges" in r.note
    assert "nan" not in r.latex.lower() and "nan" not in r.note.lower()
    assert r.to_dict()["diverges"] is True


def test_a_convergent_improper_integral_does_not_diverge():
    r = definite_integral("1/x^2", "x", 1, "oo")
    assert not r.diverges and r.exact == 1 and "diverges" not in r.latex


@pytest.mark.parametrize("text, name", [("e^(-x^2)", "erf"), ("sin(x)/x", "Si"),
                                        ("cos(x)/x", "Ci"), ("e^x/x", "Ei"),
                                        ("1/ln(x)", "li"), ("e^(x^2)", "erfi"),
                                        ("ln(1-x)/x", "Li₂"), ("sin(x^2)", "S")])
def test_no_elementary_antiderivative_names_its_special_function(text, name):
    r = antiderivative(text)
    assert r.special_functions == (name,)
    assert "not an elementary function" in r.note
    assert check_antiderivative(text, r.result) == "ok"
    assert pickle.loads(pickle.dumps(r)).special_functions == (name,)


def test_an_elementary_answer_names_no_special_function():
    assert antiderivative("x e^x").special_functions == ()
    assert antiderivative("erf(x)").special_functions == ()  # erf is in the integrand


def test_a_definite_integral_with_a_special_function_gives_the_number_too():
    r = definite_integral("e^(-x^2)", "x", 0, 1)
    want = float(mpmath.quad(lambda t: mpmath.exp(-t**2), [0, 1]))
    assert r.special_functions == ("erf",) and math.isclose(r.value, want, rel_tol=1e-10)
    assert "numerically" in r.note and f"{want:.6f}"[:7] in r.note


def test_chebyshevs_theorem_says_when_a_binomial_has_no_elementary_antiderivative():
    heard = []
    r = antiderivative("x (1 + x^3)^(-1/3)", progress=lambda *event: heard.append(event[0]))
    assert "Chebyshev" in r.note and "no elementary antiderivative" in r.note
    # no search can succeed: the incomplete beta function (₂F₁) is the answer at once
    assert heard == [] and r.verified and r.special_functions == ("₂F₁",)
    assert check_antiderivative("x (1 + x^3)^(-1/3)", r.result) == "ok"
    # one of the three cases: no such sentence
    assert "Chebyshev" not in antiderivative("x^3 (1 + x^2)^(1/3)").note


def test_a_verified_answer_is_remembered_with_its_stages():
    from workbench.engine.integration import memo

    memo.forget()
    first_heard, second_heard = [], []
    first = antiderivative("x^3 e^x", cache=True, progress=lambda *e: first_heard.append(e))
    second = antiderivative("x^3 e^x", cache=True, progress=lambda *e: second_heard.append(e))
    assert first.verified and second is first and second_heard == first_heard != []
    assert antiderivative("x^3 e^x") is not first  # without the cache: worked out afresh
    assert antiderivative("x^3 e^x").result == first.result


def test_the_memo_keeps_only_verified_answers_and_forgets_the_oldest():
    from workbench.engine.integration import memo

    memo.forget()
    none = antiderivative("atan(2 x)/x", cache=True)  # Si-like: no elementary answer
    assert none.result is None and memo.recall((none.expr, "x", Limits()), None) is None
    for k in range(memo.SIZE + 1):
        memo.remember(("key", k), k, [])
    assert memo.recall(("key", 0), None) is None and memo.recall(("key", 1), None) == 1
    memo.forget()


@pytest.mark.parametrize("text", ["softplus(x)", "softplus(-x)", "x sigmoid(x)"])
def test_softplus_and_sigmoid_are_named_through_the_dilogarithm(text):
    r = antiderivative(text)
    assert r.verified and r.special_functions == ("Li₂",)
    assert check_antiderivative(text, r.result) == "ok"
