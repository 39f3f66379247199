"""Tidying an antiderivative: ln|u| where u can be negative, and a shorter form if quick.

Each change is shown as a ``simplify`` step, and the caller keeps a tidied form only
when it passes the same check as the original.
"""

from __future__ import annotations

import math

import sympy

from workbench.engine.integration.common import SYMPY_FAILURES, TRIG_AND_HYPERBOLIC, tex
from workbench.protocol.steps import Step
from workbench.engine.timebox import StageTimeout, time_limit


def tidy(result: sympy.Expr, x: sympy.Symbol,
         seconds: float = 0.5) -> tuple[sympy.Expr, list[Step]]:
    """A simpler form of ``result`` if ``simplify`` finds one quickly, with the step saying so
    (logarithms combined, and ``simplify`` itself where no trigonometric or hyperbolic
    function is in ``result``)."""
    if sympy.count_ops(result) <= 6:
        return result, []  # already short; simplify would only cost time
    if _branch_paired(result, x):
        # expand_log and simplify split ln(5u²) into ln 5 + 2·ln u, wrong for u < 0 where
        # the dilogarithm's answer relies on the principal branch of the logarithm it has
        return result, []
    candidates: list[sympy.Expr] = []
    try:
        with time_limit(seconds):
            # expanding logs turns ln(2 + 2e^-x) - ln(2e^-x) into x + ln(1 + e^-x)
            factored = result.replace(sympy.log, lambda a: sympy.log(sympy.factor_terms(a)))
            candidates = [sympy.expand_log(factored, force=True)]
            if not result.has(*TRIG_AND_HYPERBOLIC):
                # with trigonometric functions simplify ran out of time nearly always, and
                # found nothing shorter when it did not (measured on the corpus's answers)
                candidates.append(sympy.simplify(result))
    except (StageTimeout, *SYMPY_FAILURES):
        pass
    # a form with new constants (sin(x + π/4)·√2 for sin x + cos x) is not simpler to read
    candidates = [c for c in candidates if not c.has(sympy.Integral)
                  and sympy.count_ops(c) < sympy.count_ops(result)
                  and _numbers_of(c) <= _numbers_of(result) and not _flipped_exp(c, result)
                  and c.count(sympy.Abs) <= result.count(sympy.Abs)  # sign x, not x/|x|
                  and longest_number(c) <= max(longest_number(result), 30)]
    if not candidates:
        return result, []
    simpler = min(candidates, key=sympy.count_ops)
    step = Step(rule="simplify", title="Tidy up the result", before=tex(result),
                after=tex(simpler), var=str(x))
    return simpler, [step]


def real_logs(result: sympy.Expr, f: sympy.Expr,
              x: sympy.Symbol) -> tuple[sympy.Expr, list[Step]]:
    """ln u → ln|u| where u may be negative for real x, with the step saying why.

    ln|u| has the same derivative u′/u, and is real where u < 0 too (ln(x + √(x² − 1))
    would be complex for x < −1, where arcsec and 1/√(x² − 1) still live). A ln u that
    the integrand ``f`` has too stays as it is: there u > 0 is the integrand's domain.
    """
    if result.has(sympy.I) or _branch_paired(result, x):
        return result, []
    given = f.atoms(sympy.log)
    logs = [e for e in result.atoms(sympy.log) if e.args[0].has(x) and e not in given
            and not isinstance(e.args[0], sympy.Abs) and e.args[0].is_positive is not True]
    if not logs:
        return result, []
    shown = result.xreplace({e: sympy.log(sympy.Abs(e.args[0])) for e in logs})
    step = Step(rule="simplify", title="Write ln|u| for ln u where u can be negative: the "
                "derivative is the same u′/u, and the answer stays real there too",
                before=tex(result), after=tex(shown), var=str(x))
    return shown, [step]


def _branch_paired(result: sympy.Expr, x: sympy.Symbol) -> bool:
    """Whether a dilogarithm's answer multiplies two logarithms of x (ln u·ln w + Li₂):
    their derivatives cancel against Li₂′ on the same branch where u < 0, which ln|u|
    would break."""
    return result.has(sympy.polylog) and any(
        len([f for f in sympy.Mul.make_args(term) if isinstance(f, sympy.log) and f.has(x)]) > 1
        for term in sympy.Add.make_args(sympy.expand(result)))


def _flipped_exp(simpler: sympy.Expr, result: sympy.Expr) -> bool:
    """Whether ``simpler`` has both e^a and e^(-a) where ``result`` did not (e^(x²)·e^(-x²))."""
    def pairs(expr: sympy.Expr) -> set[sympy.Expr]:
        args = {e.args[0] for e in expr.atoms(sympy.exp)}
        return {a for a in args if -a in args}
    return bool(pairs(simpler) - pairs(result))


def longest_number(expr: sympy.Expr) -> int:
    """The most digits of a whole number in expr (simplify can gather ln(5(4x + 7)³)² into
    the logarithm of a number of thousands of digits, which no one reads or prints)."""
    sizes = [max(abs(r.p), r.q).bit_length() for r in expr.atoms(sympy.Rational)]
    return math.ceil(max(sizes, default=0) * math.log10(2))


def _numbers_of(expr: sympy.Expr) -> set[sympy.Expr]:
    return {a for a in expr.atoms(sympy.Pow, sympy.NumberSymbol) if a.is_number}
