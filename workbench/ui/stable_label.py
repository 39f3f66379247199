"""``StableLabel``: a few lines of coloured text that change every frame, drawn cheaply.

A rich-text QLabel costs more than the plots themselves at drag rates: every
``setText`` parses the HTML into a QTextDocument, lays it out, asks the parent's layout
to recompute, and every paint walks the document again (measured: about a third of a
tangent-drag frame for the Derivatives lab's two labels, an eighth of an Integrals lab
drag frame for its readout). This widget has a fixed height, takes no part in layout
requests, and paints its text word by word with QPainter, wrapping at its width.

It understands the little markup the labs write: ``<span style='color:…'>``, ``<b>``,
``<br>``, ``&nbsp;`` and the other character references (Python's own HTML parser reads
it). Text that wraps past its lines makes it grow; the tooltip gives all of it too.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

import re

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

MARGIN = 3  # pixels between the text and the widget's edge
_WORDS = re.compile(r"\S+\s*|\s+")  # a word with the spaces after it (or leading spaces)


@dataclass(frozen=True)
class Run:
    """A piece of text in one colour and weight."""

    text: str
    colour: str | None = None  # None: the palette's text colour
    bold: bool = False


class _RunParser(HTMLParser):
    """Splits the lab's markup into lines of runs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[list[Run]] = [[]]
        self._colours: list[str | None] = []
        self._bold = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.lines.append([])
        elif tag == "b":
            self._bold += 1
        elif tag == "span":
            style = dict(attrs).get("style") or ""
            colour = next((part.split(":", 1)[1].strip() for part in style.split(";")
                           if part.strip().startswith("color:")), None)
            self._colours.append(colour or (self._colours[-1] if self._colours else None))

    def handle_endtag(self, tag: str) -> None:
        if tag == "b":
            self._bold = max(0, self._bold - 1)
        elif tag == "span" and self._colours:
            self._colours.pop()

    def handle_data(self, data: str) -> None:
        colour = self._colours[-1] if self._colours else None
        self.lines[-1].append(Run(data.replace("\u00a0", " "), colour, self._bold > 0))


def parse_runs(markup: str) -> list[list[Run]]:
    """The lines of ``markup``, each a list of runs."""
    parser = _RunParser()
    parser.feed(markup)
    parser.close()
    return parser.lines


class StableLabel(QWidget):
    """A fixed-height label of ``lines`` lines whose text may change every frame.

    ``boxed`` draws it as a white readout with a thin border, painting its whole
    rectangle (so a new frame's text repaints nothing behind it). Where its text wraps
    to more lines than that (a narrow window), it grows to show them all: once when the
    text outgrows it, and on a resize, never on every frame.
    """

    def __init__(self, lines: int, parent: QWidget | None = None, *,
                 boxed: bool = False, point_size: float | None = None) -> None:
        super().__init__(parent)
        if point_size is not None:  # larger (or smaller) text than the application's
            font = QFont(self.font())
            font.setPointSizeF(point_size)
            self.setFont(font)
        self._markup = ""
        self._lines: list[list[Run]] = []
        self._boxed = boxed
        self._fonts = (QFont(self.font()), QFont(self.font()))
        self._fonts[1].setBold(True)
        self._metrics = tuple(QFontMetricsF(font) for font in self._fonts)
        self._min_lines = lines
        self.setFixedHeight(self._height_of(lines))
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        if boxed:
            self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def setText(self, text: str) -> None:  # noqa: N802 - QLabel's name
        """Show ``text`` (the small markup described in the module's docstring)."""
        if text == self._markup:
            return
        self._markup = text
        self._lines = parse_runs(text)
        plain = self.plain_text()
        self.setAccessibleDescription(plain)
        self.setToolTip(plain)  # all of it, should the width cut it short
        if not self.fits():
            self._fit_height(shrink=False)  # rare: a longer text than any before
        self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        """Take as many lines as the text needs at the new width (at least ``lines``)."""
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self._fit_height(shrink=True)

    def _height_of(self, lines: int) -> int:
        return round(lines * self._metrics[0].lineSpacing()) + 2 * MARGIN

    def _fit_height(self, shrink: bool) -> None:
        baselines = sorted({baseline for *_rest, baseline in self._placed()})
        spacing = self._metrics[0].lineSpacing()
        needed = round((baselines[-1] - baselines[0]) / spacing) + 1 if baselines else 1
        shown = round((self.height() - 2 * MARGIN) / spacing)
        lines = max(self._min_lines, needed) if shrink else max(shown, needed)
        if self._height_of(lines) != self.height():
            self.setFixedHeight(self._height_of(lines))

    def text(self) -> str:
        """The markup shown."""
        return self._markup

    def plain_text(self) -> str:
        """The text shown, without markup (lines joined by newlines)."""
        return "\n".join("".join(run.text for run in line) for line in self._lines)

    def fits(self) -> bool:
        """Whether all the text fits the widget at its width (else the end is cut off)."""
        last = max((baseline for *_rest, baseline in self._placed()), default=0.0)
        return last + self._metrics[0].descent() <= self.height() - MARGIN + 1

    def _placed(self) -> list[tuple[Run, str, float, float]]:
        """Where each piece of text goes: (run, text, x, baseline), wrapping at the width."""
        out: list[tuple[Run, str, float, float]] = []
        spacing = self._metrics[0].lineSpacing()
        baseline = MARGIN + self._metrics[0].ascent()
        right = self.width() - MARGIN
        for line in self._lines:
            x = float(MARGIN)
            for run in line:
                metrics = self._metrics[run.bold]
                whole = metrics.horizontalAdvance(run.text)
                if x + whole <= right:  # the usual case: the run fits, one call draws it
                    out.append((run, run.text, x, baseline))
                    x += whole
                    continue
                for word in _WORDS.findall(run.text):
                    width = metrics.horizontalAdvance(word)
                    if x > MARGIN and x + metrics.horizontalAdvance(word.rstrip()) > right:
                        x, baseline = float(MARGIN), baseline + spacing  # wrap
                        if word.isspace():
                            continue
                    out.append((run, word, x, baseline))
                    x += width
            baseline += spacing
        return out

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        """Draw the runs word by word, left to right, wrapping at the widget's width."""
        painter = QPainter(self)
        if self._boxed:
            painter.fillRect(self.rect(), QColor("#ffffff"))
            painter.setPen(QColor("#dddddd"))
            painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        default = self.palette().color(self.foregroundRole())
        for run, text, x, baseline in self._placed():
            painter.setFont(self._fonts[run.bold])
            painter.setPen(QColor(run.colour) if run.colour else default)
            painter.drawText(QPointF(x, baseline), text)
        painter.end()
