"""The claims of the sums and probability lesson pages, checked by the engine."""

from __future__ import annotations

import sympy

from workbench.engine.densities import expectation
from workbench.engine.density_summary import distribution, moments
from workbench.engine.series import product, summation

n, x, lamda = sympy.symbols("n x lamda")


def test_sums_page_claims():
    assert sympy.simplify(summation("1/(k(k+1))", "k", 1, "n").exact - (1 - 1 / (n + 1))) == 0
    assert sympy.simplify(product("1 + 1/k", "k", 1, "n").exact - (n + 1)) == 0
    assert summation("1/k!", "k", 0, "oo").exact == sympy.E
    assert sympy.simplify(summation("x^k/k!", "k", 0, "oo").exact - sympy.exp(x)) == 0
    assert summation("binomial(n, k)", "k", 0, "n").exact == 2 ** n


def test_probability_page_claims():
    median = distribution("lamda e^(-lamda x)", quantiles=(0.5,)).quantiles[0][1]
    assert sympy.simplify(median - sympy.log(2) / lamda) == 0
    logistic = moments("sigmoid(x)(1 - sigmoid(x))")
    assert logistic.mean == 0 and logistic.variance == sympy.pi ** 2 / 3
    assert expectation("x", "1/(pi (1 + x^2))").exists is False
    two_x = moments("2x", support=(0, 1))
    assert (two_x.mean, two_x.variance) == (sympy.Rational(2, 3), sympy.Rational(1, 18))
