"""A fair race between optimizers: a learning rate for each, and who won and why.

``default_learning_rates`` gives every method its own step size. Plain descent reads its
step off the Hessian at the start: on a quadratic the best single step is
η* = 2/(λ_min + λ_max); on anything else the curvature changes along the path, so it
takes 1/λ_max, half the stability limit 2/λ_max. Heavy-ball momentum (β = 0.9) is stable
up to 2(1 + β)/λ_max and takes half of that. The adaptive methods move each coordinate
by about η per step whatever the gradient's size, so their η is a distance per step: the
lab's pictures are a few units across and its runs 20-500 steps long, hence Adam 0.1,
RMSprop 0.05 and AdaGrad 0.5 (PyTorch's 0.001, 0.01 and 0.01 are tuned for network
weights of size 0.01-0.1, and would barely move here).

``race_verdict`` ranks finished runs (plain data in, one sentence out).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sympy

from workbench.engine.multivariable import (
    ExprLike,
    PointLike,
    VarsLike,
    learning_rate_limits,
)
from workbench.engine.results import ResultMixin
from workbench.protocol.steps import Step

#: The step size of each adaptive method in the lab (see the module's docstring).
ADAPTIVE = {"adagrad": 0.5, "rmsprop": 0.05, "adam": 0.1, "adamw": 0.1}
#: PyTorch's defaults, for the record: tuned for network weights, not for the lab.
USUAL = {"gd": None, "momentum": None, "adagrad": 0.01, "rmsprop": 0.01, "adam": 0.001,
         "adamw": 0.001}
NAMES = {"gd": "Plain gradient descent", "momentum": "Momentum", "nesterov": "Nesterov momentum",
         "adagrad": "AdaGrad", "rmsprop": "RMSprop", "adam": "Adam", "adamw": "AdamW"}
_WHY = {
    "gd": "on a bowl whose curvature hardly changes, one step size read off that curvature "
          "is the best any single step can do",
    "momentum": "its velocity builds up along the valley floor, where successive gradients "
                "agree, while the others' steps must stay small enough for the steep walls",
    "nesterov": "its velocity builds up along the valley floor, and its look-ahead gradient "
                "brakes before it overshoots",
    "adagrad": "dividing by the size of all past gradients evens out steep and flat directions",
    "rmsprop": "dividing by the recent size of each gradient coordinate gives flat and steep "
               "directions steps of the same size",
    "adam": "dividing by the recent size of each gradient coordinate gives flat and steep "
            "directions steps of about η each, and its momentum keeps them going",
    "adamw": "dividing by the recent size of each gradient coordinate gives flat and steep "
             "directions steps of about η each",
}
_BETA = 0.9  # the momentum the lab runs with (torch's usual value)


@dataclass(frozen=True)
class LearningRates(ResultMixin):
    """A learning rate for each method (``rates``) with the reason in one sentence
    (``reasons``), PyTorch's defaults (``usual``) and the start's Hessian eigenvalues."""

    vars: list[str]
    start: list[float]
    rates: dict[str, float]
    reasons: dict[str, str]
    usual: dict[str, float | None]
    lambda_min: float
    lambda_max: float
    latex: str
    steps: list[Step] = field(default_factory=list)


def default_learning_rates(expr: ExprLike, vars: VarsLike, start: PointLike,  # noqa: A002 - the name ENGINE_API uses
                           methods: Sequence[str] = ("gd", "momentum", "adagrad", "rmsprop",
                                                     "adam")) -> LearningRates:
    """Each method's own step size for a race from ``start`` (see the module docstring)."""
    try:
        limits = learning_rate_limits(expr, vars, start)
        lo, hi, names, at = limits.lambda_min, limits.lambda_max, limits.vars, limits.at
        quadratic = _is_quadratic(limits.expr, names)
        steps = list(limits.steps)
    except ValueError:  # the Hessian is undefined at the start: no curvature to read
        lo = hi = math.nan
        names, at, quadratic, steps = [], [], False, []
    rates, reasons = {}, {}
    for method in methods:
        rates[method], reasons[method] = _rate(method, lo, hi, quadratic)
    latex = r",\quad ".join(rf"\eta_{{\text{{{NAMES.get(m, m)}}}}} = {_short(rates[m])}"
                            for m in methods)
    steps.append(Step("learning_rates", "A step size for each optimizer", r"\eta", latex))
    return LearningRates(list(names), list(at), rates, reasons,
                         {m: USUAL.get(m) for m in methods}, lo, hi, latex, steps)


def _rate(method: str, lo: float, hi: float, quadratic: bool) -> tuple[float, str]:
    if method in ADAPTIVE:
        return ADAPTIVE[method], (
            f"{NAMES[method]} moves each coordinate by about η per step whatever the "
            f"gradient's size, so η = {ADAPTIVE[method]:g} crosses the picture in a few dozen "
            f"steps (PyTorch's {USUAL[method]:g} is meant for network weights).")
    if not hi > 0:
        return 0.1, ("No direction curves upwards at the start, so the curvature sets no "
                     "limit: η = 0.1.")
    if method in ("momentum", "nesterov"):
        rate = _floor2((1 + _BETA) / hi)
        return rate, (f"With momentum β = {_BETA:g} descent is stable up to "
                      f"2(1 + β)/λ_max = {_short(2 * (1 + _BETA) / hi)}; half of that is "
                      f"η = {_short(rate)}.")
    if quadratic and lo > 0:
        rate = _floor2(2 / (lo + hi))
        return rate, (f"f is quadratic, so η* = 2/(λ_min + λ_max) = {_short(rate)} shrinks "
                      "its flattest and steepest directions equally fast: the best single step.")
    rate = _floor2(1 / hi)
    return rate, (f"The stability limit at the start is 2/λ_max = {_short(2 / hi)}, but f is "
                  f"not quadratic and its curvature changes along the path, so η = 1/λ_max = "
                  f"{_short(rate)}, half the limit.")


def _is_quadratic(expr: sympy.Expr, names: Sequence[str]) -> bool:
    symbols = sorted(expr.free_symbols, key=str)  # the engine's own (real) symbols
    return bool(symbols) and expr.is_polynomial(*symbols) \
        and sympy.Poly(expr, *symbols).total_degree() <= 2


def _floor2(value: float) -> float:
    """``value`` cut down to two significant digits (down: a step just under a limit stays
    under it)."""
    if not (math.isfinite(value) and value > 0):
        return value
    exponent = math.floor(math.log10(value)) - 1
    digits = math.floor(value / 10.0 ** exponent + 1e-9)
    return float(f"{digits}e{exponent}")  # 95e-2 is 0.95 exactly as typed, not 0.9500…01


def _short(value: float) -> str:
    return f"{value:.2g}"


@dataclass(frozen=True)
class RaceVerdict:
    """Who won a race: ``winner`` (method name, "" if every run diverged), ``order`` best
    first (diverged runs last), ``finals`` (method -> final loss) and ``sentence``."""

    winner: str
    order: tuple[str, ...]
    finals: dict[str, float]
    sentence: str

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict of the verdict."""
        return {"winner": self.winner, "order": list(self.order), "finals": dict(self.finals),
                "sentence": self.sentence}


def race_verdict(runs: Sequence[Any]) -> RaceVerdict:
    """Rank finished runs, each with ``method``, ``lr``, ``losses`` and ``status`` (a
    :class:`~workbench.engine.optimizers.Trajectory` or anything shaped like one).

    The lowest final loss wins; runs that end within 1e-12 of each other are told apart
    by how soon each came within 1e-6 of its end. Diverged runs come last.
    """
    finals = {r.method: (float(r.losses[-1]) if len(r.losses) else math.nan) for r in runs}
    alive = [r for r in runs if r.status != "diverged" and math.isfinite(finals[r.method])]
    alive.sort(key=lambda r: (_band(finals[r.method]), _arrival(r)))
    order = tuple(r.method for r in alive) + tuple(r.method for r in runs if r not in alive)
    if not alive:
        return RaceVerdict("", order, finals, "Every run diverged: the step sizes are too "
                           "large for this function's curvature.")
    best = alive[0]
    sentence = (f"{NAMES.get(best.method, best.method)} won with f = {finals[best.method]:.3g} "
                f"after {len(best.losses) - 1} step{'' if len(best.losses) == 2 else 's'}")
    if len(alive) > 1:
        second = alive[1]
        sentence += (f" ({NAMES.get(second.method, second.method)} reached "
                     f"{finals[second.method]:.3g})")
    sentence += f": {_WHY.get(best.method, 'it made the most of its steps')}."
    fallen = [NAMES.get(r.method, r.method) for r in runs if r not in alive]
    if fallen:
        sentence += (f" {_join(fallen)} diverged: {'its' if len(fallen) == 1 else 'their'} "
                     "steps grew without bound.")
    return RaceVerdict(best.method, order, finals, sentence)


def _band(loss: float) -> float:
    """Final losses closer than 1e-12 count as a tie (both at the minimum)."""
    return round(loss / 1e-12) * 1e-12 if abs(loss) < 1e-6 else loss


def _arrival(run: Any) -> int:
    """The first step within 1e-6 of the run's final loss."""
    end = float(run.losses[-1])
    return next((k for k, v in enumerate(run.losses) if abs(float(v) - end) <= 1e-6),
                len(run.losses))


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
