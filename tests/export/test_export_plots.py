"""Plot exports: PNG size and contents, SVG validity and agreement with the screen."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pytest

pg = pytest.importorskip("pyqtgraph")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

from workbench.protocol.syntax import parse_tree  # noqa: E402
from workbench.export import export_plot_png, export_plot_svg  # noqa: E402
from workbench.export.function_plot import clip_to, sample, y_range  # noqa: E402

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def plot(qtbot):
    widget = pg.PlotWidget(background="k")
    qtbot.addWidget(widget)
    widget.resize(640, 400)
    xs = np.linspace(-10, 10, 400)
    widget.plot(xs, np.sin(xs), pen=pg.mkPen((255, 255, 0), width=3))
    widget.setLabel("bottom", "x")
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _yellow_rows(image: QImage) -> dict[int, float]:
    """For each column, the mean row of the curve's (yellow) pixels."""
    arr = image.convertToFormat(QImage.Format.Format_RGB32)
    ptr = arr.constBits()
    data = np.frombuffer(ptr, dtype=np.uint8).reshape(arr.height(), arr.bytesPerLine())
    pixels = data[:, : arr.width() * 4].reshape(arr.height(), arr.width(), 4)
    blue, green, red = pixels[..., 0].astype(int), pixels[..., 1].astype(int), pixels[..., 2]
    yellow = (red > 180) & (green > 180) & (blue < 100)
    return {x: float(np.flatnonzero(yellow[:, x]).mean()) for x in range(arr.width())
            if yellow[:, x].any()}


def _axis_lines(image: QImage) -> tuple[int, int, int, int]:
    """(row, length) of the longest grey horizontal line and (column, length) of the
    longest vertical one: where the axes are drawn."""
    arr = image.convertToFormat(QImage.Format.Format_RGB32)
    data = np.frombuffer(arr.constBits(), dtype=np.uint8).reshape(arr.height(), arr.bytesPerLine())
    px = data[:, : arr.width() * 4].reshape(arr.height(), arr.width(), 4).astype(int)
    blue, green, red = px[..., 0], px[..., 1], px[..., 2]
    grey = (abs(red - green) < 25) & (abs(green - blue) < 25) & (red > 50)
    # an antialiased line may straddle two pixel rows or columns: merge neighbours
    rows = (grey[1:, :] | grey[:-1, :]).sum(axis=1)
    cols = (grey[:, 1:] | grey[:, :-1]).sum(axis=0)
    return int(rows.argmax()), int(rows.max()), int(cols.argmax()), int(cols.max())


def test_png_has_the_requested_size_and_is_not_blank(plot, tmp_path):
    before = plot.getPlotItem().geometry()
    path = tmp_path / "plot.png"
    export_plot_png(plot, path, 1000, 500)
    image = QImage(str(path))
    assert (image.width(), image.height()) == (1000, 500)
    assert len(_yellow_rows(image)) > 700  # the curve spans most of the width
    assert plot.getPlotItem().geometry() == before  # the window's plot is left as it was


def test_png_dpi_is_recorded_and_scales_the_drawing(plot, tmp_path):
    path = tmp_path / "print.png"
    export_plot_png(plot, path, 1280, 800, dpi=192)
    image = QImage(str(path))
    assert (image.width(), image.height()) == (1280, 800)
    assert round(image.dotsPerMeterX() * 0.0254) == 192


def test_svg_is_valid_and_matches_the_screen(plot, tmp_path):
    path = tmp_path / "plot.svg"
    export_plot_svg(plot, path)
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG}svg" and root.get("viewBox") == "0 0 640 400"
    assert root.find(f"{SVG}defs/{SVG}clipPath") is not None  # curves are clipped to the axes
    renderer = QSvgRenderer(str(path))
    assert renderer.isValid()
    drawn = QImage(640, 400, QImage.Format.Format_ARGB32)
    drawn.fill(Qt.GlobalColor.black)
    painter = QPainter(drawn)
    renderer.render(painter)
    painter.end()
    screen = plot.grab().toImage().scaled(640, 400)
    from_svg, from_screen = _yellow_rows(drawn), _yellow_rows(screen)
    shared = set(from_svg) & set(from_screen)
    assert len(shared) > 400
    differences = [abs(from_svg[x] - from_screen[x]) for x in shared]
    assert float(np.median(differences)) < 2.0
    # the axes too (at QSvgGenerator's default 72 dpi they shrink away from the curve)
    svg_axes, screen_axes = _axis_lines(drawn), _axis_lines(screen)
    for got, want in zip(svg_axes, screen_axes):
        assert got == pytest.approx(want, abs=max(3, 0.05 * want))


def test_svg_at_a_requested_size(plot, tmp_path):
    path = tmp_path / "wide.svg"
    export_plot_svg(plot, path, 1200, 400)
    assert ET.parse(path).getroot().get("viewBox") == "0 0 1200 400"
    assert plot.getPlotItem().geometry().width() == pytest.approx(640, abs=1)


def test_sampling_breaks_at_poles_and_gaps():
    xs, ys = sample(parse_tree("1/x"), "x", -1, 1, samples=1000)
    negative, positive = ys[xs < 0], ys[xs > 0]
    assert np.nanmax(negative) < 0 < np.nanmin(positive)
    pole = np.argmin(np.abs(xs))
    assert np.isnan(ys[pole - 1:pole + 2]).any()  # no segment joins -big to +big
    _, roots = sample(parse_tree("sqrt(x)"), "x", -4, 4, samples=9)
    assert np.isnan(roots[:4]).all()
    assert roots[4:] == pytest.approx([0, 1, np.sqrt(2), np.sqrt(3), 2])


def test_y_range_ignores_pole_spikes_and_clip_reaches_the_edge():
    xs, ys = sample(parse_tree("tan(x)"), "x", -10, 10)
    low, high = y_range(ys)
    assert -100 < low < -5 and 5 < high < 100
    clipped = clip_to(ys, low, high)
    finite = clipped[np.isfinite(clipped)]
    assert finite.min() >= low and finite.max() <= high
    assert np.isclose(finite.max(), high) and np.isclose(finite.min(), low)


def test_exports_accept_a_plot_item_or_a_panel_holding_the_plot(plot, qtbot, tmp_path):
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    export_plot_png(plot.getPlotItem(), tmp_path / "item.png", 300, 200)
    assert QImage(str(tmp_path / "item.png")).size().toTuple() == (300, 200)
    panel = QWidget()
    qtbot.addWidget(panel)
    inner = pg.PlotWidget()
    inner.plot([0, 1, 2], [1, 0, 1])
    QVBoxLayout(panel).addWidget(inner)
    export_plot_svg(panel, tmp_path / "panel.svg")
    assert QSvgRenderer(str(tmp_path / "panel.svg")).isValid()
    empty = QWidget()
    qtbot.addWidget(empty)
    with pytest.raises(TypeError):
        export_plot_png(empty, tmp_path / "nothing.png", 10, 10)
