"""A study session as one report: every lab's figures and derivation, titled and dated.

The input is plain data - a list of :class:`ReportSection` (a title, PNG bytes of
its figures, and a derivation as title/latex/steps) - so the window and the command
line build the same report. HTML is one self-contained page (figures as ``data:``
URIs, math as inline SVG, no scripts); PDF is drawn with Qt like the step PDFs.
Both are written to a temporary file first and renamed, so a failed write leaves
no partial report.
"""

from __future__ import annotations

import base64
import html
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.export.documents import as_steps, today
from workbench.export.html_page import html_step_list, inline_math

REPORT_TITLE = "Study session report"
_PDF_DPI = 300  # the step PDFs' resolution (their layout code assumes it)
_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 56rem;
       margin: 2rem auto; padding: 0 1rem; color: #1d2330; line-height: 1.45; }
h1 { margin-bottom: 0.2rem; }
.date { color: #667; margin-top: 0; }
section { margin: 2rem 0; padding-top: 1rem; border-top: 1px solid #d7dbe3; }
figure { margin: 1rem 0; }
figure img { max-width: 100%; height: auto; border: 1px solid #e2e5ea; }
figcaption { color: #556; font-size: 0.9em; }
.result { margin: 1rem 0; padding: 0.6rem 1rem; background: #f3f6fb;
          border-left: 4px solid #3b6fd6; overflow-x: auto; }
.rule { font-family: ui-monospace, monospace; font-size: 0.8em; color: #556;
        background: #eef0f4; border-radius: 3px; padding: 0 0.3em; margin-left: 0.4em; }
.title { font-weight: 600; }
.formula { margin: 0.3rem 0; overflow-x: auto; }
.math svg { vertical-align: middle; }
.note { color: #8a4b00; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 0.92em; }
caption { text-align: left; font-weight: 600; padding-bottom: 0.3rem; }
th, td { border: 1px solid #d7dbe3; padding: 0.25rem 0.6rem; text-align: left; }
th { background: #f3f6fb; }
""".strip()


@dataclass(frozen=True)
class ReportFigure:
    """One figure: its caption and the image as PNG bytes."""

    caption: str
    png: bytes


@dataclass(frozen=True)
class ReportTable:
    """Numbers a lab reports beside its figures: a caption, column names and rows of text
    (e.g. each racer of a descent race with its η, final point and final loss)."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def lines(self) -> list[str]:
        """Each row as one line of "name: value" pairs (for the PDF's text flow)."""
        return ["; ".join(f"{name}: {value}" for name, value in zip(self.header, row))
                for row in self.rows]


@dataclass(frozen=True)
class ReportSection:
    """One lab in the report. ``derivation`` is anything with ``title``, ``latex``
    and ``steps`` (a ``DerivationView``), or None; ``note`` is a sentence shown in
    place of missing content (e.g. "this lab is not available in this build");
    ``tables`` are the lab's numbers (see :class:`ReportTable`)."""

    title: str
    figures: tuple[ReportFigure, ...] = ()
    derivation: Any = None
    note: str = ""
    tables: tuple[ReportTable, ...] = ()


@dataclass
class _Derivation:
    title: str
    latex: str
    steps: list[Any] = field(default_factory=list)


def _derivation_of(section: ReportSection) -> _Derivation | None:
    view = section.derivation
    if view is None:
        return None
    return _Derivation(str(view.title), str(view.latex or ""), as_steps(view.steps or []))


# --- HTML --------------------------------------------------------------------------------

def report_to_html(sections: Sequence[ReportSection], title: str = REPORT_TITLE,
                   date: str | None = None) -> str:
    """The report as one self-contained HTML page (no scripts, no external files)."""
    parts = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>{html.escape(title)}</title>", f"<style>\n{_STYLE}\n</style>",
             "</head>", "<body>", f"<h1>{html.escape(title)}</h1>",
             f'<p class="date">{html.escape(date or today())}</p>']
    if not sections:
        parts.append('<p class="note">The session has no open labs.</p>')
    for section in sections:
        parts += _html_section(section)
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"


def _html_section(section: ReportSection) -> list[str]:
    out = ["<section>", f"<h2>{html.escape(section.title)}</h2>"]
    if section.note:
        out.append(f'<p class="note">{html.escape(section.note)}</p>')
    for figure in section.figures:
        data = base64.b64encode(figure.png).decode("ascii")
        caption = html.escape(figure.caption)
        out.append(f'<figure><img src="data:image/png;base64,{data}" alt="{caption}">'
                   f"<figcaption>{caption}</figcaption></figure>")
    for table in section.tables:
        out += _html_table(table)
    derivation = _derivation_of(section)
    if derivation is not None:
        out.append(f"<h3>{html.escape(derivation.title)}</h3>")
        if derivation.latex.strip():
            out.append(f'<div class="result">{inline_math(derivation.latex, 20.0)}</div>')
        if derivation.steps:
            out += html_step_list(list(derivation.steps), 16.0)
    out.append("</section>")
    return out


def _html_table(table: ReportTable) -> list[str]:
    cells = "".join(f"<th>{html.escape(name)}</th>" for name in table.header)
    out = ["<table>", f"<caption>{html.escape(table.caption)}</caption>",
           f"<thead><tr>{cells}</tr></thead>", "<tbody>"]
    for row in table.rows:
        out.append("<tr>" + "".join(f"<td>{html.escape(value)}</td>" for value in row)
                   + "</tr>")
    return out + ["</tbody>", "</table>"]


# --- PDF -----------------------------------------------------------------------------------

def report_to_pdf(path: str | Path, sections: Sequence[ReportSection],
                  title: str = REPORT_TITLE, date: str | None = None) -> int:
    """Write the report as an A4 PDF; return the page count."""
    from PySide6.QtGui import QPainter

    from workbench.export.pdf import a4_writer

    writer = a4_writer(path, title)
    painter = QPainter(writer)
    try:
        flow = _report_flow(writer, painter)
        flow.text(title, _pdf_font(22, bold=True), 0)
        flow.text(date or today(), _pdf_font(10, italic=True), 0)
        if not sections:
            flow.text("The session has no open labs.", _pdf_font(11), 0)
        for number, section in enumerate(sections):
            if number:
                flow.new_page()  # each lab starts on a page of its own
            else:
                flow.skip(3)
            _pdf_section(flow, section)
        flow.footer()
    finally:
        painter.end()
    return flow.page


def _pdf_font(points: float, bold: bool = False, italic: bool = False) -> Any:
    from workbench.export import pdf

    return pdf._font(points, bold=bold, colour=italic)  # noqa: SLF001 - the step PDF's fonts


def _pdf_section(flow: Any, section: ReportSection) -> None:
    from workbench.export import pdf

    flow.text(section.title, _pdf_font(17, bold=True), 0)
    if section.note:
        flow.text(section.note, _pdf_font(10, italic=True), 0)
    for figure in section.figures:
        flow.image(figure.png)
        flow.text(figure.caption, _pdf_font(9, italic=True), 0)
    for table in section.tables:
        flow.skip(0.5)
        flow.text(table.caption, _pdf_font(11, bold=True), 0)
        for line in table.lines():
            flow.text(line, _pdf_font(10), 0.15)
    derivation = _derivation_of(section)
    if derivation is None:
        return
    flow.skip(1)
    flow.text(derivation.title, _pdf_font(13, bold=True), 0)
    if derivation.latex.strip():
        flow.math(derivation.latex, 0, 18.0)
    if derivation.steps:
        pdf._draw_steps(flow, derivation.steps, "", 0)  # noqa: SLF001 - same layout as step PDFs


def _report_flow(writer: Any, painter: Any) -> Any:
    """The step PDF's page cursor, taught to draw figures and to start a new page."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage

    from workbench.export import pdf

    class ReportFlow(pdf._Flow):  # noqa: SLF001 - the step PDF's layout, extended
        """The step PDF's cursor with figures and forced page breaks."""

        def new_page(self) -> None:
            """Finish this page (its footer) and continue at the top of the next."""
            self.footer()
            self.writer.newPage()
            self.page += 1
            self.y = 0.0

        def image(self, png: bytes) -> None:
            """Draw a PNG as wide as the text (at most 45% of a page tall)."""
            picture = QImage.fromData(png, "PNG")
            if picture.isNull():
                return
            # figures keep their aspect, as wide as the text, never taller than 45% of a page
            scale = min(self.width / picture.width(), 0.45 * self.height / picture.height())
            width, height = picture.width() * scale, picture.height() * scale
            self._room(height)
            self.painter.drawImage(QRectF(0, self.y, width, height), picture)
            self.y += height + 0.08 * _PDF_DPI

    return ReportFlow(writer, painter)


# --- files ---------------------------------------------------------------------------------

def report_format(path: str | Path) -> str:
    """"pdf" or "html" from the file name; ValueError for anything else."""
    suffix = Path(path).suffix.lower()
    if suffix == ".pdf":
        return "pdf"
    if suffix in (".html", ".htm"):
        return "html"
    raise ValueError(f"a report must end in .pdf or .html, not {suffix or 'nothing'!r}")


def write_report(path: str | Path, sections: Sequence[ReportSection],
                 title: str = REPORT_TITLE, date: str | None = None) -> Path:
    """Write the report as PDF or HTML (by ``path``'s extension), atomically."""
    target = Path(path)
    if report_format(target) == "pdf":
        write_atomic(target, lambda tmp: report_to_pdf(tmp, sections, title, date))
    else:
        page = report_to_html(sections, title, date)
        write_atomic(target, lambda tmp: Path(tmp).write_text(page, encoding="utf-8"))
    return target


def write_atomic(target: Path, write: Callable[[str], Any]) -> None:
    """Call ``write`` on a temporary file beside ``target`` and rename it into place.

    A writer that fails leaves nothing behind; Qt's writers fail silently, so an
    empty result counts as a failure too. A ``target`` that exists and is not a regular
    file (a folder, a device such as /dev/full, a pipe) is refused: renaming over it
    would replace it (as root, a device) with a file.
    """
    if target.exists() and not target.is_file():
        raise OSError(f"{target} is not a regular file: choose a file name to write to")
    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=folder)
    os.close(fd)
    try:
        write(tmp)
        if Path(tmp).stat().st_size == 0:
            raise OSError(f"nothing could be written to {target.name}")
        # mkstemp makes the file private (0600); a report gets the usual permissions
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
