"""Words shown to students for the engine's machine names, and inline math in sentences.

A ``Step`` carries a stable machine name (``rule``: ``ftc``, ``constant_multiple``) and a
sentence (``title``). Every place that shows a step (the derivation panel, the exports)
names the rule with ``rule_name`` so a student reads "Fundamental theorem of calculus",
never "Ftc". A sentence may hold inline math between ``$`` signs (``u = $\\ln x$``);
``split_inline_math`` cuts it into words and formulas for a renderer to typeset.
"""

from __future__ import annotations

import math
import re

# Rule names shown to students; a rule not listed is spelt from its machine name.
RULE_NAMES: dict[str, str] = {
    # differentiation
    "power": "Power rule", "constant": "Constant rule", "constant_multiple": "Constant multiple",
    "sum": "Sum rule", "difference": "Difference rule", "product": "Product rule",
    "quotient": "Quotient rule", "chain": "Chain rule", "exp": "Exponential rule",
    "log": "Log rule", "trig": "Trig rule", "identity": "Identity",
    "simplify": "Simplify", "rewrite": "Rewrite", "derivative": "Differentiate",
    "sigmoid": "Sigmoid rule", "relu": "ReLU rule", "tanh": "tanh rule",
    "log_differentiation": "Logarithmic differentiation", "sympy": "Differentiate",
    "higher_order": "Higher derivative", "partial": "Partial derivative",
    "difference_quotient": "Difference quotient", "limit": "Limit",
    "slope": "Slope", "point_slope": "Point-slope form", "slope_intercept": "Slope-intercept form",
    "gradient": "Gradient", "directional": "Directional derivative", "curvature": "Curvature",
    "classify": "Classify", "maximum": "Maximum", "minimum": "Minimum", "saddle": "Saddle point",
    "inconclusive": "Inconclusive", "evaluate": "Evaluate", "update": "Update",
    # integration
    "ftc": "Fundamental theorem of calculus", "antiderivative": "Antiderivative",
    "verify": "Check", "parts": "Integration by parts", "repeated_parts": "Repeated parts",
    "cyclic_parts": "Parts twice, solve for I", "solve": "Solve for the integral",
    "substitution": "Substitution", "substitute": "Substitute",
    "trig_substitution": "Trigonometric substitution", "complete_square": "Complete the square",
    "partial_fractions": "Partial fractions", "trig_identity": "Trig identity",
    "product_to_sum": "Product to sum", "expand": "Expand", "cancel": "Cancel",
    "split": "Split", "table": "Table of integrals", "integrator": "Integrator",
    "integral": "Integral", "reduction_formula": "Reduction formula",
    "special_function": "Special function", "erf": "Error function",
    "fresnel": "Fresnel integral", "dirac_delta": "Dirac delta", "heaviside": "Step function",
    "hyperbolic": "Hyperbolic rule", "inverse_trig": "Inverse trig rule",
    "sqrt_quadratic": "Root of a quadratic", "orthogonal_polynomial": "Orthogonal polynomial",
    "piecewise": "Piecewise", "periodic_abs": "Absolute value of a periodic function",
    "period": "One period", "half_angle": "Half-angle identity",
    "rationalise": "Rationalise the root", "ostrogradsky": "Ostrogradsky's method",
    "binomial_substitution": "Chebyshev's substitution",
    "euler_substitution": "Euler's substitution",
    "exponentials": "Write with exponentials", "log_rules": "Laws of logarithms",
    "multiple_angle": "Multiple-angle formula", "power_reduction": "Power reduction",
    "split_numerator": "Split the numerator", "trig_powers": "Powers of sin and cos",
    "inner": "Inner integral",
    "inner_integral": "Inner integral", "outer_integral": "Outer integral",
    "partition": "Partition", "exact": "Exact value", "error": "Error", "compare": "Compare",
    # series and probability
    "geometric": "Geometric series", "p_series": "p-series", "faulhaber": "Faulhaber's formula",
    "divergence_test": "Divergence test", "shift": "Shift the index", "factorial": "Factorial",
    "support": "Support", "normalization": "Normalisation", "expectation": "Expectation",
    # sums, probability, gradient and backprop (issue 20)
    "ratio_test": "Ratio test",
    "telescoping": "Telescoping",
    "binomial_theorem": "Binomial theorem",
    "hold_constant": "Hold the others constant",
    "recognise": "Named density",
    "normalise": "Normalise",
    "cdf": "CDF",
    "mgf": "MGF",
    "no_moment": "Does not exist",
    "standard_deviation": "Standard deviation",
    "learning_rates": "Step sizes",
    "layer": "Layer",
    "loss": "Loss",
    "log_of_product": "Logarithm of a product",
    "check": "Check",
}


def rule_name(rule: str) -> str:
    """The rule's name in words (``"ftc"`` -> ``"Fundamental theorem of calculus"``)."""
    return RULE_NAMES.get(rule, rule.replace("_", " ").capitalize())


# $...$ not preceded by a backslash (a literal \$ stays text)
_INLINE = re.compile(r"(?<!\\)\$((?:[^$\\]|\\.)+?)\$")


def split_inline_math(sentence: str) -> list[tuple[str, bool]]:
    """``sentence`` cut into (text, is_math) pieces at its ``$...$`` formulas, in order."""
    pieces: list[tuple[str, bool]] = []
    end = 0
    for match in _INLINE.finditer(sentence):
        if match.start() > end:
            pieces.append((sentence[end:match.start()], False))
        pieces.append((match.group(1), True))
        end = match.end()
    if end < len(sentence):
        pieces.append((sentence[end:], False))
    return pieces


def inline_math(latex: str) -> str:
    """``latex`` marked as inline math for a sentence (``$...$``)."""
    return f"${latex}$"


def decimal_latex(value: float, digits: int = 4) -> str:
    """``value`` to ``digits`` significant figures, as LaTeX (``1.2 \\cdot 10^{-7}``)."""
    text = f"{value:.{digits}g}"
    mantissa, _, exponent = text.partition("e")
    if not exponent:
        return text
    return rf"{mantissa} \cdot 10^{{{int(exponent)}}}"


# an exact value that is already a decimal (or integer) needs no decimal beside it
_PLAIN_NUMBER = re.compile(r"-?\s*\d+(\.\d+)?")


def with_decimal(exact_latex: str, value: float | None, digits: int = 4) -> str:
    """An exact value with its decimal beside it: ``\\frac{1}{3} \\approx 0.3333``.

    The decimal is left off when it would say nothing new (the exact value is a plain
    number) or there is none (``value`` is None, infinite or NaN).
    """
    if value is None or not math.isfinite(value) or _PLAIN_NUMBER.fullmatch(exact_latex.strip()):
        return exact_latex
    return rf"{exact_latex} \approx {decimal_latex(value, digits)}"
