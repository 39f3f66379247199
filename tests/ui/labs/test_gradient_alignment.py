"""The gradient lab's contour fill stays under its isolines when the window is resized, a
side panel opens or the 3-D view opens beside it.

Three checks after each change: the band image covers exactly the grid the isolines were
traced on (the visible range); the plot as painted (field items drawn from their pixmap
caches) is the plot as its items say it is (caches off); and the band colour painted at
sample pixels is the band f has at the point under them.
"""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QDockWidget, QGraphicsItem, QWidget

from tests.ui.fakes import FakeEngineClient, derive_job
from workbench.protocol.syntax import evaluate
from workbench.ui.labs.gradient.contour_view import GRID
from workbench.ui.labs.gradient.field import band_colours
from workbench.ui.main_window import MainWindow
from workbench.ui.settings import Settings


def pixels(widget: QWidget) -> np.ndarray:
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    h, w = image.height(), image.width()
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(h, image.bytesPerLine())
    return rows[:, : w * 3].reshape(h, w, 3).astype(int).copy()


def painted_as_drawn(contour) -> float:
    """The share of the plot's pixels that change when the field's caches are switched off."""
    cached = pixels(contour.plot)
    modes = [(item, item.cacheMode()) for item in contour._cached]
    for item, _mode in modes:
        item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    fresh = pixels(contour.plot)
    for item, mode in modes:
        item.setCacheMode(mode)
    assert cached.shape == fresh.shape
    return float((np.abs(cached - fresh).sum(axis=2) > 30).mean())


def wrong_bands(contour) -> float:
    """Of the sampled pixels showing a band colour, the share showing another band than f's."""
    plot, view = contour.plot, contour.view_box
    shown = pixels(plot)
    rect = view.sceneBoundingRect()
    ys, xs = np.mgrid[int(rect.top()) + 4:int(rect.bottom()) - 4:5,
                      int(rect.left()) + 4:int(rect.right()) - 4:5]
    points = [view.mapSceneToView(plot.mapToScene(int(x), int(y)))
              for x, y in zip(xs.ravel(), ys.ravel())]
    z = np.asarray(evaluate(contour.functions.trees["f"],
                            {"x": np.array([p.x() for p in points]),
                             "y": np.array([p.y() for p in points])}), float)
    expected = np.searchsorted(contour.levels, z)
    colours = band_colours(len(contour.levels) + 1)[:-1, :3].astype(int)
    distance = np.abs(shown[ys.ravel(), xs.ravel()][:, None, :] - colours[None]).sum(axis=2)
    is_band = distance.min(axis=1) <= 3
    assert is_band.sum() > 200  # mostly bands, between the lines and arrows
    return float((is_band & (distance.argmin(axis=1) != expected)).sum() / is_band.sum())


def _field_matches_view(contour) -> bool:
    """Whether the fill image covers the view's grid and the isolines lie within it."""
    (x0, x1), (y0, y1) = contour.view_range()
    dx, dy = (x1 - x0) / (GRID - 1), (y1 - y0) / (GRID - 1)
    rect = contour.image.mapRectToView(contour.image.boundingRect())
    image_fits = np.allclose([rect.left(), rect.right(), rect.top(), rect.bottom()],
                             [x0 - dx / 2, x1 + dx / 2, y0 - dy / 2, y1 + dy / 2], rtol=1e-6)
    line_x, line_y = contour.isolines.getData()
    lines_fit = line_x is not None and len(line_x) > 0 and \
        x0 <= line_x.min() and line_x.max() <= x1 and y0 <= line_y.min() and line_y.max() <= y1
    return bool(image_fits and lines_fit)


def check_aligned(qtbot, lab) -> None:
    contour = lab.contour
    # once the field is recomputed for the view on show: image and isolines of one grid
    # (on a busy machine a late layout pass may move the view after a recomputation; the
    # next recomputation follows it, so the state is waited for, not read at one moment)
    qtbot.waitUntil(lambda: not contour._timer.isActive() and _field_matches_view(contour),
                    timeout=5000)
    assert painted_as_drawn(contour) < 0.001
    assert wrong_bands(contour) < 0.02  # only pixels on a band's edge


@pytest.fixture
def window(qtbot, tmp_path):
    client = FakeEngineClient()
    window = MainWindow(client, Settings(tmp_path / "settings.ini"), job_factory=derive_job)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    client.start()
    yield window
    client.shutdown()


def test_fill_stays_under_the_isolines(qtbot, window):
    lab = window.open_lab("gradient")
    qtbot.waitUntil(lambda: lab.functions is not None and lab.functions.has("fx"), timeout=10000)
    check_aligned(qtbot, lab)
    for width in range(1400, 1050, -70):  # dragging the window's edge
        window.resize(width, 900)
        qtbot.wait(5)
    check_aligned(qtbot, lab)
    panel = QDockWidget("Side panel", window)
    panel.setWidget(QWidget())
    panel.widget().setMinimumWidth(380)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, panel)
    check_aligned(qtbot, lab)
    lab.surface_button.setChecked(True)  # offscreen: a message in the 3-D view's place
    check_aligned(qtbot, lab)
    panel.hide()
    check_aligned(qtbot, lab)
    window.open_lab("backprop")  # resized while another lab is on top
    window.resize(1600, 1000)
    qtbot.wait(50)
    window.open_lab("gradient")
    check_aligned(qtbot, lab)
