"""Handlers: the functions that run jobs inside the worker process.

One module per lab; each registers its functions with ``@handles(SomeJob)``. The
worker imports every module of this package at start-up (see
:func:`workbench.worker.registry.load_handlers`). Handlers return plain data - dicts
of text, floats, lists, plain trees and ``Step`` objects - never sympy objects, so
the window can unpickle a result without importing sympy.
"""

from workbench.worker.registry import handles

__all__ = ["handles"]
