"""``DerivativesModel``: what every view of the Derivatives lab looks at.

The function f (from the editor, at once), f' and f'' (from the worker), the point a,
the step h and the difference scheme. Views listen to its signals and redraw; nothing
here draws or computes symbolically.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QObject, Signal

from workbench.protocol.syntax import Node
from workbench.ui.labs.derivatives.numeric import EPS, SCHEMES, quotient, value

DEFAULT_FUNCTION = "x^3 - 3x"
DEFAULT_POINT = 1.5
DEFAULT_H = 0.5


class DerivativesModel(QObject):
    """The lab's shared state; every change is announced by a signal."""

    function_changed = Signal()  # f changed (f' and f'' are gone until the worker answers)
    derivatives_changed = Signal()  # f' and f'' arrived
    point_changed = Signal()  # a moved
    step_changed = Signal()  # h or the scheme changed

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.f: Node | None = None
        self.df: Node | None = None
        self.d2f: Node | None = None
        self.text = ""
        self.a = DEFAULT_POINT
        self.h = DEFAULT_H
        self.scheme = "forward"
        # Readings at the last few points: a drag frame asks several views for f(a),
        # f'(a) and the corner test at the same a (numpy on a tree costs ~50 us a call).
        self._readings: dict[tuple[str, float], object] = {}

    def set_function(self, tree: Node | None, text: str) -> None:
        """A new f; its derivatives are forgotten until :meth:`set_derivatives`."""
        if tree == self.f and text == self.text:
            return
        self.f, self.text = tree, text
        self.df = self.d2f = None
        self._readings.clear()
        self.function_changed.emit()

    def set_derivatives(self, df: Node | None, d2f: Node | None) -> None:
        """f' and f'' of the current f (the worker's trees)."""
        self.df, self.d2f = df, d2f
        self._readings.clear()
        self.derivatives_changed.emit()

    def set_point(self, a: float) -> None:
        """Move the point a (a finite number)."""
        if a != self.a and math.isfinite(a):
            self.a = float(a)
            self.point_changed.emit()

    def set_step(self, h: float, scheme: str | None = None) -> None:
        """Change h (> 0) and, if given, the scheme."""
        scheme = self.scheme if scheme is None else scheme
        if scheme not in SCHEMES:
            raise ValueError(f"unknown scheme {scheme!r}")
        if h > 0 and (h != self.h or scheme != self.scheme):
            self.h, self.scheme = float(h), scheme
            self.step_changed.emit()

    # ---------------------------------------------------------------- readings
    def _reading(self, kind: str, x: float, compute):
        key = (kind, x)
        if key not in self._readings:
            if len(self._readings) > 256:
                self._readings.clear()
            self._readings[key] = compute(x)
        return self._readings[key]

    def f_at(self, x: float) -> float:
        """f(x), NaN where undefined or while there is no f."""
        if self.f is None:
            return math.nan
        return self._reading("f", x, lambda at: value(self.f, at))

    def slope_at(self, x: float) -> float:
        """f'(x) from the worker's derivative tree (NaN while it is on its way)."""
        if self.df is None:
            return math.nan
        return self._reading("df", x, lambda at: value(self.df, at))

    def corner(self, x: float) -> tuple[float, float] | None:
        """The one-sided slopes at ``x`` when they differ (a corner such as |x| at 0).

        The worker's f' formula gives a conventional value at a corner (sign 0 = 0), so
        the two one-sided quotients decide, as the definition of the derivative does.
        """
        if self.f is None:
            return None
        return self._reading("corner", x, self._corner)

    def _corner(self, x: float) -> tuple[float, float] | None:
        h = 1e-7 * max(1.0, abs(x))
        right = float(quotient(self.f, x, h, "forward"))
        left = float(quotient(self.f, x, h, "backward"))
        if not (math.isfinite(left) and math.isfinite(right)):
            return None
        # Above truncation (about f''·h) and round-off (about eps·|f|/h) of a smooth f.
        noise = 1e-3 * max(1.0, abs(left), abs(right)) + 100 * EPS * abs(self.f_at(x)) / h
        if abs(right - left) > noise:
            return left, right
        return None

    def exact_slope(self, x: float) -> float:
        """f'(x) where the derivative exists (NaN at a corner, or where f' is undefined)."""
        slope = self.slope_at(x)
        if math.isfinite(slope) and self.corner(x) is not None:
            return math.nan
        return slope

    def curvature_at(self, x: float) -> float:
        """f''(x) (NaN while unknown)."""
        if self.d2f is None:
            return math.nan
        return self._reading("d2f", x, lambda at: value(self.d2f, at))
