"""The composition root: command line or window, and the engine client behind it.

The path to the first window is kept light: no sympy, scipy or ziamath is imported
before the window is on screen; the engine's worker process is started by a
zero-delay timer once the window is shown, so it does not compete with it.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Sequence

from workbench import APP_NAME, __version__

ORGANISATION = "Calculus Workbench"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the workbench: a CLI command when ``argv`` names one, else the window."""
    multiprocessing.freeze_support()  # first: a frozen worker process starts here
    from workbench.refcount_guard import keep_singletons_alive  # a tiny module

    keep_singletons_alive()  # before any Qt object: PySide6 6.12 over-releases None/True
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "--version":
        print(f"{APP_NAME} {__version__}")
        return 0
    if args and args[0] == "--self-test":
        from workbench.selftest import run_self_test

        return run_self_test(args[1:])
    from workbench import cli  # argparse only; the engine loads per command

    if cli.wants_command_line(args):
        return int(cli.run(args))  # help and errors are text: they must not need a display
    return run_window(args)


def run_window(args: Sequence[str] = ()) -> int:
    """Open the main window and run the event loop; returns the exit code."""
    from PySide6.QtCore import QTimer  # the CLI path needs no Qt
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0], *args])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("calculus-workbench")  # ties windows to the menu entry (Wayland)
    app.setWindowIcon(_app_icon())
    window, client = build_window()
    install_menus(window)
    window.show()
    QTimer.singleShot(0, client.start)
    app.aboutToQuit.connect(client.shutdown)
    return app.exec()


def install_menus(window) -> None:  # window: a MainWindow
    """The File/Edit/Help (study sessions, lessons), Export and Code menus."""
    from workbench.ui.code_panel import CodeController
    from workbench.ui.export import ExportController
    from workbench.ui.study import StudyController

    window.study = StudyController(window)
    window.study.install()
    window.export_controller = ExportController(window)
    window.export_controller.install()
    window.code_controller = CodeController(window)
    window.code_controller.install()


def _app_icon():  # returns a QIcon
    from PySide6.QtGui import QIcon

    from workbench.resources import resource_path

    return QIcon(str(resource_path("icons", "calculus-workbench.svg")))


def build_window():  # returns (MainWindow, client); Qt types stay lazy
    """The main window and its engine client (not started yet)."""
    from workbench.ui.main_window import MainWindow
    from workbench.worker.client import EngineClient

    client = EngineClient()
    return MainWindow(client), client
