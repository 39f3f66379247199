"""Issue 19: the numbers of infinite series depend on counts, never on the clock."""

from __future__ import annotations

import math

import sympy

from workbench.engine import series_numeric
from workbench.engine.series_numeric import infinite_value, runaway

k = sympy.Symbol("k", integer=True, positive=True)


def _no_clock(monkeypatch):
    """Make every bounded_call in series_numeric prove it sets no finite time limit."""
    real = series_numeric.bounded_call
    seen = []

    def check(func, *args, seconds=5.0, default=None):
        seen.append(seconds)
        assert math.isinf(seconds), f"a {seconds} s wall-clock limit"
        return real(func, *args, seconds=seconds, default=default)

    monkeypatch.setattr(series_numeric, "bounded_call", check)
    return seen


def test_runaway_directions_use_no_wall_clock(monkeypatch):
    seen = _no_clock(monkeypatch)
    assert runaway(1 / sympy.sqrt(k), k, sympy.Integer(1)) == math.inf
    assert runaway(-k ** 2, k, sympy.Integer(1)) == -math.inf
    assert math.isnan(runaway(sympy.sin(k), k, sympy.Integer(1)))
    assert seen  # the signs were really evaluated


def test_extrapolated_values_use_no_wall_clock(monkeypatch):
    _no_clock(monkeypatch)
    value = infinite_value(1 / k ** 2, k, sympy.Integer(1), "sum")
    assert abs(value - math.pi ** 2 / 6) < 1e-12


def test_a_term_too_large_to_evaluate_has_no_sign_instead_of_a_long_wait():
    million = sympy.Integer(10 ** 6)
    huge = sympy.Pow(million, sympy.Pow(million, million, evaluate=False), evaluate=False)
    assert series_numeric._sign_of(huge) is None
    assert series_numeric._sign_of(sympy.Integer(2) ** 1_000_001) == 1
