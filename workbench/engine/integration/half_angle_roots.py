"""A rational function of cos x times a root of a ± a·cos x (or of sin x, sec x, csc x).

With t = x, x − π, x − π/2 or x + π/2 the root is one of 1 + cos t = 2cos²(t/2), and
the wave itself is c = ±cos t = ±(1 − 2w²) with w = sin(t/2). Where cos(t/2) > 0,

    R(c)·(2a·cos²(t/2))^(k/2) dt = 2·(2a)^(k/2)·R(±(1 − 2w²))·(1 − w²)^((k − 1)/2) dw,

a rational function of w (dw = ½cos(t/2) dt, and the power of cos(t/2) left is even).
Where cos(t/2) < 0 the root is −(2a)^(k/2)·cos^k(t/2), so the antiderivative is
sign(cos(t/2))·G(sin(t/2)) with G the rational function's, and a constant that changes at
each zero of cos(t/2) makes it continuous: with G shifted to be odd, it steps by 2G(1).

A root of a ± a·sec x (√(2 sec x + 2), (2 sec x + 2)^(5/2)/sec^(3/2)x) exists only where
cos x > 0 (or at isolated points), and there (a + a·sec x)^(k/2) = (a·cos x + a)^(k/2)/cos^(k/2)x;
when the fractional powers of cos x then cancel, the integrand has the form above.
"""

from __future__ import annotations

import sympy

from workbench.engine.integration.agreement import precise_value
from workbench.engine.integration.common import step_for, words
from workbench.engine.integration.pieces import whole_periods
from workbench.engine.integration.rewrite_base import Rewritten, Solver, fresh_symbol

_RECIPROCAL = {sympy.sec: sympy.cos, sympy.csc: sympy.sin}
# (the wave in the root, the sign of b/a) → the shift s with t = x − s, and c = sign·cos t
_SHIFTS = {(sympy.cos, 1): 0, (sympy.cos, -1): sympy.pi,
           (sympy.sin, 1): sympy.pi / 2, (sympy.sin, -1): -sympy.pi / 2}


def half_angle_quotient(f: sympy.Expr, x: sympy.Symbol, solve: Solver) -> Rewritten | None:
    """R(c)·(a ± a·c)^(k/2) with c = cos x or sin x (sec and csc as their reciprocals) and k
    odd: w = sin(t/2) after the half-angle identity makes it rational; see the module."""
    found = _in_one_wave(f, x)
    if found is None:
        return None
    wave, c, h = found
    root = _the_root(h, c)
    if root is None:
        return None
    (a, sign), k = root
    rest = sympy.cancel(sympy.powsimp(h / (a + sign * a * c) ** k, force=True))
    if rest.has(x) or not rest.is_rational_function(c):
        return None
    w = fresh_symbol(f, "w")
    shown = sympy.cancel(2 * (2 * a) ** k * rest.subs(c, sign * (1 - 2 * w**2))
                         * (1 - w**2) ** (k - sympy.S.Half))
    if not shown.is_rational_function(w):
        return None
    solved = solve(shown, w)
    if solved is None:
        return None
    t = x - _SHIFTS[(wave, sign)]
    half = sympy.expand(t / 2)
    antiderivative = solved[1]
    ends = [antiderivative.subs(w, end) for end in (1, -1)]
    if all(end.is_finite for end in ends):
        # G shifted to be odd, and a step of 2G(1) at each zero of cos(t/2)
        odd = antiderivative - (ends[0] + ends[1]) / 2
        steps = (ends[0] - ends[1]) * whole_periods(half + sympy.pi / 2)
    else:
        odd, steps = antiderivative, sympy.S.Zero
    result = sympy.sign(sympy.cos(half)) * odd.subs(w, sympy.sin(half)) + steps
    identity = ("1 + cos t = 2cos²(t/2)" if (wave, sign) == (sympy.cos, 1) else
                f"with t = {words(t)}, {words(1 + sign * wave(x))} = 1 + cos t = 2cos²(t/2)")
    title = (f"Half-angle identity, {identity}; then {w} = sin(t/2), with cos t = 1 − 2{w}² "
             f"and d{w} = ½cos(t/2) dt, leaves a rational function of {w}. The root is "
             "|cos(t/2)|, so the sign of cos(t/2) multiplies the answer, and a constant that "
             "changes at its zeros keeps it continuous")
    return step_for("half_angle", title, f, x, result, solved[0]), result


def _in_one_wave(f: sympy.Expr, x: sympy.Symbol):
    """(wave, c, h): f written as h(c) with c standing for cos x or sin x (sec, csc as
    1/c), roots of c and of a + a/c split where they force c > 0; None for another form."""
    waves = {type(e) for e in f.atoms(sympy.Function) if e.has(x)}
    families = {_RECIPROCAL.get(w, w) for w in waves}
    if len(families) != 1 or not families <= {sympy.cos, sympy.sin} or any(
            e.args[0] != x for e in f.atoms(sympy.Function) if e.has(x)):
        return None
    wave = families.pop()
    rooted = any(p.exp.is_Rational and not p.exp.is_Integer and p.base.has(x)
                 for p in f.atoms(sympy.Pow))
    if not rooted:
        return None
    forces_positive = any(w in _RECIPROCAL for w in waves) or any(
        p.exp.is_Rational and not p.exp.is_Integer and isinstance(p.base, (sympy.cos, sympy.sin))
        for p in f.atoms(sympy.Pow))
    c = sympy.Symbol("c", positive=True) if forces_positive else sympy.Dummy("c")
    h = f.xreplace({wave(x): c, {sympy.cos: sympy.sec, sympy.sin: sympy.csc}[wave](x): 1 / c})
    if h.has(x):
        return None
    if forces_positive:
        # a root of c (√sec x) or of a + a/c alone is real only where c > 0 (or at isolated
        # points), so there (a + a/c)^(k/2) = (a·c + a)^(k/2)/c^(k/2); but a product of
        # two such roots can be real where c < 0 too (both imaginary), and the split must
        # give the same values there
        h = sympy.powsimp(sympy.expand_power_base(h.replace(
            lambda e: e.is_Pow and e.base.is_Add and not e.exp.is_Integer,
            lambda e: sympy.together(e.base) ** e.exp), force=True), force=True)
        if not _same_where_negative(f, h, x, wave, c):
            return None
    return wave, c, h


def _same_where_negative(f: sympy.Expr, h: sympy.Expr, x: sympy.Symbol, wave: type,
                         c: sympy.Symbol) -> bool:
    """Whether h(c) equals f at a few points where ``wave`` is negative and f is real."""
    centre = sympy.pi if wave is sympy.cos else -sympy.pi / 2
    for offset in ("0.1", "0.37", "-0.61", "1.13"):
        at = centre + sympy.Float(offset, 20)
        want = precise_value(f, {x: at})
        if want is None or abs(want.imag) > 1e-12 or not abs(want) < 1e300:
            continue  # f is not real there: no real antiderivative has to match it
        got = precise_value(h, {c: wave(at)})
        if got is None or abs(got - want) > 1e-9 * max(1.0, abs(want)):
            return False
    return True


def _the_root(h: sympy.Expr, c: sympy.Symbol):
    """((a, sign), k) for the one root (a + sign·a·c)^k, k half an odd number, a > 0; and no
    other root of c (c^(1/2) left over is elliptic); else None."""
    roots = [p for p in h.atoms(sympy.Pow) if p.has(c) and p.exp.is_Rational
             and not p.exp.is_Integer]
    bases = {p.base for p in roots}
    if len(bases) != 1 or any(p.exp.q != 2 for p in roots):
        return None
    base = bases.pop()
    if not (base.is_polynomial(c) and sympy.degree(base, c) == 1):
        return None
    a, b = base.coeff(c, 0), base.coeff(c, 1)
    if not (a.is_positive and (b - a == 0 or b + a == 0)):
        return None
    k = min(p.exp for p in roots)
    return (a, 1 if b == a else -1), k
