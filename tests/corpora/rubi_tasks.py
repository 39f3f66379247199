"""Integrate one corpus problem (ours or ``sympy.integrate``) and check the answer.

These are the tasks that :func:`tests.corpora.timed_pool.run_all` runs in worker
processes (forked from a server that has imported :data:`PRELOAD`, the application's own
warmed-up engine, so a worker that replaces a killed one starts at once). Each reports
the answer through ``checkpoint`` as soon as it has one (so the time limit bounds the
integration, not the check) and then checks it: the derivative of the answer must
equal the integrand at several real points where the integrand is real and finite.
Comparing derivatives ignores constants, so an answer that differs from Rubi's by a
constant (or by a different one on each branch) counts.
"""

from __future__ import annotations

import cmath
import time
from collections.abc import Callable

import sympy

from workbench.engine import antiderivative, parse

PRELOAD = ("workbench.worker.preload", "tests.corpora.rubi_tasks")
POINTS = ("0.31", "0.77", "1.29", "1.93", "2.61", "-0.43", "-1.17", "0.053", "3.7", "-2.3")


def _number(expr: sympy.Expr, x: sympy.Symbol, at: str) -> complex | None:
    try:
        value = complex(expr.evalf(30, subs={x: sympy.Rational(at)}))
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):
        return None
    return value if cmath.isfinite(value) else None


def derivative_matches(integrand: sympy.Expr, answer: sympy.Expr, x: sympy.Symbol,
                       least: int = 3) -> bool | None:
    """Whether d answer/dx equals the integrand at the sample points where the integrand
    is real and both are finite: False at the first disagreement, None when fewer than
    ``least`` points could be compared (nothing to say), else True."""
    # a real x: d|u|/dx is then sign(u) u' (for a complex x sympy leaves Derivative(re(x))
    # in it, which has no value), and log|x - 2| answers can be checked
    real = sympy.Symbol(x.name, real=True)
    integrand, answer = integrand.subs(x, real), answer.subs(x, real)
    x = real
    slope = sympy.diff(answer, x)
    compared = 0
    for at in POINTS:
        want = _number(integrand, x, at)
        if want is None or abs(want.imag) > 1e-12 * max(1.0, abs(want)):
            continue
        got = _number(slope, x, at)
        if got is None:
            continue
        if abs(got - want) > 1e-7 * max(1.0, abs(want)):
            return False
        compared += 1
    return True if compared >= least else None


def solve_ours(text: str, checkpoint: Callable[[dict], None]) -> dict:
    """Our engine's ``antiderivative`` on ``text``; ``correct`` says whether it checks."""
    start = time.perf_counter()
    result = antiderivative(text, "x")
    seconds = time.perf_counter() - start
    answered = result.result is not None
    checkpoint({"status": "answered" if answered else "gave_up", "seconds": seconds,
                "stage": result.stage})
    correct = None
    if answered:
        x = sympy.Symbol("x")
        correct = derivative_matches(parse(text, variables=("x",)), result.result, x)
    return {"status": "answered" if answered else "gave_up", "seconds": seconds,
            "stage": result.stage, "correct": correct}


def solve_sympy(text: str, checkpoint: Callable[[dict], None]) -> dict:
    """``sympy.integrate`` on the same integrand, as our parser reads it."""
    x = sympy.Symbol("x")
    integrand = parse(text, variables=("x",))
    start = time.perf_counter()
    answer = sympy.integrate(integrand, x)
    seconds = time.perf_counter() - start
    answered = not answer.has(sympy.Integral)
    status = "answered" if answered else "gave_up"
    checkpoint({"status": status, "seconds": seconds})
    correct = derivative_matches(integrand, answer, x) if answered else None
    return {"status": status, "seconds": seconds, "correct": correct}
