"""Launcher frozen by PyInstaller: the bundle's executable runs this and nothing else."""

from __future__ import annotations

import multiprocessing
import sys

if __name__ == "__main__":
    # A spawned worker re-runs this executable; freeze_support() turns that run into the
    # worker and never returns there. main() calls it too; calling it before importing the
    # app keeps a worker from paying for the window's imports.
    multiprocessing.freeze_support()
    from workbench.app import main

    sys.exit(main())
