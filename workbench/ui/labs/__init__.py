"""One panel module per lab (derivatives, integrals, gradient, ...)."""
