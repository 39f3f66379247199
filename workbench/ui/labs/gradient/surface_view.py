"""``SurfaceView``: f(x, y) as a 3-D surface with the racers' paths on it.

pyqtgraph's OpenGL items (and PyOpenGL) are imported only when the student opens the
3-D view. Where there is no OpenGL (the offscreen platform, no GL library) the view
says so in words and the contour view carries on alone.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QColor, QGuiApplication, QVector3D
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from workbench.ui.labs.gradient.field import FieldFunctions, band_image, contour_levels
from workbench.ui.labs.gradient.runs import RunPath

GRID = 120
BOX = 10.0  # the surface fills a BOX x BOX square
HEIGHT = 5.0  # ... and is HEIGHT tall


def gl_problem() -> str | None:
    """Why the 3-D view cannot be shown here, or None when OpenGL is available."""
    platform = QGuiApplication.platformName()
    if platform in ("offscreen", "minimal"):
        return (f"The 3-D view needs OpenGL, which this display ('{platform}') has not got. "
                "The contour view shows the same function.")
    try:
        import OpenGL.GL  # noqa: F401 - lazy on purpose (see the module docstring)
        import pyqtgraph.opengl  # noqa: F401
    except Exception as problem:  # noqa: BLE001 - any failure means no 3-D view
        return f"The 3-D view needs OpenGL, which could not be loaded ({problem})."
    return None


def _shade(xs: np.ndarray, ys: np.ndarray, z: np.ndarray) -> np.ndarray:
    """A light factor per grid node (0.55 .. 1): the band colours carry no shading of their
    own, and without it a bowl looks like a flat picture."""
    dz_dx = np.gradient(z, xs, axis=0)
    dz_dy = np.gradient(z, ys, axis=1)
    normal = np.stack([-dz_dx, -dz_dy, np.ones_like(z)])
    normal /= np.linalg.norm(normal, axis=0)
    light = np.array([-0.4, -0.5, 0.77])  # from the viewer's upper left
    return 0.55 + 0.45 * np.clip(np.tensordot(light, normal, axes=1), 0, 1)


class SurfaceView(QWidget):
    """The 3-D surface, built on first ``open()``; a message instead where GL is missing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("surface_view")
        self.setAccessibleName("3-D surface")
        self.message = QLabel(self)
        self.message.setObjectName("surface_message")
        self.message.setAccessibleName("3-D view message")
        self.message.setWordWrap(True)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.addWidget(self.message)
        self.gl_view = None
        self.problem: str | None = None
        self.functions: FieldFunctions | None = None
        self.runs: list[RunPath] = []
        self._ranges = ([-1.0, 1.0], [-1.0, 1.0])
        self._z_span = (0.0, 1.0)
        self._surface = None
        self._paths: list = []
        self._heads: list = []

    def open(self) -> bool:
        """Build the GL view (once); False, with a message on show, where GL is missing."""
        if self.gl_view is not None:
            return True
        self.problem = gl_problem()
        if self.problem:
            self.message.setText(self.problem)
            return False
        import pyqtgraph.opengl as gl  # only when the 3-D view opens

        from workbench.ui.labs.gradient.surface_gl import AxesView  # (OpenGL too)

        self.message.hide()
        self.gl_view = AxesView(self)
        self.gl_view.setObjectName("surface_gl")
        self.gl_view.setBackgroundColor("w")
        self.gl_view.setCameraPosition(pos=QVector3D(0, 0, -0.7), distance=17, elevation=30,
                                       azimuth=-60)
        self.layout_.addWidget(self.gl_view, 1)
        hint = QLabel("f(x, y) as a surface over the contour view's x and y (height = f, "
                      "clipped to the middle 98% of its values). Drag to turn it, wheel to "
                      "zoom.", self)
        hint.setObjectName("surface_hint")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #616161;")
        self.layout_.addWidget(hint)
        self._gl = gl
        self.refresh()
        return True

    def is_open(self) -> bool:
        """True once the GL view exists."""
        return self.gl_view is not None

    def set_functions(self, functions: FieldFunctions | None,
                      x_range: list[float], y_range: list[float]) -> None:
        """Draw ``functions``' f over these ranges."""
        self.functions, self._ranges = functions, (list(x_range), list(y_range))
        self.refresh()

    def refresh(self) -> None:
        """Rebuild the surface (and the paths, which sit on it)."""
        if self.gl_view is None:
            return
        if self._surface is not None:
            self.gl_view.removeItem(self._surface)
            self._surface = None
        if self.functions is None or self.functions.dimension != 2:
            return
        xs, ys, z = self.functions.grid(*self._ranges, size=GRID)
        finite = z[np.isfinite(z)]
        if finite.size == 0:
            return
        lo, hi = np.quantile(finite, [0.01, 0.99])
        self._z_span = (float(lo), float(hi) if hi > lo else float(lo) + 1.0)
        self.gl_view.axes.set_scale(self._ranges, self._z_span, BOX, HEIGHT)
        colours = band_image(z, contour_levels(z)).astype(float) / 255
        heights = self._sz(z)
        colours[..., :3] *= _shade(self._sx(xs, 0), self._sx(ys, 1), heights)[..., None]
        colours[..., 3] = 1.0
        colours[~np.isfinite(z)] = (0.75, 0.75, 0.75, 1.0)
        self._surface = self._gl.GLSurfacePlotItem(
            x=self._sx(xs, 0), y=self._sx(ys, 1), z=heights,
            colors=colours.reshape(-1, 4), smooth=False, drawEdges=False)
        self.gl_view.addItem(self._surface)
        self.set_runs(self.runs)

    def _sx(self, values: np.ndarray, axis: int) -> np.ndarray:
        low, high = self._ranges[axis]
        return (np.asarray(values, dtype=float) - (low + high) / 2) / (high - low) * BOX

    def _sz(self, values: np.ndarray) -> np.ndarray:
        lo, hi = self._z_span
        scaled = (np.clip(np.nan_to_num(values, nan=lo), lo, hi) - lo) / (hi - lo) * HEIGHT
        return scaled - HEIGHT / 2

    def set_runs(self, runs: list[RunPath]) -> None:
        """The racers' paths lifted onto the surface."""
        self.runs = list(runs)
        if self.gl_view is None:
            return
        for item in self._paths + self._heads:
            self.gl_view.removeItem(item)
        self._paths, self._heads = [], []
        for run in self.runs:
            colour = QColor(run.colour).getRgbF()
            path = self._gl.GLLinePlotItem(pos=np.zeros((1, 3)), color=colour, width=3,
                                           antialias=True)
            head = self._gl.GLScatterPlotItem(pos=np.zeros((1, 3)), color=colour, size=14)
            self.gl_view.addItem(path)
            self.gl_view.addItem(head)
            self._paths.append(path)
            self._heads.append(head)
        self.show_frame(0)

    def show_frame(self, frame: int) -> None:
        """Paths up to step ``frame``; markers at that step (only finite, in-box points)."""
        if self.gl_view is None:
            return
        for run, path, head in zip(self.runs, self._paths, self._heads):
            pts = run.points[: run.upto(frame)]
            inside = np.all(np.abs(pts - [sum(r) / 2 for r in self._ranges]) <=
                            [(r[1] - r[0]) for r in self._ranges], axis=1)
            count = int(np.argmin(inside)) if not inside.all() else len(pts)
            pos = np.column_stack([self._sx(pts[:count, 0], 0), self._sx(pts[:count, 1], 1),
                                   self._sz(run.losses[:count]) + 0.05])
            visible = count > 0
            path.setVisible(count > 1)
            head.setVisible(visible)
            if visible:
                path.setData(pos=pos)
                head.setData(pos=pos[-1:])
