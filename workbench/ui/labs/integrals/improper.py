"""Improper integrals in the Integrals lab: the marks that say the area goes on past the
edge of the view, and the sentences that explain the limit (and why animations wait).

An infinite end can't be drawn: the area is shaded to the view's edge, the shading fades
into that edge, and an arrow with "continues to ∞" points the way it goes on. Panning
moves the edge and the shading follows (see ``AreaView``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtCore import QPointF
from PySide6.QtGui import QBrush, QColor, QLinearGradient

from workbench.ui.labs.integrals.plots import fmt

MARK_COLOUR = "#37474f"
FADE = 0.18  # the part of the view's width over which the shading fades into a cut edge
FADED_ALPHA = 40


def infinity_text(value: float) -> str:
    """A bound as a student writes it: ∞, −∞ or the number."""
    if math.isinf(value):
        return "\u221e" if value > 0 else "\u2212\u221e"
    return fmt(value, 6)


def _ends(a: float, b: float) -> str:
    names = [f"{n} = {infinity_text(v)}" for n, v in (("a", a), ("b", b)) if math.isinf(v)]
    return " and ".join(names)


def improper_text(a: float, b: float, what: str) -> str:
    """Why ``what`` ("sweep" or "riemann") needs a finite interval, and what to try instead."""
    ends = _ends(a, b)
    if what == "riemann":
        return (f"Riemann sums need a finite interval: with {ends} the interval can't be "
                "cut into n pieces of equal width. Give it finite bounds (say 20, then "
                "100) to watch the sums approach the improper integral.")
    return (f"The sweep needs a finite interval: with {ends} the moving bound would never "
            "arrive. Use a finite bound (say 20) to watch the area settle.")


def verdict_text(a: float, b: float, value: float | None, note: str = "") -> str:
    """The improper integral in words: shaded to the edge, and the engine's limit if known."""
    if math.isinf(a) and math.isinf(b):
        limit = ("the integral between finite bounds s and t, as s and t run off to "
                 f"{infinity_text(a)} and {infinity_text(b)}")
    else:
        limit = ("the integral up to a finite bound t, as t runs off to "
                 f"{infinity_text(b if math.isinf(b) else a)}")
    arrows = "the arrows" if math.isinf(a) and math.isinf(b) else "the arrow"
    head = (f"{_ends(a, b)}: the shading stops at the edge of the view, but the area goes on "
            f"({arrows}). Its total is a limit: {limit}.")
    if value is None:
        return head + " The engine is working out whether that limit exists\u2026"
    if math.isfinite(value):
        return (head + f" The limit exists: the whole area is <b>{fmt(value, 10)}</b>, "
                "finite although the region is infinitely long.")
    if math.isinf(value):
        return head + " The limit is infinite: the integral <b>diverges</b>."
    why = "it keeps oscillating" if "oscillat" in note else "no value was found"
    return head + f" The integral <b>does not converge</b> ({why})."


def _arrow() -> pg.ArrowItem:
    return pg.ArrowItem(angle=0, headLen=16, tailLen=26, tailWidth=3, pen=pg.mkPen(MARK_COLOUR),
                        brush=pg.mkBrush(MARK_COLOUR))


class ImproperMarks:
    """Arrows, "continues to ∞" labels and a faded fill at the cut ends of the shading."""

    def __init__(self, plot_item: pg.PlotItem, fills: Sequence[pg.PlotDataItem]) -> None:
        self._fills = list(fills)
        self._solid = [QBrush(pg.mkBrush(fill.opts["fillBrush"])) for fill in fills]
        self.arrows = {"left": _arrow(), "right": _arrow()}
        self.arrows["right"].setStyle(angle=180)  # 0 points left, 180 right
        self.labels = {"left": pg.TextItem("", color=MARK_COLOUR, anchor=(0, 1)),
                       "right": pg.TextItem("", color=MARK_COLOUR, anchor=(1, 1))}
        for side in ("left", "right"):
            for thing in (self.arrows[side], self.labels[side]):
                thing.setZValue(20)
                thing.setVisible(False)
                plot_item.addItem(thing, ignoreBounds=True)

    def sides(self) -> list[str]:
        """The sides ("left", "right") whose marks are on show."""
        return [side for side, arrow in self.arrows.items() if arrow.isVisible()]

    def label_text(self, side: str) -> str:
        """The words at the ``side`` edge ("" when none)."""
        label = self.labels[side]
        return label.textItem.toPlainText() if label.isVisible() else ""

    def show(self, a: float, b: float, view: tuple[tuple[float, float], tuple[float, float]],
             edge_sign: dict[str, float]) -> None:
        """Mark each side where a or b is infinite; ``edge_sign``: sign of f at that edge."""
        (x_min, x_max), (y_min, y_max) = view
        cut = {"right": math.inf in (a, b), "left": -math.inf in (a, b)}
        width, height = x_max - x_min, y_max - y_min
        for side, on in cut.items():
            self.arrows[side].setVisible(on)
            self.labels[side].setVisible(on)
            if not on:
                continue
            inward = -1 if side == "right" else 1
            x = (x_max if side == "right" else x_min) + inward * 0.01 * width
            # just off the axis, on the side the area is at that edge: along the shading
            y = (-0.06 if edge_sign.get(side, 1.0) < 0 else 0.06) * height
            y = y if y_min < y < y_max else y_min + 0.5 * height
            self.arrows[side].setPos(x, y)
            words = "continues to \u221e \u2192" if side == "right" else \
                "\u2190 continues to \u2212\u221e"
            self.labels[side].setText(words)
            self.labels[side].setPos(x + inward * 0.005 * width, y + 0.04 * height)
        self._fade(x_min, x_max, cut)

    def hide(self) -> None:
        """No infinite end: no marks, solid fills."""
        for side in ("left", "right"):
            self.arrows[side].setVisible(False)
            self.labels[side].setVisible(False)
        for fill, brush in zip(self._fills, self._solid):
            fill.setBrush(brush)

    def _fade(self, x_min: float, x_max: float, cut: dict[str, bool]) -> None:
        # the gradient is in data coordinates: the fill's path is drawn in them
        for fill, solid in zip(self._fills, self._solid):
            colour = solid.color()
            faded = QColor(colour)
            faded.setAlpha(FADED_ALPHA)
            gradient = QLinearGradient(QPointF(x_min, 0.0), QPointF(x_max, 0.0))
            gradient.setColorAt(0.0, faded if cut["left"] else colour)
            gradient.setColorAt(FADE, colour)
            gradient.setColorAt(1 - FADE, colour)
            gradient.setColorAt(1.0, faded if cut["right"] else colour)
            fill.setBrush(QBrush(gradient))
