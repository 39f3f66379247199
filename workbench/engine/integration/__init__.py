"""Integration: antiderivatives with steps, definite, improper and double integrals,
Riemann sums (see ENGINE_API.md for the contract).

Modules: ``chain`` (``antiderivative``: rules chosen from the form -> step engine -> our
rewrites -> full integrator), ``judge`` (checking and choosing the stages' answers),
``memo`` (verified answers kept for the session), ``forms``/``rational``/``algebraic``/
``trig_forms`` (the rules chosen from the integrand's form: partial fractions over the
reals, f'/f, derivative-divides, Chebyshev's and Euler's substitutions, multiple angles,
hyperbolic forms), ``render``/``titles`` (sympy's rule tree -> ``Step``),
``rewrites``/``trig_rewrites``/``tabular``/``ml_rules``/``standard_forms``/``substitutions``/
``cyclic``/``pieces``/``real_factors`` (our moves; ``rewrite_base``: what they share),
``first_moves`` (our rewrites that the integrand's form chooses before any search),
``prepare`` (first moves before the step engine), ``verification`` and ``tidying``
(checking and tidying an answer; ``agreement``: the comparison at random points, compiled
onto mpmath), ``nonelementary``/``hypergeometric`` (why there is no elementary answer, and
₂F₁ where one is known), ``definite``, ``riemann``, ``double``/``swap``,
``numeric`` (scipy quadrature, imported lazily), ``results`` (the result classes).
"""

from __future__ import annotations

from workbench.engine.integration.chain import Limits, antiderivative
from workbench.engine.integration.definite import definite_integral
from workbench.engine.integration.double import SwapError, double_integral, swap_order
from workbench.engine.integration.results import (
    Antiderivative, DoubleIntegral, IntegralResult, RiemannSum)
from workbench.engine.integration.riemann import riemann_sum

__all__ = ["Antiderivative", "DoubleIntegral", "IntegralResult", "Limits", "RiemannSum",
           "SwapError", "antiderivative", "definite_integral", "double_integral", "riemann_sum",
           "swap_order"]
