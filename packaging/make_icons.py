"""Render the app icon's SVG into the PNG sizes of the freedesktop hicolor theme.

The PNGs are build products: only the SVG is kept in the repository. Run it as
``python packaging/make_icons.py OUT_DIR`` to get ``OUT_DIR/<N>x<N>/apps/<name>.png``
for every size (and the SVG itself under ``OUT_DIR/scalable/apps``). It renders
offscreen, so it works on a build machine without a display.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP_ID = "calculus-workbench"
APP_SVG = ROOT / "resources" / "icons" / f"{APP_ID}.svg"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def _ensure_gui_app() -> object:
    """A QGuiApplication, created offscreen when none exists yet (QPainter needs one)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.instance() or QGuiApplication(["make_icons"])


def render_png(svg: Path, size: int, out: Path) -> Path:
    """Render ``svg`` into a transparent ``size``x``size`` PNG at ``out``."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _ensure_gui_app()
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg} is not an SVG that Qt can draw")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    # Antialiasing matters most at 16-32 px, where a jagged curve stops reading as one.
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(out), "PNG"):
        raise OSError(f"could not write {out}")
    return out


def make_icons(out_dir: Path, svg: Path = APP_SVG, sizes: tuple[int, ...] = SIZES,
               name: str = APP_ID) -> list[Path]:
    """Write the hicolor tree for ``svg`` under ``out_dir``; return every file written."""
    written = [render_png(svg, size, out_dir / f"{size}x{size}" / "apps" / f"{name}.png")
               for size in sizes]
    scalable = out_dir / "scalable" / "apps" / f"{name}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(svg, scalable)
    return written + [scalable]


def main(argv: list[str] | None = None) -> int:
    """Command line: ``make_icons.py OUT_DIR [--svg FILE] [--sizes 16 32 ...]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path, help="root of the hicolor tree to write")
    parser.add_argument("--svg", type=Path, default=APP_SVG)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    args = parser.parse_args(argv)
    for path in make_icons(args.out_dir, args.svg, tuple(args.sizes)):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
