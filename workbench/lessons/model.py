"""The lesson data types: plain frozen dataclasses the window renders as it likes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

# A try-it parameter: text (expressions, bounds such as "pi/2"), a number, a list
# (start points, optimizer names) or, for ``inputs``, a mapping of names to numbers.
ParamValue = Union[str, float, list, dict]


class LessonError(ValueError):
    """A lesson file that cannot be used; the message names the file and the line."""

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        where = ""
        if path is not None:
            where = f"{Path(path).name}" + (f", line {line}" if line is not None else "") + ": "
        super().__init__(where + message)
        self.path = None if path is None else Path(path)
        self.line = line
        self.reason = message


@dataclass(frozen=True)
class TryIt:
    """A "try it" action: open ``lab`` with ``params`` filled in, behind a button ``label``."""

    lab: str
    label: str
    params: dict[str, ParamValue] = field(default_factory=dict)


@dataclass(frozen=True)
class Page:
    """One page of a lesson: a title, its Markdown (try-it blocks removed) and actions."""

    title: str
    markdown: str
    actions: list[TryIt] = field(default_factory=list)


@dataclass(frozen=True)
class Lesson:
    """A lesson: identity and metadata from the front matter, then its pages in order."""

    id: str
    title: str
    order: int
    summary: str
    minutes: int
    pages: list[Page] = field(default_factory=list)
