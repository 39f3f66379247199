"""Checks of the real 3-D view, run with a real X server (``test_surface_axes`` starts
them under Xvfb; collected only when named, since OpenGL is missing offscreen)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QGuiApplication

from tests.ui.labs.test_gradient_screens import prepare_window, settle

BOX, HEIGHT = 10.0, 5.0

pytestmark = pytest.mark.skipif(QGuiApplication.platformName() not in ("", "xcb"),
                                reason="needs a real X server")


def data_of(ticks, low, high, box_low, box_high):
    return low + (ticks.positions - box_low) / (box_high - box_low) * (high - low)


def axes_caught_up(lab) -> bool:
    """Whether the axes were laid out for the contour view's present x and y range (the
    layout follows a range change after a pause; under load the first check could come
    before it did)."""
    layout = lab.surface.gl_view.axes.layout
    if layout is None:
        return False
    (x0, x1), (y0, y1) = lab.contour.view_range()
    return (np.allclose(data_of(layout.ticks["x"], x0, x1, -BOX / 2, BOX / 2),
                        layout.ticks["x"].values)
            and np.allclose(data_of(layout.ticks["y"], y0, y1, -BOX / 2, BOX / 2),
                            layout.ticks["y"].values))


def check_axes_match(lab):
    """The axes' ticks stand for the contour view's x and y and the surface's f span."""
    axes = lab.surface.gl_view.axes
    (x0, x1), (y0, y1) = lab.contour.view_range()
    ticks = axes.layout.ticks
    assert np.allclose(data_of(ticks["x"], x0, x1, -BOX / 2, BOX / 2), ticks["x"].values)
    assert np.allclose(data_of(ticks["y"], y0, y1, -BOX / 2, BOX / 2), ticks["y"].values)
    assert x0 <= ticks["x"].values.min() and ticks["x"].values.max() <= x1
    lo, hi = lab.surface._z_span
    assert np.allclose(data_of(ticks["f"], lo, hi, -HEIGHT / 2, HEIGHT / 2), ticks["f"].values)
    shown = [text for text, _ in axes.texts()]
    assert {"x", "y", "f"} <= set(shown)
    assert set(ticks["x"].texts + ticks["f"].texts) <= set(shown)
    assert all(item in lab.surface.gl_view.items for item in axes.text_items)
    return ticks


def test_surface_axes_follow_the_function_and_the_camera(qtbot):
    app, window, lab, client = prepare_window("3d", "1400x900")
    qtbot.addWidget(window)
    lab.surface_button.setChecked(True)
    qtbot.waitUntil(lambda: lab.surface.is_open() and lab.surface.gl_view.axes.layout
                    is not None, timeout=20000)
    settle(app, 0.3)
    qtbot.waitUntil(lambda: axes_caught_up(lab), timeout=20000)
    ticks = check_axes_match(lab)
    assert ticks["f"].values.max() > 10  # x^2 + 3y^2 over about [-3, 3]^2
    view = lab.surface.gl_view
    before = dict(view.axes.texts())["x"]
    view.setCameraPosition(azimuth=120)  # from the other side: x's numbers move across
    view.grabFramebuffer()  # paints
    after = dict(view.axes.texts())["x"]
    assert before[1] * after[1] < 0
    lab.set_function("100 + (x - 20)^2 + y^2")
    lab.contour.set_view_range([10.0, 30.0], [-10.0, 10.0])
    axes = lab.surface.gl_view.axes
    qtbot.waitUntil(lambda: not lab._latest and axes.layout.ticks["f"].values.min() >= 100,
                    timeout=20000)
    settle(app, 0.3)
    qtbot.waitUntil(lambda: axes_caught_up(lab), timeout=20000)
    ticks = check_axes_match(lab)
    assert ticks["x"].values.min() >= 10 and "20" in ticks["x"].texts
    assert ticks["f"].values.min() >= 100
    client.shutdown()
