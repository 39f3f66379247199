"""Pay the engine's one-off costs up front, so a fresh worker answers its first job fast."""

from __future__ import annotations

import importlib
import time

import sympy


def warm_up() -> dict[str, float]:
    """Import every engine module, parse and differentiate once, and lambdify once.

    Returns how long each part took (seconds). An engine module that fails to import
    is skipped here (its jobs will report the error) rather than keeping the worker
    from starting. The first ``lambdify`` imports sympy's printers (~0.5 s).
    """
    import workbench.engine as engine

    timings: dict[str, float] = {}
    start = time.perf_counter()
    for module in sorted(set(engine._EXPORTS.values())):  # noqa: SLF001 - the engine's own table
        try:
            importlib.import_module(module)
        except Exception:  # noqa: BLE001 - see the docstring
            pass
    timings["imports"] = time.perf_counter() - start
    start = time.perf_counter()
    expr = engine.parse("x^2 sin(x) + sigmoid(x)")
    engine.derivative(expr, "x", 1)
    sympy.lambdify(sympy.Symbol("x"), expr, "math")
    timings["warm"] = time.perf_counter() - start
    return timings
