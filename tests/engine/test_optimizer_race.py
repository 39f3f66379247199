"""A fair optimizer race: each method's own step size, the lesson's claims, the verdict,
and partial derivatives that begin by holding the other variables constant."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pytest
import sympy

from workbench.engine.differentiation import partial_derivatives
from workbench.engine.multivariable import learning_rate_limits
from workbench.engine.optimizer_race import default_learning_rates, race_verdict
from workbench.engine.optimizers import optimize
from workbench.lessons import load_lessons

ROSENBROCK = "(1-x)^2 + 100(y - x^2)^2"


def _race_action():
    for lesson in load_lessons():
        for page in lesson.pages:
            for action in page.actions:
                if action.label.startswith("Race three optimizers"):
                    return action
    raise AssertionError("the race lesson is missing")


def test_plain_descent_takes_half_the_stability_limit_off_a_curved_function():
    rates = default_learning_rates(ROSENBROCK, ["x", "y"], [-1.5, 2])
    # the start's Hessian [[1902, 600], [600, 200]]: λ_max = (2102 + √4336804)/2
    lam = (2102 + math.sqrt(1702 ** 2 + 4 * 600 ** 2)) / 2
    assert rates.lambda_max == pytest.approx(lam)
    assert 0.9 / lam < rates.rates["gd"] <= 1 / lam < 2 / lam
    assert 0.9 * 1.9 / lam < rates.rates["momentum"] <= 1.9 / lam < 3.8 / lam
    assert rates.rates["adam"] == 0.1 and rates.usual["adam"] == 0.001
    assert "not quadratic" in rates.reasons["gd"]


def test_plain_descent_takes_the_optimal_step_on_a_quadratic():
    rates = default_learning_rates("x^2 + 10y^2", ["x", "y"], [4, 1])
    assert rates.rates["gd"] == 0.09  # 2/(2 + 20) = 0.0909..., cut to two digits
    assert "quadratic" in rates.reasons["gd"]
    run = optimize("x^2 + 10y^2", ["x", "y"], [4, 1], method="gd", lr=0.09, steps=60)
    # each direction shrinks by |1 - ηλ| per step: 0.82 along x, 0.8 along y
    assert run.points[-1][0] == pytest.approx(4 * 0.82 ** 60, rel=1e-9)


def test_the_race_lesson_uses_the_engine_defaults_and_its_claims_hold():
    action = _race_action()
    params = action.params
    rates = default_learning_rates(params["function"], ["x", "y"], params["start"],
                                   methods=params["optimizers"])
    assert params["rates"] == rates.rates
    limits = learning_rate_limits(params["function"], ["x", "y"], params["start"])
    assert params["lr"] < limits.max_stable  # the shared fallback is no longer flagged
    runs = {m: optimize(params["function"], ["x", "y"], params["start"], method=m,
                        lr=params["rates"][m], steps=params["steps"])
            for m in params["optimizers"]}
    assert runs["gd"].losses[-1] > 4  # "still high on the valley wall (f ≈ 5)"
    for method in ("momentum", "adam"):  # "both reach the floor near (1, 1), f below 0.01"
        assert runs[method].losses[-1] < 0.01
        assert np.allclose(runs[method].points[-1], [1, 1], atol=0.2)
    verdict = race_verdict(list(runs.values()))
    assert verdict.winner in ("momentum", "adam") and verdict.order[-1] == "gd"


@dataclass(frozen=True)
class _Run:
    method: str
    lr: float
    losses: tuple[float, ...]
    status: str


def test_verdict_ranks_by_final_loss_then_by_arrival_and_puts_diverged_last():
    runs = [_Run("gd", 0.1, (5.0, 1.0, 0.0, 0.0, 0.0), "converged"),
            _Run("adam", 0.1, (5.0, 2.0, 1.0, 0.5, 0.0), "converged"),
            _Run("momentum", 0.9, (5.0, 50.0, 1e9), "diverged"),
            _Run("rmsprop", 0.05, (5.0, 4.0, 3.0, 2.0, 1.5), "max_steps")]
    verdict = race_verdict(runs)
    assert verdict.order == ("gd", "adam", "rmsprop", "momentum")
    assert verdict.winner == "gd" and verdict.finals["rmsprop"] == 1.5
    assert verdict.sentence.startswith("Plain gradient descent won with f = 0 after 4 steps")
    assert "Momentum diverged" in verdict.sentence
    assert race_verdict([runs[2]]).winner == ""


def test_each_partial_derivative_starts_by_holding_the_others_constant():
    x, y = sympy.symbols("x y")
    result = partial_derivatives("x^2 y + 3x y^2 + sin(y)", ["x", "y"])
    for step, other in zip(result.steps, ("y", "x")):
        first, *rest = step.substeps
        assert first.rule == "hold_constant"
        assert first.title.startswith(f"Treat {other} as a constant")
        assert rest and rest[0].rule == "sum"  # then the rules, by name
    assert r"\sin{\left(y \right)} \text{ : constant, derivative } 0" in \
        result.steps[0].substeps[0].before
    f = x ** 2 * y + 3 * x * y ** 2 + sympy.sin(y)
    for name, symbol in (("x", x), ("y", y)):
        assert sympy.simplify(result.partials[name] - sympy.diff(f, symbol)) == 0
