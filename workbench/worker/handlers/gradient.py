"""The gradient lab's handlers: derivative trees of f, and optimizer races."""

from __future__ import annotations

import sympy

import workbench.engine as engine
from workbench.engine.latex import latex
from workbench.engine.multivariable import partial, prepare
from workbench.protocol.jobs.gradient import DescentJob, GradientFieldJob, LimitsJob
from workbench.protocol.results import (
    DescentResult, GradientFieldResult, LimitsResult, RunResult)
from workbench.protocol.syntax.tree import Node
from workbench.worker.payloads import tree_or_none
from workbench.worker.registry import handles

_SUFFIX = {0: "x", 1: "y"}


@handles(GradientFieldJob)
def run_gradient_field(job: GradientFieldJob) -> GradientFieldResult:
    """f, its first and second partial derivatives as plain trees, and their LaTeX."""
    f, symbols = prepare(job.text, job.variables)
    extra = sorted(s.name for s in f.free_symbols - set(symbols))
    if extra:
        raise ValueError(f"Give {', '.join(extra)} a value: this lab draws functions of "
                         f"{' and '.join(job.variables)} only")
    firsts = [partial(f, s) for s in symbols]
    trees: dict[str, Node | None] = {"f": tree_or_none(f)}
    for i, first in enumerate(firsts):
        trees[f"f{_SUFFIX[i]}"] = tree_or_none(first)
        for j in range(i, len(symbols)):
            trees[f"f{_SUFFIX[i]}{_SUFFIX[j]}"] = tree_or_none(partial(first, symbols[j]))
    matrix = sympy.Matrix([[partial(d, s) for s in symbols] for d in firsts])
    return GradientFieldResult(
        job, trees=trees, variables=tuple(job.variables),
        latex={"f": latex(f),
               "gradient": _pmatrix(sympy.Matrix(firsts)) if len(firsts) > 1
               else latex(firsts[0]),
               "hessian": _pmatrix(matrix) if len(firsts) > 1 else latex(matrix[0, 0])})


def _pmatrix(matrix: sympy.Matrix) -> str:
    # pmatrix because ziamath typesets it (and the window shows it typeset)
    return latex(matrix, mat_str="pmatrix", mat_delim="")


@handles(DescentJob)
def run_descent(job: DescentJob) -> DescentResult:
    """Each racer's trajectory as plain lists; a racer whose settings are refused says why."""
    expr, _ = prepare(job.text, job.variables)
    return DescentResult(job, runs=tuple(_run(expr, job, name, lr, dict(hyper))
                                          for name, lr, hyper in job.runs))


def _run(expr: sympy.Expr, job: DescentJob, name: str, lr: float,
         hyper: dict[str, float]) -> RunResult:
    method = "momentum" if name == "nesterov" else name
    if name == "nesterov":
        hyper = {**hyper, "nesterov": True}
    base = {"name": name, "method": method, "lr": float(lr), "hyper": hyper}
    try:
        result = engine.optimize(expr, list(job.variables), list(job.start), method=method,
                                 lr=lr, steps=job.steps, **hyper)
    except ValueError as problem:  # refused settings cost this racer only
        return RunResult(**base, points=(tuple(job.start),), losses=(float("nan"),),
                         status="error", message=str(problem))
    return RunResult(**base, points=tuple(tuple(float(c) for c in p) for p in result.points),
                     losses=tuple(float(v) for v in result.losses), status=result.status,
                     stopped_at=result.stopped_at, message=result.message, latex=result.latex)


@handles(LimitsJob)
def run_limits(job: LimitsJob) -> LimitsResult:
    """2/λ_max and 2/(λ_min + λ_max) at the start, as plain numbers and words."""
    limits = engine.learning_rate_limits(job.text, list(job.variables), list(job.at))
    return LimitsResult(job, eigenvalues=tuple(float(v) for v in limits.eigenvalues),
                        lambda_min=float(limits.lambda_min), lambda_max=float(limits.lambda_max),
                        max_stable=float(limits.max_stable),
                        optimal=None if limits.optimal is None else float(limits.optimal),
                        note=limits.note, latex=limits.latex)
