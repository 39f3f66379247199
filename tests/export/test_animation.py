"""Animations to GIF / WebP / PNG frames with Pillow, read back; cancel and failure clean up."""

from __future__ import annotations

import pytest
from PIL import Image
from PySide6.QtGui import QColor, QImage

from workbench.export.animation import AnimationWriter, frame_name, qimage_to_pil, write_animation


@pytest.fixture(autouse=True)
def _widgets_app(qapp):
    """One QApplication for the run (other tests need widgets)."""
    return qapp


class Colours:
    """Frames of solid colours (distinct, so no encoder merges them)."""

    frame_interval_ms = 70

    def __init__(self, count: int = 6, size=(64, 40)):
        self.count, self.size, self.rendered = count, size, []

    def frame_count(self):
        return self.count

    def show_frame(self, index):
        self.rendered.append(index)

    def render_frame(self, index):
        self.show_frame(index)
        image = QImage(*self.size, QImage.Format.Format_ARGB32)
        image.fill(QColor.fromHsv(index * 300 // max(self.count, 1), 200, 220))
        return image


def test_qimage_becomes_rgb_over_white():
    image = QImage(4, 3, QImage.Format.Format_ARGB32)
    image.fill(QColor(255, 0, 0, 0))  # fully transparent
    image.setPixelColor(1, 2, QColor(10, 20, 30))
    pil = qimage_to_pil(image)
    assert pil.mode == "RGB" and pil.size == (4, 3)
    assert pil.getpixel((0, 0)) == (255, 255, 255)
    assert pil.getpixel((1, 2)) == (10, 20, 30)


@pytest.mark.parametrize("fmt", ["gif", "webp"])
def test_animated_files_keep_frames_and_timing(tmp_path, fmt):
    path = tmp_path / f"a.{fmt}"
    assert write_animation(Colours(), path, fmt) == path
    with Image.open(path) as image:
        assert image.n_frames == 6 and image.size == (64, 40)
        assert image.info.get("loop") == 0
        durations, colours = [], []
        for index in range(image.n_frames):
            image.seek(index)
            image.load()
            durations.append(image.info["duration"])
            colours.append(image.convert("RGB").getpixel((5, 5)))
    assert durations == [70] * 6
    assert len(set(colours)) == 6
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"a.{fmt}"]  # no temporary left


def test_png_frames_numbered_in_order(tmp_path):
    folder = tmp_path / "frames"
    write_animation(Colours(count=12), folder, "png")
    names = sorted(p.name for p in folder.iterdir())
    assert names == [frame_name(i, 12) for i in range(12)] == [f"frame_{i:04d}.png"
                                                                for i in range(1, 13)]
    first = Image.open(folder / names[0])
    assert first.format == "PNG" and first.size == (64, 40)
    assert frame_name(0, 123456) == "frame_000001.png"


def test_progress_can_cancel_and_nothing_is_left(tmp_path):
    calls = []

    def progress(done, total):
        calls.append((done, total))
        return done < 3

    assert write_animation(Colours(), tmp_path / "a.gif", "gif", progress) is None
    assert calls == [(1, 6), (2, 6), (3, 6)]
    assert list(tmp_path.iterdir()) == []
    assert write_animation(Colours(), tmp_path / "f", "png", progress) is None
    assert list(tmp_path.iterdir()) == []  # the folder it made is gone too


def test_a_failing_frame_removes_what_was_written(tmp_path):
    class Broken(Colours):
        def render_frame(self, index):
            if index == 4:
                raise RuntimeError("lab fell over")
            return super().render_frame(index)

    with pytest.raises(RuntimeError):
        write_animation(Broken(), tmp_path / "frames", "png")
    assert list(tmp_path.iterdir()) == []


def test_existing_folder_keeps_other_files_on_abort(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    writer = AnimationWriter(Colours(), tmp_path, "png")
    writer.add_frame()
    writer.add_frame()
    writer.abort()
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_frames_of_another_size_are_fitted_to_the_first(tmp_path):
    class Growing(Colours):
        def render_frame(self, index):
            self.size = (64 + index, 40)
            return super().render_frame(index)

    write_animation(Growing(count=3), tmp_path / "g.gif", "gif")
    with Image.open(tmp_path / "g.gif") as image:
        assert image.size == (64, 40) and image.n_frames == 3


def test_bad_requests_are_refused(tmp_path):
    with pytest.raises(ValueError, match="format"):
        AnimationWriter(Colours(), tmp_path / "a.avi", "avi")
    with pytest.raises(ValueError, match="no frames"):
        AnimationWriter(Colours(count=0), tmp_path / "a.gif", "gif")
