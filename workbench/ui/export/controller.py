"""``ExportController``: the window's Export menu - figures, derivations, animations and
the session report - wired to the exporters in ``workbench.export``.

The window is not edited: ``ExportController(window).install()`` adds the menu to its
menu bar (before Help when another controller has added one). Every file is written
to a temporary name and renamed, so a failed or cancelled export leaves nothing
behind; a failure is shown in words, never as a traceback.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QFileDialog, QMenu, QMessageBox

from workbench.ui.export import sources
from workbench.ui.export.dialogs import (ANIMATION_FORMATS, DERIVATION_FORMATS, FIGURE_FORMATS,
                                         REPORT_FORMATS, FigureOptionsDialog, format_of,
                                         with_suffix)
from workbench.ui.export.errors import describe_write_error
from workbench.ui.export.runner import BatchRunner
from workbench.ui.export.settings import ExportSettings

Formats = dict[str, tuple[str, str]]


def file_stem(text: str, fallback: str) -> str:
    """A safe file name from a title ("Derivative of x^2 sin(x)" -> "Derivative_of_x2_sinx")."""
    stem = re.sub(r"[^\w\-]+", "_", text).strip("_")[:60]
    return stem or fallback


class ExportController(QObject):
    """Owns the Export menu of a ``MainWindow`` and runs its exports."""

    export_done = Signal(str)  # the path written
    export_failed = Signal(str)  # the message shown

    def __init__(self, window: Any, settings: ExportSettings | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings if settings is not None else ExportSettings()
        self.runner: BatchRunner | None = None
        self.menu: QMenu | None = None
        self.actions: dict[str, QAction] = {}

    # ---------------------------------------------------------------- menu
    def install(self) -> QMenu:
        """Add the Export menu to the window's menu bar (before Help if there is one)."""
        bar = self.window.menuBar()
        menu = QMenu("&Export", bar)
        menu.setObjectName("export_menu")
        entries = [
            ("figure", "Export &figure\u2026", "Ctrl+E", self.export_figure),
            ("derivation", "Export &derivation\u2026", "Ctrl+Shift+E", self.export_derivation),
            ("animation", "Export &animation\u2026", "", self.export_animation),
            ("report", "Export session &report\u2026", "", self.export_report),
        ]
        for key, text, shortcut, slot in entries:
            action = QAction(text, menu)
            action.setObjectName(f"export_{key}_action")
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(slot)
            menu.addAction(action)
            self.window.addAction(action)  # the shortcut works while the menu is closed
            self.actions[key] = action
        help_menu = next((a for a in bar.actions() if a.text().replace("&", "") == "Help"), None)
        if help_menu is not None:
            bar.insertMenu(help_menu, menu)
        else:
            bar.addMenu(menu)
        menu.aboutToShow.connect(self.update_actions)
        self.menu = menu
        return menu

    def update_actions(self) -> None:
        """Enable only what the current tab can export."""
        busy = self.runner is not None and self.runner.is_running()
        self.actions["figure"].setEnabled(not busy and bool(sources.current_figures(self.window)))
        self.actions["derivation"].setEnabled(
            not busy and sources.current_derivation(self.window) is not None)
        self.actions["animation"].setEnabled(
            not busy and sources.current_animation(self.window) is not None)
        self.actions["report"].setEnabled(not busy)

    # ---------------------------------------------------------------- figures
    def export_figure(self) -> str | None:
        """Ask for a figure, format, size and file; write it. Returns the path written."""
        figures = sources.current_figures(self.window)
        if not figures:
            return self._tell(f"The {sources.current_title(self.window)} tab has no figure "
                              "to export yet.")
        # the size starts as the figure's size on screen (what "match the screen" means);
        # the resolution is remembered
        dialog = FigureOptionsDialog(
            [name for name, _ in figures], self.settings.format("figure", "png"),
            sources.figure_size(figures[0][1]), self.settings.number("figure/dpi", 96),
            self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        options = dialog.options()
        self.settings.set_number("figure/dpi", options.dpi)
        name, widget = figures[options.figure]
        title = f"{sources.current_title(self.window)} {name}"
        path = self._ask_path("figure", "Export figure", FIGURE_FORMATS, options.fmt,
                              file_stem(title, "figure"))
        if path is None:
            return None
        path, _fmt = path
        return self._save(path, lambda tmp: self._draw_figure(widget, tmp, options))

    @staticmethod
    def _draw_figure(widget: Any, tmp: str, options: Any) -> None:
        from workbench.export.plots import export_plot_png, export_plot_svg, plot_item_of

        try:
            plot_item_of(widget)
        except TypeError:  # not a pyqtgraph plot (a 3-D view, a custom widget): as drawn
            draw_widget(widget, tmp, options.fmt, options.width, options.height)
            return
        if options.fmt == "svg":
            export_plot_svg(widget, tmp, options.width, options.height)
        else:
            export_plot_png(widget, tmp, options.width, options.height, options.dpi)

    # ---------------------------------------------------------------- derivations
    def export_derivation(self) -> str | None:
        """Ask for a file and write the current tab's derivation in its format."""
        view = sources.current_derivation(self.window)
        if view is None:
            return self._tell(f"The {sources.current_title(self.window)} tab has no "
                              "derivation to export yet.")
        asked = self._ask_path("derivation", "Export derivation", DERIVATION_FORMATS,
                               self.settings.format("derivation", "pdf"),
                               file_stem(view.title, "derivation"))
        if asked is None:
            return None
        path, fmt = asked
        return self._save(path, lambda tmp: write_derivation(tmp, fmt, view))

    # ---------------------------------------------------------------- animations
    def export_animation(self) -> str | None:
        """Ask for a file (or a new folder for PNG frames) and render the animation into it,
        in batches with a progress dialog. Returns the path being written."""
        from workbench.export.animation import AnimationWriter

        animation = sources.current_animation(self.window)
        if animation is None:
            return self._tell(f"The {sources.current_title(self.window)} tab has no "
                              "animation to export.")
        asked = self._ask_path("animation", "Export animation", ANIMATION_FORMATS,
                               self.settings.format("animation", "gif"),
                               file_stem(sources.current_title(self.window), "animation"))
        if asked is None:
            return None
        path, fmt = asked
        try:
            writer = AnimationWriter(animation, path, fmt)
        except (OSError, ValueError) as problem:
            return self._fail(describe_write_error(problem, path))
        label = f"Rendering {writer.count} frames to {Path(path).name}\u2026"
        self._run(label, writer.count, writer.add_frame, writer.finish, writer.abort, path, 3)
        return path

    # ---------------------------------------------------------------- session report
    def export_report(self) -> str | None:
        """Ask for a .pdf or .html file and write every open view into one report."""
        from workbench.export.report import write_report

        asked = self._ask_path("report", "Export session report", REPORT_FORMATS,
                               self.settings.format("report", "pdf"), "session_report")
        if asked is None:
            return None
        path, _fmt = asked
        jobs = sources.section_jobs(self.window)
        sections: list[Any] = []

        def step() -> bool:
            """Collect the next view's section; True while views remain."""
            title, lab = jobs[len(sections)]
            sections.append(sources.build_section(self.window, title, lab))
            return len(sections) < len(jobs)

        self._run(f"Collecting {len(jobs)} views for the report\u2026", len(jobs), step,
                  lambda: write_report(path, sections), lambda: None, path, 1)
        return path

    # ---------------------------------------------------------------- helpers
    def _ask_path(self, what: str, caption: str, formats: Formats, fmt: str,
                  stem: str) -> tuple[str, str] | None:
        """Ask where to save (starting in the last folder, with the last format)."""
        fmt = fmt if fmt in formats else next(iter(formats))
        filters = ";;".join(name for name, _ in formats.values())
        start = str(Path(self.settings.folder(what)) / (stem + formats[fmt][1]))
        path, chosen = QFileDialog.getSaveFileName(self.window, caption, start, filters,
                                                   formats[fmt][0])
        if not path:
            return None
        fmt = format_of(formats, path, chosen, fmt)
        path = with_suffix(formats, path, fmt)
        self.settings.set_folder(what, Path(path).parent)
        self.settings.set_format(what, fmt)
        self.settings.sync()
        return path, fmt

    def _save(self, path: str, write: Callable[[str], Any]) -> str | None:
        from workbench.export.report import write_atomic

        try:
            write_atomic(Path(path), write)
        except Exception as problem:  # noqa: BLE001 - any failure is told in words
            return self._fail(describe_write_error(problem, path))
        self._done(path)
        return path

    def _run(self, label: str, total: int, step: Callable[[], bool], finish: Callable[[], Any],
             abort: Callable[[], Any], path: str, batch: int) -> None:
        runner = BatchRunner(self.window, label, total, step, finish, abort, batch)
        self.runner = runner

        def ended(ok: bool) -> None:
            """Say how the export ended: saved, failed (in words) or cancelled."""
            if ok:
                self._done(path)
            elif runner.error is not None:
                self._fail(describe_write_error(runner.error, path))
            else:
                self.window.statusBar().showMessage("Export cancelled; nothing was written.",
                                                    8000)

        runner.finished.connect(ended)
        runner.start()

    def _done(self, path: str) -> None:
        self.window.statusBar().showMessage(f"Saved {path}", 8000)
        self.export_done.emit(path)

    def _fail(self, message: str) -> None:
        QMessageBox.warning(self.window, "Export failed", message)
        self.export_failed.emit(message)
        return None

    def _tell(self, message: str) -> None:
        QMessageBox.information(self.window, "Nothing to export", message)
        return None


def write_derivation(path: str, fmt: str, view: Any) -> None:
    """Write ``view`` (title, latex, steps) to ``path`` as md, tex, html, pdf or txt."""
    import workbench.export as export

    if fmt == "pdf":
        export.steps_to_pdf(path, view.title, view.latex, view.steps)
        return
    render = {"md": export.steps_to_markdown, "tex": export.steps_to_latex_document,
              "html": export.steps_to_html, "txt": export.steps_to_text}[fmt]
    Path(path).write_text(render(view.title, view.latex, view.steps), encoding="utf-8")


def draw_widget(widget: Any, path: str, fmt: str, width: int, height: int) -> None:
    """Any widget as it is drawn on screen: a PNG scaled to (width, height), or an SVG."""
    from PySide6.QtCore import QPoint, QRect, Qt
    from PySide6.QtGui import QPainter
    from PySide6.QtSvg import QSvgGenerator

    if fmt == "png":
        image = widget.grab().toImage().scaled(width, height,
                                               Qt.AspectRatioMode.IgnoreAspectRatio,
                                               Qt.TransformationMode.SmoothTransformation)
        if not image.save(path, "PNG"):
            raise OSError(f"could not write {path}")
        return
    generator = QSvgGenerator()
    generator.setFileName(path)
    generator.setSize(widget.size())
    generator.setViewBox(QRect(0, 0, widget.width(), widget.height()))
    painter = QPainter(generator)
    try:
        widget.render(painter, QPoint(0, 0))  # the painter overload needs the offset
    finally:
        painter.end()
