"""Which handler runs which job: the ``@handles`` decorator and start-up loading.

The worker process imports every module of :mod:`workbench.worker.handlers` (plus any
extra modules the client names, e.g. test fault handlers); each registers its
functions with ``@handles(SomeJob)``. Nothing here imports sympy: the handler
modules do.
"""

from __future__ import annotations

import importlib
import pkgutil
import traceback
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from workbench.protocol.jobs.core import Job, JobError

Handler = Callable[[Any], Any]
F = TypeVar("F", bound=Handler)

_HANDLERS: dict[type, Handler] = {}
# module name -> traceback of a handler module that failed to import
_LOAD_FAILURES: dict[str, str] = {}


def handles(job_type: type[Job]) -> Callable[[F], F]:
    """Register the decorated function as the handler of ``job_type`` jobs."""

    def register(func: F) -> F:
        _HANDLERS[job_type] = func
        return func

    return register


def handler_for(job: Job) -> Handler:
    """The handler registered for ``job``'s class (or its nearest registered base)."""
    for cls in type(job).__mro__:
        if cls in _HANDLERS:
            return _HANDLERS[cls]
    detail = "\n".join(f"{name}:\n{text}" for name, text in _LOAD_FAILURES.items())
    raise JobError("error", f"The engine does not know how to do a {job.kind!r} job.",
                   detail=detail)


def load_handlers(extra_modules: Iterable[str] = ()) -> list[str]:
    """Import every handler module (ours, then ``extra_modules``); return their names.

    A module that fails to import is remembered, not fatal: the other labs keep working
    and a job needing the broken one reports the traceback in its error's ``detail``.
    """
    import workbench.worker.handlers as package

    names = [f"{package.__name__}.{info.name}"
             for info in pkgutil.iter_modules(package.__path__)]
    names.extend(extra_modules)
    loaded = []
    for name in names:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a broken lab must not take the whole worker down
            _LOAD_FAILURES[name] = traceback.format_exc()
        else:
            loaded.append(name)
    return loaded


def load_failures() -> dict[str, str]:
    """Handler modules that failed to import, with their tracebacks."""
    return dict(_LOAD_FAILURES)
