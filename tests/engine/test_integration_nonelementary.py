"""Reasons for "no elementary antiderivative", and the chain skipping its search on them.

Each elementary counterpart below is checked by differentiating a known antiderivative,
so the cases where no reason may be given are facts, not guesses.
"""

from __future__ import annotations

import sympy
import pytest

from tests.engine.textbook_integrals import check_antiderivative
from workbench.engine import antiderivative
from workbench.engine.integration import Limits
from workbench.engine.integration.nonelementary import no_elementary_reason
from workbench.engine.parsing import parse
from workbench.engine.symbols import realify

X = sympy.Symbol("x", real=True)


def _reason(text: str, seconds: float = 5.0) -> str:
    f, _back = realify(parse(text, variables=("x",)))
    return no_elementary_reason(f.subs(sympy.Symbol("x", real=True), X), X, seconds)


@pytest.mark.parametrize("text", ["cos(x)^(4/3)", "sec(x)^(3/2)", "sin(x)/csc(x)^(3/2)",
                                  "sinh(x)^(1/3)", "sqrt(sin(x)) cos(x)^2",
                                  "cosh(x)^(2/3) sinh(x)^(1/2)"])
def test_a_power_of_sine_or_cosine_outside_chebyshevs_cases_has_a_reason(text):
    reason = _reason(text)
    assert "Chebyshev" in reason and "no elementary antiderivative" in reason


@pytest.mark.parametrize("text, antiderivative_text", [
    ("sqrt(sin(x)) cos(x)^3", "2 sin(x)^(3/2)/3 - 2 sin(x)^(7/2)/7"),  # b odd
    ("sin(x)^(1/3) cos(x)^(-7/3)", "3 tan(x)^(4/3)/4"),  # (a + b)/2 whole
    ("tan(x)^(5/2) sec(x)^2", "2 tan(x)^(7/2)/7"),
    # the classes cancel: cos^(4/3) − ¼cos^(−2/3) is (3/4)·d/dx(cos^(1/3)·sin)
    ("cos(x)^(4/3) - cos(x)^(-2/3)/4", "3 cos(x)^(1/3) sin(x)/4"),
    # and for sinh the reduction formula has the other sign
    ("sinh(x)^(4/3) + sinh(x)^(-2/3)/4", "3 sinh(x)^(1/3) cosh(x)/4"),
])
def test_no_reason_where_the_antiderivative_is_elementary(text, antiderivative_text):
    assert check_antiderivative(text, parse(antiderivative_text)) == "ok"
    assert _reason(text) == ""


def test_a_sum_of_powers_whose_classes_do_not_cancel_has_a_reason():
    # the same two powers as above with the wrong sign: (1/2)·∫sinh^(−2/3) is left over
    reason = _reason("sinh(x)^(4/3) - sinh(x)^(-2/3)/4")
    assert "reduction formula" in reason and "-1/2" in reason
    # two classes (exponents 2/3 and 5/3 differ by an odd number): no claim is made
    assert _reason("cos(x)^(2/3) + cos(x)^(5/3)") == ""


@pytest.mark.parametrize("text, elementary", [
    ("exp(x^2)", False), ("x exp(x^2)", True), ("(1 + 2 x^2) exp(x^2)", True),
    ("atan(2 x)/x", False), ("atan(2 x)/x^2", True), ("sin(x^2)", False),
    ("x/(3 sec(2 x) + 2)", False), ("exp(x)/x", False), ("x sec(x)^2", True),
])
def test_the_risch_algorithm_tells_exponential_and_logarithmic_cases(text, elementary):
    assert (_reason(text) == "") is elementary


def test_no_reason_is_claimed_for_a_parameter_or_a_root_of_x():
    assert _reason("cos(a x)^(4/3)") == ""  # a parameter: true for numbers only
    assert _reason("exp(sqrt(x))") == ""  # a root of x: not the Risch algorithm's case


def test_a_form_reason_gives_the_incomplete_beta_function_without_a_search():
    heard = []
    text = "27 sec(7 x + 5)^(3/2)"
    r = antiderivative(text, progress=lambda *event: heard.append(event[0]))
    assert not {"steps", "rewrite", "integrator"} & set(heard)  # no stage had to search
    assert r.verified and r.special_functions == ("₂F₁",) and r.stage == "rewrite"
    assert "Chebyshev" in r.note and "no elementary antiderivative" in r.note
    assert check_antiderivative(text, r.result) == "ok"


def test_a_risch_reason_leaves_only_short_tries_at_a_special_function():
    heard = []
    roomy = Limits(reason=10.0)  # the Risch check's time is not what this test is about
    r = antiderivative("atan(2 x)/x", limits=roomy, progress=lambda *event: heard.append(event))
    stages = [stage for stage, _title, _seconds in heard if stage != "method"]
    # the form's stage, then short tries of the step engine, the rewrites, the integrator
    assert stages == ["steps", "steps", "rewrite", "integrator"]
    tries = heard[[i for i, event in enumerate(heard) if event[0] == "steps"][1]:]
    assert all(seconds <= roomy.special for _stage, _title, seconds in tries)
    assert r.result is None and r.stage == "none"
    assert "Risch" in r.note and "no elementary antiderivative" in r.note
    r = antiderivative("sin(x^2)", limits=roomy)
    assert r.verified and r.special_functions == ("S",) and "Risch" in r.note


@pytest.mark.parametrize("text", ["cos(x)^(4/3)", "sqrt(sin(x)) cos(x)^2", "sinh(x)^(1/3)",
                                  "1/(x^6 (3 x^2 - 2)^(3/4))", "x (1 + x^3)^(-1/3)",
                                  "27 (5 cos(7 x + 5)^2 + 2) cos(7 x + 5)^(9/2)",
                                  "cos(x)^(2/3) + cos(x)^(5/3)"])
def test_incomplete_beta_answers_differentiate_back(text):
    r = antiderivative(text)
    assert r.verified and "₂F₁" in r.special_functions
    assert check_antiderivative(text, r.result) == "ok"


def test_no_hypergeometric_answer_hides_an_elementary_one():
    # the classes cancel: a sum of ₂F₁ would be (3/4)·cos^(1/3)·sin in disguise
    r = antiderivative("cos(x)^(4/3) - cos(x)^(-2/3)/4", limits=Limits(total=3.0))
    assert not r.special_functions


@pytest.mark.parametrize("text", ["sqrt(sin(x)) cos(x)^3", "cos(2 x + 1)^(2/3) sin(2 x + 1)^5",
                                  "sin(x)^(3/2)/cos(x)^(7/2)", "sqrt(sin(x))/cos(x)",
                                  "sin(x)^(1/3) cos(x)^(-7/3)"])
def test_fractional_powers_of_sine_and_cosine_by_chebyshevs_substitutions(text):
    r = antiderivative(text)
    assert r.verified and r.stage == "rewrite"
    assert "trig_powers" in {s.rule for top in r.steps for s in top.walk()}
    assert check_antiderivative(text, r.result) == "ok"


def test_an_inverse_function_is_substituted_before_the_risch_algorithm_decides():
    # θ = arctan 2x: sin 2θ·cos θ/θ² (a cosine integral), a substitution by elementary
    # functions both ways
    reason = _reason("x/((20 x^2 + 5)^(5/2) atan(2 x)^2)")
    assert "Risch" in reason and "atan" in reason
    # 1/((1 + x²)·arctan x) = (ln|arctan x|)′: no reason, and the chain answers
    assert check_antiderivative("1/((1 + x^2) atan(x))", parse("log(abs(atan(x)))")) == "ok"
    assert _reason("1/((1 + x^2) atan(x))") == ""
    assert antiderivative("1/((1 + x^2) atan(x))", limits=Limits(reason=10.0)).verified


def test_a_definite_integral_without_an_elementary_antiderivative_says_why():
    import math
    import mpmath
    from workbench.engine import definite_integral
    r = definite_integral("atan(2 x)/x", "x", 1, 2, limits=Limits(reason=10.0))
    want = float(mpmath.quad(lambda t: mpmath.atan(2 * t) / t, [1, 2]))
    assert math.isclose(r.value, want, rel_tol=1e-9)
    assert "numerical integration" in r.note and "no elementary antiderivative" in r.note
