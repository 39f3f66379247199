"""Progress of the job in hand: which stage of the engine's work has just started.

The worker process installs a reporter around each job (:func:`reporting_to`); a
handler that can say where it is passes :func:`reporter` to the engine as its
``progress`` callback. Outside a job (or in a process that does not stream progress,
such as the in-process export runner) the reporter is None and the engine stays quiet.
Nothing here imports sympy or Qt.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

# progress(stage, title, seconds): the engine's callback shape (engine.integration.chain)
Reporter = Callable[[str, str, float], None]

_current: list[Reporter] = []  # a stack, so a nested job runner restores the outer one


def reporter() -> Reporter | None:
    """The callback of the job in hand, or None when nobody listens."""
    return _current[-1] if _current else None


@contextmanager
def reporting_to(callback: Reporter | None) -> Iterator[None]:
    """Make ``callback`` the reporter while the block runs (None: nobody listens)."""
    if callback is None:
        yield
        return
    _current.append(callback)
    try:
        yield
    finally:
        _current.pop()


def progress_info(stage: str, title: str, seconds: float) -> dict[str, Any]:
    """The plain data a progress message carries: stage, title and time limit (None: none)."""
    limit = float(seconds) if seconds is not None and math.isfinite(seconds) else None
    return {"stage": str(stage), "title": str(title), "limit": limit}
