"""Comparing two expressions at random real points: the numerical half of every check.

Each side is compiled once (sympy's ``lambdify`` onto mpmath, at 30 digits) instead of
being evaluated by ``evalf`` at each point, which walks the whole tree again every time:
32 points of a derivative with 250 operations took 0.9 s that way, and take 0.05 s
compiled. A point where the compiled sides disagree is evaluated again by ``evalf``, whose
error control fixed-precision arithmetic lacks (cancellation can eat digits), before it
counts against an answer. A function mpmath has no name for (``exp_polar``) sends that
side to ``evalf`` for good.

Only expressions our parser built, or sympy made from them, reach ``lambdify`` here.
"""

from __future__ import annotations

import random

import mpmath
import sympy

_DIGITS = 30
_DIFFERENCE_DIGITS = 50
_EVALUATION_ERRORS = (TypeError, ValueError, ZeroDivisionError, OverflowError)
_UNKNOWN_NAME = (NameError, AttributeError)

# functions real only on part of the real line: beyond it a product of such values can be
# real by accident (e^(artanh x)/(1 − x²)^(5/2) at x = 1.5), and no real answer has to match
_BRANCHED = (sympy.asin, sympy.acos, sympy.asec, sympy.acsc, sympy.atanh, sympy.acoth,
             sympy.acosh, sympy.asech, sympy.log)


def precise_value(expr: sympy.Expr, point: dict) -> complex | None:
    """``expr`` at ``point`` by ``evalf`` (20 correct digits); None where it is undefined."""
    try:
        return complex(expr.evalf(20, subs=point))
    except _EVALUATION_ERRORS:
        return None


class _Evaluator:
    """``expr`` as a function of a point (a dict of symbols to Floats), compiled once."""

    def __init__(self, expr: sympy.Expr, symbols: list[sympy.Symbol]) -> None:
        self.expr, self.symbols = expr, symbols
        try:
            self.compiled = sympy.lambdify(symbols, expr, modules="mpmath")
        except (SyntaxError, *_UNKNOWN_NAME, *_EVALUATION_ERRORS):
            self.compiled = None

    def __call__(self, point: dict) -> complex | None:
        if self.compiled is None:
            return precise_value(self.expr, point)
        try:
            with mpmath.workdps(_DIGITS):
                return complex(self.compiled(*(mpmath.mpf(float(point[s]))
                                               for s in self.symbols)))
        except _UNKNOWN_NAME:
            self.compiled = None
            return precise_value(self.expr, point)
        except _EVALUATION_ERRORS:
            return None


def _points(symbols: list[sympy.Symbol], var: sympy.Symbol, samples: int, seed: int):
    """Random real points (dicts of symbols to Floats), at most 4·samples of them."""
    rng = random.Random(seed)
    for attempt in range(samples * 4):
        point = {s: sympy.Float(rng.uniform(-2.5, 2.5)) for s in symbols}
        if attempt % 2:
            # farther out too: an answer pieced together on (−π, π] can be wrong beyond it
            # (spread evenly by the golden ratio, so a few points cover both sides)
            spread = 2 * ((attempt * 0.6180339887 + rng.uniform(0, 0.05)) % 1.0) - 1
            point[var] = sympy.Float(9.0 * spread)
        yield point


def derivative_agreement(result: sympy.Expr, f: sympy.Expr, var: sympy.Symbol,
                         samples: int = 8, seed: int = 7) -> bool | None:
    """True when d(result)/d var equals ``f`` at random real points, the derivative taken
    as a central difference of ``result`` compiled at 50 digits (step 10⁻¹⁵: the error is
    far below the tolerance); None otherwise, for the symbolic derivative to decide.

    This skips differentiating ``result`` symbolically, which took most of a check's time
    (with |u| and real symbols every step asks sympy's assumptions). It never refutes an
    answer: a point within 10⁻¹⁵ of a kink or a branch cut would mislead it, and the
    symbolic derivative, with ``evalf``'s error control, has the last word.
    """
    symbols = sorted((result.free_symbols | f.free_symbols | {var}), key=str)
    antiderivative, integrand = _Evaluator(result, symbols), _Evaluator(f, symbols)
    branched = [_Evaluator(e, symbols) for e in f.atoms(*_BRANCHED)]
    if antiderivative.compiled is None:
        return None
    index = symbols.index(var)

    def pairs():
        for point in _points(symbols, var, samples, seed):
            b = integrand(point)
            if not _usable(b, branched, point):
                yield None
                continue
            a = _central_difference(antiderivative, point, symbols, index)
            # where a is not real the answer is not real-differentiable (a root of a negative)
            yield (a, b) if _finite_real(a) else None

    return _verdict(pairs(), samples) or None


def _central_difference(antiderivative: _Evaluator, point: dict, symbols: list[sympy.Symbol],
                        index: int) -> complex | None:
    try:
        with mpmath.workdps(_DIFFERENCE_DIGITS):
            values = [mpmath.mpf(float(point[s])) for s in symbols]
            step = mpmath.mpf(10) ** -15 * max(1, abs(values[index]))
            ahead, behind = list(values), list(values)
            ahead[index] += step
            behind[index] -= step
            compiled = antiderivative.compiled
            return complex((compiled(*ahead) - compiled(*behind)) / (2 * step))
    except (*_UNKNOWN_NAME, *_EVALUATION_ERRORS):
        return None


def numeric_agreement(lhs: sympy.Expr, rhs: sympy.Expr, var: sympy.Symbol,
                      samples: int = 8, seed: int = 7) -> bool | None:
    """Whether ``lhs`` and ``rhs`` agree at random real points (other symbols random too).

    Points where either side is not a finite real number, or where an inverse function
    or logarithm of ``rhs`` is not real, are skipped. None when fewer than three points
    were usable (the comparison decided nothing).
    """
    symbols = sorted((lhs.free_symbols | rhs.free_symbols | {var}), key=str)
    left, right = _Evaluator(lhs, symbols), _Evaluator(rhs, symbols)
    branched = [_Evaluator(e, symbols) for e in rhs.atoms(*_BRANCHED)]

    def pairs():
        for point in _points(symbols, var, samples, seed):
            a, b = left(point), right(point)
            if not (_finite_real(a) and _usable(b, branched, point)):
                yield None
                continue
            if not _close(a, b):
                a, b = precise_value(lhs, point), precise_value(rhs, point)
            yield (a, b) if _finite_real(a) and _finite_real(b) else None

    return _verdict(pairs(), samples)


def _usable(value: complex | None, branched: list[_Evaluator], point: dict) -> bool:
    """Whether an integrand's value at ``point`` can be compared: a finite real number, with
    every inverse function and logarithm in it real there."""
    return _finite_real(value) and all(_finite_real(g(point)) for g in branched)


def _verdict(pairs, samples: int) -> bool | None:
    """False at the first pair that differs, True once ``samples`` pairs agree (or at least
    three when the points run out), else None; a None in ``pairs`` is a point skipped."""
    checked = 0
    for pair in pairs:
        if pair is None:
            continue
        if not _close(*pair):
            return False
        checked += 1
        if checked >= samples:
            break
    return True if checked >= 3 else None


def _close(a: complex, b: complex) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def _finite_real(z: complex | None) -> bool:
    return z is not None and abs(z.imag) < 1e-9 * max(1.0, abs(z.real)) \
        and abs(z.real) < 1e300
