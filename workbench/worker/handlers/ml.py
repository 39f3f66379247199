"""Handlers of the ML labs' newer jobs: learning rates, race verdicts, partial derivatives,
small networks and gradients by depth."""

from __future__ import annotations

from types import SimpleNamespace

import workbench.engine as engine
from workbench.engine.latex import latex
from workbench.protocol.jobs.calls import thawed_options
from workbench.protocol.jobs.ml import (DepthJob, DistributionJob, MomentsJob, NetworkJob,
                                       PartialsJob, RaceJob, RatesJob)
from workbench.protocol.ml_results import (DepthResult, DistributionResult, MomentsResult,
                                          NetworkResult, Partial, PartialsResult, RaceResult,
                                          RatesResult)
from workbench.worker.handlers.gradient import run_descent
from workbench.worker.registry import handles


@handles(RatesJob)
def run_rates(job: RatesJob) -> RatesResult:
    """``default_learning_rates`` at the start, as plain numbers and sentences."""
    found = engine.default_learning_rates(job.text, list(job.variables), list(job.start),
                                          methods=job.methods)
    return RatesResult(job, rates={k: float(v) for k, v in found.rates.items()},
                       reasons=dict(found.reasons))


@handles(RaceJob)
def run_race(job: RaceJob) -> RaceResult:
    """The race (as ``DescentJob``) and ``race_verdict`` on its runs."""
    race = run_descent(job)
    # the verdict ranks by "method"; the lab's racer name tells Nesterov from momentum
    runs = [SimpleNamespace(method=r.name, lr=r.lr, losses=r.losses, status=r.status)
            for r in race.runs]
    verdict = engine.race_verdict(runs) if runs else None
    return RaceResult(job, runs=race.runs, winner=verdict.winner if verdict else "",
                      order=tuple(verdict.order) if verdict else (),
                      verdict=verdict.sentence if verdict else "")


@handles(PartialsJob)
def run_partials(job: PartialsJob) -> PartialsResult:
    """``partial_derivatives``: one top-level step per variable, with its substeps."""
    found = engine.partial_derivatives(job.text, list(job.variables))
    by_var = {step.var: step for step in found.steps}
    partials = tuple(Partial(name, latex(found.partials[name]),
                             (by_var[name],) if name in by_var else ())
                     for name in found.vars)
    return PartialsResult(job, expr_latex=latex(found.expr), partials=partials)


@handles(NetworkJob)
def run_network(job: NetworkJob) -> NetworkResult:
    """``network``: the expression and the values the backprop lab takes."""
    built = engine.network(job.sizes, job.activation, job.loss, job.inputs, job.target)
    return NetworkResult(job, text=built.text, values={k: float(v) for k, v in
                                                       built.values.items()},
                         parameters=tuple(built.parameters))


@handles(DepthJob)
def run_depth(job: DepthJob) -> DepthResult:
    """``gradient_by_depth``: the gradient of each layer's weight, and why."""
    profile = engine.gradient_by_depth(job.depth, job.activation, job.weight)
    return DepthResult(job, gradients=tuple(float(g) for g in profile.gradients),
                       factors=tuple(float(f) for f in profile.factors),
                       sentence=profile.sentence)


@handles(MomentsJob)
def run_moments(job: MomentsJob) -> MomentsResult:
    """``moments``: mean, variance and standard deviation with their steps."""
    found = engine.moments(job.pdf, job.var, **_density_options(job.options))
    return MomentsResult(job, latex=found.latex, mean_value=float(found.mean_value),
                         variance_value=float(found.variance_value),
                         std_value=float(found.std_value), mean_exists=found.mean_exists,
                         steps=tuple(found.steps))


@handles(DistributionJob)
def run_distribution(job: DistributionJob) -> DistributionResult:
    """``distribution``: the CDF as a plain tree, and the quantiles asked for."""
    found = engine.distribution(job.pdf, job.var, quantiles=job.quantiles,
                                **_density_options(job.options))
    quantiles = tuple((float(p), "" if exact is None else latex(exact), float(value))
                      for p, exact, value in found.quantiles)
    return DistributionResult(job, latex=found.latex, cdf_tree=found.cdf_tree,
                              quantiles=quantiles, steps=tuple(found.steps))


def _density_options(options: tuple) -> dict:
    """``support`` and ``params`` (what ``moments`` and ``distribution`` take)."""
    given = thawed_options(options)
    return {key: given[key] for key in ("support", "params") if key in given}
