"""Screenshots of the gradient lab in the real main window: the 2-D views offscreen (in
process) and the 3-D surface under Xvfb (a subprocess, since OpenGL needs a real X server).

Run as a script to save a picture to look at:
``python tests/ui/labs/test_gradient_screens.py OUT.png [2d|3d|1d|diverge] [WxH]``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[3]

SCENES = {
    "2d": {"function": "(1-x)^2 + 100(y - x^2)^2", "start": [-1.5, 2.0],
           "optimizers": ["gd", "momentum", "adam"], "lr": 0.001, "steps": 500},
    "3d": {"function": "x^2 + 3y^2", "start": [2.5, 1.5], "optimizers": ["gd", "adam"],
           "lr": 0.1, "steps": 40},
    "1d": {"function": "x^2", "start": [5.0], "optimizers": ["gd"], "lr": 0.1, "steps": 20},
    "diverge": {"function": "x^2 + y^2", "start": [5.0, 5.0], "optimizers": ["gd"],
                "lr": 1.1, "steps": 15},
}


def prepare_window(scene: str, size: str = "1400x900", fake: bool = True):
    """The main window on the gradient lab, prepared for ``scene``, shown; (app, window, lab)."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0]])
    from tests.ui.fakes import FakeEngineClient, derive_job
    from workbench.ui.main_window import MainWindow
    from workbench.ui.settings import Settings

    client = FakeEngineClient()
    settings = Settings(str(Path(os.environ.get("TMPDIR", "/tmp")) / "gradient_shot.ini"))
    window = MainWindow(client, settings, job_factory=derive_job)
    window.resize(*(int(n) for n in size.split("x")))
    window.show()
    lab = window.open_lab("gradient")
    lab.apply_try_it(SCENES[scene])
    settle(app, 0.6)
    lab.player.set_frame(lab.player.count() // 2)
    return app, window, lab, client


def settle(app, seconds: float) -> None:
    """Let the fake worker answer and Qt draw."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)


def main(out: str, scene: str = "2d", size: str = "1400x900") -> int:
    """Save a screenshot of ``scene`` (the 3-D one opens the surface) to ``out``."""
    app, window, lab, client = prepare_window(scene, size)
    if scene == "3d":
        lab.surface_button.setChecked(True)
        lab.side.setCurrentIndex(1)
        settle(app, 1.0)
        if not lab.surface.is_open():
            print(lab.surface.problem, file=sys.stderr)
            return 3
        problem = check_surface_paths(lab)
        if problem:
            print(problem, file=sys.stderr)
            return 4
        lab.surface.gl_view.grabFramebuffer().save(out.replace(".png", "-surface.png"))
    settle(app, 0.3)
    window.grab().save(out)
    client.shutdown()
    return 0


def check_surface_paths(lab) -> str:
    """"" when each GL path is its run's trajectory lifted onto the surface, else why not."""
    surface = lab.surface
    frame = lab.player.frame()
    for run, path in zip(lab.runs, surface._paths):
        count = run.upto(frame)
        pos = path.pos
        expected_x = surface._sx(run.points[:count, 0], 0)
        expected_z = surface._sz(run.losses[:count]) + 0.05
        if pos.shape != (count, 3) or not (np.allclose(pos[:, 0], expected_x)
                                           and np.allclose(pos[:, 2], expected_z)):
            return f"the 3-D path of {run.name} is not its trajectory: {pos[:3]}"
    return ""


def pixels_of(path: Path) -> np.ndarray:
    """An RGB array of a PNG."""
    from PySide6.QtGui import QImage

    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB888)
    return np.frombuffer(image.constBits(), np.uint8).reshape(
        image.height(), image.bytesPerLine())[:, : image.width() * 3].reshape(
        image.height(), image.width(), 3).astype(int)


def colour_count(pixels: np.ndarray, hex_colour: str, tolerance: int = 40) -> int:
    """How many pixels are close to ``hex_colour``."""
    rgb = np.array([int(hex_colour[k:k + 2], 16) for k in (1, 3, 5)])
    return int((np.abs(pixels - rgb).sum(axis=2) < tolerance).sum())


def test_2d_view_screenshot(qtbot, tmp_path):
    app, window, lab, client = prepare_window("2d", "1200x800")
    qtbot.addWidget(window)
    out = tmp_path / "contours.png"
    assert lab.plots.grab().save(str(out))
    pixels = pixels_of(out)
    assert pixels.std() > 20
    # the pale bands, the racers' paths (gd blue, momentum orange, adam teal) and isolines
    for colour in ("#1565c0", "#e65100", "#00838f"):
        assert colour_count(pixels, colour) > 40, colour
    assert len(np.unique(pixels.reshape(-1, 3), axis=0)) > 300
    # offscreen there is no OpenGL: the 3-D button says so instead of crashing
    lab.surface_button.setChecked(True)
    assert not lab.surface.is_open()
    assert "OpenGL" in lab.surface.message.text()
    assert lab.views.currentWidget() is lab.contour and lab.contour.isVisible()


@pytest.mark.xserver
def test_3d_view_screenshot_under_xvfb(tmp_path):
    if not (shutil.which("xvfb-run") and shutil.which("xauth")):
        pytest.skip("xvfb-run is not installed")
    out = tmp_path / "surface.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "PYTHONPATH": str(ROOT)}
    run = subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1400x900x24", sys.executable,
                          __file__, str(out), "3d", "1400x900"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr[-3000:]
    pixels = pixels_of(out)
    assert pixels.shape[:2] == (900, 1400)
    assert colour_count(pixels, "#1565c0") > 30  # the gd path (contours and surface)
    surface = pixels_of(out.with_name("surface-surface.png"))
    # the surface alone: shaded band colours over a white background, and the blue gd path
    assert (np.abs(surface - 255).sum(axis=2) > 30).mean() > 0.05
    assert len(np.unique(surface.reshape(-1, 3), axis=0)) > 200
    assert colour_count(surface, "#1565c0", tolerance=90) > 10


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
    from workbench.refcount_guard import keep_singletons_alive

    keep_singletons_alive()
    sys.exit(main(*sys.argv[1:4]))
