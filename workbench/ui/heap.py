"""Keep the window's garbage collections short: move what is built to last out of the way.

Python's cyclic collector now and then walks every object the process holds. After the
window and its labs are built that is over 140,000 objects, and a full pass took 55-70
ms on a 2-core machine: three or four animation frames lost at a moment nobody chose.
The objects built with a window or a lab live as long as it does, so they are handed to
the collector's permanent generation (``gc.freeze``), which no pass walks. Objects made
afterwards are collected as before; reference counting still frees everything that is
not in a cycle, frozen or not.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QTimer


def freeze_when_idle() -> None:
    """Freeze every object alive once the event loop is next idle.

    Called when something long-lived has just been built (the window, a lab): waiting
    for the loop lets the temporaries of the build die first, so they are not kept.
    """
    QTimer.singleShot(0, gc.freeze)
