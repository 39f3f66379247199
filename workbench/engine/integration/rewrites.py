"""Our rewrites: moves that let the step engine finish where it gives up or stalls.

Each rewrite looks at the integrand, and when its pattern fits, turns the problem
into one or more easier integrals that it hands to ``solve`` (the step engine, and
these rewrites again for what remains), then assembles the answer. It returns a
``Step`` whose substeps are the steps of those easier integrals, and the result.
A rewrite whose pattern does not fit returns None at once.
"""

from __future__ import annotations

import math

import sympy

from workbench.engine.integration.half_angle_roots import half_angle_quotient
from workbench.engine.integration.merged_roots import merged_roots
from workbench.engine.integration.root_quotients import even_odd_root, root_partial_fractions
from workbench.engine.integration.algebraic import (
    binomial_differential, binomial_first, conjugate_denominator, euler_substitution,
    reciprocal_substitution)
from workbench.engine.integration.common import INVERSE_TRIG_AND_HYPERBOLIC, step_for, words
from workbench.engine.integration.cyclic import cyclic_parts
from workbench.engine.integration.expansion import expanded_power, signed_root, trig_polynomial
from workbench.engine.integration.linear_roots import two_linear_roots
from workbench.engine.integration.ostrogradsky import ostrogradsky, ostrogradsky_first
from workbench.engine.integration.pieces import (
    half_angle_root, hyperbolic_half_angle, periodic_abs, piecewise)
from workbench.engine.integration.real_factors import real_partial_fractions
from workbench.engine.integration.rewrite_base import (
    Rewrite, Rewritten, Solver, fresh_symbol, is_linear, solve_terms, solved_rewrite, substitute)
from workbench.engine.integration.standard_forms import (
    exponential_of_quadratic, inverse_parts, inverse_times_algebraic, log_of_product, log_parts,
    polynomial_parts, polynomial_times_quotient,
    quadratic_reduction, rational_parts, table_form)
from workbench.engine.integration.substitutions import (
    bioche, derivative_divides, exp_trig_powers, function_of_tan, function_of_tanh, in_sin_cos,
    inverse_substitution, nested_root_of_x, rationalise_root, root_powers, trig_substitution)
from workbench.engine.integration.tabular import (
    polynomial_times_waves, tabular_first, tabular_parts)
from workbench.engine.integration.trig_forms import (
    continuous_half_angle, exp_of_inverse_tanh, hyperbolic_bioche, hyperbolic_powers,
    hyperbolic_rational,
    multiple_angles)
from workbench.engine.integration.trig_rewrites import (
    fractional_powers, product_to_sum, reduction_formula, trig_powers)

__all__ = ["DIRECT", "FIRST", "REWRITES", "Rewrite", "Solver"]


def linear_substitution(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """∫g(ax+b) dx = (1/a)∫g(u) du when x only appears inside one linear expression."""
    candidates = {a for node in sympy.preorder_traversal(f) if getattr(node, "args", None)
                  for a in node.args if a.has(x) and a != x and a.is_polynomial(x)
                  and sympy.degree(a, x) == 1}
    for inner in sorted(candidates, key=sympy.default_sort_key):
        u = fresh_symbol(f)
        shown = f.subs(inner, u)
        if shown.has(x):
            continue
        slope = sympy.diff(inner, x)
        if inner == -x:
            continue  # u = -x teaches nothing the step engine did not already try
        title = f"Substitute {u} = {words(inner)}, so dx = d{u}/{words(slope)}"
        return substitute(f, x, u, inner, 1 / slope, shown, solve, "substitution", title)
    return None


def hyperbolic_as_exponentials(f: sympy.Expr, x: sympy.Symbol,
                               solve: Solver) -> Rewritten | None:
    """x·sinh(x) and the like: write sinh and cosh with e^x and e^(−x), then integrate."""
    if not f.has(sympy.sinh, sympy.cosh) or not (f.is_Mul or f.is_Pow and f.exp.is_Integer
                                                  and f.exp > 1):
        return None
    g = sympy.expand(f.rewrite(sympy.exp))
    title = ("Write sinh and cosh with exponentials: sinh x = (eˣ − e⁻ˣ)/2, "
             "cosh x = (eˣ + e⁻ˣ)/2")
    # back from exponentials: e^a = cosh a + sinh a, and the e^(-a) terms cancel in pairs
    return solved_rewrite("exponentials", title, f, x, g, solve, back=lambda r: sympy.expand(
        r.replace(sympy.exp, lambda a: sympy.cosh(a) + sympy.sinh(a))))


def partial_fractions(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """A rational function: split it into simple fractions with ``apart``."""
    if not f.is_rational_function(x) or f.is_polynomial(x):
        return None
    # (Ax + B)/(x² + 1)²: apart leaves it whole; split the numerator so that Ax/(x² + 1)²
    # is a substitution and B/(x² + 1)² a reduction formula
    g = _split_numerators(sympy.apart(sympy.together(f), x), x)
    title = "Partial fractions: split the rational function into simple fractions"
    if len(sympy.Add.make_args(g)) < 2:
        # irreducible over the rationals (x⁴ + 1): split over its real quadratic factors
        split = real_partial_fractions(f, x)
        if split is None:
            return None
        g = _split_numerators(split, x)
        title = (f"Factor {words(sympy.denom(sympy.together(f)))} over the real numbers into "
                 "quadratics (pair each complex root with its conjugate), then split into "
                 "partial fractions")
    if g == f or len(sympy.Add.make_args(g)) < 2:
        return None
    return solved_rewrite("partial_fractions", title, f, x, g, solve)


def _split_numerators(split: sympy.Expr, x: sympy.Symbol) -> sympy.Expr:
    """Every term of a partial-fraction sum with its numerator split (see below)."""
    return sympy.Add(*(_numerator_split(t, x) for t in sympy.Add.make_args(split)))


def _numerator_split(fraction: sympy.Expr, x: sympy.Symbol) -> sympy.Expr:
    """(Ax + B)/qⁿ → a·q′/qⁿ + b/qⁿ for a quadratic q (a substitution and a reduction
    formula), else x/q + 1/q term by term; the denominator is left whole."""
    top, bottom = sympy.fraction(fraction)
    q = bottom.as_base_exp()[0]
    if top.is_polynomial(x) and sympy.degree(top, x) == 1 and q.is_polynomial(x) and \
            sympy.degree(q, x) == 2:
        slope = sympy.diff(q, x)
        a = sympy.diff(top, x) / sympy.diff(slope, x)
        rest = sympy.expand(top - a * slope)
        return a * slope / bottom + rest / bottom
    return sympy.Add(*(t / bottom for t in sympy.Add.make_args(sympy.expand(top))))


def _quadratics(f: sympy.Expr, x: sympy.Symbol) -> list[sympy.Expr]:
    """Quadratics under a root, in a denominator or inside a function: where completing the
    square helps (a quadratic factor of a product, (x² + 2x)·eˣ·ln x, is only a polynomial)."""
    out = []
    for node in sympy.preorder_traversal(f):
        if node.is_Pow and not (node.exp.is_Integer and node.exp > 0):
            inside = [node.base]
        elif isinstance(node, sympy.Function):
            inside = list(node.args)
        else:
            continue
        out.extend(q for q in inside if q.is_Add and q.has(x) and q.is_polynomial(x)
                   and sympy.degree(q, x) == 2)
    return out


def complete_square(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """A quadratic with a linear term: write it as a(x − h)² + k and shift u = x − h."""
    for q in _quadratics(f, x):
        a, b, c = sympy.Poly(q, x).all_coeffs()
        if b == 0:
            continue
        h, k = -b / (2 * a), c - b**2 / (4 * a)
        u = fresh_symbol(f)
        shown = f.xreplace({q: a * u**2 + k}).subs(x, u + h)
        if shown.has(x):
            continue
        title = (f"Complete the square: {words(q)} = {words(a * (x - h) ** 2 + k)}, "
                 f"then shift {u} = {words(x - h)}")
        return substitute(f, x, u, x - h, sympy.S.One, sympy.simplify(shown), solve,
                           "complete_square", title)
    return None


def root_substitution(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """√(a·x² + c) with x·dx to spare: substitute u = √(a·x² + c), so u du = a·x dx.

    When f(x)/x depends on x only through x², this works on both sides of 0 (unlike
    an arcsec or arccos answer, which holds on one side only).
    """
    for q in {p.base for p in f.atoms(sympy.Pow) if p.exp.is_Rational and p.exp.q == 2
              and p.has(x)}:
        root = sympy.sqrt(q)
        if not (q.is_polynomial(x) and sympy.degree(q, x) == 2):
            continue
        a, b, c = sympy.Poly(q, x).all_coeffs()
        if b != 0:
            continue
        u = fresh_symbol(f)
        powers = {p: u ** (2 * p.exp) for p in f.atoms(sympy.Pow) if p.base == q}
        shown = sympy.expand(f.xreplace(powers) * u / (a * x))
        shown = sympy.simplify(shown.subs(x**2, (u**2 - c) / a))
        if shown.has(x):
            continue
        title = (f"Substitute {u} = {words(root)}: then {u}² = {words(q)}, so "
                 f"{u} d{u} = {words(a * x)} dx and only {u} is left")
        return substitute(f, x, u, root, sympy.S.One, shown, solve, "substitution", title)
    return None


def gaussian(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """A bell curve e^(-(x − μ)²/(2σ²)): standardise with z = (x − μ)/σ."""
    for power in f.atoms(sympy.exp):
        q = power.args[0]
        if not (q.is_polynomial(x) and sympy.degree(q, x) == 2):
            continue
        a, b, _ = sympy.Poly(q, x).all_coeffs()
        if a.is_positive or a.is_zero:
            continue
        mu = -b / (2 * a)
        if mu == 0 and a == -sympy.S.Half:
            continue  # already standard: z = x would teach nothing
        # any s with s² = -1/(2a) is a valid scale; drop |·| so σ stays σ
        sigma = sympy.sqrt(-1 / (2 * a)).replace(sympy.Abs, lambda e: e)
        z = fresh_symbol(f, "z")
        shown = sympy.expand(f.subs(x, mu + sigma * z), power_exp=False)
        shown = shown.replace(sympy.exp, lambda e: sympy.exp(sympy.expand(e)))
        if shown.has(x):
            continue
        title = (f"Standardise the bell curve: substitute {z} = (x − μ)/σ, here "
                 f"{z} = {words((x - sympy.simplify(mu)) / sigma)}")
        return substitute(f, x, z, (x - mu) / sigma, sigma, shown, solve, "gaussian", title)
    return None


def gaussian_moment(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """c·xⁿ·e^(a·x²), n ≥ 2: by parts with u = xⁿ⁻¹, dv = x·e^(a·x²) dx, lowering n by 2."""
    coeff, rest = f.as_independent(x, as_Add=False)
    factors = sympy.Mul.make_args(rest)
    bells = [g for g in factors if isinstance(g, sympy.exp)]
    power = sympy.Mul(*(g for g in factors if g not in bells))
    if len(bells) != 1 or power == 1:
        return None
    q, (base, n) = bells[0].args[0], power.as_base_exp()
    a = sympy.cancel(q / x**2)
    if base != x or not n.is_Integer or n < 2 or a.has(x):
        return None
    v = bells[0] / (2 * a)
    solved = solve(coeff * (n - 1) * x ** (n - 2) * bells[0] / (2 * a), x)
    if solved is None:
        return None
    result = coeff * x ** (n - 1) * v - solved[1]
    title = (f"Integration by parts with u = {words(x ** (n - 1))} and "
             f"dv = x·{words(bells[0])} dx, whose antiderivative v = {words(v)} comes from "
             "the substitution t = x²")
    step = step_for("parts", title, f, x, result, solved[0])
    return step, result


def softplus_integral(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """c·ln(1 + e^(ax+b)), the softplus: it integrates to the dilogarithm -Li₂(-e^(ax+b))/a."""
    coeff, rest = f.as_independent(x, as_Add=False)
    if not isinstance(rest, sympy.log):
        return None
    inner = rest.args[0]
    power = inner - 1
    if not (isinstance(power, sympy.exp) and is_linear(power.args[0], x)):
        return None
    slope = sympy.diff(power.args[0], x)
    result = -coeff * sympy.polylog(2, -power) / slope
    title = ("Softplus has no elementary antiderivative: expanding ln(1 + t) as a power "
             "series and integrating term by term gives the dilogarithm -Li₂(-t)")
    return step_for("special_function", title, f, x, result), result


def sum_rule(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """A sum whose terms need different methods: integrate term by term."""
    if not f.is_Add:
        return None
    solved = solve_terms(f.args, x, solve)
    if solved is None:
        return None
    steps, result = solved
    title = "Sum rule: integrate each term with its own method and add the results"
    return step_for("sum", title, f, x, result, steps), result


REWRITES: tuple[tuple[str, Rewrite], ...] = (
    ("table", table_form),
    ("inverse_parts", inverse_parts),
    ("log_of_product", log_of_product),
    ("periodic_abs", periodic_abs),
    ("half_angle_root", half_angle_root),
    ("hyperbolic_half_angle", hyperbolic_half_angle),
    ("piecewise", piecewise),
    ("trig_powers", trig_powers),
    ("reduction_formula", reduction_formula),
    ("quadratic_reduction", quadratic_reduction),
    ("gaussian_moment", gaussian_moment),
    ("gaussian", gaussian),
    ("softplus", softplus_integral),
    ("product_to_sum", product_to_sum),
    ("exp_trig_powers", exp_trig_powers),
    ("cyclic_parts", cyclic_parts),
    ("rationalise_root", rationalise_root),
    ("linear_substitution", linear_substitution),
    ("root_substitution", root_substitution),
    ("ostrogradsky", ostrogradsky),
    ("trig_substitution", trig_substitution),
    ("root_powers", root_powers),
    ("inverse_substitution", inverse_substitution),
    ("derivative_divides", derivative_divides),
    ("bioche", bioche),
    ("function_of_tan", function_of_tan),
    ("function_of_tanh", function_of_tanh),
    ("half_angle", continuous_half_angle),
    ("exponentials", hyperbolic_as_exponentials),
    ("partial_fractions", partial_fractions),
    ("complete_square", complete_square),
    ("binomial_differential", binomial_differential),
    ("two_linear_roots", two_linear_roots),
    ("reciprocal_substitution", reciprocal_substitution),
    ("euler_substitution", euler_substitution),
    ("repeated_parts", tabular_parts),
    ("polynomial_parts", polynomial_parts),
    ("log_parts", log_parts),
    ("rational_parts", rational_parts),
    ("sum", sum_rule),
)

# Rewrites that match an exact table form, tried on a rewrite's pieces before the step
# engine (whose search on the same forms can take a second or more).
def _shifted_quadratic_power(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """c/(x² + bx + c)ⁿ, n ≥ 2: complete the square, then the reduction formula; and
    c/(ax² + bx + c) without real roots: complete the square, then an arctangent (the step
    engine takes a second over it when the coefficients are radicals, as in x⁴ + 1's factors)."""
    q, power = f.as_independent(x, as_Add=False)[1].as_base_exp()
    if not (power.is_Integer and power <= -1 and q.is_polynomial(x) and sympy.degree(q, x) == 2):
        return None
    a, b, c = sympy.Poly(q, x).all_coeffs()
    if power == -1 and (b == 0 or not (b**2 - 4 * a * c).is_negative):
        return None
    return complete_square(f, x, solve)


DIRECT: tuple[Rewrite, ...] = (table_form, quadratic_reduction, reduction_formula,
                               _shifted_quadratic_power, exponential_of_quadratic)


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
    if _quadratics(f, x) and all(sympy.Poly(q, x).all_coeffs()[1] == 0 for q in _quadratics(f, x)) \
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
