"""The methods chosen from the form of the integrand, tried before any search (``FIRST``).

Each entry is one of our rewrites behind a test of the form for which it is the textbook's
method: the step engine fails on most of these forms, or searches for seconds over them.
The order matters: cheap and specific forms first.
"""

from __future__ import annotations

import math

import sympy

from workbench.engine.integration.algebraic import (
    binomial_first, conjugate_denominator, reciprocal_substitution)
from workbench.engine.integration.common import INVERSE_TRIG_AND_HYPERBOLIC
from workbench.engine.integration.expansion import expanded_power, signed_root, trig_polynomial
from workbench.engine.integration.half_angle_roots import half_angle_quotient
from workbench.engine.integration.linear_roots import two_linear_roots
from workbench.engine.integration.log_powers import (
    log_power_parts, log_product_parts, root_in_logarithm)
from workbench.engine.integration.log_special import (
    log_over_linear, log_over_linear_branches, logarithm_substitution)
from workbench.engine.integration.merged_roots import merged_roots
from workbench.engine.integration.ostrogradsky import ostrogradsky_first
from workbench.engine.integration.pieces import hyperbolic_half_angle
from workbench.engine.integration.rewrite_base import Rewrite, Rewritten, Solver
from workbench.engine.integration.rewrites import (
    hyperbolic_as_exponentials, quadratics, root_substitution)
from workbench.engine.integration.root_quotients import even_odd_root, root_partial_fractions
from workbench.engine.integration.standard_forms import (
    exponential_of_quadratic, inverse_parts, inverse_times_algebraic, log_of_product, log_parts,
    polynomial_times_quotient, rational_parts)
from workbench.engine.integration.substitutions import (
    bioche, derivative_divides, exp_trig_powers, function_of_tan, function_of_tanh, in_sin_cos,
    inverse_substitution, nested_root_of_x, root_powers, trig_substitution)
from workbench.engine.integration.tabular import polynomial_times_waves, tabular_first
from workbench.engine.integration.trig_forms import (
    continuous_half_angle, exp_of_inverse_tanh, hyperbolic_bioche, hyperbolic_powers,
    hyperbolic_rational, multiple_angles)
from workbench.engine.integration.trig_rewrites import (
    fractional_powers, product_to_sum, reduction_formula, trig_powers)

__all__ = ["FIRST"]


# Rewrites that are the textbook's method whenever their form fits, tried before the step
# engine's search (which fails on most of these forms, or takes seconds over them).
def _odd_root_power(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """(a·x² + c)^(k/2) with |k| ≥ 3: the trigonometric substitution at once (the step
    engine knows the square root itself, and searches for seconds over higher powers)."""
    if not any(p.exp.is_Rational and p.exp.q == 2 and abs(p.exp) > 1 and p.base.has(x)
               for p in f.atoms(sympy.Pow)):
        return None
    return trig_substitution(f, x, solve)


def _reciprocal_first(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """u = 1/(x − α) before any search, except for xᵏ·√(a·x² + c) with k ≤ −2, which the
    step engine's trigonometric substitution does as a textbook would."""
    found = quadratics(f, x)
    if found and all(sympy.Poly(q, x).all_coeffs()[1] == 0 for q in found) \
            and any(p.base == x and p.exp <= -2 for p in f.atoms(sympy.Pow)):
        return None
    return reciprocal_substitution(f, x, solve)


def _hyperbolic_products(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """Powers and products of sinh and cosh alone (cosh⁴x, sinh 3x·cosh 2x): with eˣ."""
    if any(not isinstance(a.as_base_exp()[0], (sympy.sinh, sympy.cosh))
           for a in sympy.Mul.make_args(f) if a.has(x)):
        return None
    return hyperbolic_as_exponentials(f, x, solve)


def _other_bases_of_quadratics(f: sympy.Expr, x: sympy.Symbol,
                                solve: Solver) -> Rewritten | None:
    """2^(x²), 6^(2x² + 2)·e^(6x² + 2): erf or erfi at once; a single e^(q(x)) is left to
    the step engine's rule and to standardising a bell curve (z = (x − μ)/σ), which teach
    more."""
    growth = [a for a in sympy.Mul.make_args(f) if a.has(x)]
    if len(growth) < 2 and not any(isinstance(a, sympy.Pow) and a.base.is_number
                                   for a in growth):
        return None
    return exponential_of_quadratic(f, x, solve)


def _trig_powers_first(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """sin^m·cos^n with m + n ≥ 3 (the step engine does squares and sin·cos at once)."""
    powers = [a.as_base_exp() for a in sympy.Mul.make_args(f)]
    if sum(int(n) for b, n in powers if isinstance(b, (sympy.sin, sympy.cos))
           and n.is_Integer) < 3:
        return None
    return trig_powers(f, x, solve)


def _bioche_first(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """Bioche's rules for a quotient with sin or cos in the denominator or with a root of a
    sum ((2 sin x + 2)^(7/2)·cos⁵x, where the step engine searches for seconds), also once
    tan, sec, csc and cot are written with sin and cos ((2 tan x + 2)²·tan³x);
    but products of powers alone (sec x·tan x, tan⁵x) are the step engine's table forms
    and the reduction formulas'."""
    written = in_sin_cos(f, x)
    if written is None:
        return None
    rooted = any(p.base.is_Add and p.base.has(x) and not p.exp.is_Integer
                 for p in written.atoms(sympy.Pow))
    if not rooted and not sympy.denom(sympy.together(written)).has(x):
        return None
    if not sympy.denom(sympy.together(f)).has(x) and not any(
            a.is_Add and a.has(x) for a in sympy.preorder_traversal(f)):
        return None
    return bioche(f, x, solve)


def _inverse_first(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """θ = g(x) before any search when g is an inverse function the step engine has no rule
    for (arccsc, arcsec, arcoth) or is raised to a power ((3 arccsc x + 2)²/x³): parts
    would have to be repeated, each time with a root in the new integrand."""
    found = [e for e in f.atoms(sympy.Function) if e.has(x)]
    powered = any(p.base.has(*found) and p.exp.is_Integer and abs(p.exp) >= 2
                  for p in f.atoms(sympy.Pow))
    if not found or not (isinstance(found[0], _STEPLESS_INVERSES) or powered):
        return None
    if isinstance(found[0], sympy.acoth) and not powered:
        # arcoth′ is rational, so by parts first, as for artanh (arcoth 2x/x⁵); where v
        # brings a logarithm (arcoth x/(1 − x²)³) θ = arcoth x is the way
        parts = inverse_times_algebraic(f, x, solve)
        if parts is not None:
            return parts
    return inverse_substitution(f, x, solve)


_STEPLESS_INVERSES = (sympy.acsc, sympy.asec, sympy.acoth)


def _nested_root_first(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """x = uⁿ before any search when a root of x sits inside another root (√(√x + x))."""
    if not nested_root_of_x(sympy.powdenest(f, force=True), x):
        return None
    return root_powers(f, x, solve)


def _tanh_first(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """w = tanh x before any search when tanh, sech, csch or coth is in a root (a root of
    sinh and cosh alone is often u = cosh x or u = sinh x, which the step engine does)."""
    if not f.has(sympy.tanh, sympy.sech, sympy.csch, sympy.coth):
        return None
    return function_of_tanh(f, x, solve)


def _inverse_parts_first(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """(a + b·g(x))·R(x) with g an inverse function and R a power of a polynomial in the
    denominator ((3 arctan 5x³ + 2)/(4x + 7)²): by parts at once, u the inverse function
    (LIATE), before the step engine's search."""
    inverses = [e for e in f.atoms(*INVERSE_TRIG_AND_HYPERBOLIC) if e.has(x)]
    if len(inverses) != 1:
        return None
    expanded = f.expand()
    if not (expanded.is_polynomial(inverses[0])
            and sympy.degree(expanded, inverses[0]) == 1):
        return None
    # R = c/P^k only: with a polynomial on top ((20x² + 5)³·arctan 2x/x³) u would not be
    # the inverse function alone, and v du is no easier
    if sympy.numer(sympy.together(expanded.coeff(inverses[0], 1))).has(x):
        return None
    return rational_parts(f, x, solve)


def _log_parts_first(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """ln(g)·R(x) with g and R rational, R not a polynomial (ln x/(1 + x)²), or the
    logarithm of a root alone (ln(x + √(x² + 1))): by parts with u = ln at once, where the
    step engine searches for seconds."""
    logs = [a for a in sympy.Mul.make_args(f) if isinstance(a, sympy.log) and a.has(x)]
    if len(logs) != 1:
        return None
    rest = f / logs[0]
    if not logs[0].args[0].is_rational_function(x):
        return None if rest.has(x) else inverse_parts(f, x, solve)
    if not rest.is_rational_function(x) or rest.is_polynomial(x):
        return None
    return log_parts(f, x, solve)


def _power_in_root_first(f: sympy.Expr, x: sympy.Symbol,
                         solve: Solver) -> Rewritten | None:
    """u = xⁿ before any search when a root holds only powers of xⁿ and the factor outside
    is (xⁿ)ᵏ times xⁿ⁻¹ (x¹⁴·(5x⁶ + 3x³ + 2)^(3/2): u = x³ leaves u⁴·(5u² + 3u + 2)^(3/2))."""
    if f.atoms(sympy.Function) or not any(
            p.base.has(x) and not p.exp.is_Integer and _power_of_x_inside(p.base, x) >= 2
            for p in f.atoms(sympy.Pow)):
        return None
    return derivative_divides(f, x, solve)


def _power_of_x_inside(base: sympy.Expr, x: sympy.Symbol) -> int:
    """The largest n with base a polynomial in xⁿ (5x⁶ + 3x³ + 2: 3); 0 if not a polynomial
    (41u²/16 − 9u/2 + 5: 1, so u = x² does not fit it)."""
    if not base.is_polynomial(x):
        return 0
    return math.gcd(*(m[0] for m in sympy.Poly(base, x).monoms()))


def _half_angle_first(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """t = tan(x/2) for a quotient that none of Bioche's substitutions fits."""
    if not sympy.denom(sympy.together(f)).has(x):
        return None
    return continuous_half_angle(f, x, solve)


FIRST: tuple[tuple[str, Rewrite], ...] = (
    ("signed_root", signed_root),
    ("gaussian", _other_bases_of_quadratics),
    ("half_angle", half_angle_quotient),
    ("exp_of_inverse_tanh", exp_of_inverse_tanh),
    ("repeated_parts", tabular_first),
    ("product_to_sum", polynomial_times_waves),
    ("polynomial_parts", polynomial_times_quotient),
    ("exp_trig_powers", exp_trig_powers),
    ("trig_powers", _trig_powers_first),
    ("trig_powers", fractional_powers),
    ("reduction_formula", reduction_formula),
    ("product_to_sum", product_to_sum),
    ("multiple_angle", multiple_angles),
    ("inverse_substitution", _inverse_first),
    ("rational_parts", _inverse_parts_first),
    ("dilogarithm", log_over_linear),
    ("dilogarithm", log_over_linear_branches),
    ("log_power_parts", log_power_parts),
    ("logarithm_substitution", logarithm_substitution),
    ("log_product_parts", log_product_parts),
    ("root_powers", root_in_logarithm),
    ("log_parts", _log_parts_first),
    ("algebraic_parts", inverse_times_algebraic),
    ("expand", trig_polynomial),
    ("bioche", _bioche_first),
    ("hyperbolic_half_angle", hyperbolic_half_angle),
    ("function_of_tan", function_of_tan),
    ("function_of_tanh", _tanh_first),
    ("half_angle", _half_angle_first),
    ("bioche", hyperbolic_bioche),
    ("hyperbolic_rational", hyperbolic_rational),
    ("hyperbolic_powers", hyperbolic_powers),
    ("exponentials", _hyperbolic_products),
    ("root_substitution", root_substitution),
    ("derivative_divides", _power_in_root_first),
    ("root_powers", _nested_root_first),
    ("merged_roots", merged_roots),
    ("two_linear_roots", two_linear_roots),
    ("ostrogradsky", ostrogradsky_first),
    ("abel_substitution", even_odd_root),
    ("trig_substitution", _odd_root_power),
    ("binomial_differential", binomial_first),
    ("reciprocal_substitution", _reciprocal_first),
    ("partial_fractions", root_partial_fractions),
    ("rationalise", conjugate_denominator),
    ("log_of_product", log_of_product),
    ("expand", expanded_power),
)
