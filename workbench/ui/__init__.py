"""The widgets of the workbench. Never imports sympy or scipy.

Importing the package first guards against a PySide6 6.12 reference-counting fault
on CPython 3.11 (see :mod:`workbench.refcount_guard`), before any widget exists.
"""

from workbench.refcount_guard import keep_singletons_alive

keep_singletons_alive()
