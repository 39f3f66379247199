"""Textbook substitutions the step engine does not try, or tries too slowly.

* trigonometric substitution for any odd power of √(c − a·x²), √(a·x² + c) or √(a·x² − c)
  (the step engine handles the square root, not (4 − x²)^(−3/2));
* rational functions of sin and cos: Bioche's rules (u = cos x, sin x or tan x), else the
  tangent half-angle substitution t = tan(x/2);
* x = uⁿ for sums of different roots of x (√x + ∛x);
* θ = arcsin x (or arctan, arsinh) when x appears only inside that function and beside dx;
* u = an inner function whose derivative is a factor (also u = a·xⁿ + b, u = x^m);
* √(A/B) for linear A, B: rationalise to A/√(AB), with the sign of B where both can be
  negative;
* e^(ax) times powers of sin and cos: linearise the trigonometric part first.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import sympy

from workbench.engine.integration.common import words
from workbench.engine.integration.cyclic import growth_rate
from workbench.engine.integration.trig_rewrites import single_waves
from workbench.engine.integration.verification import check
from workbench.engine.integration.rewrite_base import (
    Rewritten, Solver, fresh_symbol, is_linear, solved_rewrite, substitute)

_TRIG = (sympy.sin, sympy.cos, sympy.tan, sympy.sec, sympy.csc, sympy.cot)


def _root_quadratic(f: sympy.Expr, x: sympy.Symbol):
    """(q, a, c) for the one quadratic q = a·x² + c that f raises to odd halves, else None."""
    bases = {p.base for p in f.atoms(sympy.Pow)
             if p.base.has(x) and p.exp.is_Rational and p.exp.q == 2}
    if len(bases) != 1:
        return None
    q = bases.pop()
    if not (q.is_polynomial(x) and sympy.degree(q, x) == 2):
        return None
    a, b, c = sympy.Poly(q, x).all_coeffs()
    if b != 0 or not (a.is_number and c.is_number) or c == 0:
        return None
    return q, a, c


_RECIPROCAL = {sympy.tan: sympy.cot, sympy.cot: sympy.tan, sympy.sin: sympy.csc,
               sympy.csc: sympy.sin, sympy.cos: sympy.sec, sympy.sec: sympy.cos}


def _positive_powers(expr: sympy.Expr) -> sympy.Expr:
    """tan⁻²θ as cot²θ and the like: the step engine knows the positive powers' rules."""
    return expr.replace(
        lambda e: e.is_Pow and type(e.base) in _RECIPROCAL and e.exp.is_Integer and e.exp < 0,
        lambda e: _RECIPROCAL[type(e.base)](e.base.args[0]) ** (-e.exp))


def trig_substitution(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """(c − a·x²)^(k/2): x = √(c/a)·sin θ; (a·x² + c)^(k/2): x = √(c/a)·tan θ;
    (a·x² − c)^(k/2): x = √(c/a)·sec θ, answered through the right triangle of sec θ."""
    found = _root_quadratic(f, x)
    if found is None:
        return None
    q, a, c = found
    if not a.is_nonzero or (c.is_negative and a.is_negative):
        return None
    theta = fresh_symbol(f, "theta")
    x_of, root, dx, back, title = _trig_change(q, a, c, x, theta)
    powers = {p: root ** (2 * p.exp) for p in f.atoms(sympy.Pow) if p.base == q}
    shown = sympy.powsimp(f.xreplace(powers).subs(x, x_of) * dx)
    shown = _positive_powers(sympy.trigsimp(shown))
    if shown.has(x):
        return None
    found = solved_rewrite("trig_substitution", title, f, x, shown, solve, theta,
                           lambda r: sympy.simplify(r.subs(back).subs(theta, back[theta])))
    if found is not None and sympy.sec(theta) in back and check(f, found[1], x, 1.0) is False:
        return None  # right for x > k only: leave the integral to the other methods
    return found


def _trig_change(q: sympy.Expr, a: sympy.Expr, c: sympy.Expr, x: sympy.Symbol,
                 theta: sympy.Symbol):
    """(x in θ, √q in θ, dx/dθ, the way back to x, the step's title) for q = a·x² + c."""
    k = sympy.sqrt(abs(c) / abs(a))
    if a.is_negative:
        return k * sympy.sin(theta), sympy.sqrt(c) * sympy.cos(theta), \
            k * sympy.cos(theta), {theta: sympy.asin(x / k)}, \
            f"Trigonometric substitution x = {words(k)}·sin θ: then {words(q)} = " \
            f"{words(c)}·cos²θ, and dx = {words(k)}·cos θ dθ"
    if c.is_positive:
        return k * sympy.tan(theta), sympy.sqrt(c) * sympy.sec(theta), \
            k * sympy.sec(theta) ** 2, {theta: sympy.atan(x / k)}, \
            f"Trigonometric substitution x = {words(k)}·tan θ: then {words(q)} = " \
            f"{words(c)}·sec²θ, and dx = {words(k)}·sec²θ dθ"
    # x = k·sec θ: read every function of θ off the right triangle with hypotenuse x and
    # adjacent side k (which also holds for x < −k wherever the answer is odd or even as
    # the integrand needs; the check after every answer catches the rest)
    side = sympy.sqrt(x**2 - k**2)
    back = {sympy.sin(theta): side / x, sympy.cos(theta): k / x, sympy.tan(theta): side / k,
            sympy.sec(theta): x / k, sympy.csc(theta): x / side, sympy.cot(theta): k / side,
            theta: sympy.acos(k / x)}
    return k * sympy.sec(theta), sympy.sqrt(-c) * sympy.tan(theta), \
        k * sympy.sec(theta) * sympy.tan(theta), back, \
        f"Trigonometric substitution x = {words(k)}·sec θ: then {words(q)} = " \
        f"{words(-c)}·tan²θ, and dx = {words(k)}·sec θ·tan θ dθ; at the end, read sin θ, " \
        f"tan θ, ... off the right triangle with hypotenuse x and adjacent side {words(k)}"


def half_angle(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """A rational function of sin x and cos x with either in a denominator: t = tan(x/2)."""
    g = in_sin_cos(f, x)
    if g is None or not sympy.denom(sympy.together(g)).has(x):
        return None
    t = fresh_symbol(f, "t")
    shown = g.subs({sympy.sin(x): 2 * t / (1 + t**2), sympy.cos(x): (1 - t**2) / (1 + t**2)})
    shown = sympy.factor(sympy.cancel(shown * 2 / (1 + t**2)))
    if shown.has(x) or not shown.is_rational_function(t):
        return None
    title = ("Tangent half-angle substitution t = tan(x/2): sin x = 2t/(1 + t²), "
             "cos x = (1 − t²)/(1 + t²), dx = 2 dt/(1 + t²), a rational function of t")
    return substitute(f, x, t, sympy.tan(x / 2), sympy.S.One, shown, solve, "substitution",
                      title)


def in_sin_cos(f: sympy.Expr, x: sympy.Symbol) -> sympy.Expr | None:
    """f with tan, sec, csc, cot written with sin x and cos x; None unless f is then a
    rational function of sin x and cos x (and x appears nowhere else)."""
    if not f.has(*_TRIG) or any(isinstance(e, _TRIG) and e.args[0] != x
                                for e in f.atoms(sympy.Function)):
        return None
    s, c = sympy.sin(x), sympy.cos(x)
    g = f.xreplace({sympy.tan(x): s / c, sympy.sec(x): 1 / c, sympy.csc(x): 1 / s,
                    sympy.cot(x): c / s})
    if g.atoms(sympy.Function) - {s, c} or g.subs({s: sympy.Dummy(), c: sympy.Dummy()}).has(x):
        return None  # another function, or x outside sin and cos
    return g


def bioche(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """Rational functions of sin x and cos x by Bioche's rules: u = cos x when the integrand
    is odd in sin x, u = sin x when odd in cos x, t = tan x when even in both together.
    The first two also take roots of the other function (cos⁵x/(2 sin x + 2)^(3/2))."""
    g = in_sin_cos(f, x)
    if g is None:
        return None
    s, c = sympy.Dummy("s"), sympy.Dummy("c")
    plain = g.subs({sympy.sin(x): s, sympy.cos(x): c})
    u = fresh_symbol(f, "u")
    odd = lambda swapped: sympy.cancel(plain + swapped) == 0  # noqa: E731
    if odd(plain.subs(s, -s)):
        shown = -sympy.cancel(plain / s).subs({s: sympy.sqrt(1 - u**2), c: u})
        inner, title = sympy.cos(x), (f"The integrand is odd in sin x: substitute {u} = cos x "
                                      f"(d{u} = −sin x dx, sin² x = 1 − {u}²)")
    elif odd(plain.subs(c, -c)):
        shown = sympy.cancel(plain / c).subs({c: sympy.sqrt(1 - u**2), s: u})
        inner, title = sympy.sin(x), (f"The integrand is odd in cos x: substitute {u} = sin x "
                                      f"(d{u} = cos x dx, cos² x = 1 − {u}²)")
    elif sympy.cancel(plain - plain.subs({s: -s, c: -c}, simultaneous=True)) == 0:
        shown = sympy.cancel(plain.subs(s, u * c))
        shown = shown.subs(c**2, 1 / (1 + u**2)) / (1 + u**2)
        inner, title = sympy.tan(x), (f"The integrand is unchanged when sin and cos both change "
                                      f"sign: substitute {u} = tan x (sin² x = {u}²/(1 + {u}²), "
                                      f"cos² x = 1/(1 + {u}²), dx = d{u}/(1 + {u}²))")
    else:
        return None
    shown = sympy.cancel(shown)
    # an odd integrand divided by c (or s) is even in it: writing it with c² = 1 − u² is
    # exact even under a root ((1 − u²)²/(2u + 2)^(3/2) from cos⁵x/(2 sin x + 2)^(3/2));
    # t = tan x is kept to rational functions, where c² = 1/(1 + t²) needs no sign
    if shown.has(s, c, x) or not (shown.is_rational_function(u) or (
            inner != sympy.tan(x) and shown.is_algebraic_expr(u) and all(
                p.base.is_polynomial(u) for p in shown.atoms(sympy.Pow)
                if not p.exp.is_Integer))):
        return None  # (a root of a rational function of u, √(2 + 3/u²): w = tan x does it)
    return substitute(f, x, u, inner, sympy.S.One, shown, solve, "substitution", title)


def function_of_tan(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """A root (or other algebraic function) of tan x and sec² x, such as
    tan³x·(3sec²x + 2)^(3/2): substitute w = tan x (sec² x = 1 + w², dx = dw/(1 + w²)),
    which leaves an algebraic integral in w. (Rational functions are Bioche's.)"""
    return _function_of_ratio(f, x, solve, _TAN)


def function_of_tanh(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """A root of sinh x and cosh x, such as tanh x/(3 tanh²x + 2)^(5/2): substitute
    w = tanh x (cosh² x = 1/(1 − w²), dx = dw/(1 − w²)); cosh x > 0, so any algebraic
    function of sinh and cosh becomes an algebraic function of w."""
    return _function_of_ratio(f, x, solve, _TANH)


@dataclass(frozen=True)
class _Ratio:
    """The functions of one family as s^a/c^b with s = sin (sinh) and c = cos (cosh), and
    the substitution w = s/c with c² = 1/(1 + sign·w²)."""

    names: dict
    sine: type
    cosine: type
    ratio: type
    sign: int
    cosine_positive: bool
    words: str


_TAN = _Ratio({sympy.tan: (1, 1), sympy.sec: (0, 1), sympy.csc: (-1, 0), sympy.cot: (-1, -1)},
              sympy.sin, sympy.cos, sympy.tan, 1, False, "tan x and sec² x")
_TANH = _Ratio({sympy.tanh: (1, 1), sympy.sech: (0, 1), sympy.csch: (-1, 0),
                sympy.coth: (-1, -1)}, sympy.sinh, sympy.cosh, sympy.tanh, -1, True,
               "sinh x and cosh x")


def _function_of_ratio(f: sympy.Expr, x: sympy.Symbol, solve: Solver,
                       family: _Ratio) -> Rewritten | None:
    kinds = (family.sine, family.cosine, *family.names)
    if not f.has(*kinds) or not any(p.has(x) and not p.exp.is_Integer
                                    for p in f.atoms(sympy.Pow)):
        return None
    if any(isinstance(e, kinds) and e.args[0] != x for e in f.atoms(sympy.Function)):
        return None
    s_x, c_x = family.sine(x), family.cosine(x)
    g = f.xreplace({func(x): s_x ** a / c_x ** b for func, (a, b) in family.names.items()})
    s, c = sympy.Dummy("s"), sympy.Dummy("c")
    plain = g.subs({s_x: s, c_x: c})
    if plain.has(x) or plain.atoms(sympy.Function):
        return None
    w = fresh_symbol(f, "w")
    one = 1 + family.sign * w**2
    shown = plain.subs(s, w * c)
    shown = sympy.powsimp(sympy.expand_power_base(shown, force=True), force=True)
    shown = shown.subs(c**2, 1 / one).subs(c, 1 / sympy.sqrt(one))
    shown = sympy.factor_terms(shown / one)
    if shown.has(s, c, x) or any(p.exp.q % 2 == 0 and p.base.has(c) for p in
                                 shown.atoms(sympy.Pow) if p.exp.is_Rational):
        return None
    # an odd power of cos x left over would need its sign, which w = tan x cannot give
    # (cosh x > 0 has none); tan x and sec² x are even in sin and cos together
    if not family.cosine_positive and \
            sympy.cancel(plain - plain.subs({s: -s, c: -c}, simultaneous=True)) != 0:
        return None
    title = (f"The integrand is a function of {family.words}: substitute {w} = "
             f"{family.ratio.__name__} x ({family.cosine.__name__}² x = 1/({words(one)}), "
             f"dx = d{w}/({words(one)}))")
    return substitute(f, x, w, family.ratio(x), sympy.S.One, sympy.factor(shown), solve,
                      "substitution", title)


def derivative_divides(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """f = h(u)·u′ for an inner function u (ln x, sin x, x²): integrate h in u."""
    factors = sympy.Mul.make_args(f)
    if len(factors) < 2:
        return None
    u_symbol = fresh_symbol(f)
    candidates = [u for factor in factors for u in _inner_functions(factor, x)]
    for u in candidates + _powers_of_x(f, x):
        h = sympy.powsimp(f / sympy.diff(u, x)).subs(u, u_symbol)
        b, axn = u.as_independent(x, as_Add=True)
        a, xn = axn.as_independent(x, as_Add=False)
        if h.has(x) and xn.is_Pow and xn.base == x:
            h = h.subs(xn, (u_symbol - b) / a)  # u = a·xⁿ + b, so xⁿ = (u − b)/a
        if h.has(x) or not h.has(u_symbol):
            continue
        title = (f"Substitute {u_symbol} = {words(u)}: its derivative "
                 f"{words(sympy.diff(u, x))} is a factor of the integrand")
        found = substitute(f, x, u_symbol, u, sympy.S.One, h, solve, "substitution", title)
        if found is not None:
            return found
    return None


def _powers_of_x(f: sympy.Expr, x: sympy.Symbol) -> list[sympy.Expr]:
    """x^m for the m > 1 dividing every power of x under a root or function (x⁴ = (x²)²)."""
    powers = [int(p.exp) for p in f.atoms(sympy.Pow) if p.base == x and p.exp.is_Integer]
    whole = math.gcd(*powers) if powers else 0
    found = [x**m for m in range(whole, 1, -1) if whole % m == 0]
    # x¹⁴·(5x⁶ + 3x³ + 2)^(3/2): the powers inside have 3 in common, and x¹⁴ = x¹²·x² is
    # (x³)⁴ times the derivative's x², so u = x³ although 14 is no multiple of 3
    inside = [int(p.exp) for e in f.atoms(sympy.Pow, sympy.Function)
              if not (e.is_Pow and e.exp.is_Integer) for a in e.args if a.has(x)
              for p in a.atoms(sympy.Pow) if p.base == x and p.exp.is_Integer and p.exp > 0]
    outside = f.as_independent(x, as_Add=False)[1]
    if inside and outside.is_Mul:
        _, power = sympy.Mul(*(a for a in outside.args if a == x or a.is_Pow and a.base == x)
                             ).as_coeff_exponent(x)
        shared = math.gcd(*inside)
        found += [x**m for m in range(shared, 1, -1) if shared % m == 0 and power.is_Integer
                  and (power + 1) % m == 0 and x**m not in found]
    return found


def _inner_functions(factor: sympy.Expr, x: sympy.Symbol) -> list[sympy.Expr]:
    """Inner functions of a factor worth substituting: non-linear arguments and bases."""
    inner = []
    for node in sympy.preorder_traversal(factor):
        if isinstance(node, sympy.Function) or node.is_Pow:
            for arg in node.args:
                if arg.has(x) and not (arg.is_polynomial(x) and sympy.degree(arg, x) <= 1):
                    inner.append(arg)
    return inner


def root_powers(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """Several roots of x (√x and ∛x), or a root of x inside another root (√(√x + x)):
    x = uⁿ with n the least common multiple of the roots."""
    f = sympy.powdenest(f, force=True)  # √(1/x) = x^(−1/2): real only for x > 0 anyway
    roots = {p.exp.q for p in f.atoms(sympy.Pow) if p.base == x and p.exp.is_Rational
             and p.exp.q > 1}
    nested = bool(roots) and nested_root_of_x(f, x)
    if len(roots) < 2 and not nested:
        return None
    n = math.lcm(*roots)
    u = sympy.Symbol(fresh_symbol(f).name, positive=True)
    shown = sympy.powsimp(sympy.powdenest(f.subs(x, u**n) * n * u ** (n - 1), force=True))
    if shown.has(x) or not (shown.is_rational_function(u) or nested):
        return None
    shown = sympy.cancel(shown) if shown.is_rational_function(u) else _roots_tidied(shown, u)
    title = (f"Substitute x = {words(u**n)} (so {words(u)} = {words(x ** sympy.Rational(1, n))}"
             f" and dx = {words(n * u ** (n - 1))} d{u}): every root of x becomes a whole power "
             f"of {u}")
    return solved_rewrite("substitution", title, f, x, shown, solve, u,
                          lambda r: r.subs(u, x ** sympy.Rational(1, n)))


def _roots_tidied(expr: sympy.Expr, u: sympy.Symbol) -> sympy.Expr:
    """Whole powers of u (u > 0) taken out of roots: √(u³ + 3u²) = u·√(u + 3)."""
    def tidy(p: sympy.Expr) -> sympy.Expr:
        base = sympy.factor(p.base)
        return sympy.powsimp(sympy.expand_power_base(base**p.exp, force=True))
    return sympy.powsimp(expr.replace(
        lambda e: e.is_Pow and not e.exp.is_Integer and e.base.has(u), tidy))


# the inverse functions whose substitution θ = g(x) keeps x = g⁻¹(θ) on the branch where the
# answer's trigonometric functions of θ need no sign (θ = arccos x: sin θ ≥ 0; θ = arcsec x ...)
def nested_root_of_x(f: sympy.Expr, x: sympy.Symbol) -> bool:
    """Whether a root of x sits inside another root (√(√x + x), 1/√(3x^(2/3) + 2x)): then
    x = uⁿ leaves a root of a polynomial in u, which the other rules know."""
    return any(p.base.has(x) and p.base != x and not p.exp.is_Integer and any(
        q.base == x and q.exp.is_Rational and q.exp.q > 1 for q in p.base.atoms(sympy.Pow))
        for p in f.atoms(sympy.Pow))


_INVERSES = {sympy.asin: sympy.sin, sympy.atan: sympy.tan, sympy.asinh: sympy.sinh,
             sympy.acos: sympy.cos, sympy.acot: sympy.cot, sympy.asec: sympy.sec,
             sympy.acsc: sympy.csc, sympy.atanh: sympy.tanh, sympy.acoth: sympy.coth}


def inverse_substitution(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """f built from g(x) = arcsin x (or another inverse function) and x: substitute θ = g(x),
    x = g⁻¹(θ)."""
    found = inverse_substituted(f, x)
    if found is None:
        return None
    theta, shown, func, inner, inverse, dx = found
    title = (f"Substitute θ = {func.__name__}({words(inner)}), so x = {words(inverse)} and "
             f"dx = {words(dx)} dθ")
    return solved_rewrite("substitution", title, f, x, sympy.expand(shown), solve, theta,
                          lambda r: sympy.expand(r.subs(theta, func(inner))))


def inverse_substituted(f: sympy.Expr, x: sympy.Symbol):
    """(θ, the integrand in θ, g, a·x + b, x in θ, dx/dθ) for θ = g(a·x + b) when f is built
    from that one inverse function g and x; else None."""
    funcs = {type(e) for e in f.atoms(sympy.Function) if e.has(x)}
    if len(funcs) != 1 or next(iter(funcs)) not in _INVERSES:
        return None
    func = funcs.pop()
    inner = {e.args[0] for e in f.atoms(func)}
    if len(inner) != 1 or not is_linear(next(iter(inner)), x):
        return None
    inner = inner.pop()  # a·x + b: θ = g(a·x + b), x = (g⁻¹(θ) − b)/a
    theta = fresh_symbol(f, "theta")
    slope, shift = sympy.Poly(inner, x).all_coeffs()
    inverse = (_INVERSES[func](theta) - shift) / slope
    dx = sympy.diff(inverse, theta)
    shown = sympy.trigsimp(f.subs(func(inner), theta).subs(x, inverse) * dx)
    if shown.has(x):
        return None
    return theta, shown, func, inner, inverse, dx


def exp_trig_powers(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """e^(ax) (or aˣ, cosh, sinh) times powers and products of sin and cos: linearise the
    trigonometric part first."""
    factors = sympy.Mul.make_args(f)
    waves = [a for a in factors if a.has(x) and isinstance(a.as_base_exp()[0], (sympy.sin,
                                                                                sympy.cos))]
    growth = [a for a in factors if a.has(x) and a not in waves]
    if not waves or len(growth) != 1 or growth_rate(growth[0], x) is None:
        return None  # e^(ax), aˣ, cosh(ax), sinh(ax): by parts twice once linearised
    if sum(a.as_base_exp()[1] for a in waves) < 2:
        return None  # e^x·cos(3x): the step engine's cyclic parts does this at once
    g = sympy.expand(f.as_independent(x, as_Add=False)[0] * growth[0]
                     * single_waves(sympy.Mul(*waves)))
    title = ("Write the powers and products of sin and cos as single sines and cosines: "
             "each term is then e^(ax)·cos(bx) or e^(ax)·sin(bx)")
    return solved_rewrite("product_to_sum", title, f, x, g, solve)


def rationalise_root(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """c·√(A/B) for linear A and B: multiply top and bottom by √A, √(A/B) = |A|/√(A·B).

    Where A/B ≥ 0, A has the sign of B (and B never vanishes there), so |A| = sign(B)·A
    with sign(B) constant on each interval of the domain: where A and B can both be
    negative (x > 1 and x < −1 for √((x − 1)/(x + 1))) it stays in the answer.
    """
    coeff, rest = f.as_independent(x, as_Add=False)
    base, power = rest.as_base_exp()
    if power != sympy.S.Half:
        return None
    top, bottom = sympy.fraction(sympy.together(base))
    if not (is_linear(top, x) and is_linear(bottom, x)):
        return None
    g = coeff * top / sympy.sqrt(sympy.expand(top * bottom))
    sign = _sign_on_domain(top, bottom, x)
    title = (f"Multiply top and bottom by √({words(top)}): the root of the quotient becomes "
             f"{words(top)}/√({words(sympy.expand(top * bottom))}), a root of a quadratic"
             + ("" if sign == 1 else f" (times sign({words(bottom)}), the sign of "
                f"{words(top)} on each interval of the domain)"))
    return solved_rewrite("rationalise", title, f, x, sympy.expand(g), solve,
                          back=lambda r: sign * r)


def _sign_on_domain(top: sympy.Expr, bottom: sympy.Expr, x: sympy.Symbol) -> sympy.Expr:
    """The sign of ``bottom`` where top/bottom ≥ 0: a number when it is the same everywhere."""
    if (sympy.diff(top, x) * sympy.diff(bottom, x)).is_positive:
        return sympy.sign(bottom)  # both negative on one side, both positive on the other
    # opposite slopes: the domain is the one interval between the roots
    middle = (sympy.solve(top, x)[0] + sympy.solve(bottom, x)[0]) / 2
    return sympy.sign(bottom.subs(x, middle))
