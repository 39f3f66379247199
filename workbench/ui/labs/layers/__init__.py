"""The Layers lab: the chain rule through a dense layer, with matrices and their shapes."""

from workbench.ui.labs.layers.lab import LayersLab

__all__ = ["LayersLab"]
