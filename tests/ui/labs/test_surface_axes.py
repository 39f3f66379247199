"""The 3-D surface's axes: round ticks over the drawn ranges, numbers on the edges facing
the camera, the f scale on the screen's left; the GL items follow the lab's function.

The geometry and the GL items are checked here (items need no GL context until they are
painted); ``gl_surface_checks.py`` drives the real lab's 3-D view under Xvfb.
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from workbench.ui.labs.gradient.surface_axes import (axes_layout, camera_side, nice_ticks,
                                                     tick_text)

ROOT = Path(__file__).resolve().parents[3]
BOX, HEIGHT = 10.0, 5.0


@pytest.mark.parametrize("low, high", [(-3.2, 3.2), (0.0, 1.0), (-150.0, 7.0),
                                       (2.0001, 2.0009), (1e6, 5e6)])
def test_nice_ticks_are_round_and_inside(low, high):
    values, step = nice_ticks(low, high)
    assert 3 <= len(values) <= 11
    assert values[0] >= low - 1e-12 and values[-1] <= high + 1e-12
    assert values[0] - step < low and values[-1] + step > high  # none missing at either end
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert min(abs(mantissa - m) for m in (1, 2, 5, 10)) < 1e-9
    assert np.allclose(np.diff(values), step)


def test_tick_text():
    assert tick_text(-2.0, 1.0) == "\u22122"
    assert tick_text(0.5, 0.5) == "0.5"
    assert tick_text(1e-17, 0.2) == "0"
    assert tick_text(0.30000000000000004, 0.1) == "0.3"


def box_to_data(position, low, high, box_low, box_high):
    return low + (position - box_low) / (box_high - box_low) * (high - low)


def test_layout_ticks_map_back_to_the_data():
    ranges, z_span = ([-3.0, 5.0], [10.0, 14.0]), (-2.0, 40.0)
    layout = axes_layout(ranges, z_span, BOX, HEIGHT, (1, -1, False))
    for name, (low, high), (b0, b1) in (("x", ranges[0], (-5, 5)), ("y", ranges[1], (-5, 5)),
                                        ("f", z_span, (-HEIGHT / 2, HEIGHT / 2))):
        ticks = layout.ticks[name]
        assert np.allclose(box_to_data(ticks.positions, low, high, b0, b1), ticks.values)
        assert ticks.values.min() >= low and ticks.values.max() <= high
    texts = [text for text, _ in layout.texts]
    for name in ("x", "y", "f"):
        assert texts.count(name) == 1
    assert set(layout.ticks["f"].texts) <= set(texts)


@pytest.mark.parametrize("azimuth", range(-180, 180, 30))
def test_numbers_face_the_camera_and_f_is_on_the_left(azimuth):
    a = math.radians(azimuth + 1)  # never exactly on a diagonal
    camera = np.array([math.cos(a), math.sin(a)])
    side = camera_side(*camera)
    layout = axes_layout(([-1.0, 1.0], [-1.0, 1.0]), (0.0, 1.0), BOX, HEIGHT, side)
    spots = {text: np.array(where) for text, where in layout.texts}
    # the x numbers sit on the y edge nearer the camera, the y numbers on the nearer x edge
    assert spots["x"][1] * camera[1] > 0 and spots["y"][0] * camera[0] > 0
    right = np.array([-camera[1], camera[0]])  # the viewer's right, on the floor
    corner = spots["f"][:2]
    other = np.array([-corner[0], -corner[1]])
    assert corner @ right < other @ right  # the f scale is on the screen's left
    assert np.sign(corner).tolist() != list(side[:2])  # not in front of the surface
    assert spots["x"][2] < -HEIGHT / 2  # on the floor, under the surface


def test_seen_from_above_the_frame_is_on_top_and_the_f_numbers_go():
    assert camera_side(1.0, -1.0, 1.0)[2] is False  # 35 degrees up
    side = camera_side(0.3, -0.3, 2.0)
    assert side == (1, -1, True)
    layout = axes_layout(([-1.0, 1.0], [-1.0, 1.0]), (0.0, 1.0), BOX, HEIGHT, side)
    spots = dict(layout.texts)
    assert "f" not in spots and set(layout.ticks["x"].texts) <= set(spots)
    assert spots["x"][2] > HEIGHT / 2 and len(layout.grid) == 0


class FakeView:
    """What ``SurfaceAxes`` needs of a GL view: a list of items."""

    def __init__(self):
        self.items = []

    def addItem(self, item):
        self.items.append(item)


def test_gl_items_follow_the_scale_and_the_camera(qapp):
    from workbench.ui.labs.gradient.surface_gl import SurfaceAxes

    axes = SurfaceAxes(FakeView())
    axes.set_scale(([-3.0, 3.0], [-3.0, 3.0]), (0.0, 36.0), BOX, HEIGHT)
    assert all(item in axes.view.items for item in axes.text_items + [axes.frame, axes.grid])
    texts = dict(axes.texts())
    assert {"x", "y", "f", "\u22122", "0", "2", "10", "20", "30"} <= set(texts)
    assert texts["x"][1] < 0  # the default camera looks from -y
    axes.follow_camera(-1.0, 3.0, 1.0)
    assert dict(axes.texts())["x"][1] > 0
    axes.set_scale(([100.0, 200.0], [0.0, 1.0]), (5.0, 6.0), BOX, HEIGHT)
    shown = [text for text, _ in axes.texts()]
    assert "140" in shown and "0.4" in shown and "5.4" in shown and "30" not in shown
    axes.set_scale(([0.0, 3.0], [0.0, 3.0]), (0.0, 3.0), BOX, HEIGHT)  # fewer numbers
    assert len(axes.texts()) == len(axes.layout.texts) == 15 < len(axes.text_items)


@pytest.mark.xserver
def test_lab_surface_axes_under_xvfb():
    if not (shutil.which("xvfb-run") and shutil.which("xauth")):
        pytest.skip("xvfb-run is not installed")
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "PYTHONPATH": str(ROOT)}
    run = subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1400x900x24", sys.executable,
                          "-m", "pytest", "-q", "-p", "no:cacheprovider",
                          str(Path(__file__).with_name("gl_surface_checks.py"))],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, (run.stdout + run.stderr)[-3000:]
    assert " passed" in run.stdout and "skipped" not in run.stdout
