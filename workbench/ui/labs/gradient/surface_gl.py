"""The OpenGL half of the 3-D view, imported only when the student opens it.

``AxesView`` is pyqtgraph's GL view that moves the surface's axes to the edges facing the
camera before each paint; ``SurfaceAxes`` owns the axes' GL items (frame and ticks, floor
grid, numbers and names as ``GLTextItem``s, which always face the viewer). The geometry
itself comes from ``surface_axes``.
"""

from __future__ import annotations

import pyqtgraph.opengl as gl
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QWidget

from workbench.ui.labs.gradient.surface_axes import AxesLayout, Side, axes_layout, camera_side

FRAME_COLOUR = (0.22, 0.28, 0.31, 1.0)
GRID_COLOUR = (0.55, 0.6, 0.65, 0.45)
TEXT_COLOUR = "#263238"
NAMES = ("x", "y", "f")


class SurfaceAxes:
    """The axes' GL items, kept in step with the surface's scale and the camera's side."""

    def __init__(self, view: gl.GLViewWidget) -> None:
        self.view = view
        self.frame = gl.GLLinePlotItem(mode="lines", color=FRAME_COLOUR, width=1.5,
                                       antialias=True, glOptions="translucent")
        self.grid = gl.GLLinePlotItem(mode="lines", color=GRID_COLOUR, width=1,
                                      antialias=True, glOptions="translucent")
        self.text_items: list[gl.GLTextItem] = []
        self.layout: AxesLayout | None = None
        self._scale: tuple | None = None
        self._side: Side = (1, -1, False)
        base = QGuiApplication.font()
        self._font = QFont(base)
        self._name_font = QFont(base)
        self._name_font.setBold(True)
        self._name_font.setItalic(True)
        for item in (self.grid, self.frame):
            view.addItem(item)

    def set_scale(self, ranges: tuple[list[float], list[float]], z_span: tuple[float, float],
                  box: float, height: float) -> None:
        """The data ranges (x, y), the f span and the box they are drawn in."""
        self._scale = (ranges, z_span, box, height)
        self._apply()

    def follow_camera(self, dx: float, dy: float, dz: float) -> None:
        """Move the numbers to the edges facing a camera at offset (dx, dy, dz) from the
        centre."""
        side = camera_side(dx, dy, dz)
        if side != self._side:
            self._side = side
            self._apply()

    def texts(self) -> list[tuple[str, tuple[float, float, float]]]:
        """The texts on show with their anchor points (for tests)."""
        return [(item.text, tuple(float(v) for v in item.pos))
                for item in self.text_items if item.visible()]

    def _apply(self) -> None:
        if self._scale is None:
            return
        ranges, z_span, box, height = self._scale
        self.layout = axes_layout(ranges, z_span, box, height, self._side)
        self.frame.setData(pos=self.layout.frame)
        self.grid.setData(pos=self.layout.grid)
        self.grid.setVisible(len(self.layout.grid) > 0)
        while len(self.text_items) < len(self.layout.texts):
            item = gl.GLTextItem(color=TEXT_COLOUR, glOptions="translucent",
                                 alignment=Qt.AlignmentFlag.AlignCenter)
            self.view.addItem(item)
            self.text_items.append(item)
        for k, item in enumerate(self.text_items):
            if k >= len(self.layout.texts):
                item.setVisible(False)
                continue
            text, where = self.layout.texts[k]
            item.setData(text=text, pos=where,
                         font=self._name_font if text in NAMES else self._font)
            item.setVisible(True)


class AxesView(gl.GLViewWidget):
    """A GL view whose axes turn to face the camera before each paint."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.axes = SurfaceAxes(self)

    def paintGL(self) -> None:  # noqa: N802 - Qt's name
        """Place the axes for the camera as it is now, then paint (pyqtgraph)."""
        offset = self.cameraPosition() - self.opts["center"]
        self.axes.follow_camera(offset.x(), offset.y(), offset.z())
        super().paintGL()
