"""HTML (inline SVG math) and PDF exports, read back and inspected."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from tests.export.steps_sample import LATEX, TITLE, all_titles, sample_steps
from workbench.export import math_svg, steps_to_html, steps_to_pdf


class _Collector(HTMLParser):
    """Tags, attributes and text of a page; inline <svg> blocks kept whole."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


@pytest.fixture(scope="module")
def page() -> str:
    return steps_to_html(TITLE, LATEX, sample_steps(), date="2026-01-02")


def test_html_is_self_contained(page):
    parsed = _Collector()
    parsed.feed(page)
    tags = [tag for tag, _ in parsed.tags]
    assert not {"script", "link", "img", "iframe"} & set(tags)
    for _, attrs in parsed.tags:
        for name in ("src", "href", "xlink:href"):
            value = attrs.get(name) or ""
            assert not re.match(r"(https?:|//)", value), value
    assert page.lstrip().startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    text = " ".join(parsed.text)
    for title in all_titles(sample_steps()):
        assert title in text


def test_html_math_is_svg(page):
    svgs = re.findall(r"<svg\b.*?</svg>", page, flags=re.S)
    formulas = 1 + sum(1 for top in sample_steps() for _ in top.walk())
    assert len(svgs) == formulas
    for svg in svgs:
        root = ET.fromstring(svg)
        assert root.tag.endswith("svg")
        assert root.find(".//{http://www.w3.org/2000/svg}path") is not None
        assert "<use" not in svg and "<symbol" not in svg  # SVG 1.1 paths, not SVG 2 refs
    assert 'aria-label="\\frac{d}{dx}' in page  # the LaTeX is kept for screen readers


def test_math_svg_draws_in_qt(qapp):
    from PySide6.QtCore import QByteArray, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(math_svg(r"\frac{x^{2}}{2}").encode()))
    assert renderer.isValid()
    image = QImage(200, 120, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    dark = sum(1 for x in range(0, 200, 2) for y in range(0, 120, 2)
               if image.pixelColor(x, y).lightness() < 128)
    assert dark > 20


def test_untypesettable_latex_falls_back_to_code(monkeypatch):
    import workbench.export.html_page as html_page

    monkeypatch.setattr(html_page, "math_svg", lambda latex, size=18.0: None)
    page = html_page.steps_to_html("t", r"a < \frac{1}{2}", [])
    assert '<code class="latex">a &lt; \\frac{1}{2}</code>' in page
    assert "<svg" not in page


def _pdf_pages(path) -> int:
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
        return int(re.search(r"Pages:\s+(\d+)", info).group(1))
    return len(re.findall(rb"/Type\s*/Page\b", path.read_bytes()))


def test_pdf_has_title_date_steps(tmp_path, qapp):
    path = tmp_path / "steps.pdf"
    pages = steps_to_pdf(path, TITLE, LATEX, sample_steps(), date="2026-01-02")
    assert path.read_bytes().startswith(b"%PDF")
    assert pages == _pdf_pages(path) == 1
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                              text=True).stdout
        assert TITLE in text and "2026-01-02" in text
        for title in all_titles(sample_steps()):
            assert title.split(" (")[0] in " ".join(text.split())


def test_pdf_breaks_pages_and_draws_math(tmp_path, qapp):
    from PySide6.QtGui import QImage

    path = tmp_path / "long.pdf"
    pages = steps_to_pdf(path, TITLE, LATEX, sample_steps() * 8)
    assert pages == _pdf_pages(path) >= 2
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm is not installed")
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(path),
                    str(tmp_path / "page")], check=True)
    image = QImage(str(next(tmp_path.glob("page*.png"))))
    assert not image.isNull()
    dark = sum(1 for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)
               if image.pixelColor(x, y).lightness() < 128)
    assert dark > 200  # text and formulas, not a blank page


def test_long_formulas_are_split_not_shrunk_away():
    from workbench.export.pdf import split_formula

    assert split_formula(r"a \;\longrightarrow\; b") == ["a ", r"\;\longrightarrow\; b"]
    assert split_formula(r"a + \left(b + c\right) - d + {e + f}") == [
        r"a + \left(b + c\right)", "- d + {e + f}"]
    assert split_formula(r"\frac{a + b}{c}") == [r"\frac{a + b}{c}"]
    assert split_formula(r"x \rightarrow 0 + y") == [r"x \rightarrow 0", "+ y"]
