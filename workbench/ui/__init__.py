"""The widgets of the workbench. Never imports sympy or scipy."""
