"""The window with the Lessons and Practice docks is saved as a real picture (offscreen)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "tests" / "ui" / "study" / "shoot_study.py"


def test_study_docks_screenshot(tmp_path):
    out = tmp_path / "study.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, str(SCRIPT), str(out), str(tmp_path)], cwd=ROOT,
                         env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-3000:]
    image = QImage(str(out)).convertToFormat(QImage.Format.Format_Grayscale8)
    assert (image.width(), image.height()) == (1400, 880)
    pixels = np.frombuffer(image.constBits(), np.uint8).reshape(
        image.height(), image.bytesPerLine())[:, :image.width()]
    docks = pixels[:, 950:]  # the right-hand docks: text, formulas, buttons
    assert docks.std() > 20 and (docks < 100).mean() > 0.01
