"""Work-around for a reference-count defect of PySide6 6.12 on CPython 3.11.

PySide6 6.12 with CPython 3.11 loses one reference to ``None``, ``True`` or ``False``
whenever a Qt method called from Python returns one of them: every void call
(``QTimer.start``, ``QCoreApplication.processEvents``, ``QPainter.drawLine``) costs a
reference to None, every ``Signal.emit`` one to True, a ``disconnect`` one to False.
When a count reaches zero the interpreter aborts ("Fatal Python error: none_dealloc"
or "bool_dealloc"). A UI process starts with ~16,000 references to None, so a few
thousand timer restarts, paint calls or signal emissions are enough. CPython 3.12
made these objects immortal, which hides the defect.
"""

from __future__ import annotations

import ctypes
import sys

# As CPython 3.12 does, give the singletons a reference count no program can use up.
_RESERVE = 1 << 40
_SINGLETONS = (None, True, False)


def keep_singletons_alive() -> bool:
    """Make None, True and False effectively immortal on CPython < 3.12.

    Raises their reference counts once by a huge amount (no memory is used). Safe to
    call repeatedly and from any module; returns whether anything had to be done.
    """
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    changed = False
    for obj in _SINGLETONS:
        if sys.getrefcount(obj) < _RESERVE // 2:
            # ob_refcnt is the first field of every CPython object; id() is its address.
            ctypes.c_ssize_t.from_address(id(obj)).value += _RESERVE
            changed = True
    return changed
