"""Handlers of the Integrals lab's jobs (run in the worker process; sympy allowed here)."""

from __future__ import annotations

import math
import re
from typing import Any

import sympy

import workbench.engine as engine
from workbench.engine.integration import swap_order
from workbench.engine.integration.common import tex
from workbench.engine.parsing import parse
from workbench.protocol.syntax import ParseError, parse_tree
from workbench.protocol.jobs.core import JobError
from workbench.protocol.jobs.integrals import AreaJob, DoubleJob, SwapJob
from workbench.protocol.results import DoubleIntegralResult, IntegralResult, SwapResult
from workbench.worker.payloads import tree_or_none
from workbench.worker.progress import reporter
from workbench.worker.registry import handles


def _float(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def _latex_or_empty(expr: Any) -> str:
    return "" if expr is None else tex(expr)


@handles(AreaJob)
def run_area(job: AreaJob) -> IntegralResult:
    """The definite integral with its derivation, stage and note (see :class:`AreaJob`).

    Each stage of the engine's work is reported as it starts (the lab shows it).
    """
    expr = parse(job.text, variables=(job.var,))
    result = engine.definite_integral(expr, job.var, job.lower, job.upper, progress=reporter())
    return IntegralResult(
        job, latex=result.latex, exact_latex=_latex_or_empty(result.exact),
        value=_float(result.value), error=_float(result.error), stage=result.stage,
        note=result.note, steps=tuple(result.steps),
        antiderivative_latex=_latex_or_empty(result.antiderivative),
        trees={"f": tree_or_none(expr), "F": tree_or_none(result.antiderivative)})


@handles(DoubleJob)
def run_double(job: DoubleJob) -> DoubleIntegralResult:
    """The double integral: exact (or None), numeric value, error, note and steps."""
    result = engine.double_integral(job.text, job.inner, job.outer)
    return DoubleIntegralResult(
        job, latex=result.latex, exact_latex=_latex_or_empty(result.exact),
        value=_float(result.value), error=_float(result.error), note=result.note,
        steps=tuple(result.steps))


def plain_text(expr: sympy.Expr) -> str:
    """``expr`` as text the workbench parser reads back (``^`` powers, ``e`` for Euler's e)."""
    text = sympy.sstr(expr).replace("**", "^")
    text = re.sub(r"\bE\b", "e", text)
    try:
        parse_tree(text)
    except ParseError as problem:
        raise JobError("error", f"The swapped bound {text} can't be written as a formula.",
                       detail=problem.message) from None
    return text


@handles(SwapJob)
def run_swap(job: SwapJob) -> SwapResult:
    """The same region described the other way round; a refusal is a plain-words error."""
    try:
        (iv, ilo, ihi), (ov, olo, ohi) = swap_order(job.text, job.inner, job.outer)
    except ValueError as problem:  # SwapError: the region would need cutting into pieces
        raise JobError("error", f"Can't swap the order: {problem}.") from None
    latex = (rf"\int_{{{tex(olo)}}}^{{{tex(ohi)}}} \int_{{{tex(ilo)}}}^{{{tex(ihi)}}} "
             rf"{tex(parse(job.text, variables=(iv, ov)))} \, d{iv} \, d{ov}")
    return SwapResult(job, inner=(iv, plain_text(ilo), plain_text(ihi)),
                      outer=(ov, plain_text(olo), plain_text(ohi)), latex=latex)
