"""Answers already found, kept for the session: the same integrand again costs nothing.

The Integrals lab asks for ∫f dx, then for ∫ₐᵇ f dx with one bound after another; each
definite integral needs the same antiderivative. Only verified answers are kept (an
answer that ran out of time may come out differently when the machine is less busy),
at most ``SIZE`` of them, the least recently used leaving first. A caller that streams
progress hears the stages again in the order they ran when the answer was found, so a
remembered answer reports the same stages as a fresh one.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

SIZE = 128

Event = tuple[str, str, float]
_seen: OrderedDict[Hashable, tuple[Any, tuple[Event, ...]]] = OrderedDict()


def recall(key: Hashable, progress: Callable[[str, str, float], None] | None) -> Any | None:
    """The answer kept for ``key`` (its stages replayed to ``progress``), or None."""
    hit = _seen.get(key)
    if hit is None:
        return None
    _seen.move_to_end(key)
    if progress is not None:
        for event in hit[1]:
            progress(*event)
    return hit[0]


def remember(key: Hashable, answer: Any, heard: list[Event]) -> None:
    """Keep ``answer`` for ``key`` with the stages ``heard`` while finding it."""
    _seen[key] = (answer, tuple(heard))
    _seen.move_to_end(key)
    while len(_seen) > SIZE:
        _seen.popitem(last=False)


def recording(progress: Callable[[str, str, float], None] | None,
              ) -> tuple[list[Event], Callable[[str, str, float], None]]:
    """A progress callback that notes every event and passes it on to ``progress``."""
    heard: list[Event] = []

    def hear(stage: str, title: str, seconds: float) -> None:
        heard.append((stage, title, seconds))
        if progress is not None:
            progress(stage, title, seconds)

    return heard, hear


def forget() -> None:
    """Drop every kept answer."""
    _seen.clear()
