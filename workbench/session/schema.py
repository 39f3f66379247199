"""The session file's format name, schema version and the migrations from older versions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from workbench.session.errors import SessionError

FORMAT_NAME = "calculus-workbench-session"
SCHEMA_VERSION = 1


def _from_0(data: dict[str, Any]) -> dict[str, Any]:
    """Version 0 (early previews) kept one function at the top level."""
    function = data.get("function")
    labs = [{"kind": "explore", "title": "Explore", "state": {"function": function}}] \
        if isinstance(function, str) else []
    return {"format": FORMAT_NAME, "schema": 1, "labs": labs, "active": 0,
            "lesson_progress": {}}


# version -> function upgrading a file of that version by one step
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {0: _from_0}


def migrate(data: Any) -> dict[str, Any]:
    """``data`` brought up to :data:`SCHEMA_VERSION`, one migration at a time."""
    if not isinstance(data, dict):
        raise SessionError("this is not a session file (expected a JSON object)")
    if data.get("format", FORMAT_NAME) != FORMAT_NAME:
        raise SessionError("this is not a Calculus Workbench session file", "format")
    version = data.get("schema", 0)
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        raise SessionError("the schema version must be a whole number", "schema")
    if version > SCHEMA_VERSION:
        raise SessionError(f"this session was saved by a newer version of the workbench "
                           f"(schema {version}; this one reads up to {SCHEMA_VERSION})", "schema")
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version = data["schema"]
    return data
