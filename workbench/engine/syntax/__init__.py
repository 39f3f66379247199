"""Compatibility name: the sympy-free grammar now lives in :mod:`workbench.protocol.syntax`."""

from workbench.protocol.syntax import *  # noqa: F403 - re-export for older imports
from workbench.protocol.syntax import __all__  # noqa: F401
