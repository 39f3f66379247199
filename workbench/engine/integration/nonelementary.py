"""Reasons why an integrand has no elementary antiderivative, found before any search.

Without one, every stage of the chain searches until its time runs out (several seconds)
on an integral that no stage can do in elementary functions; with one, the chain gives
the incomplete beta function where it applies (:mod:`hypergeometric`), else skips the
searches for short tries at a special-function answer, and says why there is no
elementary answer. Each reason is a sentence for the note, starting with "; " like the
other notes the chain appends.

* **Binomial differentials** x^m·(a + b·xⁿ)^p: Chebyshev's theorem
  (:func:`~workbench.engine.integration.algebraic.chebyshev_note`).
* **Powers of sine and cosine** (and of sinh and cosh). t = sin²x turns sin^a x·cos^b x
  into the binomial differential ½·t^((a−1)/2)·(1 − t)^((b−1)/2) (1 + t for sinh and
  cosh), and composing with the elementary sin²x and its inverse keeps an antiderivative
  elementary or not, so Chebyshev's theorem decides: elementary exactly when (b − 1)/2,
  (a + 1)/2 or (a + b)/2 is whole. A sum of powers of one function whose exponents differ
  by even numbers is, by the reduction formula n·Iₙ = (elementary) + (n − 1)·Iₙ₋₂, an
  elementary function plus c·I_r for the smallest exponent r; when r is not whole and
  c ≠ 0 that is not elementary either.
* **The Risch algorithm** (sympy's ``risch_integrate``) for integrands built from rational
  functions with exp, log, the trigonometric and hyperbolic functions and the inverse
  tangents (all written with exp and log), also after θ = g(ax + b) for an integrand's
  one inverse function g. It decides these integrals, but sympy's implementation has
  heuristic parts, so the sentence names it as the source. (On the converted Rubi
  corpus, no reason was given for a problem whose Rubi answer is elementary; see the
  README.)

The Risch algorithm can take long: it runs under ``seconds`` of CPU time, and when that is
not enough the chain simply searches as before (the answer does not change, only how soon
the chain gives up).
"""

from __future__ import annotations

import sympy
from sympy.integrals.risch import NonElementaryIntegral, risch_integrate

from workbench.engine.integration.algebraic import INCOMPLETE_BETA, chebyshev_note
from workbench.engine.integration.common import (
    INVERSE_TRIG_AND_HYPERBOLIC, SYMPY_FAILURES, WITH_SIN_COS, small_to_expand)
from workbench.engine.integration.substitutions import inverse_substituted
from workbench.engine.integration.trig_rewrites import sin_cos_powers, with_sin_cos
from workbench.engine.timebox import StageTimeout, cpu_seconds, time_limit

# function: (its cofunction, the sign in its reduction formula
# n·Iₙ = (elementary) + sign·(n − 1)·Iₙ₋₂ for Iₙ = ∫fⁿ)
_POWER_FAMILIES = {
    sympy.sin: (sympy.cos, 1), sympy.cos: (sympy.sin, 1),
    sympy.sinh: (sympy.cosh, -1), sympy.cosh: (sympy.sinh, 1),
}
# cofunc² in t = func²
_COFUNCTION_SQUARED = {sympy.sin: "1 − t", sympy.cos: "1 − t", sympy.sinh: "1 + t",
                       sympy.cosh: "t − 1"}
# what the Risch algorithm works with once written with exp and log
_RISCH_FUNCTIONS = (sympy.exp, sympy.log, *WITH_SIN_COS, sympy.sin, sympy.cos, sympy.sinh,
                    sympy.cosh, sympy.atan, sympy.acot, sympy.atanh, sympy.acoth)


def no_elementary_reason(f: sympy.Expr, x: sympy.Symbol, seconds: float = 0.5) -> str:
    """A sentence (starting "; ") saying why ∫f dx has no elementary antiderivative, or ""
    when none of the reasons above was found (in ``seconds`` of CPU time for Risch)."""
    return form_reason(f, x) or risch_reason(f, x, seconds)


def form_reason(f: sympy.Expr, x: sympy.Symbol) -> str:
    """The reasons read from the form alone (Chebyshev's theorem, powers of sin and cos):
    a few sympy operations, so the chain asks before anything else."""
    if f.free_symbols != {x}:
        return ""  # parameters: the reasons hold for numbers, not for every value
    return chebyshev_note(f, x) or _power_reason(f, x)


def _power_reason(f: sympy.Expr, x: sympy.Symbol) -> str:
    """The reason for a power product sin^a·cos^b, or a sum of powers of one function."""
    found = _power_terms(f, x, products=True)
    if found is None:
        return ""
    func, terms = found
    if len(terms) == 1 and isinstance(terms[0][0], tuple):
        return _single_power_reason(*terms[0][0], x)
    return _sum_of_powers_reason(func, terms, x)


def _power_terms(f: sympy.Expr, x: sympy.Symbol, products: bool = False):
    """(func, [(c, a)]) when f = Σ c·func(x)^a for one of sin, cos, sinh, cosh; with
    ``products``, also (func, [((c, family, a, b),)]) for a single c·func^a·cofunc^b."""
    if not f.has(*_POWER_FAMILIES, *WITH_SIN_COS) or not small_to_expand(f):
        return None
    terms = [power_product(t, x) for t in sympy.Add.make_args(sympy.expand(with_sin_cos(f)))]
    if not terms or any(t is None for t in terms):
        return None
    families = {family for _c, family, _a, _b in terms}
    if len(families) != 1:
        return None
    (func, _cofunc), = families
    if len(terms) == 1 and products:
        return func, [(terms[0],)]
    if any(b != 0 for _c, _f, _a, b in terms):
        return None  # a sum with both functions: the reduction classes are not enough
    return func, [(c, a) for c, _f, a, _b in terms]


def power_product(term: sympy.Expr, x: sympy.Symbol):
    """(c, (func, cofunc), a, b) when term = c·func(x)^a·cofunc(x)^b with rational a, b
    and func, cofunc one of the pairs sin/cos, sinh/cosh (func is sin or sinh unless only
    the other one is there); else None."""
    found = sin_cos_powers(term, x)
    if found is None or found[2] != x:
        return None
    coeff, first, _arg, a, b = found
    second = sympy.cos if first is sympy.sin else sympy.cosh
    if a == 0 and b != 0:  # only the cofunction: its powers are the ones that vary
        return coeff, (second, first), b, a
    return coeff, (first, second), a, b


def _single_power_reason(_c, family, a, b, x) -> str:
    """Chebyshev's theorem on t = func²: elementary iff (b − 1)/2, (a + 1)/2 or (a + b)/2
    is whole."""
    if a.is_Integer and b.is_Integer:
        return ""
    if any(v.is_Integer for v in ((b - 1) / 2, (a + 1) / 2, (a + b) / 2)):
        return ""
    func, cofunc = family
    u, half = _plain(x), sympy.S.Half
    m, p = (a - 1) * half, (b - 1) * half
    scale = "−½" if func is sympy.cos else "½"  # dt = ±2·func·cofunc du
    return (f"; with t = {func.__name__}²{u}, {_plain(func(x) ** a * cofunc(x) ** b)} d{u} = "
            f"{scale}·t^({m})·({_COFUNCTION_SQUARED[func]})^({p}) dt, a binomial differential "
            f"t^m(1 ± t)^p: none of p = {p}, m + 1 = {m + 1} and m + p + 1 = {m + p + 1} is "
            "whole, so by Chebyshev's theorem there is no elementary antiderivative "
            f"({INCOMPLETE_BETA})")


def _sum_of_powers_reason(func, terms: list[tuple[sympy.Expr, sympy.Rational]],
                          x: sympy.Symbol) -> str:
    """Σ c·func^a: the reduction formula takes every term whose exponent is not whole to
    a multiple of I_r = ∫func^r for the one class r (mod 2) of those exponents; a nonzero
    multiple of a non-elementary I_r leaves the sum non-elementary."""
    classes = _class_totals(func, terms)
    if len(classes) != 1:
        return ""  # no power that is not whole, or two classes: not enough for a proof
    (r, total), = classes
    if not sympy.expand(total).is_nonzero:
        return ""  # the class cancels (or it cannot be told): no reason
    power = _plain(func(x) ** r)
    return (f"; the reduction formula n·Iₙ = (elementary) ± (n − 1)·Iₙ₋₂ for Iₙ = "
            f"∫{func.__name__}ⁿ{_plain(x)} leaves {_plain(total)}·∫{power} d{_plain(x)} from the "
            f"terms whose powers are not whole; by "
            f"Chebyshev's theorem (t = {func.__name__}²{_plain(x)}) ∫{power} d{_plain(x)} is "
            f"not elementary, so there is no elementary antiderivative ({INCOMPLETE_BETA})")


def _class_totals(func, terms: list[tuple[sympy.Expr, sympy.Rational]]):
    """[(r, c)]: Σ c·func^a is (elementary) + Σ c_r·I_r, one r for each class (mod 2) of
    the powers that are not whole, r the lowest power of its class."""
    sign = _POWER_FAMILIES[func][1]
    classes: dict[sympy.Rational, list] = {}
    for c, a in terms:
        if not a.is_Integer:
            classes.setdefault(a % 2, []).append((c, a))
    found = []
    for members in classes.values():
        r, total = min(a for _c, a in members), sympy.S.Zero
        for c, a in members:
            factor, n = sympy.S.One, a
            while n > r:  # Iₙ = (elementary) + sign·(n − 1)/n·Iₙ₋₂
                factor *= sign * (n - 1) / n
                n -= 2
            total += c * factor
        found.append((r, total))
    return found


def hides_an_elementary_function(f: sympy.Expr, x: sympy.Symbol) -> bool:
    """Whether f is a sum of powers of one of sin, cos, sinh, cosh whose non-elementary
    parts all cancel (cos^(4/3) − cos^(−2/3)/4 = (3/4)·(cos^(1/3)·sin)′): a sum of ₂F₁
    would then be an elementary function in disguise."""
    found = _power_terms(f, x)
    if found is None:
        return False
    func, terms = found
    return all(sympy.expand(total) == 0 for _r, total in _class_totals(func, terms))


def _plain(expr: sympy.Expr) -> str:
    """expr as the notes write formulas: plain text, ^ for powers."""
    return str(expr).replace("**", "^")


def risch_reason(f: sympy.Expr, x: sympy.Symbol, seconds: float) -> str:
    """sympy's Risch algorithm on f written with exp and log, when f is transcendental, or
    becomes so with θ = g(ax + b) for its one inverse function g (x/((20x² + 5)^(5/2)·
    arctan²2x) is sin θ·cos²θ/θ² times a number: a substitution by elementary functions
    both ways, so it keeps an antiderivative elementary or not).

    It may take tenths of a second on an integrand that is elementary, so the chain asks
    only after the methods chosen from the form have failed."""
    if f.free_symbols != {x}:
        return ""
    if _by_parts_at_once(f, x):
        return ""
    if _transcendental(f, x):
        return _risch_verdict(f, x, seconds, "")
    if not f.has(*INVERSE_TRIG_AND_HYPERBOLIC):
        return ""
    began = cpu_seconds()
    try:
        with time_limit(seconds):
            found = inverse_substituted(f, x)
            if found is None:
                return ""
            theta, shown, func, inner = found[:4]
            # |cos θ| = cos θ on an interval where cos θ > 0: enough for elementary or not
            shown = sympy.powdenest(shown.replace(sympy.Abs, lambda a: a), force=True)
    except (StageTimeout, *SYMPY_FAILURES):
        return ""
    if not _transcendental(shown, theta):
        return ""
    return _risch_verdict(shown, theta, seconds - (cpu_seconds() - began),
                          f" after the substitution θ = {func.__name__}({_plain(inner)})")


def _by_parts_at_once(f: sympy.Expr, x: sympy.Symbol) -> bool:
    """Whether f = A + P·g with P a polynomial, A rational and g = ln, arctan, artanh (or
    arccot, arcoth) of a rational function: by parts, v = ∫P is a polynomial and v·g′ is
    rational, so the antiderivative is elementary and the Risch algorithm need not run."""
    logs = [e for e in f.atoms(sympy.log, sympy.atan, sympy.acot, sympy.atanh, sympy.acoth)
            if e.has(x)]
    if len(logs) != 1 or not logs[0].args[0].is_rational_function(x):
        return False
    g = logs[0]
    expanded = sympy.expand(f)
    if not expanded.is_polynomial(g) or sympy.degree(expanded, g) != 1:
        return False
    times_g = expanded.coeff(g, 1)
    return times_g.is_polynomial(x) and sympy.expand(expanded - times_g * g).is_rational_function(x)




def _transcendental(f: sympy.Expr, x: sympy.Symbol) -> bool:
    """Whether f is a function the Risch algorithm takes: exp, log, trigonometric and
    hyperbolic functions and inverse tangents of rational functions, with no root of x."""
    if any(p.base.has(x) and not p.exp.is_Integer for p in f.atoms(sympy.Pow)):
        return False  # a root of x: the algebraic case, which sympy's Risch does not do
    if any(p.exp.has(x) and p.base != sympy.E for p in f.atoms(sympy.Pow)):
        return False  # 6^x: log 6 is a coefficient sympy's Risch does not work with
    if not all(isinstance(a, _RISCH_FUNCTIONS) for a in f.atoms(sympy.Function)):
        return False
    if any(e.args[0].has(sympy.log, sympy.atan, sympy.acot, sympy.atanh, sympy.acoth)
           for e in f.atoms(sympy.exp)):
        return False  # e^(artanh x / 3) = ((1 + x)/(1 − x))^(1/6): algebraic after all
    return f.has(*_RISCH_FUNCTIONS)  # else a rational function: always elementary


def _risch_verdict(f: sympy.Expr, x: sympy.Symbol, seconds: float, how: str) -> str:
    try:
        with time_limit(max(seconds, 0.0)):
            written = f.rewrite(sympy.exp).rewrite(sympy.log)
            result = risch_integrate(written, x)
    except (StageTimeout, *SYMPY_FAILURES):
        return ""
    if not result.has(NonElementaryIntegral):
        return ""
    return (f"; the Risch algorithm (sympy's implementation){how}, which decides integrals of "
            "exponentials, logarithms and functions written with them, finds no elementary "
            "antiderivative")
