"""Where the 3-D surface's axes go: a floor frame with a grid, x and y numbers along the
floor's edges nearest the camera, and an f scale up the corner on the screen's left.

Pure numpy (no OpenGL), so the geometry is tested without a GL context. The surface is
drawn in a box of ``box`` x ``box`` x ``height`` units centred on the origin; the axes say
which x, y and f each part of that box stands for. The text is always drawn facing the
viewer, and the edges follow the camera, so the numbers stay readable at any rotation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

TICK = 0.25  # length of a tick mark, box units
GAP = 0.3  # the floor sits this far below the lowest point of the surface
TICKS = 5  # about this many numbers per axis
#: Seen from higher than this (degrees), the surface would hide a floor frame and the f scale
#: would shrink to a point: the frame moves to the top of the box, the f numbers go.
STEEP = 55.0

Side = tuple[int, int, bool]  # signs of the camera's x and y offsets; seen from high above


def nice_ticks(low: float, high: float, count: int = TICKS) -> tuple[np.ndarray, float]:
    """Round values (steps of 1, 2 or 5 times a power of ten) inside [low, high], and the step."""
    span = high - low
    if not (math.isfinite(span) and span > 0):
        return np.array([low]), 1.0
    raw = span / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw * 0.999)
    first = math.ceil(low / step - 1e-9) * step
    values = first + step * np.arange(int(math.floor((high - first) / step + 1e-9)) + 1)
    return values, step


def tick_text(value: float, step: float) -> str:
    """A tick value with as many decimals as its step needs (no float noise, − for minus)."""
    if abs(value) < step * 1e-6:
        return "0"
    if step >= 1e5 or step < 1e-4:
        return f"{value:.2g}".replace("-", "\u2212")
    decimals = max(0, -math.floor(math.log10(step) + 1e-9))
    return f"{value:.{decimals}f}".replace("-", "\u2212")


@dataclass(frozen=True)
class AxisTicks:
    """One axis: its name, the round values it marks and where they sit in the box."""

    name: str
    values: np.ndarray
    texts: tuple[str, ...]
    positions: np.ndarray  # box units along the axis


def axis_ticks(name: str, low: float, high: float, box_low: float,
               box_high: float) -> AxisTicks:
    """The ticks of ``name`` whose data range [low, high] is drawn over [box_low, box_high]."""
    values, step = nice_ticks(low, high)
    scale = (box_high - box_low) / (high - low) if high > low else 0.0
    return AxisTicks(name, values, tuple(tick_text(v, step) for v in values),
                     box_low + (values - low) * scale)


@dataclass(frozen=True)
class AxesLayout:
    """Everything the axes draw: dark segments (frame, ticks, f axis), pale grid segments,
    and the texts (numbers and the names x, y, f) with their anchor points."""

    frame: np.ndarray  # (2n, 3) endpoints of segments
    grid: np.ndarray  # (2m, 3)
    texts: tuple[tuple[str, tuple[float, float, float]], ...]
    ticks: dict[str, AxisTicks]
    side: Side


def camera_side(dx: float, dy: float, dz: float = 0.0) -> Side:
    """Where the camera looks from: the signs of its offset (dx, dy, dz) from the centre in
    x and y, and whether it looks down steeply."""
    steep = math.degrees(math.atan2(dz, math.hypot(dx, dy))) > STEEP
    return (1 if dx >= 0 else -1), (1 if dy >= 0 else -1), steep


def axes_layout(ranges: tuple[list[float], list[float]], z_span: tuple[float, float],
                box: float, height: float, side: Side) -> AxesLayout:
    """The axes for data ``ranges`` (x, y) and f values ``z_span`` seen from ``side``."""
    half = box / 2
    floor = height / 2 + GAP if side[2] else -height / 2 - GAP
    ticks = {"x": axis_ticks("x", *ranges[0], -half, half),
             "y": axis_ticks("y", *ranges[1], -half, half),
             "f": axis_ticks("f", *z_span, -height / 2, height / 2)}
    sx, sy, steep = side
    corners = np.array([[-half, -half], [half, -half], [half, half], [-half, half]])
    frame = [(*corners[k], floor) for k in (0, 1, 1, 2, 2, 3, 3, 0)]
    grid: list[tuple[float, float, float]] = []
    texts: list[tuple[str, tuple[float, float, float]]] = []
    for p, text in zip(ticks["x"].positions, ticks["x"].texts):
        grid += [] if steep else [(p, -half, floor), (p, half, floor)]
        frame += [(p, sy * half, floor), (p, sy * (half + TICK), floor)]
        texts.append((text, (p, sy * (half + 3 * TICK), floor)))
    texts.append(("x", (0.0, sy * (half + 7 * TICK), floor)))
    for p, text in zip(ticks["y"].positions, ticks["y"].texts):
        grid += [] if steep else [(-half, p, floor), (half, p, floor)]
        frame += [(sx * half, p, floor), (sx * (half + TICK), p, floor)]
        texts.append((text, (sx * (half + 3 * TICK), p, floor)))
    texts.append(("y", (sx * (half + 7 * TICK), 0.0, floor)))
    frame_f, texts_f = ([], []) if steep else _f_axis(ticks["f"], half, floor, height, side)
    return AxesLayout(np.array(frame + frame_f, dtype=float),
                      np.array(grid, dtype=float).reshape(-1, 3),
                      tuple(texts + texts_f), ticks, side)


def _f_axis(ticks: AxisTicks, half: float, floor: float, height: float,
            side: Side) -> tuple[list, list]:
    """The f scale up a side corner: the one on the screen's left (seen from ``side``)."""
    sx, sy, _ = side
    # the camera looks along -(sx, sy); its right-hand direction is (-sy, sx)
    cx, cy = (sx, -sy) if sx * sy > 0 else (-sx, sy)
    x, y = cx * half, cy * half
    out = np.array([cx, cy]) / math.sqrt(2)  # ticks point away from the surface
    frame = [(x, y, floor), (x, y, height / 2)]
    texts = []
    for p, text in zip(ticks.positions, ticks.texts):
        frame += [(x, y, p), (x + out[0] * TICK, y + out[1] * TICK, p)]
        texts.append((text, (x + out[0] * 3 * TICK, y + out[1] * 3 * TICK, float(p))))
    texts.append(("f", (x + out[0] * 3 * TICK, y + out[1] * 3 * TICK, height / 2 + 4 * TICK)))
    return frame, texts
