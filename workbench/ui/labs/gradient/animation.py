"""The gradient lab's race as an ``Animation``: frame k shows every racer after k steps."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QImage

from workbench.ui.labs.base import Animation


class GradientAnimation(Animation):
    """Frames of the optimizer race, for export and the frame-time benchmark."""

    frame_interval_ms = 80

    def __init__(self, lab: Any) -> None:
        self.lab = lab

    def frame_count(self) -> int:
        """Steps of the longest run, plus the start."""
        return self.lab.playback.frame_count()

    def show_frame(self, index: int) -> None:
        """Move the markers and path ends to step ``index`` (through the scrub slider)."""
        before = self.lab.playback.frame()
        self.lab.playback.set_frame(index)
        if self.lab.playback.frame() == before:  # no change, so no signal: draw it anyway
            self.lab.show_frame(index)

    def render_frame(self, index: int) -> QImage:
        """Frame ``index`` as an image of the plots."""
        self.show_frame(index)
        return self.lab.plots.grab().toImage()
