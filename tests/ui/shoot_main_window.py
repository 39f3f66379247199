"""Open the real main window, plot x^2 sin(x), wait for the steps, save a PNG (test helper).

Usage: python tests/ui/shoot_main_window.py OUT.png SETTINGS.ini [FUNCTION [WIDTHxHEIGHT]]
Uses the real engine client when it is installed, else the test fake.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

TIMEOUT_S = 60.0


def main(out: str, settings_path: str, function: str = "x^2 sin(x)",
         size: str = "1200x760") -> int:
    """Run the window until the derivation is typeset, then grab it."""
    app = QApplication([sys.argv[0]])
    app.setApplicationName("Calculus Workbench")
    from workbench.ui.main_window import MainWindow
    from workbench.ui.math_view import shared_renderer
    from workbench.ui.settings import Settings

    try:
        from workbench.worker.client import EngineClient
        client, factory = EngineClient(), None
    except ImportError:
        from tests.ui.fakes import FakeEngineClient, derive_job
        client, factory = FakeEngineClient(), derive_job
    settings = Settings(settings_path)
    settings.last_function = function
    kwargs = {"job_factory": factory} if factory else {}
    window = MainWindow(client, settings, **kwargs)
    window.resize(*(int(n) for n in size.split("x")))
    window.show()
    QTimer.singleShot(0, client.start)
    deadline = time.monotonic() + TIMEOUT_S
    status = {"code": 1}

    def poll() -> None:
        done = window.panel.steps() and shared_renderer().is_loaded() \
            and window.panel.heading.is_typeset()
        if done or time.monotonic() > deadline:
            window.canvas.set_cursor_x(1.3)
            app.processEvents()
            window.grab().save(out)
            status["code"] = 0 if done else 2
            client.shutdown()
            app.quit()
        else:
            QTimer.singleShot(50, poll)

    QTimer.singleShot(200, poll)
    app.exec()
    return status["code"]


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:5]))
