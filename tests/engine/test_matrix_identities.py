"""The matrix-calculus identities, each expanded into components and checked at sizes 1-4;
and a check that a wrong formula is caught (the comparison can fail)."""

from __future__ import annotations

import json
import pickle

import numpy as np
import pytest
import sympy

from workbench.engine import check_identity, matrix_identities
from workbench.engine.layers import identities as I

IDS = [info.id for info in matrix_identities()]


def test_the_reference_list():
    assert IDS == ["linear", "quadratic", "squared_norm", "linear_map", "softmax", "mse",
                   "softmax_cross_entropy", "sigmoid_bce"]
    for info in matrix_identities():
        assert info.title and info.latex.count("{") == info.latex.count("}")


@pytest.mark.parametrize("n", [1, 2, 3])
@pytest.mark.parametrize("identity", IDS)
def test_every_identity_holds_component_by_component(identity, n):
    result = check_identity(identity, n)
    assert result.verified
    assert result.n == n and result.steps[0].rule == "components"
    assert result.steps[-1].rule == "compare" and "agree" in result.steps[-1].title
    # the derived entries are the derivatives of the function: check one at random numbers
    rng = np.random.default_rng(n)
    symbols = sorted(set().union(*(sympy.sympify(e).free_symbols for e in I._flat(
        result.derived))) | _symbols(result.function), key=str)
    point = {s: sympy.Float(v) for s, v in zip(symbols, rng.uniform(0.1, 0.9, len(symbols)))}
    parts = I._BUILDERS[identity](n)
    for derived, formula in zip(I._flat(result.derived), I._flat(result.formula)):
        gap = (derived - formula).xreplace(parts.assume).xreplace(point)
        assert abs(complex(sympy.N(gap))) < 1e-12


def _symbols(function):
    items = function if isinstance(function, tuple) else (function,)
    return set().union(*(f.free_symbols for f in items))


def test_size_four_for_the_heaviest_identities():
    assert check_identity("softmax", 4).verified
    assert check_identity("quadratic", 4).verified


def test_the_gradient_matches_central_differences():
    result = check_identity("quadratic", 3)
    a = np.array([[1.0, 2.0, -1.0], [0.5, 3.0, 0.0], [4.0, -2.0, 1.0]])
    x = np.array([0.3, -0.7, 1.1])
    values = {sympy.Symbol(f"A_{i}{j}"): a[i - 1, j - 1] for i in range(1, 4) for j in range(1, 4)}
    values |= {sympy.Symbol(f"x_{i}"): x[i - 1] for i in range(1, 4)}
    got = [float(e.xreplace(values)) for e in result.derived]
    np.testing.assert_allclose(got, (a + a.T) @ x)
    h = 1e-6
    numeric = [((x + h * e) @ a @ (x + h * e) - (x - h * e) @ a @ (x - h * e)) / (2 * h)
               for e in np.eye(3)]
    np.testing.assert_allclose(got, numeric, rtol=1e-7)


def test_a_wrong_formula_is_not_verified():
    parts = I._quadratic(2)  # 2·A·x is the gradient only for a symmetric A
    x, a = parts.wrt, I._mat("A", 2)
    derived = [sympy.diff(parts.function, v) for v in x]
    wrong = [2 * sum(a[i][j] * x[j] for j in range(2)) for i in range(2)]
    assert not all(I._is_zero(d - w, {}) for d, w in zip(derived, wrong))
    # softmax then cross-entropy gives s − t only because Σt = 1
    parts = I._softmax_cross_entropy(2)
    derived = [sympy.diff(parts.function, v) for v in parts.wrt]
    assert not all(I._is_zero(d - f, {}) for d, f in zip(derived, parts.formula))
    assert all(I._is_zero(d - f, parts.assume) for d, f in zip(derived, parts.formula))


def test_results_pickle_and_write_json():
    result = check_identity("linear_map", 2)
    assert pickle.loads(pickle.dumps(result)).derived == result.derived
    data = json.loads(json.dumps(result.to_dict()))
    assert data["verified"] is True
    assert sympy.sympify(data["derived"][0][1]) == sympy.Symbol("A_12")


@pytest.mark.parametrize(("identity", "n", "words"), [
    ("cubic", 3, "Unknown identity"), ("linear", 0, "from 1 to 8"), ("linear", 9, "from 1 to 8"),
    ("linear", 2.5, "whole number"),
])
def test_bad_requests(identity, n, words):
    with pytest.raises(ValueError, match=words):
        check_identity(identity, n)
