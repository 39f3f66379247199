"""What every self-test check shares: results, the context, waiting on Qt, looking at images."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SAMPLE_FUNCTION = "x^2 sin(x)"


class Skip(Exception):
    """Raised by a check whose feature this build does not have yet."""


@dataclass
class CheckResult:
    """The outcome of one check: ``status`` is ``PASS``, ``FAIL`` or ``SKIP``."""

    name: str
    status: str
    detail: str
    seconds: float

    def line(self) -> str:
        """The one line printed for this check."""
        return f"{self.status:4}  {self.name:<22} {self.seconds:6.2f} s  {self.detail}"


@dataclass
class Context:
    """What the checks share: the output folder, the deadline and earlier results."""

    out_dir: Path
    deadline: float
    derive_payload: dict[str, Any] | None = None

    def remaining(self) -> float:
        """Seconds left before the time limit."""
        return self.deadline - time.monotonic()


def wait_until(predicate: Callable[[], bool], timeout: float) -> bool:
    """Process Qt events until ``predicate()`` holds or ``timeout`` seconds pass."""
    from PySide6.QtCore import QCoreApplication, QEventLoop

    end = time.monotonic() + max(timeout, 0.0)
    while not predicate():
        if time.monotonic() >= end:
            return False
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.002)
    return True


def distinct_colours(image: Any, grid: int = 48) -> int:
    """How many different pixel values a ``grid`` x ``grid`` sample of a QImage holds."""
    width, height = image.width(), image.height()
    if width == 0 or height == 0:
        return 0
    seen = {image.pixel(int(i * (width - 1) / (grid - 1)), int(j * (height - 1) / (grid - 1)))
            for i in range(grid) for j in range(grid)}
    return len(seen)


def render_svg(data: bytes, width: int) -> Any:
    """Draw SVG bytes into a QImage ``width`` pixels wide; ValueError if Qt cannot read it."""
    from PySide6.QtCore import QByteArray, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(data))
    if not renderer.isValid():
        raise ValueError("Qt's SVG renderer rejected the SVG")
    size = renderer.defaultSize()
    height = max(1, round(width * size.height() / max(size.width(), 1)))
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    return image


def make_client() -> Any:
    """The real engine client, as the application creates it."""
    from workbench.worker.client import EngineClient

    return EngineClient()


def error_words(error: BaseException) -> str:
    """An exception as one line of text."""
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0]}" if text else type(error).__name__


def timed(name: str, check: Callable[[], str]) -> CheckResult:
    """Run one check and time it; exceptions become FAIL (or SKIP) lines."""
    started = time.monotonic()
    try:
        status, detail = "PASS", check()
    except Skip as skip:
        status, detail = "SKIP", str(skip)
    except Exception as error:  # noqa: BLE001 - a self-test reports every failure as a line
        status, detail = "FAIL", error_words(error)
    return CheckResult(name, status, detail, time.monotonic() - started)
