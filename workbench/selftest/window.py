"""The checks of the application itself: its resources are found, its main window opens."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from workbench.selftest.base import Context, distinct_colours, make_client, render_svg, wait_until


def _application(settings_dir: Path) -> Any:
    """The QApplication, with settings redirected so the test never touches the user's."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(settings_dir))
    return QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "workbench"])


def open_main_window(client: Any) -> Any:
    """The application's main window around ``client``, shown."""
    from workbench.ui.main_window import MainWindow

    window = MainWindow(client=client)
    window.show()
    return window


def check_resources(ctx: Context) -> str:
    """The app icon is found through workbench.resources and draws something."""
    from workbench.resources import resource_path

    icon = resource_path("icons", "calculus-workbench.svg")
    image = render_svg(icon.read_bytes(), 64)
    if distinct_colours(image) < 3:
        raise AssertionError(f"{icon} draws as a blank image")
    return f"{icon.name} found in {icon.parent.parent} and drawn at 64 px"


def check_window(ctx: Context) -> str:
    """The main window opens with its real client, shows its title and paints."""
    client = make_client()
    window = open_main_window(client)
    try:
        if not wait_until(window.isVisible, min(5.0, ctx.remaining())):
            raise AssertionError("the main window never became visible")
        wait_until(lambda: False, 0.3)  # let the first layout and paint happen
        title = window.windowTitle()
        if not title.startswith("Calculus Workbench"):
            raise AssertionError(f"unexpected window title {title!r}")
        image = window.grab().toImage()
        if distinct_colours(image) < 3:
            raise AssertionError("the window painted nothing")
        return f"{title!r} shown at {image.width()}x{image.height()}"
    finally:
        window.close()
        client.shutdown()
