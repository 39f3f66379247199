"""Work around a reference-counting fault of PySide6 6.12 on CPython 3.11.

Measured here (PySide6/shiboken6 6.12.0 abi3 wheels, CPython 3.11.7): every Python
override Qt calls (``paintEvent``, ``QGraphicsItem.paint``, ``event``) drops one
reference to ``None`` it never took, and every ``Signal.emit`` drops one to ``True``.
From CPython 3.12 on these objects are immortal and the fault is harmless; on 3.11
their counts fall with every repaint and signal until the interpreter aborts with
"Fatal Python error: none_dealloc / bool_dealloc" (a window died after about a hundred
keystrokes; 1,000 emits of one signal were enough in a bare script).

``pin_singletons()`` gives None, True and False a reserve of references so large
(2**40) that no session can use it up, which is what 3.12 does by making them
immortal. It changes nothing on 3.12+ or on other interpreters.
"""

from __future__ import annotations

import ctypes
import sys

RESERVE = 1 << 40  # references added to each singleton; a session drops far fewer


def needs_pinning() -> bool:
    """True on interpreters where None/True/False are mortal (CPython before 3.12)."""
    return sys.implementation.name == "cpython" and sys.version_info < (3, 12)


def pin_singletons() -> bool:
    """Make None, True and False effectively immortal; True when anything had to be done.

    Idempotent by looking at the counts themselves, so it composes with the worker
    client's identical guard (``workbench.worker.compat``) whichever runs first.
    """
    if not needs_pinning():
        return False
    changed = False
    for singleton in (None, True, False):
        if sys.getrefcount(singleton) < RESERVE // 2:
            # ob_refcnt is the first field of every CPython object; id() is its address.
            ctypes.c_ssize_t.from_address(id(singleton)).value += RESERVE
            changed = True
    return changed
