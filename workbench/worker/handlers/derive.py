"""The derivative handler: f, f' with steps, and the trees the window draws (f, f', f'')."""

from __future__ import annotations

import sympy

import workbench.engine as engine
from workbench.engine.latex import latex
from workbench.engine.parsing import parse
from workbench.engine.symbols import over_reals, real_symbol
from workbench.protocol.jobs.derive import DeriveJob
from workbench.protocol.results import DerivativeResult
from workbench.worker.payloads import tree_or_none
from workbench.worker.registry import handles


@handles(DeriveJob)
def run_derive(job: DeriveJob) -> DerivativeResult:
    """Differentiate the job's text; return LaTeX, steps and plain trees (see DeriveJob)."""
    expr = parse(job.text, variables=job.variables or None)
    derivation = engine.derivative(expr, job.var, job.order)
    df = derivation.result
    # f'' is only drawn (no steps), over the reals so that |x|'' etc. stay real.
    var = real_symbol(job.var)
    d2f = over_reals(lambda e: sympy.diff(e, var), df)
    return DerivativeResult(
        job, expr_latex=latex(expr), latex=latex(df), steps=tuple(derivation.steps),
        trees={"f": tree_or_none(expr), "df": tree_or_none(df), "d2f": tree_or_none(d2f)},
        variables=tuple(sorted(str(s) for s in expr.free_symbols)))
