"""``BatchRunner``: a long export done in small batches on the GUI thread, with progress.

Rendering frames needs the lab's widgets, so it can't leave the GUI thread; instead a
zero-delay ``QTimer`` runs a few steps per turn of the event loop, a
``QProgressDialog`` shows how far it is, and Cancel stops it between two steps and
calls ``abort`` (which removes anything written).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget


class BatchRunner(QObject):
    """Runs ``step()`` (True while more remain) ``total`` times, then ``finish()``.

    ``finished(ok)`` tells the end: True when done, False when cancelled or failed
    (``error`` then holds the exception; it is None after a cancel).
    """

    finished = Signal(bool)

    def __init__(self, parent: QWidget, label: str, total: int, step: Callable[[], bool],
                 finish: Callable[[], object], abort: Callable[[], object],
                 batch: int = 3) -> None:
        super().__init__(parent)
        self.total = max(1, int(total))
        self.done = 0
        self.error: BaseException | None = None
        self.cancelled = False
        self._running = False
        self._step, self._finish, self._abort = step, finish, abort
        self._batch = max(1, batch)
        self.dialog = QProgressDialog(label, "Cancel", 0, self.total, parent)
        self.dialog.setObjectName("export_progress")
        self.dialog.setAccessibleName("Export progress")
        self.dialog.setWindowTitle("Exporting")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setMinimumDuration(300)  # quick exports never flash a dialog
        self.dialog.canceled.connect(self.cancel)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._on_timer)

    def start(self) -> None:
        """Begin on the next turn of the event loop."""
        self._running = True
        self.dialog.setValue(0)
        self._timer.start()

    def is_running(self) -> bool:
        """True until finished, cancelled or failed."""
        return self._running

    def cancel(self) -> None:
        """Stop between two steps and remove what was written."""
        if not self._running:
            return
        self.cancelled = True
        self._end(False, None)

    def _on_timer(self) -> None:
        try:
            more = True
            for _ in range(self._batch):
                more = bool(self._step())
                self.done += 1
                if not more or not self._running:
                    break
            if not self._running:
                return  # cancelled while a step ran (the dialog processes events)
            self.dialog.setValue(min(self.done, self.total - 1) if more else self.total)
            if not self._running:
                return
            if more:
                self._timer.start()
                return
            self._finish()
        except Exception as problem:  # noqa: BLE001 - shown to the student in words
            self._end(False, problem)
            return
        self._end(True, None)

    def _end(self, ok: bool, error: BaseException | None) -> None:
        self._running = False
        self._timer.stop()
        self.error = error
        if not ok:
            try:
                self._abort()
            except OSError:
                pass  # cleaning up is best effort; the export already failed
        self.dialog.canceled.disconnect(self.cancel)  # closing the dialog emits canceled
        self.dialog.close()
        self.dialog.deleteLater()
        self.finished.emit(ok)
