"""Export session report...: every open view's figures and derivation in one PDF or HTML."""

from __future__ import annotations

import base64
import shutil
import subprocess
from html.parser import HTMLParser

from PySide6.QtGui import QImage

from tests.export.steps_sample import TITLE
from workbench.ui.export.sources import REPORT_DPI, REPORT_FIGURE_SIZE


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def write(window, controller, dialogs, qtbot, path):
    window.open_lab("fakeexport")
    window.tabs.setCurrentIndex(0)
    dialogs.answers.append(str(path))
    controller.actions["report"].trigger()
    with qtbot.waitSignal(controller.runner.finished, timeout=30000) as done:
        pass
    assert done.args == [True], controller.runner.error


def test_html_report_is_self_contained(window, controller, dialogs, qtbot, tmp_path):
    path = tmp_path / "report.html"
    write(window, controller, dialogs, qtbot, path)
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    names = [tag for tag, _ in page.tags]
    assert "script" not in names and "link" not in names
    headings = [t.strip() for t in page.text if t.strip()]
    assert "Explore" in headings and "Fake export" in headings and TITLE in headings
    images = [attrs["src"] for tag, attrs in page.tags if tag == "img"]
    assert len(images) == 3  # Explore's plot and the lab's two figures
    scale = REPORT_DPI / 96
    for src in images:
        assert src.startswith("data:image/png;base64,")
        image = QImage.fromData(base64.b64decode(src.split(",", 1)[1]), "PNG")
        assert (image.width(), image.height()) == (round(REPORT_FIGURE_SIZE[0] * scale),
                                                  round(REPORT_FIGURE_SIZE[1] * scale))
    # the on-screen plot is back at its own size after the export laid it out larger
    assert window.canvas.plot.getPlotItem().geometry().width() < REPORT_FIGURE_SIZE[0] * scale


def test_pdf_report_has_a_page_per_view(window, controller, dialogs, qtbot, tmp_path):
    path = tmp_path / "report.pdf"
    write(window, controller, dialogs, qtbot, path)
    data = path.read_bytes()
    assert data.startswith(b"%PDF") and data.count(b"/Subtype /Image") >= 3
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "Study session report" in text and "Fake export" in text and TITLE in text
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                              check=True).stdout
        pages = int(next(line for line in info.splitlines() if line.startswith("Pages:"))
                    .split()[1])
        assert pages >= 2


def test_report_into_a_missing_folder_is_explained(window, controller, dialogs, qtbot,
                                                   tmp_path):
    path = tmp_path / "gone" / "report.html"
    dialogs.answers.append(str(path))
    controller.actions["report"].trigger()
    with qtbot.waitSignal(controller.runner.finished, timeout=30000) as done:
        pass
    assert done.args == [False]
    assert "report.html could not be saved: that folder does not exist" in dialogs.warnings[0]
