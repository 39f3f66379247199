"""Session reports: HTML and PDF from sections, atomic writes, and the ``report`` command end
to end on small session files."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage

from tests.export.steps_sample import LATEX, TITLE, all_titles, sample_steps
from workbench.export.report import (ReportFigure, ReportSection, report_format, report_to_html,
                                     write_report)
from workbench.ui.labs.base import DerivationView

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _widgets_app(qapp):
    """A QApplication before anything Qt (the PDF writer would settle for a bare
    QGuiApplication, and later widgets can't live with one)."""
    return qapp


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def png(width=120, height=80, colour="#1565c0") -> bytes:
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor(colour))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


def sections():
    return [ReportSection("Explore", (ReportFigure("Plot of f", png()),),
                          DerivationView(TITLE, LATEX, sample_steps())),
            ReportSection("Gradient", (ReportFigure("Loss surface", png(colour="#2e7d32")),
                                       ReportFigure("Path", png(colour="#c62828")))),
            ReportSection("Backprop", note="The Backprop lab is not available in this build.")]


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_html_has_every_section_figure_and_step_inline():
    page = Page()
    page.feed(report_to_html(sections(), "Week 3", date="2026-01-02"))
    names = [tag for tag, _ in page.tags]
    assert "script" not in names and names.count("section") == 3 and "svg" in names
    words = " ".join(page.text)
    for expected in ("Week 3", "2026-01-02", "Explore", "Gradient", "Backprop", "not available",
                     *all_titles(sample_steps())):
        assert expected in words
    images = [attrs for tag, attrs in page.tags if tag == "img"]
    assert [a["alt"] for a in images] == ["Plot of f", "Loss surface", "Path"]
    for attrs in images:
        assert attrs["src"].startswith("data:image/png;base64,")
        decoded = QImage.fromData(base64.b64decode(attrs["src"].split(",", 1)[1]), "PNG")
        assert decoded.width() == 120
    assert not [a for _, a in page.tags if str(a.get("href", a.get("src", ""))).startswith("http")]


def test_pdf_report_pages_text_and_images(tmp_path):
    path = write_report(tmp_path / "r.pdf", sections(), "Week 3", date="2026-01-02")
    data = path.read_bytes()
    assert data.startswith(b"%PDF") and data.count(b"/Subtype /Image") >= 3
    assert oct(path.stat().st_mode & 0o777) != oct(0o600)  # not left private like a temp file
    if shutil.which("pdftotext"):
        text = " ".join(pdf_text(path).split())
        for expected in ("Week 3", "2026-01-02", "Gradient", "Loss surface", "not available",
                         "Power rule"):
            assert expected in text


def test_report_format_and_failed_writes_leave_nothing(tmp_path, monkeypatch):
    assert report_format("a.PDF") == "pdf" and report_format("b.htm") == "html"
    with pytest.raises(ValueError, match=r"\.pdf or \.html"):
        report_format("c.docx")
    (tmp_path / "old.html").write_text("previous report")

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("workbench.export.report.report_to_html", broken)
    with pytest.raises(OSError):
        write_report(tmp_path / "old.html", sections())
    assert [p.name for p in tmp_path.iterdir()] == ["old.html"]
    assert (tmp_path / "old.html").read_text() == "previous report"  # the old one is kept


def session_file(tmp_path, labs) -> Path:
    path = tmp_path / "s.calcwb"
    path.write_text(json.dumps({"format": "calculus-workbench-session", "schema": 1,
                                "labs": labs, "active": 0}), encoding="utf-8")
    return path


def test_cli_report_end_to_end(tmp_path):
    """The installed command line: a real process, offscreen, the real derive handler."""
    session = session_file(tmp_path, [{"kind": "explore", "title": "",
                                       "state": {"function": "x^3 - 2x",
                                                 "x_range": [-2, 3], "y_range": [-5, 20]}}])
    out = tmp_path / "report.pdf"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    done = subprocess.run([sys.executable, "-m", "workbench.cli", "report", str(session),
                           "-o", str(out)], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=180)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # quiet: no Qt chatter
    assert out.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = " ".join(pdf_text(out).split())
        assert "s.calcwb" in text and "Derivative of x^3 - 2x" in text
        assert "Power rule" in text  # the real engine's steps, not a stand-in


def test_cli_report_with_labs_in_process(tmp_path, monkeypatch, qapp):
    """Labs restored from the session (one installed, one not) each get a section."""
    from workbench import cli
    from workbench.session import fields, model
    from workbench.ui import labs as labs_module

    monkeypatch.setitem(model._LAB_FIELDS, "fakeexport", (fields.Field("n", "int", default=1),))
    monkeypatch.setitem(model._LAB_FIELDS, "ghost", ())
    monkeypatch.setattr(labs_module, "LABS",
                        {"fakeexport": ("Fake export", "tests.ui.export.fake_lab:FakeExportLab"),
                         "ghost": ("Ghost", "tests.nowhere:GhostLab")})
    monkeypatch.setattr("workbench.ui.lab_tabs.LABS", labs_module.LABS)
    monkeypatch.setattr("workbench.ui.export.headless.QUIET_S", 0.2)  # the fake lab never waits
    session = session_file(tmp_path, [
        {"kind": "explore", "title": "", "state": {"function": "sin(x)"}},
        {"kind": "fakeexport", "title": "", "state": {"n": 3}},
        {"kind": "ghost", "title": "Ghost", "state": {}}])
    out = tmp_path / "report.html"
    assert cli.run(["report", str(session), "-o", str(out)]) == 0
    page = Page()
    page.feed(out.read_text(encoding="utf-8"))
    assert [t for t in (s.strip() for s in page.text) if t in ("Explore", "Fake export",
                                                               "Ghost")] == [
        "Explore", "Fake export", "Ghost"]
    assert "The Ghost lab is not available in this build." in page.text
    assert len([1 for tag, _ in page.tags if tag == "img"]) == 3


@pytest.mark.parametrize("content, words", [
    ("{broken", "damaged or incomplete"),
    ('{"format": "calculus-workbench-session", "schema": 1, "labs": [{"kind": "nope"}]}',
     "unknown lab kind"),
    ("", "damaged"),
])
def test_cli_bad_session_is_one_line_and_status_2(tmp_path, capsys, content, words):
    from workbench import cli

    bad = tmp_path / "bad.calcwb"
    bad.write_text(content, encoding="utf-8")
    assert cli.run(["report", str(bad), "-o", str(tmp_path / "r.pdf")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and words in err and err.startswith("calculus-workbench report")
    assert not (tmp_path / "r.pdf").exists()


def test_cli_missing_session_and_bad_output_name(tmp_path, capsys):
    from workbench import cli

    assert cli.run(["report", str(tmp_path / "none.calcwb"), "-o", "r.pdf"]) == 2
    assert "none.calcwb" in capsys.readouterr().err
    assert cli.run(["report", str(tmp_path / "none.calcwb"), "-o", "r.docx"]) == 2
    assert ".pdf or .html" in capsys.readouterr().err


def test_an_atomic_write_never_replaces_a_device_or_a_folder(tmp_path):
    # Renaming a temporary file over /dev/full as root replaced the device with a file.
    import stat

    import pytest

    from workbench.export.report import write_atomic

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    folder = tmp_path / "folder"
    folder.mkdir()
    for target in (fifo, folder):
        with pytest.raises(OSError, match="not a regular file"):
            write_atomic(target, lambda tmp: Path(tmp).write_text("x", encoding="utf-8"))
    assert stat.S_ISFIFO(fifo.stat().st_mode) and folder.is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder", "pipe"]  # no leftovers
    plain = tmp_path / "report.html"
    write_atomic(plain, lambda tmp: Path(tmp).write_text("<p>ok</p>", encoding="utf-8"))
    assert plain.read_text(encoding="utf-8") == "<p>ok</p>"
