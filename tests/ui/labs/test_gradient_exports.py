"""The gradient lab's loss legend in every export (PNG, SVG, GIF, session report), and the
report's race table: each optimizer's η, final point and final loss, as the race gave them.

Where the legend is drawn is found by rendering twice, with the legend shown and hidden:
the pixels that differ must hold each racer's colour (the legend's samples) and dark text.
Files are read back as a reader would: PNG and GIF with Pillow, SVG through rsvg-convert,
PDF through pdftotext.
"""

from __future__ import annotations

import base64
import html
import re
import shutil
import subprocess

import numpy as np
import pytest
from PIL import Image

from tests.ui.fakes import FakeEngineClient
from workbench.export.animation import write_animation
from workbench.export.plots import export_plot_png, export_plot_svg
from workbench.export.report import write_report
from workbench.ui.export.sources import build_section, figure_png
from workbench.ui.labs.gradient import GradientLab
from workbench.ui.labs.gradient.runs import COLOURS, LABELS

RACERS = ("gd", "momentum", "adam")


def rgb(path_or_image) -> np.ndarray:
    image = path_or_image if isinstance(path_or_image, Image.Image) else Image.open(path_or_image)
    return np.asarray(image.convert("RGB"), dtype=int)


def hex_rgb(colour: str) -> np.ndarray:
    return np.array([int(colour[k:k + 2], 16) for k in (1, 3, 5)])


def legend_mask(render) -> np.ndarray:
    """Where the legend is drawn: the pixels ``render(visible)`` changes with the legend."""
    with_legend, without = render(True), render(False)
    assert with_legend.shape == without.shape
    return np.abs(with_legend - without).sum(axis=2) > 40


def check_legend(pixels: np.ndarray, mask: np.ndarray, tolerance: int = 60) -> None:
    """``pixels`` show, where the legend is, each racer's colour and dark lettering."""
    assert mask.sum() > 100
    inside = pixels[mask]
    for name in RACERS:
        near = np.abs(inside - hex_rgb(COLOURS[name])).sum(axis=1) < tolerance
        assert near.sum() >= 8, f"{LABELS[name]}'s colour is missing from the legend"
    assert (inside.sum(axis=1) < 200).sum() > 30  # the names, in near-black


@pytest.fixture
def lab(qtbot):
    lab = GradientLab(FakeEngineClient())
    qtbot.addWidget(lab)
    lab.resize(1300, 850)
    lab.show()
    lab.restore({"steps": 12})
    qtbot.waitUntil(lambda: not lab._latest and not lab._descent_timer.isActive()
                    and len(lab.runs) == 3 and lab.runs[0].length <= 13, timeout=20000)
    yield lab
    lab.player.pause()


def with_legend(lab, visible: bool, make):
    lab.loss.legend.setVisible(visible)
    try:
        return make()
    finally:
        lab.loss.legend.setVisible(True)


def test_png_export_has_the_legend(lab, tmp_path):
    plot = dict(lab.figures())["loss"]
    path = tmp_path / "loss.png"

    def render(visible):
        return with_legend(lab, visible, lambda: rgb(Image.fromqimage(
            export_plot_png(plot, tmp_path / "other.png", 1000, 500))))

    mask = legend_mask(render)
    export_plot_png(plot, path, 1000, 500)
    check_legend(rgb(path), mask)


@pytest.mark.skipif(not shutil.which("rsvg-convert"), reason="rsvg-convert is not installed")
def test_svg_export_has_the_legend(lab, tmp_path):
    plot = dict(lab.figures())["loss"]

    def render(visible, name="loss"):
        svg, png = tmp_path / f"{name}.svg", tmp_path / f"{name}.png"
        with_legend(lab, visible, lambda: export_plot_svg(plot, svg, 900, 420))
        subprocess.run(["rsvg-convert", "-b", "white", "-o", str(png), str(svg)], check=True)
        return rgb(png)

    mask = legend_mask(lambda visible: render(visible, f"check{visible}"))
    check_legend(render(True), mask)
    text = (tmp_path / "loss.svg").read_text(encoding="utf-8")
    assert all(LABELS[name] in text for name in RACERS)


def test_gif_frames_show_the_loss_curves_and_their_legend(lab, tmp_path):
    animation = lab.animation()
    frames = animation.frame_count()
    assert frames == max(run.length for run in lab.runs)

    def render(visible):
        return with_legend(lab, visible, lambda: rgb(Image.fromqimage(
            animation.render_frame(frames - 1))))

    mask = legend_mask(render)
    path = write_animation(animation, tmp_path / "race.gif", "gif")
    with Image.open(path) as gif:
        assert gif.n_frames == frames
        plots, loss = lab.plots.grab().size(), lab.loss.grab().size()
        assert gif.size == (max(plots.width(), loss.width()), plots.height() + loss.height())
        gif.seek(frames - 1)
        last = rgb(gif)
    check_legend(last, mask, tolerance=90)  # a GIF's palette moves colours a little
    assert mask[plots.height():].sum() > 0.9 * mask.sum()  # in the loss plot, under the plots


def race_rows(lab):
    """(label, η, final point, final loss) for each racer, from the result on screen."""
    result = lab.shown_results()["descent"]
    return [(LABELS[run.name], run.lr, run.points[-1], run.losses[-1]) for run in result.runs]


def parse_number(text: str) -> float:
    return float(text.replace("\u2212", "-"))


def test_report_names_each_rate_final_point_and_loss(lab, tmp_path):
    section = build_section(None, "Gradient", lab)
    (table,) = section.tables
    assert "x^2 + 3y^2" in table.caption and "(2.5, 1.5)" in table.caption
    assert table.caption.endswith(lab.descent.verdict.text())
    rows = {row[0]: row for row in table.rows}
    assert list(rows) == [LABELS[name] for name in RACERS]
    for label, rate, point, loss in race_rows(lab):
        row = rows[label]
        assert parse_number(row[1]) == pytest.approx(rate, rel=1e-3)
        shown = [parse_number(v) for v in row[4].strip("()").split(", ")]
        assert shown == pytest.approx(list(point), rel=1e-3, abs=1e-300)
        assert parse_number(row[5]) == pytest.approx(loss, rel=1e-3, abs=1e-300)
    assert {lab.descent.rate_for(name) for name in RACERS} == {r[1] for r in race_rows(lab)}
    # the report's loss figure carries the legend
    loss_png = next(f.png for f in section.figures if f.caption == "loss")
    plot = dict(lab.figures())["loss"]
    mask = legend_mask(lambda visible: with_legend(
        lab, visible, lambda: rgb(Image.open(_file(tmp_path, figure_png(plot))))))
    check_legend(rgb(_file(tmp_path, loss_png)), mask)
    page = tmp_path / "report.html"
    write_report(page, [section])
    text = page.read_text(encoding="utf-8")
    cells = [html.unescape(c) for c in re.findall(r"<td>(.*?)</td>", text)]
    assert cells == [value for row in table.rows for value in row]
    assert "<th>η</th>" in text and "<th>Final loss f</th>" in text
    images = re.findall(r'src="data:image/png;base64,([^"]+)"', text)
    assert base64.b64decode(images[1]) == loss_png


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext is not installed")
def test_pdf_report_lists_the_race(lab, tmp_path):
    section = build_section(None, "Gradient", lab)
    path = tmp_path / "report.pdf"
    write_report(path, [section])
    words = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                           capture_output=True, text=True).stdout
    words = " ".join(words.split())
    for row in section.tables[0].rows:
        assert f"{row[0]}" in words and f"η: {row[1]}" in words
        assert f"Final loss f: {row[5]}" in words


def _file(folder, png: bytes):
    path = folder / f"figure{len(list(folder.iterdir()))}.png"
    path.write_bytes(png)
    return path


def test_the_legend_sits_beside_the_title_outside_the_axes(lab, qtbot):
    # (900, 700): the names no longer fit beside the title in one row and go right of the
    # axes; stacked above them they left the short loss plot a sliver for its curves.
    # (700, 500): too small for either; the title's row grows (the axes stay clear)
    for size in ((1300, 850), (900, 700), (700, 500)):
        lab.resize(*size)
        qtbot.wait(50)
        legend = lab.loss.legend.sceneBoundingRect()
        view = lab.loss.plot.getViewBox().sceneBoundingRect()
        title = lab.loss.plot.getPlotItem().titleLabel.item.sceneBoundingRect()
        assert legend.height() > 10 and not legend.intersects(view)
        assert not legend.intersects(title)
        assert lab.loss.plot.getPlotItem().sceneBoundingRect().contains(legend)
        whole = lab.loss.plot.getPlotItem().sceneBoundingRect()
        if size != (700, 500):
            assert view.height() >= 0.4 * whole.height()
