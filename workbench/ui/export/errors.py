"""Why a file could not be written, in words a student understands."""

from __future__ import annotations

import errno
from pathlib import Path

_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "your disk quota is used up",
    errno.EACCES: "you don't have permission to write there",
    errno.EPERM: "you don't have permission to write there",
    errno.EROFS: "that disk is read-only",
    errno.ENOENT: "that folder does not exist",
    errno.ENOTDIR: "part of that path is a file, not a folder",
    errno.EISDIR: "there is a folder with that name",
    errno.ENAMETOOLONG: "the file name is too long",
    errno.EEXIST: "a file with that name is in the way",
}


def describe_write_error(error: BaseException, path: str | Path) -> str:
    """One or two sentences saying that ``path`` could not be written, and why."""
    name = Path(path).name or str(path)
    reason = _REASONS.get(getattr(error, "errno", None) or -1)
    if reason is None:
        detail = getattr(error, "strerror", None) or str(error) or type(error).__name__
        reason = detail[0].lower() + detail[1:] if detail else "of an unknown problem"
    return f"{name} could not be saved: {reason}. Nothing was written; try another folder."
