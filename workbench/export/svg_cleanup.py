"""Make a plot's Qt-written SVG look in every viewer as it does on screen.

Two faults of ``QSvgGenerator`` (Qt 6.12) that Qt's own ``QSvgRenderer`` hides, because it
ignores both clip paths and stroke widths under transforms, but browsers, librsvg and
Inkscape show:

1. Wrong clips. Groups drawn with no clip (axes, ticks, legend samples) come out
   clipped to the box of whatever was clipped before them (a legend label's), so in
   a browser they vanish. Only the plot area's clip matters for a plot - the one
   around the data, drawn under a scaling transform - so every other clip is dropped.
2. Scaled strokes. pyqtgraph draws curves and grids with cosmetic pens inside a
   scaling transform (data units to pixels), written as ``<g transform="matrix(63,0,
   0,-9,...)">`` around shapes marked ``vector-effect="non-scaling-stroke"``. Browsers
   honour the marker; librsvg (GNOME's viewers, converters) and older Inkscape draw
   every curve tens of pixels wide. Such a group's transform is moved into its
   shapes' coordinates, so a stroke stays one pixel wide without the marker (what
   pyqtgraph's own SVG exporter did in ``correctCoordinates``, which fails on Qt 6.12).
   Groups holding anything else (text, images) are left as they are.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

SVG_NS = "http://www.w3.org/2000/svg"
_MATRIX = re.compile(r"^\s*matrix\(([^)]*)\)\s*$")
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_PATH_TOKEN = re.compile(r"[A-Za-z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_PAIR_COMMANDS = set("MLCSQTZ")  # absolute commands whose numbers are all (x, y) pairs

Matrix = tuple[float, float, float, float, float, float]


def clean_plot_svg(path: str | Path) -> int:
    """Rewrite the SVG file at ``path`` in place (see the module docstring for what and
    why); return how many groups were flattened."""
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    tree = ET.parse(path)
    _drop_stale_clips(tree.getroot())
    count = 0
    for group in tree.getroot().iter(f"{{{SVG_NS}}}g"):
        if _flatten_group(group):
            count += 1
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return count


def _drop_stale_clips(root: ET.Element) -> None:
    """Keep only the clip paths around data (groups drawn under a scaling transform)."""
    data_clips: set[str] = set()
    for group in root.iter(f"{{{SVG_NS}}}g"):
        clip = group.get("clip-path")
        if clip and any(_is_scaling(inner.get("transform", "")) for inner in group.iter()):
            data_clips.add(clip)
    for element in root.iter():
        clip = element.get("clip-path")
        if clip is not None and clip not in data_clips:
            del element.attrib["clip-path"]


def _is_scaling(transform: str) -> bool:
    match = _MATRIX.match(transform)
    if match is None:
        return False
    a, b, c, d = (float(n) for n in _NUMBER.findall(match.group(1))[:4])
    # a rotation (the y axis label) or a shift keeps lengths; data transforms don't
    return abs(math.hypot(a, b) - 1) > 1e-6 or abs(math.hypot(c, d) - 1) > 1e-6


def _flatten_group(group: ET.Element) -> bool:
    match = _MATRIX.match(group.get("transform", ""))
    children = list(group)
    if match is None or not children or group.get("clip-path"):
        return False
    numbers = [float(n) for n in _NUMBER.findall(match.group(1))]
    if len(numbers) != 6:
        return False
    matrix: Matrix = tuple(numbers)  # type: ignore[assignment]
    rewritten = [_transformed(child, matrix) for child in children]
    if any(attrs is None for attrs in rewritten):
        return False  # something we can't move (text, an image, a relative path): leave it
    for child, attrs in zip(children, rewritten):
        child.attrib.update(attrs)  # type: ignore[arg-type]
    del group.attrib["transform"]
    return True


def _transformed(element: ET.Element, matrix: Matrix) -> dict[str, str] | None:
    """The element's new geometry attributes under ``matrix``, or None if it can't move."""
    tag = element.tag.rsplit("}", 1)[-1]
    if element.get("vector-effect") != "non-scaling-stroke" or len(element):
        return None
    if tag in ("polyline", "polygon"):
        values = [float(n) for n in _NUMBER.findall(element.get("points", ""))]
        if len(values) % 2:
            return None
        pairs = [_apply(matrix, values[i], values[i + 1]) for i in range(0, len(values), 2)]
        return {"points": " ".join(f"{x:.6g},{y:.6g}" for x, y in pairs)}
    if tag == "path":
        data = _path_data(element.get("d", ""), matrix)
        return None if data is None else {"d": data}
    return None


def _path_data(data: str, matrix: Matrix) -> str | None:
    out: list[str] = []
    pending: list[float] = []
    for token in _PATH_TOKEN.findall(data):
        if token.isalpha():
            if token not in _PAIR_COMMANDS or pending:
                return None
            out.append(token)
            continue
        pending.append(float(token))
        if len(pending) == 2:
            x, y = _apply(matrix, *pending)
            out.append(f"{x:.6g},{y:.6g}")
            pending = []
    return None if pending else " ".join(out)


def _apply(matrix: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = matrix
    return a * x + c * y + e, b * x + d * y + f
