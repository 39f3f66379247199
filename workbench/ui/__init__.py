"""The widgets of the workbench. Never imports sympy or scipy.

Importing the package first guards against a PySide6 6.12 reference-counting fault
on CPython 3.11 (see :mod:`workbench.ui.qt_runtime`), before any widget exists.
"""

from workbench.ui.qt_runtime import pin_singletons

pin_singletons()
