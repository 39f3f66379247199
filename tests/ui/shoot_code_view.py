"""Open the real window, open labs, press Code in each and save a PNG per lab (test helper).

Usage: python tests/ui/shoot_code_view.py OUT_FOLDER WIDTHxHEIGHT [LAB ...]
Run it under Xvfb with a throw-away HOME (the window autosaves its session there, and
offers to recover it the next time), for example::

    HOME=$(mktemp -d) PYTHONPATH=. xvfb-run -a -s "-screen 0 1920x1080x24" \\
        python tests/ui/shoot_code_view.py /tmp/shots 1024x700 integrals gradient

A floating Code view (when the lab leaves no room beside it) is drawn where it lies
over the window, as the student sees it.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtGui import QPainter, QPixmap  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

SETTLE_MS = 5000  # for the worker's answers (the first ones start the engine)


def grab(window: Any) -> QPixmap:
    """The window, with a floating Code view painted where it lies over it."""
    shot = window.grab()
    dock = window.code_controller.dock
    if dock.isFloating() and dock.isVisible():
        painter = QPainter(shot)
        painter.drawPixmap(dock.frameGeometry().topLeft()
                           - window.frameGeometry().topLeft(), dock.grab())
        painter.end()
    return shot


def main(folder: str, size: str, labs: list[str]) -> int:
    """Shoot each lab in ``labs`` (default: integrals and gradient) with its code on show."""
    app = QApplication([sys.argv[0]])
    from workbench.app import build_window, install_menus

    window, client = build_window()
    install_menus(window)
    client.start()
    width, height = (int(v) for v in size.split("x"))
    window.resize(width, height)
    window.move(0, 0)
    window.show()
    QTest.qWait(SETTLE_MS)
    Path(folder).mkdir(parents=True, exist_ok=True)
    for kind in labs or ["integrals", "gradient"]:
        window.open_lab(kind)
        QTest.qWait(SETTLE_MS)
        window.code_controller.show_code()
        QTest.qWait(1000)
        path = Path(folder) / f"{kind}_{size}.png"
        grab(window).save(str(path))
        print(path, "window", window.width(), "floating", window.code_controller.dock.isFloating())
    client.shutdown()
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3:]))
