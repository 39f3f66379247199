"""Export figure... from the menu: PNG at a size and dpi, SVG; read back and compared with
the screen."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PySide6.QtCore import QByteArray
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QDialog

from workbench.ui.export.dialogs import FigureOptionsDialog


def gray(image: QImage) -> np.ndarray:
    """An image as a float array of grey levels (0..1)."""
    image = image.convertToFormat(QImage.Format.Format_Grayscale8)
    rows = np.frombuffer(bytes(image.constBits()), np.uint8).reshape(
        image.height(), image.bytesPerLine())
    return rows[:, :image.width()].astype(float) / 255.0


def choose(monkeypatch, figure=0, fmt="png", width=None, height=None, dpi=None, accept=True):
    """Make the figure dialog answer as a student would."""
    seen = {}

    def fake_exec(dialog):
        seen["names"] = [dialog.figure_box.itemText(i) for i in range(dialog.figure_box.count())]
        dialog.figure_box.setCurrentIndex(figure)
        dialog.format_box.setCurrentIndex(1 if fmt == "svg" else 0)
        seen["dpi_enabled"] = dialog.dpi_box.isEnabled()
        for box, value in ((dialog.width_box, width), (dialog.height_box, height),
                           (dialog.dpi_box, dpi)):
            if value is not None:
                box.setValue(value)
        return QDialog.DialogCode.Accepted if accept else QDialog.DialogCode.Rejected

    monkeypatch.setattr(FigureOptionsDialog, "exec", fake_exec)
    return seen


def test_png_of_explore_plot_at_chosen_size_and_dpi(window, controller, dialogs, monkeypatch,
                                                    tmp_path, qtbot):
    choose(monkeypatch, width=1200, height=700, dpi=192)
    dialogs.answers.append(str(tmp_path / "plot"))  # no extension: .png is added
    controller.actions["figure"].trigger()
    path = tmp_path / "plot.png"
    image = QImage(str(path))
    assert (image.width(), image.height()) == (1200, 700)
    assert round(image.dotsPerMeterX() * 0.0254) == 192
    levels = gray(image)
    assert levels.std() > 0.05  # curves and axes drawn, not a blank page
    assert dialogs.warnings == []
    assert window.statusBar().currentMessage().startswith("Saved")


def test_png_matches_the_screen(window, controller, dialogs, monkeypatch, tmp_path, qtbot):
    lab = window.open_lab("fakeexport")
    qtbot.waitExposed(lab)
    plot = lab.curve_plot
    screen = plot.grab().toImage()
    choose(monkeypatch, width=screen.width(), height=screen.height(), dpi=96)
    dialogs.answers.append(str(tmp_path / "curve.png"))
    controller.actions["figure"].trigger()
    exported = QImage(str(tmp_path / "curve.png"))
    assert exported.size() == screen.size()
    difference = np.abs(gray(exported) - gray(screen))
    assert difference.mean() < 0.02, difference.mean()


def test_second_figure_of_a_lab_as_valid_svg_like_the_screen(window, controller, dialogs,
                                                             monkeypatch, tmp_path, qtbot):
    lab = window.open_lab("fakeexport")
    qtbot.waitExposed(lab)
    seen = choose(monkeypatch, figure=1, fmt="svg", width=lab.other_plot.width(),
                  height=lab.other_plot.height())
    dialogs.answers.append(str(tmp_path / "other.svg"))
    controller.actions["figure"].trigger()
    assert seen["names"] == ["Curve", "Other"]
    assert seen["dpi_enabled"] is False  # dpi means nothing to an SVG
    text = (tmp_path / "other.svg").read_text(encoding="utf-8")
    root = ET.fromstring(text)
    assert root.tag.endswith("svg")
    renderer = QSvgRenderer(QByteArray(text.encode()))
    assert renderer.isValid()
    screen = lab.other_plot.grab().toImage()
    drawn = QImage(screen.size(), QImage.Format.Format_ARGB32)
    drawn.fill(0xFFFFFFFF)
    painter = QPainter(drawn)
    renderer.render(painter)
    painter.end()
    difference = np.abs(gray(drawn) - gray(screen))
    assert difference.mean() < 0.03, difference.mean()
    # every dark pixel (curve, axes, text) of one lies within 2 px of a dark pixel of the
    # other: nothing shifted, missing or stray (antialiasing differs, hence the margin)
    for level in (0.5, 0.85):  # the curve; everything drawn (grey text and ticks too)
        dark_svg, dark_screen = gray(drawn) < level, gray(screen) < level
        assert dark_screen.sum() > 500
        assert covered(dark_screen, near(dark_svg)) > 0.97
        assert covered(dark_svg, near(dark_screen)) > 0.97


def near(mask: np.ndarray, reach: int = 2) -> np.ndarray:
    """``mask`` grown by ``reach`` pixels in every direction."""
    grown = mask.copy()
    for dy in range(-reach, reach + 1):
        for dx in range(-reach, reach + 1):
            grown |= np.roll(np.roll(mask, dy, axis=0), dx, axis=1)
    return grown


def covered(mask: np.ndarray, area: np.ndarray) -> float:
    """The share of ``mask``'s pixels inside ``area``."""
    return float((mask & area).sum() / max(mask.sum(), 1))


def test_dialog_starts_at_screen_size_and_remembers_dpi_folder_and_format(
        window, controller, dialogs, monkeypatch, tmp_path):
    folder = tmp_path / "figures"
    folder.mkdir()
    choose(monkeypatch, fmt="png", dpi=300)
    dialogs.answers.append(str(folder / "a.png"))
    controller.actions["figure"].trigger()
    assert (folder / "a.png").exists()
    seen = {}

    def look(dialog):
        seen.update(fmt=dialog.format_box.currentIndex(), dpi=dialog.dpi_box.value(),
                    size=(dialog.width_box.value(), dialog.height_box.value()))
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(FigureOptionsDialog, "exec", look)
    controller.actions["figure"].trigger()
    plot_size = window.canvas.plot.getPlotItem().geometry().size().toSize()
    assert seen == {"fmt": 0, "dpi": 300, "size": (plot_size.width(), plot_size.height())}
    choose(monkeypatch, fmt="svg")
    dialogs.answers.append("")  # the student cancels the file dialog: nothing happens
    controller.actions["figure"].trigger()
    caption, start, selected = dialogs.asked[-1]
    assert start.startswith(str(folder)) and start.endswith(".svg")
    assert selected.startswith("SVG")
    assert sorted(p.name for p in folder.iterdir()) == ["a.png"]


def test_unwritable_place_is_explained(window, controller, dialogs, monkeypatch, tmp_path):
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("x")
    choose(monkeypatch)
    dialogs.answers.append(str(blocker / "plot.png"))
    controller.actions["figure"].trigger()
    assert len(dialogs.warnings) == 1
    assert "plot.png could not be saved" in dialogs.warnings[0]
    assert "not a folder" in dialogs.warnings[0] or "does not exist" in dialogs.warnings[0]


def test_disk_full_is_explained_and_leaves_nothing(window, controller, dialogs, monkeypatch,
                                                   tmp_path):
    import errno

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("workbench.export.plots.export_plot_png", full)
    choose(monkeypatch)
    dialogs.answers.append(str(tmp_path / "plot.png"))
    controller.actions["figure"].trigger()
    assert "the disk is full" in dialogs.warnings[0]
    assert list(tmp_path.glob("*plot.png*")) == []


@pytest.mark.parametrize("tab", ["placeholder", "explore"])
def test_menu_enables_what_the_tab_can_export(window, controller, tab):
    if tab == "explore":
        window.tabs.setCurrentIndex(0)
        controller.update_actions()
        assert controller.actions["figure"].isEnabled()
        assert controller.actions["derivation"].isEnabled()
        assert not controller.actions["animation"].isEnabled()  # Explore has no animation
    else:
        lab = window.open_lab("fakeexport")
        lab.with_derivation = False
        controller.update_actions()
        assert controller.actions["figure"].isEnabled()
        assert not controller.actions["derivation"].isEnabled()
        assert controller.actions["animation"].isEnabled()
    assert controller.actions["figure"].shortcut().toString() == "Ctrl+E"
    assert controller.menu.title() == "&Export"
    assert controller.menu in [a.menu() for a in window.menuBar().actions()]


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_a_figure_that_is_not_a_plot_is_exported_as_drawn(window, controller, dialogs,
                                                          monkeypatch, tmp_path, qtbot, fmt):
    from PySide6.QtWidgets import QLabel

    lab = window.open_lab("fakeexport")
    label = QLabel("A custom figure", lab)
    label.setStyleSheet("background:#ffeb3b; color:black; font-size:20px;")
    label.resize(220, 60)
    label.show()
    monkeypatch.setattr(type(lab), "figures", lambda self: [("Custom", label)])
    choose(monkeypatch, fmt=fmt, width=440, height=120)
    dialogs.answers.append(str(tmp_path / f"custom.{fmt}"))
    controller.actions["figure"].trigger()
    assert dialogs.warnings == []
    if fmt == "png":
        image = QImage(str(tmp_path / "custom.png"))
        assert (image.width(), image.height()) == (440, 120)
        assert image.pixelColor(5, 5).name() == "#ffeb3b"
    else:
        root = ET.parse(tmp_path / "custom.svg").getroot()
        assert root.tag.endswith("svg")
        assert QSvgRenderer(str(tmp_path / "custom.svg")).isValid()
