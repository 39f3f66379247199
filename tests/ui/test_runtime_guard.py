"""The PySide6 6.12 / CPython 3.11 reference-count guard keeps a busy window alive.

Each check runs in a fresh interpreter, because the fault it guards against aborts
the whole process (no exception a test could catch).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

BUSY_SCRIPT = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
import workbench.ui  # pins None/True/False before any Qt object exists
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QWidget

app = QApplication([])

class Source(QObject):
    fired = Signal(int)

class Painted(QWidget):
    def paintEvent(self, event):
        pass

source = Source()
seen = []
source.fired.connect(seen.append)
for i in range(20000):
    source.fired.emit(i)
widget = Painted()
widget.show()
for _ in range(20000):
    widget.repaint()
del widget, source
print(len(seen))
"""


def test_many_signals_and_repaints_do_not_abort_the_interpreter():
    run = subprocess.run([sys.executable, "-c", BUSY_SCRIPT], cwd=ROOT, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == "20000"


def test_pinning_happens_once_and_only_where_needed():
    import workbench.ui  # noqa: F401 - pins on import
    from workbench import refcount_guard

    assert refcount_guard.keep_singletons_alive() is False  # already done on import
    if sys.version_info < (3, 12):
        assert sys.getrefcount(None) > refcount_guard._RESERVE // 2


LOSS_SCRIPT = """
import sys
from PySide6.QtCore import QCoreApplication, QTimer
app = QCoreApplication([])
timer = QTimer()
before = sys.getrefcount(None)
for _ in range(200):
    timer.start(1000)
print(before - sys.getrefcount(None))
import ctypes
ctypes.c_ssize_t.from_address(id(None)).value += 1 << 20  # exit without aborting
"""


def test_the_guard_is_bounded_to_the_releases_that_lose_references():
    from workbench import refcount_guard

    run = subprocess.run([sys.executable, "-c", LOSS_SCRIPT], cwd=ROOT, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    lost = int(run.stdout.strip())
    installed = refcount_guard.pyside_version()
    # the measurement and the version bound agree about the installed release
    assert (lost > 0) == refcount_guard.affected(installed), (installed, lost)
    assert not refcount_guard.affected((6, 11)) and refcount_guard.affected((6, 12))
    if sys.version_info < (3, 12):
        assert refcount_guard.needs_guard() == refcount_guard.affected(installed)
