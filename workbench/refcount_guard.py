"""Work-around for a reference-count defect of PySide6 6.12 on CPython 3.11.

PySide6 6.12 with CPython 3.11 loses one reference to ``None``, ``True`` or ``False``
whenever a Qt method called from Python returns one of them: every void call
(``QTimer.start``, ``QCoreApplication.processEvents``, ``QPainter.drawLine``) costs a
reference to None, every ``Signal.emit`` one to True, a ``disconnect`` one to False.
When a count reaches zero the interpreter aborts ("Fatal Python error: none_dealloc"
or "bool_dealloc"). A UI process starts with ~16,000 references to None, so a few
thousand timer restarts, paint calls or signal emissions are enough. CPython 3.12
made these objects immortal, which hides the defect.

The guard is applied only where the defect can bite: CPython before 3.12, with a
PySide6 from ``FIRST_AFFECTED`` on (6.12.0 loses one reference per void call; no
earlier release in use here shows it). ``FIXED_IN`` is the first release measured
not to lose references, once there is one; tests/ui/test_runtime_guard.py measures
the installed release and fails if the bound and the measurement disagree.
"""

from __future__ import annotations

import ctypes
import importlib.util
import re
import sys
from pathlib import Path

FIRST_AFFECTED = (6, 12)
FIXED_IN: tuple[int, int] | None = None  # no fixed release known yet

# As CPython 3.12 does, give the singletons a reference count no program can use up.
_RESERVE = 1 << 40
_SINGLETONS = (None, True, False)


def keep_singletons_alive() -> bool:
    """Make None, True and False effectively immortal on CPython < 3.12.

    Raises their reference counts once by a huge amount (no memory is used). Safe to
    call repeatedly and from any module; returns whether anything had to be done.
    """
    if not needs_guard():
        return False
    changed = False
    for obj in _SINGLETONS:
        if sys.getrefcount(obj) < _RESERVE // 2:
            # ob_refcnt is the first field of every CPython object; id() is its address.
            ctypes.c_ssize_t.from_address(id(obj)).value += _RESERVE
            changed = True
    return changed


def pyside_version() -> tuple[int, int] | None:
    """The installed PySide6's (major, minor), read from its ``_config.py`` as text:
    importing PySide6 would load shiboken (~0.4 s), too slow for the command line.
    None when it cannot be read (a frozen app may carry compiled files only)."""
    try:
        spec = importlib.util.find_spec("PySide6")  # finds it without running it
    except (ImportError, ValueError):
        return None
    for folder in (spec.submodule_search_locations or []) if spec else []:
        try:
            text = (Path(folder) / "_config.py").read_text(encoding="utf-8")
        except OSError:
            continue
        match = re.search(r"^version_info = \((\d+), (\d+)", text, re.MULTILINE)
        if match:
            return int(match.group(1)), int(match.group(2))
    return None


def affected(version: tuple[int, int] | None) -> bool:
    """Whether PySide6 ``version`` over-releases the singletons (unknown: assume so,
    as a frozen app may carry no metadata and the guard costs nothing)."""
    if version is None:
        return True
    if version < FIRST_AFFECTED:
        return False
    return FIXED_IN is None or version < FIXED_IN


def needs_guard() -> bool:
    """True on CPython < 3.12 with an affected PySide6 (where the process could abort)."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    return affected(pyside_version())
