"""Build the one-folder desktop bundle: ``python packaging/build.py``.

Runs PyInstaller on ``packaging/calculus-workbench.spec`` into ``dist/calculus-workbench/``,
then adds what a desktop install needs beside the executable (``share/``: the menu
entry, the AppStream metadata and the icons rendered from the SVG at every hicolor
size, plus ``install.sh``/``uninstall.sh``), and prints the bundle's size and the time
taken. PyInstaller is a build-time tool: install it with ``pip install ".[build]"``.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
NAME = "calculus-workbench"
APP_ID = "io.github.calculus_workbench"
SPEC = PACKAGING / f"{NAME}.spec"


def folder_size(path: Path) -> int:
    """Bytes taken by the files under ``path`` (symlinks not followed, counted once)."""
    total = 0
    for entry in path.rglob("*"):
        if entry.is_file() and not entry.is_symlink():
            total += entry.stat().st_size
    return total


def largest_parts(path: Path, count: int = 8) -> list[tuple[str, int]]:
    """The ``count`` biggest files or packages of the bundle (inside ``_internal``), biggest
    first; the executable counts too, since it carries the compressed Python modules."""
    inner = path / "_internal"
    children = [c for c in (*path.iterdir(), *(inner.iterdir() if inner.is_dir() else ()))
                if c != inner and not c.is_symlink()]
    sizes = [(child.name, folder_size(child) if child.is_dir() else child.stat().st_size)
             for child in children]
    return sorted(sizes, key=lambda item: item[1], reverse=True)[:count]


def stage_share(bundle: Path) -> list[Path]:
    """Put the menu entry, metainfo, icons and the install scripts into ``bundle``."""
    sys.path.insert(0, str(PACKAGING))
    from make_icons import make_icons

    share = bundle / "share"
    written = make_icons(share / "icons" / "hicolor")
    for source, target in ((PACKAGING / f"{NAME}.desktop", share / "applications"),
                           (PACKAGING / f"{APP_ID}.metainfo.xml", share / "metainfo")):
        target.mkdir(parents=True, exist_ok=True)
        written.append(Path(shutil.copy2(source, target)))
    for script in ("install.sh", "uninstall.sh"):
        written.append(Path(shutil.copy2(PACKAGING / script, bundle / script)))
    return written


def run_pyinstaller(dist: Path, work: Path) -> None:
    """Run PyInstaller on the spec; raises CalledProcessError when it fails."""
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean",
               "--distpath", str(dist), "--workpath", str(work), str(SPEC)]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")  # hooks import Qt with no display
    subprocess.run(command, check=True, cwd=ROOT, env=env)


def main(argv: list[str] | None = None) -> int:
    """Build the bundle; print its size, its largest parts and the time taken."""
    parser = argparse.ArgumentParser(description="Build the Calculus Workbench bundle.")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller")
    args = parser.parse_args(argv)
    if importlib.util.find_spec("PyInstaller") is None:
        print('PyInstaller is missing; install the build tools with: pip install ".[build]"',
              file=sys.stderr)
        return 2
    started = time.perf_counter()
    try:
        run_pyinstaller(args.dist, args.work)
    except subprocess.CalledProcessError as error:
        print(f"PyInstaller failed (exit status {error.returncode})", file=sys.stderr)
        return 1
    bundle = args.dist / NAME
    stage_share(bundle)
    elapsed = time.perf_counter() - started
    print(f"\nbundle: {bundle}")
    print(f"size:   {folder_size(bundle) / 1e6:.1f} MB unpacked")
    print(f"time:   {elapsed:.1f} s")
    print("largest parts:")
    for name, size in largest_parts(bundle):
        print(f"  {size / 1e6:7.1f} MB  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
