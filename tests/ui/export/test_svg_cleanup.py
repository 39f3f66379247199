"""The SVG of the Explore plot, cleaned, draws like the screen in a standards viewer too."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QDialog

from tests.ui.export.test_figure_export import covered, gray, near
from workbench.export.plots import export_plot_svg
from workbench.ui.export.dialogs import FigureOptionsDialog
from workbench.export.svg_cleanup import SVG_NS, clean_plot_svg

G = f"{{{SVG_NS}}}g"


def scaled_groups_with_shapes(root):
    out = []
    for group in root.iter(G):
        transform = group.get("transform", "")
        if transform.startswith("matrix(") and not transform.startswith("matrix(1,0,0,1,"):
            if any(child.get("vector-effect") == "non-scaling-stroke" for child in group):
                out.append(group)
    return out


@pytest.fixture
def raw_svg(window, tmp_path):
    window.canvas.set_second_derivative_visible(True)  # curves run off the view: clipping matters
    path = tmp_path / "raw.svg"
    export_plot_svg(window.canvas, path, clean=False)
    return path


def test_cleanup_moves_data_transforms_into_coordinates_and_keeps_only_the_plot_clip(raw_svg):
    before = ET.parse(raw_svg).getroot()
    assert scaled_groups_with_shapes(before)  # what librsvg draws tens of pixels wide
    clips_before = {e.get("clip-path") for e in before.iter() if e.get("clip-path")}
    assert clean_plot_svg(raw_svg) > 0
    after = ET.parse(raw_svg).getroot()
    assert after.tag == f"{{{SVG_NS}}}svg"
    assert scaled_groups_with_shapes(after) == []
    clips_after = {e.get("clip-path") for e in after.iter() if e.get("clip-path")}
    assert len(clips_after) == 1 and clips_after < clips_before  # the plot area's clip


@pytest.mark.skipif(not shutil.which("rsvg-convert"), reason="librsvg's rsvg-convert not installed")
def test_librsvg_draws_the_menu_s_svg_like_the_screen(window, controller, dialogs, monkeypatch,
                                                      tmp_path):
    window.canvas.set_second_derivative_visible(True)
    plot = window.canvas.plot
    screen = plot.grab().toImage()
    size = window.canvas.plot.getPlotItem().geometry().size().toSize()

    def accept(dialog):
        dialog.format_box.setCurrentIndex(1)
        dialog.width_box.setValue(size.width())
        dialog.height_box.setValue(size.height())
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(FigureOptionsDialog, "exec", accept)
    dialogs.answers.append(str(tmp_path / "plot.svg"))
    controller.actions["figure"].trigger()
    png = tmp_path / "rsvg.png"
    subprocess.run(["rsvg-convert", "-b", "white", str(tmp_path / "plot.svg"), "-o", str(png)],
                   check=True, timeout=60)
    drawn = QImage(str(png))
    # the SVG is the plot item's size, which may be a pixel larger than the widget
    assert abs(drawn.width() - screen.width()) <= 2 and abs(drawn.height() - screen.height()) <= 2
    drawn = drawn.copy(0, 0, screen.width(), screen.height())
    assert np.abs(gray(drawn) - gray(screen)).mean() < 0.03
    svg, shown = gray(drawn), gray(screen)
    # a line on a half pixel is two lighter pixels in one, one dark pixel in the other:
    # a pixel counts as matched by a somewhat lighter one within 2 px
    for level in (0.5, 0.85):
        assert covered(shown < level, near(svg < level + 0.12)) > 0.98  # axes, legend there
        assert covered(svg < level, near(shown < level + 0.12)) > 0.98  # nothing thick or stray
