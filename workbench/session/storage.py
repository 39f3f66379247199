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
import tempfile
import time
from pathlib import Path
from typing import Any

from workbench.session.errors import SessionError
from workbench.session.model import Session, session_from_data

SUFFIX = ".calcwb"
MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_NESTING = 32


def backup_path(path: Path) -> Path:
    """Where the previous version of ``path`` is kept."""
    return path.with_name(path.name + ".bak")


def save_session(session: Session, path: str | os.PathLike[str]) -> None:
    """Write ``session`` to ``path`` atomically, keeping the previous version as a backup."""
    write_json_atomic(session.to_data(), Path(path), keep_backup=True)


def load_session(path: str | os.PathLike[str]) -> Session:
    """Read and check the session at ``path``; SessionError (file untouched) if it is bad."""
    return session_from_data(read_json(Path(path)))


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
    """Decode a JSON file of reasonable size and depth; SessionError otherwise."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise SessionError(f"there is no file {path.name}") from None
    except OSError as error:
        raise SessionError(f"{path.name} can't be read: {error.strerror}") from None
    if size > MAX_FILE_BYTES:
        raise SessionError(f"{path.name} is too large to be a session file "
                           f"({size / 1e6:.0f} MB)")
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SessionError(f"{path.name} is not a text file") from None
    except OSError as error:
        raise SessionError(f"{path.name} can't be read: {error.strerror}") from None
    _check_nesting(text)
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise SessionError(f"{path.name} is damaged or incomplete: {error.msg} at line "
                           f"{error.lineno}, column {error.colno}") from None
    except (RecursionError, ValueError) as error:
        raise SessionError(f"{path.name} is not a valid session file: {error}") from None


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"the value {name} is not allowed")


_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKET = re.compile(r"[\[\]{}]")


def _check_nesting(text: str) -> None:
    """Refuse absurdly nested JSON before the decoder recurses into it."""
    depth = 0
    for match in _BRACKET.finditer(_STRING.sub("", text)):
        if match.group() in "[{":
            depth += 1
            if depth > MAX_NESTING:
                raise SessionError(f"the file is nested more than {MAX_NESTING} levels deep")
        else:
            depth -= 1
