"""The study session: which labs are open and everything needed to put them back.

A session is plain data. Each lab kind declares its fields in the registry below;
:func:`session_from_data` checks a decoded file against them, so nothing in a file
is trusted or executed.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from workbench.session.errors import SessionError
from workbench.session.fields import Field, check_fields, check_value
from workbench.session.schema import FORMAT_NAME, SCHEMA_VERSION, migrate

MAX_LABS = 64

# lab kind -> the fields of its state. Labs add theirs with ``register_lab``.
_LAB_FIELDS: dict[str, tuple[Field, ...]] = {}
_bundled_loaded = False


def register_lab(kind: str, fields: tuple[Field, ...]) -> None:
    """Declare the state a lab of ``kind`` keeps in a session."""
    _LAB_FIELDS[kind] = tuple(fields)


def lab_kinds() -> tuple[str, ...]:
    """The lab kinds a session may contain."""
    _register_bundled_labs()
    return tuple(_LAB_FIELDS)


def _register_bundled_labs() -> None:
    """Each lab declares its fields in a module of ``workbench.session.labs``."""
    global _bundled_loaded
    if _bundled_loaded:
        return
    _bundled_loaded = True
    import importlib
    import pkgutil

    import workbench.session.labs as labs

    for module in pkgutil.iter_modules(labs.__path__, labs.__name__ + "."):
        importlib.import_module(module.name)


@dataclass
class LabState:
    """One open lab: its kind, a title for tabs and reports, and its checked state."""

    kind: str
    state: dict[str, Any]
    title: str = ""

    def to_data(self) -> dict[str, Any]:
        """The JSON-ready form of this lab."""
        return {"kind": self.kind, "title": self.title, "state": copy.deepcopy(self.state)}


@dataclass
class Session:
    """Everything a student's study session holds."""

    labs: list[LabState] = field(default_factory=list)
    active: int = 0
    lesson_progress: dict[str, float] = field(default_factory=dict)

    def to_data(self) -> dict[str, Any]:
        """The JSON-ready form, tagged with the format name and schema version."""
        return {
            "format": FORMAT_NAME,
            "schema": SCHEMA_VERSION,
            "labs": [lab.to_data() for lab in self.labs],
            "active": self.active,
            "lesson_progress": dict(self.lesson_progress),
        }


def session_from_data(data: Any) -> Session:
    """A checked :class:`Session` from decoded JSON; SessionError if anything is wrong."""
    _register_bundled_labs()
    data = migrate(data)
    labs_data = data.get("labs", [])
    if not isinstance(labs_data, list) or len(labs_data) > MAX_LABS:
        raise SessionError(f"'labs' must be a list of at most {MAX_LABS} labs", "labs")
    labs = [_lab_from_data(item, f"labs[{k}]") for k, item in enumerate(labs_data)]
    active = data.get("active", 0)
    if isinstance(active, bool) or not isinstance(active, int) or not 0 <= active <= max(
            len(labs) - 1, 0):
        raise SessionError("'active' must name one of the open labs", "active")
    progress = check_value(Field("lesson_progress", "number_map"),
                           data.get("lesson_progress", {}), "lesson_progress")
    return Session(labs=labs, active=active, lesson_progress=progress)


def _lab_from_data(item: Any, where: str) -> LabState:
    if not isinstance(item, dict):
        raise SessionError("each lab must be a JSON object", where)
    kind = item.get("kind")
    if not isinstance(kind, str) or kind not in _LAB_FIELDS:
        raise SessionError(f"unknown lab kind {str(kind)[:40]!r}", f"{where}.kind")
    title = check_value(Field("title", "text"), item.get("title", ""), f"{where}.title")
    state = check_fields(_LAB_FIELDS[kind], item.get("state", {}), f"{where}.state")
    return LabState(kind=kind, state=state, title=title)
