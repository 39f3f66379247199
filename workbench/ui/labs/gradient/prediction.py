"""What the Hessian at the start predicts for plain gradient descent, in words.

On the local quadratic model, gradient descent multiplies the error along each
eigen-direction of the Hessian by (1 - η·λ) per step: it settles for η < 2/λ_max
and is fastest overall at η* = 2/(λ_min + λ_max). After the race, the sentence
says whether the prediction came true.
"""

from __future__ import annotations

import math
from typing import Any

from workbench.protocol.results import LimitsResult
from workbench.ui.labs.gradient.runs import RunPath


def _number(value: Any) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if not math.isnan(number) else None


def prediction_text(limits: LimitsResult | None, problem: str, lr: float,
                    runs: list[RunPath], gd_racing: bool) -> tuple[str, float | None,
                                                                   float | None]:
    """(sentence, 2/λ_max or None, 2/(λ_min + λ_max) or None) for learning rate ``lr``."""
    if limits is None:
        return f"Stability prediction: {problem or 'not available.'}", None, None
    max_stable = _number(limits.max_stable)
    optimal = _number(limits.optimal)
    lam = [f"{v:.4g}" for v in limits.eigenvalues]
    head = f"Hessian at the start: λ = {', '.join(lam)}. "
    if max_stable is None or math.isinf(max_stable):
        return head + limits.note, None, optimal
    limit = f"2/λ_max = {max_stable:.4g} (red mark)"
    best = f"; fastest η* = 2/(λ_min + λ_max) = {optimal:.4g} (green mark)" if optimal else ""
    if lr > max_stable:
        text = (f"{head}η = {lr:g} is above {limit}{best}: plain gradient descent is "
                "predicted to overshoot further each step and DIVERGE from here.")
    else:
        text = (f"{head}η = {lr:g} is below {limit}{best}: plain gradient descent is "
                "predicted to settle (on the local quadratic model).")
    gd = next((r for r in runs if r.name == "gd"), None)
    if gd is not None and gd_racing:
        text += " " + _outcome(gd)
        if lr > max_stable and gd.status in ("max_steps", "converged") and not gd.growing():
            text += (" The quadratic model only holds near the start: the path soon left the "
                     "steepest region, where the curvature (and so the limit) is different.")
    return text, max_stable, optimal


def _outcome(run: RunPath) -> str:
    if run.status == "diverged":
        return f"The race: gradient descent diverged at step {run.stopped_at}."
    if run.status == "converged":
        return f"The race: gradient descent converged in {run.stopped_at} steps."
    if run.growing():
        return (f"The race: gradient descent is diverging - its loss grew from "
                f"{run.losses[0]:.4g} to {run.losses[-1]:.4g} in {run.stopped_at} steps.")
    if run.status == "max_steps":
        return f"The race: gradient descent ran all {run.stopped_at} steps without diverging."
    return ""
