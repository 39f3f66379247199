"""Export animation...: GIF, WebP and numbered PNG frames, progress, cancel."""

from __future__ import annotations

import pytest
from PIL import Image

from tests.ui.export.fake_lab import FRAMES


def start(window, controller, dialogs, path, frames=FRAMES):
    window.open_lab("fakeexport").sweep.count = frames
    dialogs.answers.append(str(path))
    controller.actions["animation"].trigger()
    return controller.runner


@pytest.mark.parametrize("suffix", [".gif", ".webp"])
def test_animated_file_has_every_frame(window, controller, dialogs, tmp_path, qtbot, suffix):
    path = tmp_path / f"sweep{suffix}"
    runner = start(window, controller, dialogs, path)
    with qtbot.waitSignal(runner.finished, timeout=20000) as done:
        pass
    assert done.args == [True]
    with Image.open(path) as image:
        assert image.n_frames == FRAMES
        durations = []
        for index in range(image.n_frames):
            image.seek(index)
            image.load()  # WebP reads a frame's duration when it decodes it
            durations.append(image.info["duration"])
        assert durations == [50] * FRAMES
        assert image.size == window.tabs.currentWidget().curve_plot.grab().size().toTuple()
    assert list(tmp_path.glob(".*partial")) == []


def test_png_frames_are_numbered_in_a_new_folder(window, controller, dialogs, tmp_path, qtbot,
                                                 monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    folder = tmp_path / "frames"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(
        lambda *a, **k: (str(folder), "PNG frames in a new folder (*)")))
    window.open_lab("fakeexport")
    controller.actions["animation"].trigger()
    qtbot.waitUntil(lambda: not controller.runner.is_running(), timeout=20000)
    names = sorted(p.name for p in folder.iterdir())
    assert names == [f"frame_{i:04d}.png" for i in range(1, FRAMES + 1)]
    first, last = Image.open(folder / names[0]), Image.open(folder / names[-1])
    assert first.size == last.size and first.tobytes() != last.tobytes()


def test_cancel_leaves_nothing_and_the_window_responds(window, controller, dialogs, tmp_path,
                                                      qtbot):
    path = tmp_path / "sweep.gif"
    runner = start(window, controller, dialogs, path, frames=400)
    lab = window.tabs.currentWidget()
    qtbot.waitUntil(lambda: runner.done >= 3, timeout=10000)
    assert runner.is_running() and runner.done < 400  # batches: the loop turned in between
    from PySide6.QtWidgets import QPushButton

    runner.dialog.findChild(QPushButton).click()  # the dialog's Cancel button
    assert not runner.is_running() and runner.cancelled
    qtbot.wait(50)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.ini", "settings.ini"]
    assert "cancelled" in window.statusBar().currentMessage()
    assert lab.sweep.shown[:3] == [0, 1, 2]


def test_cancelled_png_frames_remove_the_folder(window, controller, dialogs, tmp_path, qtbot,
                                                monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    folder = tmp_path / "frames"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(
        lambda *a, **k: (str(folder), "PNG frames in a new folder (*)")))
    window.open_lab("fakeexport").sweep.count = 400
    controller.actions["animation"].trigger()
    runner = controller.runner
    qtbot.waitUntil(lambda: runner.done >= 3, timeout=10000)
    runner.cancel()
    assert not folder.exists()


def test_explore_has_no_animation(window, controller, dialogs):
    assert controller.export_animation() is None
    assert "no animation" in dialogs.infos[0]
