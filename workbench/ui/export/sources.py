"""What can be exported from the window: the current tab's figures, derivation and
animation, and every open view as report sections.

The Explore tab is the window's own canvas and derivation panel; every other tab is
a ``Lab`` answering ``figures()``, ``derivation()`` and ``animation()``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtWidgets import QWidget

from workbench.ui.labs.base import DerivationView

# Figures in a report: laid out at this size (logical pixels), drawn at REPORT_DPI.
REPORT_FIGURE_SIZE = (900, 560)
REPORT_DPI = 144.0


def current_lab(window: Any) -> Any:
    """The lab on show, or None on the Explore tab (or a lab not created yet)."""
    widget = window.tabs.currentWidget()
    return widget if widget in window.tabs.labs().values() else None


def current_title(window: Any) -> str:
    """The current tab's title ("Explore", "Integrals", ...)."""
    return window.tabs.tabText(window.tabs.currentIndex()) or "Explore"


def explore_derivation(window: Any) -> DerivationView | None:
    """The Explore view's derivation (the derivative on show and its steps), or None."""
    steps = window.panel.steps()
    latex = window.panel.heading.latex()
    if not steps and not latex.strip():
        return None
    return DerivationView(f"Derivative of {window.editor.text().strip()}", latex, steps)


def current_figures(window: Any) -> list[tuple[str, QWidget]]:
    """The figures of the current tab, with a name each."""
    lab = current_lab(window)
    if lab is None:
        return [("Plot", window.canvas)] if window.tabs.currentIndex() == 0 else []
    return list(lab.figures())


def current_derivation(window: Any) -> DerivationView | None:
    """The current tab's derivation, or None."""
    lab = current_lab(window)
    if lab is None:
        return explore_derivation(window) if window.tabs.currentIndex() == 0 else None
    return lab.derivation()


def current_animation(window: Any) -> Any:
    """The current lab's animation, or None (Explore has none)."""
    lab = current_lab(window)
    return lab.animation() if lab is not None else None


def figure_size(figure: QWidget) -> tuple[int, int]:
    """The figure's size on screen in pixels: the plot's own area for a pyqtgraph plot
    (without the controls around it), else the widget's."""
    from workbench.export.plots import plot_item_of

    try:
        size = plot_item_of(figure).geometry().size().toSize()
    except TypeError:
        size = figure.size()
    return max(size.width(), 16), max(size.height(), 16)


def figure_png(figure: QWidget, size: tuple[int, int] = REPORT_FIGURE_SIZE,
               dpi: float = REPORT_DPI) -> bytes:
    """A figure as PNG bytes: a pyqtgraph plot through the plot exporter (laid out at
    ``size``), any other widget as it is drawn on screen."""
    from workbench.export.plots import export_plot_png, plot_item_of

    try:
        plot_item_of(figure)
    except TypeError:
        return _grab_png(figure)
    scale = dpi / 96.0
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "figure.png"
        export_plot_png(figure, path, round(size[0] * scale), round(size[1] * scale), dpi)
        return path.read_bytes()


def _grab_png(widget: QWidget) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    widget.grab().save(buffer, "PNG")
    buffer.close()
    return bytes(data)


def section_jobs(window: Any) -> list[tuple[str, Any]]:
    """(title, lab or None for Explore) for every view worth a report section, in tab order."""
    jobs: list[tuple[str, Any]] = [("Explore", None)]
    labs = window.tabs.labs()
    for index in range(window.tabs.count()):
        widget = window.tabs.widget(index)
        if widget in labs.values():
            jobs.append((window.tabs.tabText(index), widget))
    return jobs


def build_section(window: Any, title: str, lab: Any) -> Any:
    """One report section: the view's figures as PNG and its derivation."""
    from workbench.export.report import ReportFigure, ReportSection

    tables: tuple = ()
    if lab is None:
        figures = [("Plot of " + window.editor.text().strip(), window.canvas)]
        derivation = explore_derivation(window)
    else:
        figures = list(lab.figures())
        derivation = lab.derivation()
        tables = tuple(lab.report_tables())
    pictures = tuple(ReportFigure(name, figure_png(widget)) for name, widget in figures)
    note = "" if pictures or derivation or tables else "Nothing to show in this lab yet."
    return ReportSection(title, pictures, derivation, note, tables)
