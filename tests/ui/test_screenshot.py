"""The real main window under a real X server (Xvfb): plots x^2 sin(x), shows the steps,
and is saved as a PNG that must be a real picture of the expected size."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tests" / "ui" / "shoot_main_window.py"


@pytest.mark.xserver
def test_main_window_screenshot(tmp_path):
    if shutil.which("xvfb-run") is None or shutil.which("xauth") is None:
        pytest.skip("xvfb-run (with xauth) is not installed")
    out = tmp_path / "main_window.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1400x900x24", sys.executable, str(SCRIPT),
         str(out), str(tmp_path / "settings.ini")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr[-3000:]
    from PySide6.QtGui import QImage

    image = QImage(str(out))
    assert not image.isNull()
    assert (image.width(), image.height()) == (1200, 760)
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    pixels = np.frombuffer(image.constBits(), np.uint8).reshape(
        image.height(), image.bytesPerLine())[:, : image.width() * 3].reshape(
        image.height(), image.width(), 3).astype(int)
    assert pixels.std() > 20  # not blank
    assert len(np.unique(pixels.reshape(-1, 3), axis=0)) > 200  # text, curves, math
    # The f curve (blue #1565c0) and the f' curve (orange #e65100) are both drawn.
    for colour in ((0x15, 0x65, 0xC0), (0xE6, 0x51, 0x00)):
        close = np.abs(pixels - np.array(colour)).sum(axis=2) < 40
        assert close.sum() > 500, f"too few pixels of colour {colour}"
