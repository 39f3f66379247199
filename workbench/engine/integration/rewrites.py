"""Our rewrites: moves that let the step engine finish where it gives up or stalls.

Each rewrite looks at the integrand, and when its pattern fits, turns the problem
into one or more easier integrals that it hands to ``solve`` (the step engine, and
these rewrites again for what remains), then assembles the answer. It returns a
``Step`` whose substeps are the steps of those easier integrals, and the result.
A rewrite whose pattern does not fit returns None at once.
"""

from __future__ import annotations

import sympy

from workbench.engine.integration.algebraic import (
    binomial_differential, euler_substitution, reciprocal_substitution)
from workbench.engine.integration.common import step_for, words
from workbench.engine.integration.cyclic import cyclic_parts
from workbench.engine.integration.linear_roots import two_linear_roots
from workbench.engine.integration.ostrogradsky import ostrogradsky
from workbench.engine.integration.pieces import (
    half_angle_root, hyperbolic_half_angle, periodic_abs, piecewise)
from workbench.engine.integration.real_factors import real_partial_fractions
from workbench.engine.integration.rewrite_base import (
    Rewrite, Rewritten, Solver, fresh_symbol, is_linear, solve_terms, solved_rewrite, substitute)
from workbench.engine.integration.standard_forms import (
    exponential_of_quadratic, inverse_parts, log_of_product, log_parts, polynomial_parts,
    quadratic_reduction, rational_parts, table_form)
from workbench.engine.integration.substitutions import (
    bioche, derivative_divides, exp_trig_powers, function_of_tan, function_of_tanh,
    inverse_substitution, rationalise_root, root_powers, trig_substitution)
from workbench.engine.integration.tabular import tabular_parts
from workbench.engine.integration.trig_forms import continuous_half_angle
from workbench.engine.integration.trig_rewrites import (
    product_to_sum, reduction_formula, trig_powers)

__all__ = ["DIRECT", "REWRITES", "Rewrite", "Solver"]


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


def quadratics(f: sympy.Expr, x: sympy.Symbol) -> list[sympy.Expr]:
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
    for q in quadratics(f, x):
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
