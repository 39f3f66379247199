"""The Sums lab: partial sums and products growing towards their value, with the steps."""

from workbench.ui.labs.series.lab import SeriesLab

__all__ = ["SeriesLab"]
