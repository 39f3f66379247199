"""Lazy exports for a package: public names that import their module on first use.

``workbench.engine`` and ``workbench.export`` both keep heavy libraries (sympy, scipy,
Qt) off the import path until a name that needs them is used. This module imports
nothing from the workbench and belongs to no layer, so the engine and the export layer
can both use it without the window's side of the export layer importing the engine.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def lazy_exports(namespace: dict[str, Any], exports: dict[str, str]
                 ) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A module ``__getattr__`` and ``__dir__`` for the module whose globals are ``namespace``.

    ``exports`` maps each public name to the module that defines it. The first lookup
    imports that module and caches the value in ``namespace``, so later lookups never
    come back here. Use as ``__getattr__, __dir__ = lazy_exports(globals(), _EXPORTS)``.
    """
    package = namespace["__name__"]

    def __getattr__(name: str) -> Any:  # noqa: N807 - PEP 562's module hook
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:  # noqa: N807 - PEP 562's module hook
        return sorted(set(namespace) | set(exports))

    return __getattr__, __dir__
