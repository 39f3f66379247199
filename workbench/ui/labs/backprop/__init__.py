"""The Backprop lab: a small network as a computational graph, animated forwards and back."""

from workbench.ui.labs.backprop.lab import BackpropLab

__all__ = ["BackpropLab"]
