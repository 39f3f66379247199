"""Typed results: what the worker sends back, each carrying the request it answers.

Every result is a frozen dataclass that pickles without sympy: LaTeX strings, floats,
plain trees (:class:`~workbench.protocol.syntax.Node`), :class:`~workbench.protocol.steps.Step`
objects and graph nodes. ``request`` is the job that asked for it, so a widget can
tell whether what it shows still answers the question on screen
(``result.request == lab.current_request(purpose)``); ``job_id`` is stamped by the
client that ran it (0 until then).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, replace
from typing import Any

from workbench.protocol.graph_nodes import GraphNode
from workbench.protocol.jobs.core import Job
from workbench.protocol.steps import Step
from workbench.protocol.syntax.tree import Node

Trees = dict[str, "Node | None"]


@dataclass(frozen=True)
class Result:
    """The base of every result: the job it answers and the id the client gave that job."""

    request: Job
    job_id: int = field(default=0, kw_only=True)

    def stamped(self, job_id: int) -> Result:
        """This result with ``job_id`` set (the client does this when the answer arrives)."""
        return replace(self, job_id=job_id)

    def answers(self, request: Job | None) -> bool:
        """Whether this result answers ``request`` (the question now on screen)."""
        return request is not None and self.request == request


@dataclass(frozen=True)
class EngineCallResult(Result):
    """The answer to a generic :class:`EngineCallJob`: the engine's result as plain data."""

    value: Any = None


@dataclass(frozen=True)
class DerivativeResult(Result):
    """f and f' with steps: ``trees`` holds ``f``, ``df`` and ``d2f`` (None where not drawable)."""

    expr_latex: str = ""
    latex: str = ""
    steps: tuple[Step, ...] = ()
    trees: Trees = field(default_factory=dict)
    variables: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """The function as typed (from the request)."""
        return str(getattr(self.request, "text", ""))

    @property
    def var(self) -> str:
        """The variable of differentiation (from the request)."""
        return str(getattr(self.request, "var", "x"))


@dataclass(frozen=True)
class IntegralResult(Result):
    """An antiderivative or a definite integral, with its steps and trees ``f``, ``F``.

    ``exact_latex`` is the exact value (definite) or the antiderivative without + C
    (indefinite), or "" when there is none; ``value``/``error`` are NaN when unknown.
    """

    latex: str = ""
    exact_latex: str = ""
    value: float = math.nan
    error: float = math.nan
    stage: str = "none"
    note: str = ""
    steps: tuple[Step, ...] = ()
    antiderivative_latex: str = ""
    verified: bool = False
    trees: Trees = field(default_factory=dict)


@dataclass(frozen=True)
class DoubleIntegralResult(Result):
    """A double integral: exact (LaTeX or ""), numeric value and error, note and steps."""

    latex: str = ""
    exact_latex: str = ""
    value: float = math.nan
    error: float = math.nan
    note: str = ""
    steps: tuple[Step, ...] = ()


@dataclass(frozen=True)
class SwapResult(Result):
    """The same region the other way round: ranges ``(var, low, high)`` as parser text."""

    inner: tuple[str, str, str] = ("", "", "")
    outer: tuple[str, str, str] = ("", "", "")
    latex: str = ""


@dataclass(frozen=True)
class GradientFieldResult(Result):
    """f and its first and second partials as plain trees, with LaTeX of f, ∇f and H."""

    trees: Trees = field(default_factory=dict)
    variables: tuple[str, ...] = ()
    latex: dict[str, str] = field(default_factory=dict)
    partial_steps: dict[str, tuple[Step, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class RunResult:
    """One racer of an optimizer race (see :class:`DescentResult`)."""

    name: str
    method: str
    lr: float
    hyper: dict[str, float]
    points: tuple[tuple[float, ...], ...]
    losses: tuple[float, ...]
    status: str
    stopped_at: int = 0
    message: str = ""
    latex: str = ""


@dataclass(frozen=True)
class DescentResult(Result):
    """Every racer's trajectory, in the order the request listed them."""

    runs: tuple[RunResult, ...] = ()


@dataclass(frozen=True)
class LimitsResult(Result):
    """The Hessian's eigenvalues at the start and the learning rates they allow."""

    eigenvalues: tuple[float, ...] = ()
    lambda_min: float = math.nan
    lambda_max: float = math.nan
    max_stable: float = math.nan
    optimal: float | None = None
    note: str = ""
    latex: str = ""


@dataclass(frozen=True)
class SeriesResult(Result):
    """A sum or product: exact value (LaTeX), float value, closed form and convergence."""

    latex: str = ""
    value: float = math.nan
    steps: tuple[Step, ...] = ()
    closed_tree: Node | None = None
    limit_symbol: str = "m"
    convergent: bool | None = None
    operation: str = "sum"


@dataclass(frozen=True)
class TangentResult(Result):
    """The tangent at a point: slope (float and its exact LaTeX), intercept and steps."""

    latex: str = ""
    slope: float = math.nan
    slope_latex: str = ""
    intercept: float = math.nan
    steps: tuple[Step, ...] = ()


@dataclass(frozen=True)
class MarkedPoint:
    """A critical or inflection point: where, what kind, and its LaTeX."""

    x: float
    kind: str
    latex: str = ""


@dataclass(frozen=True)
class PointsResult(Result):
    """Critical or inflection points of f (``request.which`` says which), and a note."""

    points: tuple[MarkedPoint, ...] = ()
    note: str = ""
    steps: tuple[Step, ...] = ()


@dataclass(frozen=True)
class ProbabilityResult(Result):
    """P(a ≤ X ≤ b) for a density; ``total`` is its whole area (text, e.g. "1/2", "oo").

    ``scale`` is 1/total for a density that does not integrate to 1 (its probabilities
    and expectations here are of the density scaled to area 1), else 1.
    """

    latex: str = ""
    value: float = math.nan
    normalized: bool = True
    total: str = "1"
    total_value: float = 1.0
    steps: tuple[Step, ...] = ()
    family: str = ""  # a recognised density ("normal", "Cauchy", ...) or ""
    normalized_value: float = math.nan  # P for the density divided by its total


@dataclass(frozen=True)
class ExpectationResult(Result):
    """E[g(X)] under a density: exact LaTeX and float value, with steps."""

    latex: str = ""
    exact_latex: str = ""
    value: float = math.nan
    steps: tuple[Step, ...] = ()
    exists: bool | None = True  # False when the integral diverges (the Cauchy mean)
    family: str = ""
    normalized_value: float = math.nan  # E[g(X)] for the density divided by its total


@dataclass(frozen=True)
class BackpropResult(Result):
    """A computational graph with every node's value and gradient, and the output value."""

    nodes: tuple[GraphNode, ...] = ()
    value: float = math.nan
    gradients: dict[str, float] = field(default_factory=dict)
    latex: str = ""
    steps: tuple[Step, ...] = ()


@dataclass(frozen=True)
class CheckResult(Result):
    """A practice answer's verdict."""

    correct: bool = False
    message: str = ""
    diagnosis: str = ""
    hint_steps: tuple[Any, ...] = ()
    position: int | None = None


def as_fields(result: Any) -> Any:
    """A result's fields as a shallow dict (an ``EngineCallResult``: its plain value).

    For readers that check results generically (the self-test, reports of what the
    worker sent); anything that is not a :class:`Result` is returned unchanged.
    """
    if isinstance(result, EngineCallResult):
        return result.value
    if not isinstance(result, Result):
        return result
    shown = {f.name: getattr(result, f.name) for f in fields(result)}
    for name in ("text", "var"):
        if hasattr(result.request, name):
            shown.setdefault(name, getattr(result.request, name))
    return shown


__all__ = [
    "BackpropResult", "CheckResult", "DerivativeResult", "DescentResult",
    "DoubleIntegralResult", "EngineCallResult", "ExpectationResult",
    "GradientFieldResult", "IntegralResult", "LimitsResult", "MarkedPoint", "PointsResult",
    "ProbabilityResult", "Result", "RunResult", "SeriesResult", "SwapResult",
    "TangentResult", "as_fields",
]
