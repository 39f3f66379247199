"""Table integrals the step engine lacks, and integration by parts around them.

sympy's step engine knows sec² but not sech², and gives up on x·sech²x, on the
inverse hyperbolic functions and on arcsec. A textbook handles them with a short
table (∫sech²u du = tanh u, ...) and integration by parts: P(x)·g(x) with a
polynomial P, and ∫g = x·g − ∫x·g′ for an inverse function g.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy

from workbench.engine.integration.common import (
    INVERSE_TRIG_AND_HYPERBOLIC, WITH_SIN_COS, small_to_expand, step_for, words)
from workbench.engine.integration.rewrite_base import (
    Rewritten, Solver, fresh_symbol, is_linear, rewritten, solved_rewrite)

_H = sympy.Wild("h")

# (form in u, antiderivative in u, sentence); every form is checked with its u linear in x
_TABLE = (
    (sympy.sech(_H) ** 2, sympy.tanh(_H), "sech² is the derivative of tanh"),
    (sympy.cosh(_H) ** -2, sympy.tanh(_H), "1/cosh² = sech² is the derivative of tanh"),
    (sympy.csch(_H) ** 2, -sympy.coth(_H), "csch² is minus the derivative of coth"),
    (sympy.sinh(_H) ** -2, -sympy.coth(_H), "1/sinh² = csch² is minus the derivative of coth"),
    (sympy.sech(_H) * sympy.tanh(_H), -sympy.sech(_H), "sech·tanh is minus the derivative "
                                                       "of sech"),
    (sympy.csch(_H) * sympy.coth(_H), -sympy.csch(_H), "csch·coth is minus the derivative "
                                                       "of csch"),
    (sympy.sech(_H), sympy.atan(sympy.sinh(_H)), "sech u = cosh u/(1 + sinh²u): substitute "
                                                 "sinh u, which gives arctan(sinh u)"),
    (sympy.csch(_H), sympy.log(sympy.Abs(sympy.tanh(_H / 2))),
     "csch integrates to ln|tanh(u/2)| (write it with t = tanh(u/2))"),
    (sympy.coth(_H), sympy.log(sympy.Abs(sympy.sinh(_H))), "coth = cosh/sinh integrates "
                                                            "to ln|sinh|"),
    (sympy.cos(_H) ** -2, sympy.tan(_H), "1/cos² = sec² is the derivative of tan"),
    (sympy.sin(_H) ** -2, -sympy.cot(_H), "1/sin² = csc² is minus the derivative of cot"),
)


def table_form(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """c·F(ax + b) for a form F of the table: its antiderivative divided by a."""
    coeff, rest = f.as_independent(x, as_Add=False)
    for form, anti, sentence in _TABLE:
        match = rest.match(form)
        if not match or not is_linear(match[_H], x):
            continue
        u = match[_H]
        slope = sympy.diff(u, x)
        result = coeff * anti.xreplace({_H: u}) / slope
        title = sentence if slope == 1 else f"{sentence} (divide by {words(slope)}, the " \
                                            "inner slope)"
        return step_for("table", title, f, x, result), result
    return None


def polynomial_parts(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """P(x)·g(x) with a polynomial P: by parts with u = P, dv = g dx, when g integrates."""
    factors = sympy.Mul.make_args(f)
    poly = sympy.Mul(*(a for a in factors if a.is_polynomial(x)))
    other = sympy.Mul(*(a for a in factors if not a.is_polynomial(x)))
    if not poly.has(x) or other == 1 or sympy.degree(poly, x) > 4:
        return None
    return by_parts(f, x, poly, other, solve,
                    "the integral of u dv is u·v minus the integral of v du")


def exponential_of_quadratic(f: sympy.Expr, x: sympy.Symbol,
                             _solve: Solver) -> Rewritten | None:
    """c·B₁^(q₁(x))·B₂^(q₂(x))··· with Σ ln Bᵢ·qᵢ = ax² + bx + d: completing the square,
    √π/(2√|a|)·e^(d − b²/4a)·erf(√−a·(x + b/2a)) for a < 0, erfi for a > 0 (2^(x²),
    6^(2x² + 2)·e^(6x² + 2), the pieces of e^(−x²)·cosh x)."""
    coefficient, exponent, other_base = sympy.S.One, sympy.S.Zero, False
    for factor in sympy.Mul.make_args(f):
        base, power = (factor.args[0] and sympy.E, factor.args[0]) \
            if isinstance(factor, sympy.exp) else factor.as_base_exp()
        if not factor.has(x):
            coefficient *= factor
        elif base.is_number and base.is_positive and power.has(x):
            exponent += power * sympy.log(base)
            other_base = other_base or base != sympy.E
        else:
            return None
    exponent = sympy.expand(exponent)
    if not (exponent.is_polynomial(x) and sympy.degree(exponent, x) == 2):
        return None
    a, b, d = sympy.Poly(exponent, x).all_coeffs()
    if not a.is_number or a == 0:
        return None
    shift = b / (2 * a)
    scale = sympy.sqrt(sympy.Abs(a))
    special = sympy.erf if a.is_negative else sympy.erfi
    result = coefficient * sympy.sqrt(sympy.pi) / (2 * scale) * \
        sympy.exp(sympy.expand(d - b**2 / (4 * a))) * special(sympy.expand(scale * (x + shift)))
    name = "erf" if special is sympy.erf else "erfi"
    square = f"{words(exponent)} = {words(a * (x + shift) ** 2 + d - b**2 / (4 * a))}"
    title = (("Write each power with e (Bᵘ = e^(u·ln B)). " if other_base else "") +
             ("Complete the square in the exponent, " + square if b != 0 else
              f"The exponent is {words(exponent)}") + "; then ∫e^(∓s²) ds is "
             f"√π/2·{name}(s) with s = {words(scale * (x + shift))}: no elementary "
             "antiderivative, the error function is its name")
    return step_for("erf", title, f, x, result), result


def polynomial_times_quotient(f: sympy.Expr, x: sympy.Symbol,
                              solve: Solver) -> Rewritten | None:
    """P(x)·g(ax + b) with g a quotient of sin and cos (θ²·sin θ/cos⁵θ, as θ = arccos 2x
    leaves of arccos²(2x)/x⁵) or of sinh and cosh (x·cosh³(3x + 2)/sinh²(3x + 2)): by parts
    with u = P (after w = ax + b), when ∫g has no logarithm or inverse function, so that
    v·P′ is such a product again, of lower degree."""
    factors = sympy.Mul.make_args(f)
    poly = sympy.Mul(*(a for a in factors if a.is_polynomial(x)))
    other = sympy.Mul(*(a for a in factors if not a.is_polynomial(x)))
    if not poly.has(x) or not other.has(x):
        return None
    found = _in_two_waves(other, x)
    if found is None or not sympy.denom(sympy.together(found[0])).free_symbols:
        return None
    why = "∫dv has no logarithm, so v du is a product of the same kind, of lower degree"
    keep = lambda v: not v.has(sympy.log, *INVERSE_TRIG_AND_HYPERBOLIC)  # noqa: E731
    line = found[1]
    if line == x:
        return by_parts(f, x, poly, other, solve, why, keep)
    # w = ax + b first: the pieces of the parts are then in w alone (the step engine
    # searches cosh³(3x + 2)/sinh²(3x + 2) through e^(3x) for seconds)
    w = fresh_symbol(f, "w")
    slope = sympy.diff(line, x)
    shifted_poly = sympy.expand(poly.subs(x, (w - line.subs(x, 0)) / slope) / slope)
    parts = by_parts(shifted_poly * other.subs(line, w), w, shifted_poly, other.subs(line, w),
                     solve, why, keep)
    if parts is None:
        return None
    result = parts[1].subs(w, line)
    title = f"Substitute {w} = {words(line)}, so dx = d{w}/{words(slope)}; then by parts"
    return rewritten("substitution", title, f, x, shifted_poly * other.subs(line, w), w,
                     ([parts[0]], parts[1]), result)


def _in_two_waves(f: sympy.Expr, x: sympy.Symbol):
    """(g, u): f as a function g of two symbols standing for sin u and cos u (or sinh u
    and cosh u) of one linear u, the other four written with them; None for another form."""
    arguments = {e.args[0] for e in f.atoms(sympy.Function)}
    if len(arguments) != 1 or not is_linear(next(iter(arguments)), x):
        return None
    u = arguments.pop()
    g = f.xreplace({e: WITH_SIN_COS[e.func](u) for e in f.atoms(*WITH_SIN_COS)})
    s, c = sympy.Dummy("s"), sympy.Dummy("c")
    for sin, cos in ((sympy.sin, sympy.cos), (sympy.sinh, sympy.cosh)):
        if g.atoms(sympy.Function) <= {sin(u), cos(u)}:
            g = g.xreplace({sin(u): s, cos(u): c})
            return None if g.has(x) else (g, u)
    return None


def by_parts(f: sympy.Expr, x: sympy.Symbol, u: sympy.Expr, dv: sympy.Expr, solve: Solver,
             why: str, keep: Callable[[sympy.Expr], bool] = lambda v: True,
             tidy: Callable[[sympy.Expr], sympy.Expr] = sympy.expand) -> Rewritten | None:
    """∫u dv = u·v − ∫v du: ``solve`` for v (None unless ``keep`` accepts it), then for
    ∫v du written by ``tidy``; None when either integral is not found."""
    first = solve(dv, x)
    if first is None or not keep(first[1]):
        return None
    v = first[1]
    second = solve(tidy(v * domain_derivative(u, x)), x)
    if second is None:
        return None
    result = u * v - second[1]
    title = f"Integration by parts with u = {words(u)} and dv = {words(dv)} dx: {why}"
    return step_for("parts", title, f, x, result, [*first[0], *second[0]]), result


def domain_derivative(u: sympy.Expr, x: sympy.Symbol) -> sympy.Expr:
    """du/dx, with an inverse function g(w) differentiated by the table that holds on its
    domain (:func:`_real_derivatives`), where that needs no |w|: sympy writes arcosh′ as
    1/(√(w − 1)·√(w + 1)), a product of roots the step engine cannot use."""
    derivative = _real_derivatives(u.args[0]).get(type(u)) if u.args else None
    if derivative is None or derivative.has(sympy.Abs):
        return sympy.diff(u, x)
    return sympy.diff(u.args[0], x) * derivative


_INVERSE_FUNCTIONS = (sympy.log, sympy.atan, sympy.asin, sympy.acos, sympy.acot, sympy.asinh,
                      sympy.atanh)


def log_parts(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """g(x)·h(x) with g a logarithm or an inverse trig function (the first letters of LIATE)
    and h anything that integrates: by parts with u = g, whose derivative is algebraic,
    when v·g′ integrates ((x + 1)·eˣ·ln x: v = x·eˣ, v·(ln x)′ = eˣ)."""
    factors = sympy.Mul.make_args(f)
    logs = [a for a in factors if isinstance(a, _INVERSE_FUNCTIONS) and a.has(x)]
    if len(logs) != 1:
        return None
    u = logs[0]
    rest = f / u
    if not rest.has(x) or rest.is_polynomial(x):
        return None  # P(x)·ln x: the step engine and polynomial_parts do these
    # v must not bring a logarithm back, or v du is no easier
    return by_parts(f, x, u, sympy.expand(rest), solve, "the derivative of u is algebraic, "
                    "so v du has no logarithm or inverse function left",
                    keep=lambda v: not v.has(*_INVERSE_FUNCTIONS),
                    tidy=lambda e: sympy.expand(sympy.cancel(e)))


def _real_derivatives(x: sympy.Symbol) -> dict:
    """g′(x) for the inverse functions, in the form that holds for every real x of the domain."""
    root_out = sympy.sqrt(x**2 - 1)
    return {
        sympy.asec: 1 / (sympy.Abs(x) * root_out),
        sympy.acsc: -1 / (sympy.Abs(x) * root_out),
        sympy.acosh: 1 / root_out,
        sympy.asinh: 1 / sympy.sqrt(x**2 + 1),
        sympy.atanh: 1 / (1 - x**2),
        sympy.acoth: 1 / (1 - x**2),
        sympy.asech: -1 / (x * sympy.sqrt(1 - x**2)),
        sympy.acsch: -1 / (sympy.Abs(x) * sympy.sqrt(1 + x**2)),
        sympy.erf: 2 * sympy.exp(-x**2) / sympy.sqrt(sympy.pi),
    }


def inverse_parts(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """c·g(x) for an inverse trig or hyperbolic g (or erf): by parts, ∫g = x·g − ∫x·g′ dx.

    Where g′ holds |x| (arcsec, arccsc), the domain leaves out 0, so x/|x| = sign x is a
    constant on each side and stays outside the integral.
    """
    coeff, g = f.as_independent(x, as_Add=False)
    derivative = _real_derivatives(x).get(type(g))
    if isinstance(g, sympy.log) and not g.args[0].is_rational_function(x):
        # ln(x + √(x² + 1)) and the like: x·(ln g)′ = x·g′/g often simplifies a lot
        derivative = sympy.simplify(sympy.diff(g.args[0], x) / g.args[0])
    elif derivative is None or g.args[0] != x:
        return None
    inner = sympy.expand(x * derivative)
    sign = sympy.S.One
    if inner.has(sympy.Abs):
        inner, sign = inner.subs(sympy.Abs(x), x), sympy.sign(x)  # x/|x| = sign x
    solved = solve(inner, x)
    if solved is None:
        return None
    result = coeff * (x * g - sign * solved[1])
    title = (f"Integration by parts with u = {words(g)} and dv = dx: "
             f"x·{words(g)} minus the integral of x times its derivative"
             + (" (x/|x| = sign x is constant on each side of the domain)" if sign != 1 else ""))
    return step_for("parts", title, f, x, result, solved[0]), result


def quadratic_reduction(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """c/(x² + a)ⁿ with a > 0, n ≥ 2: the reduction formula lowers n by one.

    ∫dx/(x² + a)ⁿ = x/(2a(n − 1)(x² + a)ⁿ⁻¹) + (2n − 3)/(2a(n − 1))·∫dx/(x² + a)ⁿ⁻¹,
    which is integration by parts on ∫dx/(x² + a)ⁿ⁻¹ read backwards.
    """
    coeff, rest = f.as_independent(x, as_Add=False)
    q, power = rest.as_base_exp()
    if not (power.is_Integer and power <= -2 and q.is_polynomial(x) and sympy.degree(q, x) == 2):
        return None
    lead, mid, a = sympy.Poly(q, x).all_coeffs()
    if lead != 1 or mid != 0 or not a.is_positive:
        return None
    n = -int(power)
    lower = q ** (1 - n)
    solved = solve(lower, x)
    if solved is None:
        return None
    head = x / (2 * a * (n - 1) * q ** (n - 1))
    factor = sympy.Rational(2 * n - 3) / (2 * a * (n - 1))
    result = coeff * (head + factor * solved[1])
    title = (f"Reduction formula: the integral of 1/({words(q)})^{n} is written with the "
             f"integral of 1/({words(q)})^{n - 1} (integration by parts read backwards)")
    return step_for("reduction_formula", title, f, x, result, solved[0]), result


def log_of_product(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """c·ln(P/Q) for polynomials: ln of each factor, ln(ab) = ln a + ln b, ln(a/b) = ln a − ln b.

    The pieces ln(x + 1), ln(x − 1) integrate by parts; the result is given with ln|·|
    later, so it holds wherever P/Q > 0 (on both sides of every factor's root).
    """
    coeff, rest = f.as_independent(x, as_Add=False)
    if not isinstance(rest, sympy.log) or not rest.args[0].is_rational_function(x):
        return None
    top, bottom = sympy.fraction(sympy.together(rest.args[0]))
    (above, factors), (below, under) = sympy.factor_list(top, x), sympy.factor_list(bottom, x)
    factors = factors + [(p, -k) for p, k in under]
    factors = [(p, k) for p, k in factors if p.has(x)]
    if len(factors) < 2 and not any(abs(k) > 1 for _, k in factors):
        return None
    # the numbers factor_list takes out (7 of 7(6x + 4)², and the 2 of 6x + 4) are a term
    # ln|c| of their own; |c|, since with c < 0 the factors' |·| later carry the sign
    number = sympy.Abs(above / below)
    g = coeff * (sympy.log(number) + sympy.Add(*(k * sympy.log(p) for p, k in factors)))
    title = ("Split the logarithm: ln(ab) = ln a + ln b, ln(a/b) = ln a − ln b and "
             "ln(aᵏ) = k·ln a, then integrate each logarithm by parts")
    return solved_rewrite("log_rules", title, f, x, g, solve)


def rational_parts(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """A(x)·R(x) with R a power of a polynomial in a denominator (ln x/(1 + x)², x·eˣ/(1 + x)²):
    by parts with dv = R dx, when its antiderivative v is rational and v·A′ integrates."""
    factors = sympy.Mul.make_args(f)
    rest = sympy.Mul(*(a for a in factors if a.is_Pow and a.exp.is_negative
                       and a.base.is_polynomial(x) and a.has(x)))
    u = f / rest
    if rest == 1 or not u.has(x) or u.is_rational_function(x):
        return None
    # v must be rational, or v du is no easier than the integrand
    return by_parts(f, x, u, rest, solve, "v is rational, and v du is simpler than the integrand",
                    keep=lambda v: v.is_rational_function(x),
                    tidy=lambda e: sympy.factor(sympy.expand(e)))




def inverse_times_algebraic(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """(a + b·g)·A with g an inverse trig or hyperbolic function of a linear argument and A
    algebraic (x³·(7 − 175x²)²·(3 arcosh 5x + 2), (5 − 5x²)^(3/2)·(4x + 3)³·(2 arccos x + 3)):
    multiply out, then by parts at once with u = g (LIATE). g′ is algebraic, so v·g′ is
    algebraic again (or holds the one inverse function that v brought, whose derivative is
    there); a v with a logarithm is refused, since ln|x|·g′ leads to a dilogarithm."""
    inverses = [e for e in f.atoms(*INVERSE_TRIG_AND_HYPERBOLIC) if e.has(x)]
    if len(inverses) != 1 or not is_linear(inverses[0].args[0], x):
        return None
    g = inverses[0]
    if not small_to_expand(f):
        return None
    expanded = sympy.expand(_root_content(f, x))
    if not expanded.is_polynomial(g) or sympy.degree(expanded, g) != 1:
        return None
    times_g = expanded.coeff(g, 1)
    alone = sympy.expand(expanded - times_g * g)
    if times_g.atoms(sympy.Function) or alone.atoms(sympy.Function):
        return None  # not algebraic
    last = sympy.Mul.make_args(times_g)[-1]
    if alone == 0 and last.is_Pow and last.base.is_Add and \
            sympy.Mul(*sympy.Mul.make_args(times_g)[:-1]).is_number:
        return None  # g·c·q^k alone: the substitution for g's argument does it at once
        # (arctanh 2x/(1 − 4x²)^(3/2): x = sin θ/2), and by parts takes long; but
        # xᵏ·g is by parts (x²·arcosh x)
    parts = by_parts(times_g * g, x, g, times_g, solve,
                     f"{words(g)} is the inverse function (LIATE), and its derivative is "
                     "algebraic", tidy=lambda e: sympy.expand(_root_content(e, x)),
                     # ln|x|·g′ is a dilogarithm's integrand (arctan(2x)/x): not by parts
                     keep=lambda v: not v.has(sympy.log))
    if parts is None or alone == 0:
        return parts
    rest = solve(alone, x)
    if rest is None:
        return None
    result = parts[1] + rest[1]
    title = (f"Multiply out: the terms with {words(g)} by parts, the others as they are")
    return step_for("sum", title, f, x, result, [parts[0], *rest[0]]), result


def _root_content(expr: sympy.Expr, x: sympy.Symbol) -> sympy.Expr:
    """Roots with a whole-number factor of their polynomial taken out, √(5 − 5x²) =
    √5·√(1 − x²), so that a quotient such as √(5 − 5x²)/√(1 − x²) cancels."""
    def opened(power: sympy.Pow) -> sympy.Expr:
        content, primitive = sympy.Poly(power.base, x).primitive()
        return content ** power.exp * primitive.as_expr() ** power.exp

    return expr.replace(lambda e: e.is_Pow and not e.exp.is_Integer and e.base.is_Add
                        and e.base.is_polynomial(x) and e.base.has(x), opened)
