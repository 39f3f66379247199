"""The sigmoid's derivative is also shown as σ(u)(1 − σ(u)), however σ was typed."""

from __future__ import annotations

import numpy as np
import pytest

from workbench.engine.differentiation import derivative
from workbench.protocol.syntax import evaluate


@pytest.mark.parametrize(("text", "form"), [
    ("sigmoid(x)", r"\sigma\left(x\right)\left(1 - \sigma\left(x\right)\right)"),
    ("1/(1 + e^(-x))", r"\sigma\left(x\right)\left(1 - \sigma\left(x\right)\right)"),
    ("sigmoid(3x + 1)",
     r"3 \sigma\left(3 x + 1\right)\left(1 - \sigma\left(3 x + 1\right)\right)"),
    ("1/(1 + exp(-(2x + 1)))",
     r"2 \sigma\left(2 x + 1\right)\left(1 - \sigma\left(2 x + 1\right)\right)"),
])
def test_sigmoid_derivative_in_terms_of_sigma(text, form):
    d = derivative(text)
    final = d.steps[-1]
    assert final.rule == "simplify"
    (alternative,) = final.substeps
    assert alternative.rule == "sigmoid" and alternative.after == form
    xs = np.linspace(-6, 6, 41)
    h = 1e-6
    slope = (evaluate(alternative.subject, {"x": xs + h})
             - evaluate(alternative.subject, {"x": xs - h})) / (2 * h)
    np.testing.assert_allclose(evaluate(alternative.result, {"x": xs}), slope, atol=1e-8)


@pytest.mark.parametrize("text", ["x^2", "1/(1 + e^x + x)", "sigmoid(2)"])
def test_other_functions_get_no_sigma_form(text):
    assert derivative(text).steps[-1].substeps == []
