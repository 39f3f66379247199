"""The shared ``FramePlayer`` driven with qtbot: buttons, labels, the end of an animation,
the speed menu (frames counted per timer tick, never against the wall clock) and the
keyboard shortcuts a lab installs with ``add_shortcuts``."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QCheckBox, QVBoxLayout, QWidget

from workbench.ui.labs.player import MIN_TICK_MS, PAUSE_TEXT, SPEEDS, FramePlayer


@pytest.fixture
def make_player(qtbot):
    def make(count: int = 6, **options) -> FramePlayer:
        player = FramePlayer("demo", None, **options)
        qtbot.addWidget(player)
        player.set_count(count, 0)
        player.shown = []
        player.frame_changed.connect(player.shown.append)
        return player
    return make


def play_ticks(qtbot, player: FramePlayer, ticks: int) -> list[int]:
    """Press Play, let the real timer tick ``ticks`` times, pause; the frames shown meanwhile."""
    timer = player.findChild(QTimer)
    seen: list[int] = []
    start = len(player.shown)

    def on_tick() -> None:  # connected after the player's own slot, so it sees its frame
        seen.append(player.frame())
        if len(seen) == ticks:
            player.pause()

    timer.timeout.connect(on_tick)
    try:
        qtbot.mouseClick(player.play_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(seen) >= ticks, timeout=20000)
    finally:
        timer.timeout.disconnect(on_tick)
    return player.shown[start:]


def test_default_player_keeps_the_look_the_other_labs_have(make_player):
    player = make_player(5)
    assert player.speed is None and player.findChild(QWidget, "demo_speed") is None
    assert player.objectName() == "demo_player"
    assert [player.back_button.text(), player.next_button.text()] == ["\u25c0 Back",
                                                                       "Next \u25b6"]
    assert player.label.text() == "frame 1 / 5"
    assert player.label.width() >= player.label.fontMetrics().horizontalAdvance(
        "frame 999 / 999")
    player.step(3)
    assert player.label.text() == "frame 4 / 5" and player.shown == [3]
    assert player.speed_factor() == 1.0 and player.tick_ms() == 120
    player.set_speed_factor(4.0)  # no menu: nothing changes
    assert player.tick_ms() == 120 and player.frames_per_tick() == 1.0


def test_play_runs_to_the_end_pauses_and_replays_from_the_start(qtbot, make_player):
    player = make_player(4)
    metrics = player.play_button.fontMetrics()
    assert all(metrics.inFontUcs4(ord(c)) for c in PAUSE_TEXT + "\u25b6 Play")  # no empty boxes
    player.play()
    assert player.is_playing() and player.play_button.text() == PAUSE_TEXT
    qtbot.waitUntil(lambda: not player.is_playing(), timeout=10000)
    assert player.shown == [1, 2, 3] and player.frame() == 3
    assert player.play_button.text() == "\u25b6 Play"
    player.play()  # at the end: starts again from frame 0
    assert player.frame() == 0 and player.is_playing()
    player.pause()
    player.set_count(1)
    player.play()  # one frame: nothing to play
    assert not player.is_playing()


def test_scrubbing_pauses_and_shows_the_frame(qtbot, make_player):
    player = make_player(10)
    player.play()
    player.slider.setValue(6)  # what dragging the handle does
    assert not player.is_playing() and player.shown[-1] == 6
    assert player.label.text() == "frame 7 / 10"


def test_step_unit_counts_from_the_start(make_player):
    player = make_player(51, unit="step", speeds=True)
    assert player.label.text() == "step 0 / 50"
    assert [player.back_button.text(), player.next_button.text()] == ["\u25c0 Step",
                                                                       "Step \u25b6"]
    player.set_count(5001, 5000)
    assert player.label.text() == "step 5000 / 5000"
    assert player.label.width() >= player.label.fontMetrics().horizontalAdvance(
        "step 5000 / 5000")


@pytest.mark.parametrize("factor", [factor for _text, factor in SPEEDS])
def test_each_speed_keeps_its_promise_in_frames_per_second(make_player, factor):
    player = make_player(10, speeds=True)
    player.set_speed_factor(factor)
    assert player.speed_factor() == factor
    assert player.tick_ms() >= MIN_TICK_MS
    frames_per_second = player.frames_per_tick() * 1000 / player.tick_ms()
    assert frames_per_second == pytest.approx(factor * 1000 / 120, rel=0.03)
    player.set_speed_factor(0.0)  # no such speed: the choice stays
    assert player.speed_factor() == factor


def test_speed_changes_how_far_the_timer_ticks_carry_the_frames(qtbot, make_player):
    player = make_player(200, speeds=True)
    assert play_ticks(qtbot, player, 5) == [1, 2, 3, 4, 5]  # 1x: one frame per 120 ms tick
    assert player.tick_ms() == 120
    player.speed.setCurrentIndex(player.speed.findData(4.0))
    assert player.tick_ms() == 30  # 4x: ticks four times as often, still one frame each
    assert play_ticks(qtbot, player, 5) == [6, 7, 8, 9, 10]
    # 10x would need 12 ms ticks, shorter than a screen refresh: 16 ms ticks of 4/3 frame
    player.speed.setCurrentIndex(player.speed.findData(10.0))
    assert player.tick_ms() == MIN_TICK_MS
    shown = play_ticks(qtbot, player, 12)
    assert len(shown) == 12 and shown[-1] == 10 + 16
    assert max(b - a for a, b in zip([10] + shown, shown)) == 2  # never skips more than one
    player.speed.setCurrentIndex(player.speed.findData(0.25))
    assert player.tick_ms() == 480 and play_ticks(qtbot, player, 2) == [27, 28]


def test_playing_fast_still_stops_on_the_last_frame(qtbot, make_player):
    player = make_player(8, speeds=True)
    player.set_speed_factor(10.0)
    player.play()
    qtbot.waitUntil(lambda: not player.is_playing(), timeout=10000)
    assert player.frame() == 7 and player.shown[-1] == 7


def test_shortcuts_work_inside_their_areas_only(qtbot, make_player):
    host = QWidget()
    qtbot.addWidget(host)
    area, elsewhere = QWidget(host), QCheckBox("a box", host)
    area.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    player = make_player(10)
    player.setParent(host)
    column = QVBoxLayout(host)
    for widget in (area, elsewhere, player):
        column.addWidget(widget)
    player.add_shortcuts(area)
    host.show()
    qtbot.waitExposed(host)
    host.activateWindow()
    area.setFocus()
    qtbot.waitUntil(area.hasFocus)
    qtbot.keyClick(area, Qt.Key.Key_Right)
    qtbot.keyClick(area, Qt.Key.Key_Right)
    qtbot.keyClick(area, Qt.Key.Key_Left)
    assert player.frame() == 1
    qtbot.keyClick(area, Qt.Key.Key_Space)
    assert player.is_playing()
    qtbot.keyClick(area, Qt.Key.Key_Space)
    assert not player.is_playing()
    elsewhere.setFocus()
    qtbot.waitUntil(elsewhere.hasFocus)
    qtbot.keyClick(elsewhere, Qt.Key.Key_Space)  # ticks the box, does not play
    assert elsewhere.isChecked() and not player.is_playing()


def test_unavailable_player_says_why_in_place_and_ignores_every_control(qtbot, make_player):
    player = make_player(10, speeds=True, what="the sweep")
    assert player.slider.accessibleName() == "Scrub through the sweep"
    player.set_frame(4)
    player.play()
    player.set_unavailable("Needs a finite interval.")
    assert not player.is_playing() and player.unavailable() == "Needs a finite interval."
    assert player.reason.text() == "Needs a finite interval." and not player.reason.isHidden()
    assert player.slider.isHidden() and player.label.isHidden()
    assert not any(w.isEnabled() for w in (player.play_button, player.back_button,
                                           player.next_button, player.slider, player.speed))
    shown = len(player.shown)
    player.play()
    player.toggle()
    player.step(1)
    player.step(-1)
    assert not player.is_playing() and player.frame() == 4 and len(player.shown) == shown
    player.set_frame(7)  # the owner (an export) may still show a frame
    assert player.shown[-1] == 7
    player.set_unavailable("")
    assert player.unavailable() == "" and player.reason.isHidden()
    assert not player.slider.isHidden() and not player.label.isHidden()
    assert all(w.isEnabled() for w in (player.play_button, player.back_button,
                                       player.next_button, player.slider, player.speed))
    player.step(1)
    assert player.frame() == 8 and player.shown[-1] == 8


def test_an_owner_that_drew_the_frame_moves_the_player_silently(make_player):
    player = make_player(10)
    player.sync_frame(6)
    assert player.frame() == 6 and player.label.text() == "frame 7 / 10" and player.shown == []
    player.set_count(20, 3, notify=False)
    assert player.count() == 20 and player.frame() == 3 and player.shown == []
    assert player.label.text() == "frame 4 / 20"
    player.step(1)  # and steps on from there
    assert player.shown == [4]
    player.set_count(5)  # notifying: the last frame is drawn
    assert player.shown == [4, 4] and player.frame() == 4


def test_the_frame_number_never_asks_for_a_relayout(make_player):
    player = make_player(10)
    label = player.label
    # fixed in both directions: QWidget.updateGeometry does nothing for such a widget
    assert label.minimumSize() == label.maximumSize()


def test_shortcuts_can_bring_their_view_forward_first(qtbot, make_player):
    host = QWidget()
    qtbot.addWidget(host)
    area = QWidget(host)
    area.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    player = make_player(10)
    player.setParent(host)
    column = QVBoxLayout(host)
    column.addWidget(area)
    column.addWidget(player)
    calls: list[int] = []  # the frame on show when ``before`` ran
    player.add_shortcuts(area, before=lambda: calls.append(player.frame()))
    host.show()
    qtbot.waitExposed(host)
    host.activateWindow()
    area.setFocus()
    qtbot.waitUntil(area.hasFocus)
    qtbot.keyClick(area, Qt.Key.Key_Right)
    qtbot.keyClick(area, Qt.Key.Key_Right)
    assert calls == [0, 1] and player.frame() == 2  # before ran first, then the step
    qtbot.keyClick(area, Qt.Key.Key_Space)
    assert calls == [0, 1, 2] and player.is_playing()
    player.pause()
