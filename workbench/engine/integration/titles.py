"""The names and sentences of sympy's one-step integration rules, and of its rewrites.

Every rule class of ``sympy.integrals.manualintegrate`` (1.14) that has no children
is listed here with a stable machine name and a sentence in plain words. Classes
with children have their own renderer in :mod:`workbench.engine.integration.render`.
"""

from __future__ import annotations

import sympy
from sympy.integrals import manualintegrate as mi

# rule class -> (stable name, sentence)
ATOMIC: dict[type, tuple[str, str]] = {
    mi.ConstantRule: ("constant", "Constant rule: a constant integrates to the constant times x"),
    mi.PowerRule: ("power", "Power rule: add one to the exponent and divide by the new exponent"),
    mi.NestedPowRule: ("power", "Power rule for a power of a power of x"),
    mi.ReciprocalRule: ("log", "Reciprocal rule: the integral of 1/x is ln|x|"),
    mi.ExpRule: ("exp", "Exponential rule: an exponential integrates to itself "
                        "divided by the natural log of its base"),
    mi.SinRule: ("trig", "Sine rule: sin integrates to minus cos"),
    mi.CosRule: ("trig", "Cosine rule: cos integrates to sin"),
    mi.SecTanRule: ("trig", "sec·tan is the derivative of sec, so it integrates to sec"),
    mi.CscCotRule: ("trig", "csc·cot is minus the derivative of csc, so it integrates to -csc"),
    mi.Sec2Rule: ("trig", "sec² is the derivative of tan, so it integrates to tan"),
    mi.Csc2Rule: ("trig", "csc² is minus the derivative of cot, so it integrates to -cot"),
    mi.SinhRule: ("hyperbolic", "Hyperbolic sine integrates to hyperbolic cosine"),
    mi.CoshRule: ("hyperbolic", "Hyperbolic cosine integrates to hyperbolic sine"),
    mi.ArcsinRule: ("inverse_trig", "1/√(1-x²) is the derivative of arcsin, "
                                    "so it integrates to arcsin"),
    mi.ArcsinhRule: ("inverse_trig", "1/√(1+x²) is the derivative of arsinh, "
                                     "so it integrates to arsinh"),
    mi.ArctanRule: ("inverse_trig", "A constant over a sum of squares integrates to "
                                    "a scaled arctangent"),
    mi.ReciprocalSqrtQuadraticRule: ("sqrt_quadratic", "One over the square root of a "
                                     "quadratic integrates to a logarithm"),
    mi.SqrtQuadraticDenomRule: ("sqrt_quadratic", "A polynomial over the square root of a "
                                "quadratic: reduce the degree step by step"),
    mi.SqrtQuadraticRule: ("sqrt_quadratic", "Standard result for the square root of "
                           "a quadratic"),
    mi.DerivativeRule: ("derivative", "Integrating a derivative gives back the function"),
    mi.DiracDeltaRule: ("dirac_delta", "The delta function integrates to a unit step"),
    mi.ErfRule: ("erf", "A Gaussian e^(-x²) has no elementary antiderivative; "
                        "it is written with the error function erf"),
    mi.FresnelCRule: ("fresnel", "cos of a quadratic integrates to the Fresnel C function"),
    mi.FresnelSRule: ("fresnel", "sin of a quadratic integrates to the Fresnel S function"),
    mi.CiRule: ("special_function", "cos(ax)/x integrates to the cosine integral Ci"),
    mi.ChiRule: ("special_function", "cosh(ax)/x integrates to the hyperbolic cosine "
                                     "integral Chi"),
    mi.EiRule: ("special_function", "e^(ax)/x integrates to the exponential integral Ei"),
    mi.SiRule: ("special_function", "sin(ax)/x integrates to the sine integral Si"),
    mi.ShiRule: ("special_function", "sinh(ax)/x integrates to the hyperbolic sine "
                                     "integral Shi"),
    mi.LiRule: ("special_function", "1/ln(x) integrates to the logarithmic integral li"),
    mi.PolylogRule: ("special_function", "This form integrates to a polylogarithm"),
    mi.UpperGammaRule: ("special_function", "A power times an exponential integrates to "
                                            "the incomplete gamma function"),
    mi.EllipticFRule: ("special_function", "This form integrates to an elliptic integral F"),
    mi.EllipticERule: ("special_function", "This form integrates to an elliptic integral E"),
    mi.JacobiRule: ("orthogonal_polynomial", "Jacobi polynomials integrate to Jacobi "
                                             "polynomials of one degree higher"),
    mi.GegenbauerRule: ("orthogonal_polynomial", "Gegenbauer polynomials integrate to "
                                                 "Gegenbauer polynomials of one degree higher"),
    mi.ChebyshevTRule: ("orthogonal_polynomial", "Standard result for a Chebyshev polynomial"),
    mi.ChebyshevURule: ("orthogonal_polynomial", "Standard result for a Chebyshev polynomial"),
    mi.LegendreRule: ("orthogonal_polynomial", "Standard result for a Legendre polynomial"),
    mi.HermiteRule: ("orthogonal_polynomial", "Standard result for a Hermite polynomial"),
    mi.LaguerreRule: ("orthogonal_polynomial", "Standard result for a Laguerre polynomial"),
    mi.AssocLaguerreRule: ("orthogonal_polynomial", "Standard result for an associated "
                                                    "Laguerre polynomial"),
}


def rewrite_kind(integrand: sympy.Expr, rewritten: sympy.Expr,
                 var: sympy.Symbol) -> tuple[str, str]:
    """Name and sentence for a sympy ``RewriteRule``, guessed from what changed.

    sympy uses one class for several different moves (partial fractions, expanding,
    cancelling, trig identities); students deserve to be told which one happened.
    """
    try:
        if integrand.is_rational_function(var) and not integrand.is_polynomial(var):
            if rewritten.is_polynomial(var):
                return "cancel", "Cancel the common factor: the fraction is a polynomial"
            if len(sympy.Add.make_args(sympy.expand(rewritten))) > 1:
                return "partial_fractions", ("Partial fractions: split the rational "
                                             "function into simple fractions")
        if sympy.expand(integrand) == rewritten:
            return "expand", "Multiply out the integrand so each term can be integrated"
    except (sympy.PolynomialError, NotImplementedError, TypeError, ValueError):
        pass
    trig = (sympy.sin, sympy.cos, sympy.tan, sympy.sec, sympy.csc, sympy.cot)
    if integrand.has(*trig):
        return "trig_identity", "Rewrite with a trigonometric identity"
    return "rewrite", "Rewrite the integrand in an equivalent, easier form"


# what a method does, as the window shows it while that method's pieces are solved
METHOD_TITLES = {
    "table": "a table form", "inverse_parts": "parts with an inverse function",
    "log_of_product": "splitting a logarithm of a product",
    "periodic_abs": "whole periods of an absolute value",
    "half_angle_root": "the half-angle identity under a root", "piecewise": "piece by piece",
    "trig_powers": "powers of sin and cos", "reduction_formula": "a reduction formula",
    "quadratic_reduction": "a reduction formula for a quadratic",
    "gaussian_moment": "a Gaussian moment", "gaussian": "the error function",
    "softplus": "the dilogarithm", "product_to_sum": "product-to-sum identities",
    "exp_trig_powers": "exponentials times powers of sin and cos",
    "cyclic_parts": "parts twice, solving for the integral",
    "rationalise_root": "rationalising a root", "linear_substitution": "a linear substitution",
    "root_substitution": "substituting for a root",
    "trig_substitution": "a trigonometric substitution", "root_powers": "powers of a root",
    "inverse_substitution": "substituting for an inverse function",
    "derivative_divides": "the derivative of the inside divides out",
    "bioche": "Bioche's substitution", "half_angle": "the substitution t = tan(x/2)",
    "exponentials": "writing it with exponentials", "partial_fractions": "partial fractions",
    "complete_square": "completing the square",
    "binomial_differential": "Chebyshev's binomial differential",
    "hyperbolic_half_angle": "the half-angle identity 1 + cosh u = 2cosh²(u/2)",
    "function_of_tan": "the substitution w = tan x for a function of tan x and sec² x",
    "function_of_tanh": "the substitution w = tanh x for a function of sinh x and cosh x",
    "ostrogradsky": "Ostrogradsky's method for a root of a quadratic",
    "two_linear_roots": "a rationalising substitution for roots of two linear factors",
    "reciprocal_substitution": "the substitution x = 1/t",
    "euler_substitution": "an Euler substitution",
    "abel_substitution": "Abel's substitution t = x/√q",
    "merged_roots": "gathering the roots of one polynomial", "repeated_parts": "parts, repeated",
    "polynomial_parts": "parts with a polynomial", "log_parts": "parts with a logarithm",
    "log_power_parts": "parts, once for each power of a logarithm",
    "dilogarithm": "the dilogarithm for a logarithm over a linear factor",
    "logarithm_substitution": "the substitution t = the logarithmic factor",
    "log_product_parts": "parts with a product of logarithms",
    "rational_parts": "parts with a rational function", "sum": "term by term",
    "algebraic_parts": "parts with an inverse function and an algebraic factor",
    "signed_root": "a root with its sign", "exp_of_inverse_tanh": "e to an inverse tanh",
    "multiple_angle": "multiple angles in terms of one", "hyperbolic_rational":
    "a rational function of hyperbolic functions", "hyperbolic_powers":
    "powers of sinh and cosh", "expand": "multiplying out",
    "rationalise": "rationalising a root",
}
