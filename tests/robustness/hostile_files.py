"""Hostile session files, made on demand in a folder: each must be refused with SessionError.

Shared by the tests (tests/robustness/test_hostile_sessions.py) and the figures script
(tests/robustness/report.py). Each maker writes one file (or FIFO, link, folder) at
the path it is given.
"""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Callable
from pathlib import Path

HEAD = '{"format": "calculus-workbench-session", "schema": 1, '


def _text(content: str) -> Callable[[Path], None]:
    return lambda path: path.write_text(content, encoding="utf-8")


def _explore(**state) -> Callable[[Path], None]:
    data = {"schema": 1, "labs": [{"kind": "explore", "state": {"function": "x", **state}}]}
    return _text(json.dumps(data))


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _link_to(target: str) -> Callable[[Path], None]:
    return lambda path: os.symlink(target, path)


def _folder(path: Path) -> None:
    path.mkdir()


def _sparse(path: Path) -> None:
    with path.open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)


def _gzip_bomb(path: Path) -> None:
    with gzip.open(path, "wb", compresslevel=9) as handle:
        block = b"[" * (1 << 20)
        for _ in range(64):  # 64 MB of brackets in ~64 kB
            handle.write(block)


def _just_under_cap(fill: str) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        body = fill * ((8 * 1024 * 1024 - 200) // len(fill))
        path.write_text(HEAD + '"labs": [], "junk": [' + body + "0]}", encoding="utf-8")
    return make


MAKERS: dict[str, Callable[[Path], None]] = {
    "fifo": _fifo,
    "link to /dev/zero": _link_to("/dev/zero"),
    "link to /dev/urandom": _link_to("/dev/urandom"),
    "link to /dev/null": _link_to("/dev/null"),
    "dangling link": _link_to("/nonexistent/nowhere.calcwb"),
    "link loop": lambda path: os.symlink(path.name, path),
    "folder": _folder,
    "100 MB sparse": _sparse,
    "gzip bomb": _gzip_bomb,
    "empty": _text(""),
    "truncated": _text(HEAD + '"labs": [{"kind": "expl'),
    "deep": _text("[" * 1_000_000),
    "deep objects": _text('{"a":' * 200_000),
    "wide objects": _just_under_cap("{},"),
    "wide numbers": _just_under_cap("1,"),
    "wide strings": _just_under_cap('"a",'),
    "backslash quotes": _text('"' + '\\"' * 3_000_000),
    "backslash quotes in object": _text(HEAD + '"labs": "' + '\\"' * 3_000_000),
    "backslashes": _text(HEAD + '"labs": "' + "\\\\" * 3_000_000 + '"}'),
    "big integer in progress": _text(HEAD + '"labs": [], "lesson_progress": {"a": 1'
                                     + "0" * 400 + "}}"),
    "big integer, many digits": _text(HEAD + '"labs": [], "active": 1' + "0" * 100_000 + "}"),
    "big integer in range": _explore(x_range=[0, 10 ** 400]),
    "big float": _text(HEAD + '"labs": [], "active": 1e400}'),
    "nan": _text(HEAD + '"labs": [], "active": NaN}'),
    "kind is a list": _text('{"schema": 1, "labs": [{"kind": ["explore"], "state": {}}]}'),
    "kind is an object": _text('{"schema": 1, "labs": [{"kind": {"a": 1}, "state": {}}]}'),
    "labs is an object": _text('{"schema": 1, "labs": {"kind": "explore"}}'),
    "state is a list": _text('{"schema": 1, "labs": [{"kind": "explore", "state": []}]}'),
    "schema is text": _text('{"schema": "1", "labs": []}'),
    "schema is huge": _text('{"schema": 1' + "0" * 5000 + ', "labs": []}'),
    "progress is a list": _text('{"schema": 1, "labs": [], "lesson_progress": [1, 2]}'),
    "function is a list": _explore(function=["x"]),
    "choice is a list": _explore(variable=["x"]),
    "path traversal kind": _text('{"schema": 1, "labs": [{"kind": "../../../etc/passwd"}]}'),
    "path traversal function": _explore(function="../../../../etc/passwd"),
    "code in function": _explore(function="__import__('os').system('true')"),
    "latex injection": _explore(function="\\input{/etc/passwd}"),
    "sql-ish injection": _explore(function="x'); DROP TABLE labs; --"),
    "huge power in function": _explore(function="abs(9)^(9^9)"),
    "nested function": _explore(function="sin(" * 500 + "x" + ")" * 500),
    "not utf-8": lambda path: path.write_bytes(b'{"schema": 1, "labs": ["\xff\xfe"]}'),
    "utf-16": lambda path: path.write_bytes('{"schema": 1}'.encode("utf-16")),
    "nul bytes": _text('{"schema": 1, "labs": [\x00]}'),
    "top level list": _text("[1, 2, 3]"),
    "duplicate keys": _text('{"schema": 1, "schema": 99, "labs": []}'),
}
