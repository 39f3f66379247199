"""The integral handler: an antiderivative or a definite integral, with steps and trees."""

from __future__ import annotations


import workbench.engine as engine
from workbench.engine.parsing import parse
from workbench.protocol.jobs.integrate import IntegrateJob
from workbench.protocol.results import IntegralResult
from workbench.worker.payloads import plain_float, tree_or_none
from workbench.worker.progress import reporter
from workbench.worker.registry import handles
from workbench.engine.latex import latex


@handles(IntegrateJob)
def run_integrate(job: IntegrateJob) -> IntegralResult:
    """Integrate the job's text: the result with its steps and trees f, F.

    Each stage of the engine's work is reported as it starts.
    """
    expr = parse(job.text)
    if job.definite:
        result = engine.definite_integral(expr, job.var, job.lower, job.upper,
                                          progress=reporter())
        antiderivative = getattr(result, "antiderivative", None)
        exact, value, error = result.exact, plain_float(result.value), plain_float(result.error)
    else:
        result = engine.antiderivative(expr, job.var, progress=reporter())
        antiderivative = result.result
        exact, value, error = antiderivative, float("nan"), float("nan")
    return IntegralResult(
        job, latex=result.latex, exact_latex="" if exact is None else latex(exact),
        value=value, error=error, stage=result.stage, note=getattr(result, "note", ""),
        steps=tuple(result.steps), verified=bool(getattr(result, "verified", False)),
        antiderivative_latex="" if antiderivative is None else latex(antiderivative),
        trees={"f": tree_or_none(expr), "F": tree_or_none(antiderivative)})
