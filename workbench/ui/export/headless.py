"""A saved session as a report, with no one at the screen (``calculus-workbench report``).

Builds the real window offscreen around an in-process engine client, puts every lab
of the session back, lets the engine answer (the event loop runs until no job is
waiting and nothing new was asked for a moment), then writes the same report the
window's "Export session report…" writes.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from workbench.ui.export import sources

QUIET_S = 0.6  # labs may debounce before asking the engine; wait this long with no jobs
TIMEOUT_S = 180.0


def session_report(session: Any, output: str | Path, client: Any, name: str = "",
                   timeout_s: float = TIMEOUT_S) -> Path:
    """Write ``session`` (a ``workbench.session.Session``) as a PDF or HTML report.

    ``client`` answers the labs' jobs: an in-process engine client (the interface of
    ``workbench.protocol.client`` plus ``is_idle``), which the CLI makes, because the
    window layer never imports the engine itself. It is started here and shut down
    at the end.
    """
    from workbench.export.report import REPORT_TITLE, write_report
    from workbench.ui.main_window import MainWindow
    from workbench.ui.settings import Settings

    app = QApplication.instance() or QApplication(["calculus-workbench"])
    previous = qInstallMessageHandler(_quiet_offscreen)
    client.start()
    with tempfile.TemporaryDirectory() as folder:
        # a throw-away settings file: a report must not change the student's window
        window = MainWindow(client, Settings(Path(folder) / "settings.ini"))
        try:
            window.resize(1200, 760)
            window.show()
            wanted = restore_session(window, session)
            if not settle(app, window, client, timeout_s):
                print(f"calculus-workbench report: the engine was still working after "
                      f"{timeout_s:.0f} s; the report shows what was ready", file=sys.stderr)
            _apply_ranges(window, session)
            app.processEvents()  # the canvas resamples for the new range
            sections = [_section(window, entry) for entry in wanted]
            title = f"{REPORT_TITLE}: {name}" if name else REPORT_TITLE
            return write_report(output, sections, title)
        finally:
            window.close()
            client.shutdown()
            window.deleteLater()
            app.processEvents()
            qInstallMessageHandler(previous)


def _quiet_offscreen(mode: QtMsgType, context: Any, message: str) -> None:
    """Qt's messages on stderr, less the offscreen platform's note that it can't size
    windows (true, harmless, and printed once per window shown)."""
    if "propagateSizeHints" in message:
        return
    print(message, file=sys.stderr)


def restore_session(window: Any, session: Any) -> list[tuple[str, Any]]:
    """Put every lab of ``session`` back; (title, lab / None for Explore / a note) each."""
    from workbench.ui.labs import LABS

    wanted: list[tuple[str, Any]] = []
    for entry in session.labs:
        if entry.kind == "explore":
            state = entry.state
            window.canvas.set_second_derivative_visible(bool(state.get("show_second_derivative")))
            window.editor.set_text(state["function"])
            window.editor.compute_now()
            wanted.append((entry.title or "Explore", None))
            continue
        title = entry.title or LABS.get(entry.kind, (entry.kind.capitalize(),))[0]
        if entry.kind not in window.tabs.kinds():
            wanted.append((title, f"The {title} lab is not available in this build."))
            continue
        lab = window.tabs.lab(entry.kind)
        lab.restore(entry.state)
        wanted.append((title, lab))
    return wanted


def settle(app: Any, window: Any, client: Any, timeout_s: float) -> bool:
    """Run the event loop until the engine has been quiet for ``QUIET_S``; False on timeout."""
    deadline = time.monotonic() + timeout_s
    quiet_since = time.monotonic()
    while time.monotonic() < deadline:
        app.processEvents()
        waiting = not client.is_idle() or any(
            getattr(lab, "_latest", None) for lab in window.tabs.labs().values())
        now = time.monotonic()
        if waiting:
            quiet_since = now
        elif now - quiet_since >= QUIET_S:
            return True
        time.sleep(0.01)
    return False


def _apply_ranges(window: Any, session: Any) -> None:
    """The Explore plot's saved view, once the curves are drawn (drawing refits it)."""
    for entry in session.labs:
        if entry.kind == "explore":
            x_range, y_range = entry.state.get("x_range"), entry.state.get("y_range")
            box = window.canvas.plot.getViewBox()
            if x_range:
                box.setXRange(*x_range, padding=0)
            if y_range:
                box.setYRange(*y_range, padding=0)
            return


def _section(window: Any, entry: tuple[str, Any]) -> Any:
    from workbench.export.report import ReportSection

    title, what = entry
    if isinstance(what, str):
        return ReportSection(title, note=what)
    return sources.build_section(window, title, what)
