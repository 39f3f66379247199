"""The real main window under a real X server (Xvfb): plots x^2 sin(x), shows the steps,
and is saved as a PNG that must be a real picture of the expected size."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tests" / "ui" / "shoot_main_window.py"


def _display_command(args: list[str]) -> tuple[list[str], subprocess.Popen | None, dict]:
    """``args`` wrapped to run on a virtual X screen: xvfb-run, else our own Xvfb."""
    if shutil.which("xvfb-run") and shutil.which("xauth"):
        return ["xvfb-run", "-a", "-s", "-screen 0 1400x900x24", *args], None, {}
    if shutil.which("Xvfb") is None:
        pytest.skip("neither xvfb-run nor Xvfb is installed")
    number = next(n for n in range(90, 140) if not Path(f"/tmp/.X{n}-lock").exists())
    server = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "1400x900x24",
                               "-nolisten", "tcp"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    return args, server, {"DISPLAY": f":{number}"}


@pytest.mark.xserver
def test_main_window_screenshot(tmp_path):
    out = tmp_path / "main_window.png"
    command, server, extra = _display_command(
        [sys.executable, str(SCRIPT), str(out), str(tmp_path / "settings.ini")])
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "PYTHONPATH": str(ROOT), **extra}
    try:
        run = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                             timeout=180)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
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
