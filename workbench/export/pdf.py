"""Steps as a PDF, drawn with Qt: ``QPdfWriter`` pages, ``QPainter`` text, and the
typeset math from :func:`workbench.export.html_page.math_svg` drawn by ``QSvgRenderer``
(so the PDF keeps the math as vectors and its words as searchable text).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QMarginsF, QRectF, Qt
from PySide6.QtGui import (QFont, QFontMetricsF, QGuiApplication, QImage, QPageLayout, QPageSize,
                           QPainter, QPdfWriter)
from PySide6.QtSvg import QSvgRenderer

from workbench.protocol.steps import Step
from workbench.protocol.wording import rule_name
from workbench.export.documents import ARROW, as_steps, plain_title, step_formula, today
from workbench.export.html_page import math_svg

_DPI = 300
_SVG_DPI = 96.0  # ziamath sizes its SVGs in CSS pixels
_GAP = 0.06  # inch between blocks
_INDENT = 0.3  # inch per level of substeps
_FENCE = re.compile(r"\\(left|right)(?![A-Za-z])")
_MIN_SHRINK = 0.7  # a formula that would be drawn smaller than this is split instead


def ensure_gui_app() -> QGuiApplication:
    """The running Qt application, or a new ``QGuiApplication`` (fonts need one)."""
    app = QGuiApplication.instance()
    return app if app is not None else QGuiApplication([])  # type: ignore[return-value]


def a4_writer(path: str | Path, title: str) -> QPdfWriter:
    """A PDF writer for an A4 portrait document at this module's resolution, titled."""
    ensure_gui_app()
    writer = QPdfWriter(str(path))
    writer.setResolution(_DPI)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Portrait,
                                     QMarginsF(20, 18, 20, 18), QPageLayout.Unit.Millimeter))
    writer.setTitle(title)
    writer.setCreator("Calculus Workbench")
    return writer


def steps_to_pdf(path: str | Path, title: str, latex: str,
                 steps: Sequence[Step | dict[str, Any]], date: str | None = None) -> int:
    """Write an A4 PDF of the title, date, result and steps to ``path``; return the page count."""
    writer = a4_writer(path, title)
    painter = QPainter(writer)
    try:
        flow = _Flow(writer, painter)
        flow.text(title, _font(20, bold=True), 0)
        flow.text(date or today(), _font(10, colour=True), 0)
        flow.skip(2)
        if latex.strip():
            flow.math(latex, 0, 22.0)
            flow.skip(2)
        if steps:
            flow.text("Steps", _font(14, bold=True), 0)
            _draw_steps(flow, as_steps(steps), "", 0)
        flow.footer()
    finally:
        painter.end()
    return flow.page


def _draw_steps(flow: _Flow, steps: list[Step], prefix: str, depth: int) -> None:
    for number, step in enumerate(steps, 1):
        label = f"{prefix}{number}"
        indent = depth * _INDENT
        words = f"{label}.  {plain_title(step.title)}   ({rule_name(step.rule)})"
        flow.text(words, _font(11, bold=depth == 0), indent)
        formula = step_formula(step)
        if formula:
            flow.math(formula, indent + 0.2, 16.0)
        _draw_steps(flow, step.substeps, label + ".", depth + 1)


def split_formula(latex: str) -> list[str]:
    """A long formula as two shorter lines: at the arrow between before and after, else
    at the middle top-level ``+`` or ``-`` (outside braces and \\left...\\right)."""
    if ARROW in latex:
        before, after = latex.split(ARROW, 1)
        return [before, ARROW + after]
    cuts, depth, i = [], 0, 0
    while i < len(latex):
        fence = _FENCE.match(latex, i)  # \left( ... \right), but not \rightarrow
        if (fence and fence.group(1) == "left") or latex[i] == "{":
            depth += 1
        elif fence or latex[i] == "}":
            depth -= 1
        elif depth == 0 and latex.startswith((" + ", " - "), i) and i > 0:
            cuts.append(i)
        i += 1
    if not cuts:
        return [latex]
    cut = cuts[len(cuts) // 2]
    return [latex[:cut], latex[cut:].lstrip()]


def _font(points: float, bold: bool = False, colour: bool = False) -> QFont:
    font = QFont("DejaVu Sans")
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPointSizeF(points)
    font.setBold(bold)
    font.setItalic(colour)
    return font


class _Flow:
    """A cursor running down the pages; blocks that don't fit start a new page."""

    def __init__(self, writer: QPdfWriter, painter: QPainter) -> None:
        self.writer = writer
        self.painter = painter
        rect = writer.pageLayout().paintRectPixels(_DPI)
        self.width = float(rect.width())
        self.height = float(rect.height())
        self.y = 0.0
        self.page = 1

    def skip(self, lines: float) -> None:
        """Leave some vertical space."""
        self.y += lines * _GAP * _DPI

    def _room(self, needed: float) -> None:
        if self.y + needed > self.height - 0.3 * _DPI and self.y > 0:
            self.footer()
            self.writer.newPage()
            self.page += 1
            self.y = 0.0

    def text(self, words: str, font: QFont, indent: float) -> None:
        """Draw wrapped plain words ``indent`` inches from the left margin."""
        left = indent * _DPI
        flags = int(Qt.AlignmentFlag.AlignLeft) | int(Qt.TextFlag.TextWordWrap)
        box = QFontMetricsF(font, self.writer).boundingRect(
            QRectF(0, 0, self.width - left, 1e6), flags, words)
        self._room(box.height())  # first: a page break draws the footer with its own font
        self.painter.setFont(font)
        self.painter.setPen(Qt.GlobalColor.darkGray if font.italic() else Qt.GlobalColor.black)
        self.painter.drawText(QRectF(left, self.y, self.width - left, box.height()), flags, words)
        self.y += box.height() + _GAP * _DPI

    def math(self, latex: str, indent: float, size: float) -> None:
        """Draw typeset LaTeX, shrunk to fit the line (and the page) if it is too large."""
        svg = math_svg(latex, size)
        renderer = QSvgRenderer(QByteArray(svg.encode("utf-8"))) if svg else None
        if renderer is None or not renderer.isValid():
            font = QFont("DejaVu Sans Mono")
            font.setPointSizeF(9)
            self.text(latex, font, indent)
            return
        left = indent * _DPI
        view = renderer.viewBoxF()
        scale = _DPI / _SVG_DPI
        width, height = view.width() * scale, view.height() * scale
        shrink = min(1.0, (self.width - left) / width, (self.height * 0.9) / height)
        if shrink < _MIN_SHRINK:
            lines = split_formula(latex)
            if len(lines) > 1:  # too long to read shrunk: continue it on the next line
                for line in lines:
                    self.math(line, indent, size)
                return
        width, height = width * shrink, height * shrink
        self._room(height)
        # Qt's PDF engine strokes every SVG path as well as filling it, which makes the
        # glyphs look bold, so the math goes in as an image rendered at twice the page's dpi
        image = QImage(max(1, round(width * 2)), max(1, round(height * 2)),
                       QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        image_painter = QPainter(image)
        image_painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(image_painter)
        image_painter.end()
        self.painter.drawImage(QRectF(left, self.y, width, height), image)
        self.y += height + _GAP * _DPI

    def footer(self) -> None:
        """The page number, centred under the text."""
        font = _font(8, colour=True)
        self.painter.setFont(font)
        self.painter.setPen(Qt.GlobalColor.darkGray)
        box = QRectF(0, self.height - 0.2 * _DPI, self.width, 0.2 * _DPI)
        self.painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), f"{self.page}")
