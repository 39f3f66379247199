"""Work-arounds for defects of the libraries the worker's client runs on.

PySide6 6.12 with CPython 3.11 loses one reference to ``None`` on every call of a
void C++ method from Python (``QTimer.start``, ``QCoreApplication.processEvents``,
``QPainter.drawLine``, ...): ``sys.getrefcount(None)`` drops by one per call. When the
count reaches zero the interpreter aborts with "Fatal Python error: none_dealloc".
A UI process starts with ~16,000 references to None, so a few thousand timer restarts
or paint calls are enough. CPython 3.12 made None immortal, which hides the defect.
"""

from __future__ import annotations

import ctypes
import sys

# As CPython 3.12 does, give None a reference count no program can use up.
_RESERVE = 1 << 40


def keep_none_alive() -> bool:
    """Make ``None`` effectively immortal on CPython < 3.12; return whether it was needed.

    Raises None's reference count once by a huge amount (no memory is used). Safe to
    call repeatedly and from any module: it only acts while the count is below the reserve.
    """
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if sys.getrefcount(None) >= _RESERVE // 2:
        return False
    # ob_refcnt is the first field of every CPython object, and id() is its address.
    ctypes.c_ssize_t.from_address(id(None)).value += _RESERVE
    return True
