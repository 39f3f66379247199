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
