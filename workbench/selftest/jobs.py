"""One job of every kind through a real worker process, each answer checked mathematically.

A kind this build does not have yet is skipped, not failed (except derivatives, which
every build must have).
"""

from __future__ import annotations

import importlib
import importlib.util
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from workbench.protocol.results import as_fields
from workbench.selftest.base import (SAMPLE_FUNCTION, CheckResult, Context, Skip,
                                     error_words, make_client, timed, wait_until)


def find_job_class(name: str) -> type | None:
    """The job class ``name`` as ``workbench.protocol.jobs`` exports it, or None."""
    try:
        return getattr(importlib.import_module("workbench.protocol.jobs"), name, None)
    except ImportError:
        return None


def engine_has(name: str) -> bool:
    """Whether this build's engine defines the public name ``name`` (without importing sympy)."""
    import workbench.engine as engine

    module = getattr(engine, "_EXPORTS", {}).get(name)
    return module is not None and importlib.util.find_spec(module) is not None


def _slope(tree: Any, xs: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Central-difference derivative of a plain tree at ``xs``."""
    from workbench.protocol.syntax import evaluate

    return (evaluate(tree, {"x": xs + h}) - evaluate(tree, {"x": xs - h})) / (2 * h)


def _agree(expected: np.ndarray, got: np.ndarray, what: str) -> str:
    """A detail line if two arrays agree to finite-difference accuracy, else AssertionError."""
    if not np.allclose(expected, got, rtol=1e-5, atol=1e-6):
        worst = float(np.nanmax(np.abs(expected - got)))
        raise AssertionError(f"{what} disagrees with a finite difference (max error {worst:.3g})")
    return f"{what} matches a finite difference at {len(got)} points"


XS = np.linspace(-3.0, 3.0, 13) + 0.1


def check_derive_payload(payload: dict[str, Any]) -> str:
    """The derive payload's f' tree is the derivative of its f tree, and it has steps."""
    from workbench.protocol.syntax import evaluate

    missing = {"latex", "expr_latex", "steps", "trees"} - set(payload)
    if missing:
        raise AssertionError(f"payload lacks {sorted(missing)}")
    if not payload["steps"]:
        raise AssertionError("no derivation steps")
    trees = payload["trees"]
    detail = _agree(_slope(trees["f"], XS), evaluate(trees["df"], {"x": XS}), "f'")
    return f"{detail}; {len(payload['steps'])} steps"


def check_integrate_payload(payload: dict[str, Any]) -> str:
    """The antiderivative tree differentiates back to the integrand."""
    from workbench.protocol.syntax import evaluate

    trees = payload["trees"]
    return _agree(evaluate(trees["f"], {"x": XS}), _slope(trees["F"], XS), "F'")


def value_is(expected: float, what: str) -> Callable[[dict[str, Any]], str]:
    """A payload check: its ``value`` is ``expected`` to 1e-5."""

    def verify(payload: dict[str, Any]) -> str:
        value = float(payload["value"])
        if abs(value - expected) > 1e-5:
            raise AssertionError(f"{what} = {value}, expected {expected}")
        return f"{what} = {value:.6g}"

    return verify


def check_optimize_payload(payload: dict[str, Any]) -> str:
    """Gradient descent on (x-1)^2 from x = 3 ends at the minimum x = 1."""
    last = float(payload["points"][-1][0])
    if abs(last - 1.0) > 1e-3:
        raise AssertionError(f"descent ended at x = {last}, not at the minimum 1")
    return f"descent ended at x = {last:.6f} after {len(payload['points']) - 1} steps"


def check_field_payload(payload: dict[str, Any]) -> str:
    """The gradient field of x^2 + 3y^2: its x-partial is 2x (checked at sample points)."""
    from workbench.protocol.syntax import evaluate

    trees = payload["trees"]
    env = {"x": XS, "y": XS[::-1]}
    return _agree(2 * XS, evaluate(trees["fx"], env), "the x-partial")


def check_descent_payload(payload: dict[str, Any]) -> str:
    """Each racer on x^2 + 3y^2 from (2, 1) ends near the minimum (0, 0)."""
    # as_fields is shallow: the runs are RunResult objects, read by attribute
    finals = [run.points[-1] for run in payload["runs"]]
    far = [run.name for run, end in zip(payload["runs"], finals)
           if float(np.hypot(*end)) > 1e-2]
    if far:
        raise AssertionError(f"{', '.join(far)} did not reach the minimum")
    return f"{len(finals)} optimizers reached the minimum"


def check_limits_payload(payload: dict[str, Any]) -> str:
    """On x^2 + 3y^2 the Hessian's largest eigenvalue is 6: gradient descent is stable below 2/6."""
    limit = float(payload["max_stable"])
    if abs(limit - 1 / 3) > 1e-9:
        raise AssertionError(f"stable learning rates up to {limit}, expected 1/3")
    return f"largest stable learning rate = {limit:.6g}"


def check_swap_payload(payload: dict[str, Any]) -> str:
    """The triangle 0 <= y <= x <= 1 swapped: y outside from 0 to 1, x inside from y to 1."""
    inner, outer = payload["inner"], payload["outer"]
    if inner[0] != "x" or outer[0] != "y" or str(inner[1]).replace(" ", "") != "y":
        raise AssertionError(f"swapped to inner {inner}, outer {outer}")
    return (f"swapped: {inner[0]} from {inner[1]} to {inner[2]}, "
            f"{outer[0]} from {outer[1]} to {outer[2]}")


def check_practice_payload(payload: dict[str, Any]) -> str:
    """The right derivative of x^3 is accepted."""
    if not payload["correct"]:
        raise AssertionError(f"3x^2 was not accepted as d/dx x^3: {payload['message']}")
    return "3x^2 accepted as the derivative of x^3"


def make_job(class_name: str, engine_name: str, *args: Any, **kwargs: Any) -> Any:
    """A job of the class ``class_name``; Skip when this build lacks it or its engine part."""
    cls = find_job_class(class_name)
    if cls is None or not engine_has(engine_name):
        if class_name == "DeriveJob":  # the one kind every build must have
            raise AssertionError("this build has no DeriveJob or no derivative")
        raise Skip(f"no {class_name}/{engine_name} in this build")
    return cls(*args, **kwargs)


def job_table() -> list[tuple[str, Callable[[], Any], Callable[[dict[str, Any]], str]]]:
    """One (label, job factory, payload check) per job kind the self-test knows."""
    call = "EngineCallJob"
    return [
        ("job derive", lambda: make_job("DeriveJob", "derivative", SAMPLE_FUNCTION),
         check_derive_payload),
        ("job integrate", lambda: make_job("IntegrateJob", "antiderivative", "x cos(x)"),
         check_integrate_payload),
        ("job definite", lambda: make_job("IntegrateJob", "definite_integral", "x^2", "x", 0, 3),
         value_is(9.0, "integral of x^2 on [0, 3]")),
        ("job riemann_sum", lambda: make_job(call, "riemann_sum", "riemann_sum",
                                             ("x^2", "x", 0, 1, 200), {"rule": "midpoint"}),
         value_is(1 / 3, "midpoint sum of x^2 on [0, 1]")),
        ("job summation", lambda: make_job(call, "summation", "summation", ("k^2", "k", 1, 10)),
         value_is(385.0, "sum of k^2 for k = 1..10")),
        ("job optimize", lambda: make_job(call, "optimize", "optimize",
                                          ("(x-1)^2", ("x",), (3.0,)), {"lr": 0.1, "steps": 200}),
         check_optimize_payload),
        *_lab_jobs(),
    ]


BOWL = "x^2 + 3y^2"


def _lab_jobs() -> list[tuple[str, Callable[[], Any], Callable[[dict[str, Any]], str]]]:
    """The jobs the labs send (their own kinds, with payloads shaped for drawing)."""
    triangle = (("y", 0, "x"), ("x", 0, 1))
    return [
        ("job integrals.area", lambda: make_job("AreaJob", "definite_integral", "1/x^2", 1, "oo"),
         value_is(1.0, "area under 1/x^2 on [1, oo)")),
        ("job integrals.double", lambda: make_job("DoubleJob", "double_integral", "x y", *triangle),
         value_is(1 / 8, "integral of xy over the triangle")),
        ("job integrals.swap", lambda: make_job("SwapJob", "double_integral", "x y", *triangle),
         check_swap_payload),
        ("job gradient.field", lambda: make_job("GradientFieldJob", "gradient", BOWL),
         check_field_payload),
        ("job gradient.descent", lambda: make_job(
            "DescentJob", "optimize", BOWL, ("x", "y"), (2.0, 1.0),
            (("gd", 0.1, ()), ("momentum", 0.05, ()), ("adam", 0.1, ())), 400),
         check_descent_payload),
        ("job gradient.limits", lambda: make_job("LimitsJob", "hessian", BOWL, ("x", "y"),
                                                 (2.0, 1.0)),
         check_limits_payload),
        ("job series", lambda: make_job("SeriesJob", "summation", "1/k^2", "k", 1, "oo"),
         value_is(float(np.pi ** 2 / 6), "sum of 1/k^2")),
        ("job practice.check", lambda: make_job("PracticeCheckJob", "derivative", "", 0, "3x^2",
                                                own_kind="derivative", expr="x^3"),
         check_practice_payload),
    ]


def _run_job(client: Any, job: Any, timeout: float, ctx: Context) -> dict[str, Any]:
    """Submit ``job`` and wait for its payload (a derivation is kept for ``check_typeset``)."""
    outcome: dict[int, tuple[str, Any]] = {}
    client.result_ready.connect(lambda job_id, kind, payload: outcome.setdefault(
        job_id, ("result", payload)))
    client.job_failed.connect(lambda job_id, kind, error: outcome.setdefault(
        job_id, ("failed", error)))
    job_id = client.submit(job)
    if not wait_until(lambda: job_id in outcome, timeout):
        raise AssertionError(f"no answer within {timeout:.0f} s")
    status, value = outcome[job_id]
    value = as_fields(value)  # the checks read a result's fields by name
    if status == "failed":
        raise AssertionError(f"the worker failed: {getattr(value, 'message', value)}")
    if getattr(job, "kind", "") == "derive":
        ctx.derive_payload = value
    return value


def run_worker_checks(ctx: Context) -> list[CheckResult]:
    """Start a worker, then run one job of every kind this build has through it."""
    started = time.monotonic()
    client = None
    results = []
    try:
        client = make_client()
        client.start()
        if not wait_until(client.is_ready, min(30.0, ctx.remaining())):
            raise AssertionError("the worker did not become ready")
        results.append(CheckResult("worker start", "PASS", "worker process ready",
                                   time.monotonic() - started))
        for label, factory, verify in job_table():
            results.append(timed(label, lambda f=factory, v=verify: v(
                _run_job(client, f(), min(20.0, ctx.remaining()), ctx))))
    except Exception as error:  # noqa: BLE001 - a self-test reports every failure as a line
        results.append(CheckResult("worker start", "FAIL", error_words(error),
                                   time.monotonic() - started))
    finally:
        if client is not None:
            client.shutdown()
    return results
