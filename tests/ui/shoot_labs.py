"""Every lab at two window sizes, with the side panels open and closed: screenshots and a
report of clipped text (a test helper, run on a real or virtual X screen).

Usage: python tests/ui/shoot_labs.py OUT_DIR [SETTINGS_DIR [LAB ...]]
Writes OUT_DIR/<lab>_<W>x<H>_<panels|plain>.png and prints one line per clipped text;
the exit code is the number of clipped texts found (capped at 100).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

SIZES = ((1024, 700), (1920, 1080))
SETTLE_S = 2.5  # for the worker's answers to arrive and be typeset


def settle(seconds: float) -> None:
    """Run the event loop for ``seconds`` (results arrive, layouts settle)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.02)


def main(out_dir: str, settings_dir: str | None = None, *only: str) -> int:
    """Shoot every lab in every configuration; report clipped text."""
    from tests.ui.clipping import clipped_text
    from workbench.app import build_window, install_menus
    from workbench.refcount_guard import keep_singletons_alive

    keep_singletons_alive()
    app = QApplication([sys.argv[0]])
    folder = Path(settings_dir or tempfile.mkdtemp())
    QCoreApplication.setOrganizationName("calcwb-shoot")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    window, client = build_window()
    install_menus(window)
    window.show()
    client.start()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    kinds = list(only) or ["explore", *window.tabs.kinds()]
    clips = 0
    for kind in kinds:
        for width, height in SIZES:
            for panels in (False, True):
                clips += shoot(window, kind, (width, height), panels, out, clipped_text)
    client.shutdown()
    app.quit()
    return min(clips, 100)


def shoot(window, kind, size, panels, out, clipped_text) -> int:
    """One configuration: show it, save it, print its clipped text; the number found."""
    from tests.ui.clipping import show_configuration, window_overflow

    window.showNormal()
    show_configuration(window, kind, size, panels)
    settle(SETTLE_S)
    name = f"{kind}_{size[0]}x{size[1]}_{'panels' if panels else 'plain'}"
    window.grab().save(str(out / f"{name}.png"))
    found: list = clipped_text(window)
    if window_overflow(window, size):
        print(f"{name}: {window_overflow(window, size)}", flush=True)
        found.append(None)
    for clip in filter(None, found):
        print(f"{name}: {clip}", flush=True)
    return len(found)


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
