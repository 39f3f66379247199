"""The output checks: a derivation typesets, and a plot exports as PNG and SVG with the
app's own exporters (the files are kept in the context's output folder)."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from typing import Any

import numpy as np

from workbench.selftest.base import SAMPLE_FUNCTION, Context, distinct_colours, render_svg

FALLBACK_LATEX = r"\frac{d}{dx}\left(x^{2}\sin x\right) = 2x\sin x + x^{2}\cos x"


def check_typeset(ctx: Context) -> str:
    """The derivation's LaTeX typesets with ziamath and draws through QSvgRenderer."""
    import ziamath

    ziamath.config.svg2 = False  # SVG 2 <symbol>/<use> draws as bare bars in Qt
    latex = FALLBACK_LATEX
    if ctx.derive_payload:
        latex = (rf"\frac{{d}}{{dx}}\left({ctx.derive_payload['expr_latex']}\right) = "
                 f"{ctx.derive_payload['latex']}")
    svg = ziamath.Latex(latex).svg().encode("utf-8")
    (ctx.out_dir / "derivation.svg").write_bytes(svg)
    image = render_svg(svg, 600)
    if distinct_colours(image) < 3 or not image.save(str(ctx.out_dir / "derivation.png")):
        raise AssertionError("the typeset derivation is blank or cannot be saved")
    return f"{len(svg)} bytes of SVG drawn at {image.width()}x{image.height()}"


def _sample_plot(ctx: Context) -> Any:
    """A plot widget showing f and f' (from the worker's trees when the derive job ran)."""
    import pyqtgraph as pg

    from workbench.protocol.syntax import evaluate, parse_tree

    xs = np.linspace(-6.0, 6.0, 600)
    trees = (ctx.derive_payload or {}).get("trees") or {"f": parse_tree(SAMPLE_FUNCTION),
                                                       "df": parse_tree("2x sin(x) + x^2 cos(x)")}
    widget = pg.PlotWidget(title=SAMPLE_FUNCTION)
    widget.setBackground("w")
    widget.resize(800, 500)
    for key, colour in (("f", "#1f77b4"), ("df", "#ff7f0e")):
        widget.plot(xs, evaluate(trees[key], {"x": xs}), pen=pg.mkPen(colour, width=2))
    return widget


def check_png_export(ctx: Context) -> str:
    """The app's PNG exporter writes a file that decodes at the asked width and is drawn."""
    from PySide6.QtGui import QImage

    from workbench.export.plots import export_plot_png

    widget = _sample_plot(ctx)
    path = ctx.out_dir / "plot.png"
    export_plot_png(widget, path, width=1200)
    widget.close()
    image = QImage(str(path))
    if image.isNull() or image.width() != 1200 or distinct_colours(image) < 3:
        raise AssertionError(f"{path.name} does not decode to a drawn 1200 px image")
    return f"{path.stat().st_size} bytes, {image.width()}x{image.height()}"


def check_svg_export(ctx: Context) -> str:
    """The app's SVG exporter writes a file that parses as XML, holds paths and draws in Qt."""
    from workbench.export.plots import export_plot_svg

    widget = _sample_plot(ctx)
    path = ctx.out_dir / "plot.svg"
    export_plot_svg(widget, path)
    widget.close()
    root = ElementTree.parse(path).getroot()
    paths = sum(1 for node in root.iter() if node.tag.rsplit("}", 1)[-1] in ("path", "polyline"))
    if not root.tag.endswith("svg") or paths == 0:
        raise AssertionError(f"{path.name} holds no drawing")
    render_svg(path.read_bytes(), 400)
    return f"{path.stat().st_size} bytes, {paths} paths, valid for Qt"
