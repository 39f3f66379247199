"""The Gradient lab: f(x, y) as contours and a 3-D surface, derivatives at a point, and
optimizer races with a stability prediction. One module per view; ``lab`` wires them."""

from workbench.ui.labs.gradient.lab import GradientLab

__all__ = ["GradientLab"]
