"""Integrate one corpus problem (ours or ``sympy.integrate``) and check the answer.

These are the tasks that :func:`tests.corpora.timed_pool.run_all` runs in worker
processes (forked from a server that has imported :data:`PRELOAD`, the application's own
warmed-up engine, so a worker that replaces a killed one starts at once). Each reports
the answer through ``checkpoint`` as soon as it has one (so the time limit bounds the
integration, not the check) and then checks it: the derivative of the answer must
equal the integrand at several real points where the integrand is real and finite (and every
inverse function and logarithm in it is real: its real domain).
Comparing derivatives ignores constants, so an answer that differs from Rubi's by a
constant (or by a different one on each branch) counts. Given a payload ``(text, limit)``,
a task limits itself to ``limit`` CPU seconds and reports CPU seconds, so that the
figures do not depend on how loaded the machine is (the pool's wall-clock limit is then
only the outer guard).
"""

from __future__ import annotations

import cmath
import contextlib
import time
from collections.abc import Callable

import sympy

from workbench.engine import antiderivative, parse
from workbench.engine.timebox import StageTimeout, time_limit

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
        if want is None or abs(want.imag) > 1e-12 * max(1.0, abs(want)) or \
                not _in_real_domain(integrand, x, at):
            continue
        got = _number(slope, x, at)
        if got is None:
            continue
        if abs(got - want) > 1e-7 * max(1.0, abs(want)):
            return False
        compared += 1
    return True if compared >= least else None


_BRANCHED = (sympy.asin, sympy.acos, sympy.asec, sympy.acsc, sympy.atanh, sympy.acoth,
             sympy.acosh, sympy.asech, sympy.log)


def _in_real_domain(integrand: sympy.Expr, x: sympy.Symbol, at: str) -> bool:
    """Whether every inverse function and logarithm in the integrand is real at the point:
    beyond their real domain a product of their complex values can be real by accident
    (x·e^(artanh 2x)/(5 − 20x²)^(5/2) at x = 1.93), and no real antiderivative answers it."""
    for e in integrand.atoms(*_BRANCHED):
        value = _number(e, x, at)
        if value is None or abs(value.imag) > 1e-12 * max(1.0, abs(value)):
            return False
    return True


Payload = str | tuple[str, float]
"""An integrand, or an integrand and a limit in CPU seconds for the call (the engine's own
currency: on a loaded machine a wall-clock limit would count other processes' time)."""


def _call(run: Callable[[], sympy.Expr | None],
          cpu_limit: float | None) -> tuple[sympy.Expr | None, float, bool]:
    """``run()`` under ``cpu_limit`` CPU seconds: its value, the CPU seconds it took and
    whether it ran out of them (an engine that stops itself at the limit counts so too)."""
    start = time.process_time()
    try:
        with time_limit(cpu_limit) if cpu_limit else contextlib.nullcontext():
            value = run()
    except StageTimeout:
        value = None
    seconds = time.process_time() - start
    return value, seconds, bool(cpu_limit) and value is None and seconds >= 0.9 * cpu_limit


def _unpack(payload: Payload) -> tuple[str, float | None]:
    return (payload, None) if isinstance(payload, str) else payload


def solve_ours(payload: Payload, checkpoint: Callable[[dict], None]) -> dict:
    """Our engine's ``antiderivative`` on the integrand; ``correct`` says whether it checks."""
    text, cpu_limit = _unpack(payload)
    found: list = []

    def run() -> sympy.Expr | None:
        found.append(antiderivative(text, "x"))
        return found[-1].result

    answer, seconds, late = _call(run, cpu_limit)
    stage = found[-1].stage if found else "none"
    status = "answered" if answer is not None else "timeout" if late else "gave_up"
    checkpoint({"status": status, "seconds": seconds, "stage": stage})
    correct = None
    if answer is not None:
        x = sympy.Symbol("x")
        correct = derivative_matches(parse(text, variables=("x",)), answer, x)
    return {"status": status, "seconds": seconds, "stage": stage, "correct": correct}


def solve_sympy(payload: Payload, checkpoint: Callable[[dict], None]) -> dict:
    """``sympy.integrate`` on the same integrand, as our parser reads it."""
    text, cpu_limit = _unpack(payload)
    x = sympy.Symbol("x")
    integrand = parse(text, variables=("x",))
    answer, seconds, late = _call(lambda: sympy.integrate(integrand, x), cpu_limit)
    answered = answer is not None and not answer.has(sympy.Integral)
    status = "answered" if answered else "timeout" if late else "gave_up"
    checkpoint({"status": status, "seconds": seconds})
    correct = derivative_matches(integrand, answer, x) if answered else None
    return {"status": status, "seconds": seconds, "correct": correct}
