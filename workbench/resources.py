"""Find bundled resources (icons, lessons, fonts, style sheets) wherever the app runs.

One lookup serves the source tree (``<repo>/resources``), an installed wheel (the
folder installs as the package ``workbench.resources``) and a PyInstaller bundle
(``sys._MEIPASS/resources``).
"""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def resource_root() -> Path:
    """The folder that holds ``icons/``, ``lessons/`` and the other resources."""
    bundle = getattr(sys, "_MEIPASS", None)
    candidates = []
    if bundle:
        candidates.append(Path(bundle) / "resources")
    here = Path(__file__).resolve().parent
    candidates += [here.parent / "resources", here / "resources"]
    for candidate in candidates:
        if (candidate / "icons").is_dir():
            return candidate
    raise FileNotFoundError("the workbench's resources folder is missing; reinstall the app")


def resource_path(*parts: str) -> Path:
    """The path of a resource, e.g. ``resource_path("icons", "app.svg")``."""
    return resource_root().joinpath(*parts)
