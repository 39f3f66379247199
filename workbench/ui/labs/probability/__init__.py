"""The Probability lab: areas under a density, expectations and a Monte Carlo view."""

from workbench.ui.labs.probability.lab import ProbabilityLab

__all__ = ["ProbabilityLab"]
