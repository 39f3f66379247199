"""First moves before sympy's step engine, on forms where its search is slow.

``integral_steps`` tries every alternative technique on a product and recurses into
each; on (x³ − x + 7)·eˣ, 1/((x − 1)(x − 2)(x − 3)) or σ(x)² that takes seconds. The
same engine finishes at once on the multiplied-out sum, the partial fractions or the
rational function of t = eˣ, so stage 1 hands it those and shows the move as a step.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction

import sympy

from workbench.engine.integration.common import SYMPY_FAILURES, integral_latex, step_for
from workbench.engine.integration.rewrite_base import Solved, fresh_symbol, is_linear

_WAVES = (sympy.exp, sympy.sin, sympy.cos, sympy.sinh, sympy.cosh)


@dataclass(frozen=True)
class Prepared:
    """∫f dx = ∫integrand d(var), with var = back (an expression in x; x when unchanged)."""

    integrand: sympy.Expr
    var: sympy.Symbol
    back: sympy.Expr
    rule: str
    title: str


def _multiplied_out(f: sympy.Expr, x: sympy.Symbol) -> Prepared | None:
    """(polynomial sum) × exp/sin/cos of a linear argument, multiplied out."""
    if not f.is_Mul:
        return None
    sums = [a for a in f.args if a.is_Add and a.has(x) and a.is_polynomial(x)]
    others = [a for a in f.args if a.has(x) and a not in sums]
    if not (sums and others and all(isinstance(a, _WAVES) and is_linear(a.args[0], x)
                                    for a in others)):
        return None
    return Prepared(sympy.expand(f), x, x, "expand",
                    "Multiply out the polynomial so each term can be integrated by parts")


def _split_fraction(f: sympy.Expr, x: sympy.Symbol) -> Prepared | None:
    """A rational function split into partial fractions, when that gives several terms."""
    try:
        if not f.is_rational_function(x) or f.is_polynomial(x) or f.free_symbols != {x}:
            return None
        split = sympy.apart(f, x)
    except SYMPY_FAILURES:
        return None
    if len(sympy.Add.make_args(split)) < 2:
        if sympy.count_ops(split) < sympy.count_ops(f):
            return Prepared(split, x, x, "simplify",
                            "Cancel the factor the numerator and the denominator share")
        return None
    return Prepared(split, x, x, "partial_fractions",
                    "Partial fractions: split the rational function into simple fractions")


def _exp_rate(f: sympy.Expr, x: sympy.Symbol) -> sympy.Rational | None:
    """k when every exponential in f is e^(n·k·x) for whole numbers n, else None."""
    rates = []
    for e in f.atoms(sympy.exp):
        c = sympy.cancel(e.args[0] / x)
        if not c.is_Rational or c == 0:
            return None
        rates.append(Fraction(int(c.p), int(c.q)))
    if not rates:
        return None
    k = min(abs(r) for r in rates)
    return sympy.Rational(k.numerator, k.denominator) if all((r / k).denominator == 1
                                                             for r in rates) else None


def _plain_exponentials(f: sympy.Expr, x: sympy.Symbol) -> bool:
    """Whether f is a sum of terms c·e^(ax + b): each is one substitution u = ax + b away,
    the way a student does it, not a rational function of t to be taken apart."""
    for term in sympy.Add.make_args(f):
        varying = [a for a in sympy.Mul.make_args(term) if a.has(x)]
        if not (len(varying) == 1 and isinstance(varying[0], sympy.exp)
                and is_linear(varying[0].args[0], x)):
            return False
    return True


def exp_substitution(f: sympy.Expr, x: sympy.Symbol) -> Prepared | None:
    """A rational function of e^(kx) with e^(...) in a denominator: substitute t = e^(kx)."""
    if not sympy.denom(sympy.together(f)).has(sympy.exp):
        return None
    k = _exp_rate(f, x)
    if k is None:
        return None
    t = fresh_symbol(f, "t")
    g = f.replace(sympy.exp, lambda a: t ** sympy.cancel(a / (k * x))) / (k * t)
    g = sympy.cancel(g)
    if g.has(x) or not g.is_rational_function(t):
        return None
    return Prepared(g, t, sympy.exp(k * x), "substitution",
                    f"Substitute t = e^({k}x) (so dx = dt/({k}·t)): the integrand becomes a "
                    "rational function of t" if k != 1 else
                    "Substitute t = eˣ (so dx = dt/t): the integrand becomes a rational "
                    "function of t")


def _inner_candidates(f: sympy.Expr, x: sympy.Symbol) -> list[sympy.Expr]:
    """Inner functions worth substituting: bases of powers, arguments, then applications."""
    inner, applied = set(), set()
    for node in sympy.preorder_traversal(f):
        if node.is_Pow and node.base.has(x):
            inner.add(node.base)
        elif isinstance(node, sympy.Function) and node.has(x):
            inner.update(a for a in node.args if a.has(x))
            applied.add(node)
    inner = {u for u in inner if not (u.is_polynomial(x) and sympy.degree(u, x) <= 1)}
    applied -= inner
    by_size = lambda u: (-sympy.count_ops(u), sympy.default_sort_key(u))  # noqa: E731
    return sorted(inner, key=by_size) + sorted(applied, key=by_size)


def inner_substitution(f: sympy.Expr, x: sympy.Symbol) -> Prepared | None:
    """f = h(u)·u′ with h rational: substitute u at once (the step engine's search for it
    among partial fractions and trigonometric substitutions can take seconds)."""
    if f.is_rational_function(x) and not f.is_Mul and not f.is_Pow:
        return None
    t = fresh_symbol(f, "u")
    for u in _inner_candidates(f, x):
        g = f / sympy.diff(u, x)
        if sympy.count_ops(g) > sympy.count_ops(f) + 2 and g.is_rational_function(x):
            g = sympy.factor(g)  # (6x − 12)/(2x − 4) is 3
        if sympy.count_ops(g) > sympy.count_ops(f) + 2:
            continue  # u′ is not a factor of f (tan⁴x over sec²x): not this substitution
        h = g.subs(u, t)
        if h.has(x):  # x/(x² + 1)³ over 2x: cancel the x, keep the power of x² + 1 whole
            h = sympy.factor(g).subs(u, t)
        if h.has(x) or not h.has(t) or not h.is_rational_function(t) or h.is_polynomial(t) \
                and sympy.degree(h, t) == 0:
            continue
        return Prepared(h, t, u, "substitution",
                        f"Substitute {t} = {sympy.sstr(u).replace('**', '^')}: its derivative "
                        f"is a factor of the integrand, which becomes a rational function of {t}")
    return None


def _linear_power(f: sympy.Expr, x: sympy.Symbol) -> Prepared | None:
    """c/(ax + b)ⁿ, n ≥ 2: substitute u = ax + b (the step engine first multiplies the
    power out and searches partial fractions of it, over a second per term)."""
    coeff, rest = f.as_independent(x, as_Add=False)
    base, power = rest.as_base_exp()
    if not (power.is_Integer and power <= -2 and is_linear(base, x)) or base == x:
        return None
    u = fresh_symbol(f, "u")
    slope = sympy.diff(base, x)
    return Prepared(coeff * u**power / slope, u, base, "substitution",
                    f"Substitute {u} = {sympy.sstr(base)}, so dx = d{u}/{slope}: a power of "
                    f"{u} is left")


def _single_applications(f: sympy.Expr, x: sympy.Symbol) -> bool:
    """Whether f is a sum of terms c·h(ax + b), each one function: the step engine's own
    u = ax + b does these at once, and the steps teach it term by term."""
    for term in sympy.Add.make_args(f):
        varying = [a for a in sympy.Mul.make_args(term) if a.has(x)]
        if not (len(varying) == 1 and isinstance(varying[0], sympy.Function)):
            return False
    return True


def linear_shift(f: sympy.Expr, x: sympy.Symbol) -> Prepared | None:
    """g(ax + b) with b ≠ 0, x nowhere else: substitute u = ax + b first, so that every
    stage works on g(u) (sin(7x + 5)ⁿ/(3 cos(7x + 5) + 2), √(2 cosh(3x + 2) + 2)...)
    instead of searching the shifted form and substituting only after failing."""
    # a^(ax + b) with a number a is a function of ax + b as much as e^(ax + b) is
    powers = {p.exp for p in f.atoms(sympy.Pow) if p.base.is_number and p.exp.has(x)}
    inner = {a for node in f.atoms(sympy.Function) for a in node.args if a.has(x)} | powers
    if len(inner) != 1 or not (f.atoms(sympy.Function) or powers) or \
            _single_applications(f, x):
        return None
    line = inner.pop()
    if not is_linear(line, x) or line.subs(x, 0) == 0 or line.free_symbols != {x}:
        return None
    u = fresh_symbol(f, "u")
    slope = sympy.diff(line, x)
    # x outside the functions too (x⁵·cosh(3x + 2)): parts on x is the better first move
    g = f.subs(line, u) / slope
    if g.has(x):
        return None
    dx = f"d{u}" if slope == 1 else f"d{u}/{slope}"
    return Prepared(g, u, line, "substitution",
                    f"Substitute {u} = {sympy.sstr(line)}, so dx = {dx}: every function in the "
                    f"integrand is then a function of {u} alone")


_PREPARERS = (_linear_power, _multiplied_out, inner_substitution, _split_fraction,
              exp_substitution)


def prepare(f: sympy.Expr, x: sympy.Symbol) -> Prepared | None:
    """The first preparation that fits ``f``, or None (none for plain exponentials: the
    step engine takes them term by term with u = ax + b at once)."""
    if _plain_exponentials(f, x):
        return None
    for make in _PREPARERS:
        prepared = make(f, x)
        if prepared is not None:
            return prepared
    return None


_OWN_INVERSES = {sympy.atanh: sympy.tanh, sympy.asinh: sympy.sinh}


def own_inverse(f: sympy.Expr, x: sympy.Symbol) -> Prepared | None:
    """artanh(tanh u) and arsinh(sinh u) written as u: for every real u they are u itself
    (unlike arctan(tan u), which jumps by π)."""
    def cancels(e: sympy.Expr) -> bool:
        return type(e) in _OWN_INVERSES and isinstance(e.args[0], _OWN_INVERSES[type(e)])
    g = f.replace(cancels, lambda e: e.args[0].args[0])
    if g == f:
        return None
    return Prepared(g, x, x, "simplify", "A function of its own inverse: artanh(tanh u) = u and "
                    "arsinh(sinh u) = u for every real u")


def wrap(f: sympy.Expr, x: sympy.Symbol, prepared: Prepared, inner: Solved,
         result: sympy.Expr | None = None) -> Solved:
    """The preparation as a step around the steps that solved the prepared integral
    (``result``: the answer in x, when not the inner answer with var put back)."""
    result = inner[1].subs(prepared.var, prepared.back) if result is None else result
    first = step_for(prepared.rule, prepared.title, f, x, result, inner[0])
    middle = integral_latex(prepared.integrand, prepared.var)
    return [replace(first, after=f"{middle} = {first.after}")], result
