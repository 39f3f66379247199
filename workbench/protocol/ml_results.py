"""Results of the ML labs' newer jobs (see :mod:`workbench.protocol.jobs.ml`)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from workbench.protocol.results import DescentResult, Result
from workbench.protocol.steps import Step
from workbench.protocol.syntax import Node


@dataclass(frozen=True)
class RatesResult(Result):
    """Each optimizer's own learning rate (``rates``) and the reason in one sentence."""

    rates: dict[str, float] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RaceResult(DescentResult):
    """A race's runs, its ``winner`` (optimizer name, "" when every run diverged), the
    ranking ``order`` (best first) and the ``verdict`` sentence: who won and why."""

    winner: str = ""
    order: tuple[str, ...] = ()
    verdict: str = ""


@dataclass(frozen=True)
class Partial:
    """∂f/∂``var`` as LaTeX, with its derivation steps."""

    var: str
    latex: str
    steps: tuple[Step, ...] = ()


@dataclass(frozen=True)
class PartialsResult(Result):
    """One :class:`Partial` per variable, in the request's order; ``expr_latex`` is f."""

    expr_latex: str = ""
    partials: tuple[Partial, ...] = ()


@dataclass(frozen=True)
class NetworkResult(Result):
    """A small network's loss as ``text`` (for the expression field) and the ``values``
    of its inputs, target and weights; ``parameters`` names the weights and biases."""

    text: str = ""
    values: dict[str, float] = field(default_factory=dict)
    parameters: tuple[str, ...] = ()


@dataclass(frozen=True)
class DepthResult(Result):
    """|∂f/∂w_k| by layer k = 1…depth (``gradients``), each layer's factor |w·act′(z)|
    and the ``sentence`` saying why they shrink or grow."""

    gradients: tuple[float, ...] = ()
    factors: tuple[float, ...] = ()
    sentence: str = ""


@dataclass(frozen=True)
class MomentsResult(Result):
    """E[X], Var X and σ as ``latex`` and floats (NaN when they do not exist), with steps."""

    latex: str = ""
    mean_value: float = math.nan
    variance_value: float = math.nan
    std_value: float = math.nan
    mean_exists: bool | None = True
    steps: tuple[Step, ...] = ()


@dataclass(frozen=True)
class DistributionResult(Result):
    """F(x) as ``latex`` and as a plain tree to plot (None without a closed form), and the
    quantiles as (p, exact LaTeX or "", value), in the order asked."""

    latex: str = ""
    cdf_tree: Node | None = None
    quantiles: tuple[tuple[float, str, float], ...] = ()
    steps: tuple[Step, ...] = ()
