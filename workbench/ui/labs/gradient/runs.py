"""The optimizers the lab races: names, colours, hyper-parameters, and finished runs.

Qt-free. ``RunPath`` is one racer's trajectory as numpy arrays, built from the
descent job's payload; the views only slice it, which keeps animation frames cheap.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from workbench.protocol.results import RunResult
from workbench.protocol.jobs.gradient import OPTIMIZERS

#: A colour per optimizer (distinct on the pale contour bands and for colour-blind eyes).
COLOURS: dict[str, str] = {
    "gd": "#1565c0", "momentum": "#e65100", "nesterov": "#6a1b9a",
    "adagrad": "#2e7d32", "rmsprop": "#c2185b", "adam": "#00838f",
}

LABELS: dict[str, str] = {
    "gd": "Gradient descent", "momentum": "Momentum", "nesterov": "Nesterov",
    "adagrad": "Adagrad", "rmsprop": "RMSprop", "adam": "Adam",
}

#: Editable hyper-parameters and their defaults (PyTorch's), per optimizer.
HYPER: dict[str, dict[str, float]] = {
    "gd": {}, "momentum": {"momentum": 0.9}, "nesterov": {"momentum": 0.9},
    "adagrad": {"eps": 1e-10}, "rmsprop": {"alpha": 0.99, "eps": 1e-8},
    "adam": {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
}

#: Each optimizer's update, typeset in the lab one line per formula
#: (g_t = ∇f(θ_t), η the learning rate).
EQUATIONS: dict[str, tuple[str, ...]] = {
    "gd": (r"\theta_{t+1} = \theta_t - \eta\, g_t",),
    "momentum": (r"b_t = \mu\, b_{t-1} + g_t",
                 r"\theta_{t+1} = \theta_t - \eta\, b_t"),
    "nesterov": (r"b_t = \mu\, b_{t-1} + g_t",
                 r"\theta_{t+1} = \theta_t - \eta\,(g_t + \mu\, b_t)"),
    "adagrad": (r"G_t = G_{t-1} + g_t^2",
                r"\theta_{t+1} = \theta_t - \frac{\eta\, g_t}{\sqrt{G_t} + \epsilon}"),
    "rmsprop": (r"v_t = \alpha\, v_{t-1} + (1-\alpha)\, g_t^2",
                r"\theta_{t+1} = \theta_t - \frac{\eta\, g_t}{\sqrt{v_t} + \epsilon}"),
    "adam": (r"m_t = \beta_1 m_{t-1} + (1-\beta_1)\, g_t,\quad "
             r"v_t = \beta_2 v_{t-1} + (1-\beta_2)\, g_t^2",
             r"\theta_{t+1} = \theta_t - \eta\,\frac{m_t/(1-\beta_1^t)}"
             r"{\sqrt{v_t/(1-\beta_2^t)} + \epsilon}"),
}

assert set(COLOURS) == set(OPTIMIZERS)  # a table out of step is a bug


def hyper_for(name: str, hyper: Mapping[str, float]) -> dict[str, float]:
    """The hyper-parameters of optimizer ``name`` from the lab's "name.param" table."""
    return {k: float(hyper.get(f"{name}.{k}", v)) for k, v in HYPER[name].items()}


@dataclass
class RunPath:
    """One racer's finished run: points (n, d), losses (n,), status and message."""

    name: str
    points: np.ndarray
    losses: np.ndarray
    status: str
    message: str
    stopped_at: int

    @property
    def colour(self) -> str:
        """The optimizer's colour."""
        return COLOURS[self.name]

    @property
    def length(self) -> int:
        """Number of points (the start included)."""
        return len(self.points)

    def upto(self, frame: int) -> int:
        """How many points are shown at animation frame ``frame`` (frame 0: the start)."""
        return max(1, min(frame + 1, self.length))

    @classmethod
    def from_result(cls, run: RunResult) -> RunPath:
        """From one racer of a descent result; non-finite values become NaN."""
        points = np.array(run.points, dtype=float, ndmin=2)
        losses = np.array(run.losses, dtype=float, ndmin=1)
        losses[~np.isfinite(losses)] = np.nan
        return cls(run.name, points, losses, run.status, run.message, int(run.stopped_at))

    def growing(self) -> bool:
        """True when the loss rose over each of the last few steps (and overall): a run
        heading off even though it has not yet passed the engine's ±1e12 limit."""
        tail = self.losses[-4:]
        return (self.status == "max_steps" and len(tail) >= 4 and bool(np.all(np.diff(tail) > 0))
                and bool(self.losses[-1] > self.losses[0]))

    def summary(self) -> str:
        """One line: where the run ended and why."""
        last = ", ".join(f"{v:.4g}" for v in self.points[-1])
        loss = self.losses[-1]
        tail = f"f = {loss:.4g}" if np.isfinite(loss) else "f undefined"
        words = {"converged": "converged", "max_steps": "ran all its steps",
                 "diverged": "DIVERGED", "error": "could not run"}[self.status]
        if self.growing():
            words = "is moving AWAY (its loss grew at every recent step)"
        line = f"{LABELS[self.name]} {words}: {self.length - 1} steps, now at ({last}), {tail}."
        # the engine's sentence adds something only when the run stopped early
        return line if self.status == "max_steps" else f"{line} {self.message}"
