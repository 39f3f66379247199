"""Reading and writing session files safely.

Saving is atomic: the new content goes to a temporary file in the same folder, is
flushed and fsynced, and replaces the old file with one ``os.replace``; the previous
version is kept beside it as ``<name>.bak`` (made with a hard link, so the real file
never disappears, not even for an instant). Loading never executes anything: the
file is size-checked, decoded as strict JSON and checked field by field; a file
that fails is left untouched.
"""

from __future__ import annotations

import json
import os
import re
import stat
import tempfile
import time
from itertools import accumulate
from pathlib import Path
from typing import Any

from workbench.session.errors import SessionError
from workbench.session.model import Session, session_from_data

SUFFIX = ".calcwb"
MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_NESTING = 32
# A session holds at most 64 labs of a few dozen values: these leave ample room, and
# bound the memory a decoded file can take (1e5 small dicts are ~20 MB).
MAX_CONTAINERS = 100_000
MAX_VALUES = 1_000_000
MAX_INT_DIGITS = 30


def backup_path(path: Path) -> Path:
    """Where the previous version of ``path`` is kept."""
    return path.with_name(path.name + ".bak")


def save_session(session: Session, path: str | os.PathLike[str]) -> None:
    """Write ``session`` to ``path`` atomically, keeping the previous version as a backup."""
    write_json_atomic(session.to_data(), Path(path), keep_backup=True)


def load_session(path: str | os.PathLike[str]) -> Session:
    """Read and check the session at ``path``; SessionError (file untouched) if it is bad.

    SessionError is the only exception: the checks are meant to catch everything, and
    a value they missed still becomes a SessionError rather than a crash of the caller.
    """
    return session_of(read_json(Path(path)), Path(path).name)


def session_of(data: Any, name: str) -> Session:
    """The checked session in ``data`` (decoded from the file ``name``); SessionError only."""
    try:
        return session_from_data(data)
    except SessionError:
        raise
    except (ArithmeticError, LookupError, TypeError, ValueError, RecursionError) as error:
        raise SessionError(f"{name} is not a valid session file "
                           f"({type(error).__name__})") from None


def write_json_atomic(data: Any, path: Path, keep_backup: bool = False) -> None:
    """Write ``data`` as JSON to ``path`` so that a crash leaves the old or the new file."""
    text = json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False)
    folder = path.parent if str(path.parent) else Path(".")
    _remove_stale_temporaries(folder, path.name)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if keep_backup and path.exists():
            _replace_backup(path)
        os.replace(tmp_name, path)
        _fsync_folder(folder)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def _remove_stale_temporaries(folder: Path, name: str, age_s: float = 60.0) -> None:
    """Delete temporary files a killed save left behind (old enough to be nobody's)."""
    now = time.time()
    for leftover in folder.glob(f".{name}.*.tmp"):
        try:
            if now - leftover.stat().st_mtime > age_s:
                leftover.unlink()
        except OSError:
            pass
    for link in folder.glob(f".{name}.bak-*"):
        if _is_stale_backup_link(link):
            link.unlink(missing_ok=True)


def _is_stale_backup_link(link: Path) -> bool:
    """True for a ``.bak-<pid>`` link whose saving process is gone (a save it never finished)."""
    pid_text = link.name.rpartition(".bak-")[2]
    if not pid_text.isdigit() or int(pid_text) == os.getpid():
        return False
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except (OSError, OverflowError):
        return False  # alive but not ours (EPERM), or not a pid at all
    return False


def _replace_backup(path: Path) -> None:
    link = path.with_name(f".{path.name}.bak-{os.getpid()}")
    link.unlink(missing_ok=True)
    try:
        os.link(path, link)
    except OSError:  # file systems without hard links: a copy is the next best thing
        link.write_bytes(path.read_bytes())
    os.replace(link, backup_path(path))


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def read_json(path: Path) -> Any:
    """Decode a JSON file of reasonable size, depth and breadth; SessionError otherwise.

    Only a regular file is read (a FIFO, a device or a folder is refused without
    blocking), at most ``MAX_FILE_BYTES`` of it, and every check before decoding is
    linear in its size, so a hostile file costs a bounded time and memory.
    """
    text = _decode(_read_regular_file(path), path)
    _check_structure(text)
    try:
        return json.loads(text, parse_constant=_refuse_constant, parse_int=_small_int)
    except json.JSONDecodeError as error:
        raise SessionError(f"{path.name} is damaged or incomplete: {error.msg} at line "
                           f"{error.lineno}, column {error.colno}") from None
    except (RecursionError, ValueError) as error:
        raise SessionError(f"{path.name} is not a valid session file: {error}") from None


def _read_regular_file(path: Path) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``MAX_FILE_BYTES``."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses it.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise SessionError(f"there is no file {path.name}") from None
    except OSError as error:
        raise SessionError(f"{path.name} can't be read: {error.strerror}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise SessionError(f"{path.name} is not a regular file")
        if info.st_size > MAX_FILE_BYTES:
            raise SessionError(f"{path.name} is too large to be a session file "
                               f"({info.st_size / 1e6:.0f} MB)")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)  # the size can change after fstat
    except OSError as error:
        raise SessionError(f"{path.name} can't be read: {error.strerror}") from None
    finally:
        os.close(fd)
    if len(raw) > MAX_FILE_BYTES:
        raise SessionError(f"{path.name} is too large to be a session file")
    return raw


def _decode(raw: bytes, path: Path) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SessionError(f"{path.name} is not a text file") from None


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"the value {name} is not allowed")


def _small_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise ValueError(f"the number {text[:12]}… has too many digits")
    return int(text)


_STRING = re.compile(r'"[^"]*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_DEPTH_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def _check_structure(text: str) -> None:
    """Refuse absurdly nested or crowded JSON before the decoder builds it.

    Linear time: escapes go first (so an escaped quote can't end a string), then whole
    strings, and what is left is counted by C-level scans, never re-scanned.
    """
    # An escaped backslash first, then an escaped quote: what is left of each backslash
    # run is what the decoder sees (str.replace scans left to right, like it does).
    if text.count('"') > 2 * MAX_VALUES:
        raise SessionError("the file holds far more values than a session has")
    unescaped = text.replace("\\\\", "").replace('\\"', "")
    outside = _STRING.sub("", unescaped)
    if outside.count("[") + outside.count("{") > MAX_CONTAINERS or \
            outside.count(",") > MAX_VALUES:
        raise SessionError("the file holds far more values than a session has")
    brackets = _NOT_BRACKET.sub("", outside)
    if brackets and max(accumulate(map(_DEPTH_STEP.__getitem__, brackets))) > MAX_NESTING:
        raise SessionError(f"the file is nested more than {MAX_NESTING} levels deep")
