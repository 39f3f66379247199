"""Improper integrals in the Integrals lab, driven with qtbot: infinite bounds typed in the
fields, the engine's value (or "diverges"), the shading to the view's edge with its marks,
and the animations that need a finite interval saying so in place."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush

from tests.ui.fakes import FakeEngineClient
from workbench.ui.labs.integrals import IntegralsLab

WAIT_MS = 20000


@pytest.fixture
def lab(qtbot):
    client = FakeEngineClient(hold=True)
    widget = IntegralsLab(client)
    qtbot.addWidget(widget)
    widget.resize(1300, 850)
    widget.show()
    return widget


def type_problem(lab, qtbot, function: str, a: str, b: str) -> None:
    """Type f, a and b as a student would, then let the engine (the fake, running the real
    handler) answer the last job."""
    lab.editor.set_text(function)
    lab.a_field.set_text(a)
    lab.b_field.set_text(b)
    lab.request_exact()
    lab.client.release()
    qtbot.waitUntil(lambda: not lab.is_waiting("area"), timeout=WAIT_MS)


def x_range(lab) -> tuple[float, float]:
    return tuple(lab.area.plot.getViewBox().viewRange()[0])


def test_one_over_x_squared_from_one_to_infinity_is_one(lab, qtbot):
    type_problem(lab, qtbot, "1/x^2", "1", "oo")
    assert lab.a_field.problem() == "" and lab.b_field.problem() == ""
    job = lab.client.submitted[-1]
    assert (job.text, job.lower, job.upper) == ("1/x^2", "1", "oo")  # sent as typed
    assert lab.shown_results()["area"].value == pytest.approx(1.0)
    assert "<b>1</b>" in lab.area.improper_note.text()
    assert lab.area.improper_note.isVisible()
    latex = lab.area.exact.latex()
    assert r"\infty" in latex and latex.endswith("= 1")
    # shaded from 1 to the right edge of the view, f ≥ 0 there; the area goes on
    x_min, x_max = x_range(lab)
    px, py = lab.area.fill_data()["positive"]
    assert px.min() == pytest.approx(1.0) and px.max() == pytest.approx(x_max)
    assert np.allclose(py, 1 / px**2, rtol=1e-9)
    assert lab.area.acc.signed == pytest.approx(1 - 1 / x_max, rel=1e-4)
    marks = lab.area.marks
    assert marks.sides() == ["right"] and marks.label_text("right") == "continues to \u221e \u2192"
    arrow_x = marks.arrows["right"].pos().x()
    assert x_max - 0.05 * (x_max - x_min) < arrow_x < x_max
    # no line can stand at infinity; the finite one still can
    assert lab.area.lines["a"].isVisible() and not lab.area.lines["b"].isVisible()


def test_the_gaussian_over_the_whole_line_is_root_pi(lab, qtbot):
    type_problem(lab, qtbot, "e^(-x^2)", "-oo", "\u221e")
    assert lab.shown_results()["area"].value == pytest.approx(math.sqrt(math.pi))
    assert r"\sqrt{\pi}" in lab.area.exact.latex()
    x_min, x_max = x_range(lab)
    px, _py = lab.area.fill_data()["positive"]
    assert (px.min(), px.max()) == (pytest.approx(x_min), pytest.approx(x_max))
    assert lab.area.acc.signed == pytest.approx(math.sqrt(math.pi), rel=1e-3)  # tails tiny
    assert sorted(lab.area.marks.sides()) == ["left", "right"]
    assert "\u2212\u221e" in lab.area.marks.label_text("left")
    assert "left edge" in lab.area.numbers.text()  # F can't start at −∞ on the grid
    assert not lab.area.lines["a"].isVisible() and not lab.area.lines["b"].isVisible()


def test_one_over_x_from_one_to_infinity_diverges(lab, qtbot):
    type_problem(lab, qtbot, "1/x", "1", "inf")
    assert lab.shown_results()["area"].value == math.inf
    assert "<b>diverges</b>" in lab.area.improper_note.text()
    assert "diverges" in lab.stage.text()
    # the fills fade into the cut edge: a gradient, faint at the right end
    brush = lab.area.fill_pos.opts["fillBrush"]
    stops = QBrush(brush).gradient().stops()
    assert stops[0][1].alpha() == 255 and stops[-1][1].alpha() < 100


def test_panning_shades_up_to_the_new_edge(lab, qtbot):
    type_problem(lab, qtbot, "1/x^2", "1", "oo")
    lab.area.plot.setXRange(0, 30, padding=0)
    qtbot.waitUntil(lambda: lab.area.fill_data()["positive"][0].max() == pytest.approx(30),
                    timeout=3000)
    assert lab.area.acc.signed == pytest.approx(1 - 1 / 30, rel=1e-4)
    assert lab.area.marks.arrows["right"].pos().x() == pytest.approx(30 - 0.3)


def test_animations_say_why_they_need_a_finite_interval(lab, qtbot):
    type_problem(lab, qtbot, "1/x^2", "1", "oo")
    player = lab.area.player
    assert "finite interval" in player.unavailable() and "b = \u221e" in player.unavailable()
    # the reason stands where the slider and the frame number were; the buttons are off
    assert player.reason.isVisible() and player.reason.text() == player.unavailable()
    assert not player.slider.isVisible() and not player.label.isVisible()
    assert not any(button.isEnabled() for button in (player.play_button, player.back_button,
                                                      player.next_button))
    frame = player.frame()
    with qtbot.waitActive(lab):
        lab.activateWindow()
    lab.area.plot.setFocus()
    qtbot.waitUntil(lab.area.plot.hasFocus)
    for key in (Qt.Key.Key_Space, Qt.Key.Key_Left, Qt.Key.Key_Right):
        qtbot.keyClick(lab.area.plot, key)  # the keys do nothing either
    lab.toggle_play()
    player.step(-1)
    assert not player.is_playing() and player.frame() == frame
    assert lab.animation() is None  # nothing to export frame by frame
    lab.set_view("riemann")
    riemann = lab.riemann
    assert "Riemann sums need a finite interval" in riemann.player.unavailable()
    assert riemann.player.reason.isVisible() and not riemann.n_slider.isEnabled()
    assert riemann.pieces is None and len(riemann.pieces_item.getData()[0] or []) == 0
    assert "infinite interval" in riemann.numbers.text()
    assert all(curve.getData()[0] is None or len(curve.getData()[0]) == 0
               for curve in riemann.error_curves.values())
    xs, ys = riemann.f_curve.getData()
    assert len(xs) > 10 and np.nanmax(ys) > 0.5  # f itself is still drawn


def test_back_to_a_finite_bound_everything_returns(lab, qtbot):
    type_problem(lab, qtbot, "1/x^2", "1", "oo")
    lab.b_field.set_text("20")
    assert not lab.area.improper and lab.area.marks.sides() == []
    assert lab.area.lines["b"].isVisible() and lab.area.player.unavailable() == ""
    assert not lab.area.improper_note.isVisible()
    assert lab.area.fill_pos.opts["fillBrush"].gradient() is None  # solid again
    px, _ = lab.area.fill_data()["positive"]
    assert px.max() == pytest.approx(20)
    lab.set_view("riemann")
    assert lab.riemann.pieces is not None and lab.riemann.n_slider.isEnabled()
    assert lab.state()["b"] == "20"
    lab.b_field.set_text("oo")
    assert lab.state()["b"] == "oo"  # sessions keep an infinite bound as typed


def test_the_sweep_comes_back_for_a_finite_interval(lab, qtbot):
    type_problem(lab, qtbot, "1/x^2", "1", "oo")
    lab.set_view("riemann")  # each view is drawn when it is shown
    assert lab.area.player.unavailable() and lab.riemann.player.unavailable()
    lab.b_field.set_text("2")
    riemann = lab.riemann.player
    assert riemann.unavailable() == "" and riemann.play_button.isEnabled()
    assert riemann.slider.isVisible() and lab.riemann.pieces is not None
    lab.set_view("area")
    player = lab.area.player
    assert player.unavailable() == "" and not player.reason.isVisible()
    assert player.slider.isVisible() and player.label.isVisible()
    assert all(widget.isEnabled() for widget in (player.play_button, player.back_button,
                                                  player.next_button, player.slider))
    assert player.frame() == player.count() - 1 and player.label.text() == "frame 61 / 61"
    player.set_frame(30)  # halfway: shaded from 1 to 1.5, F(1.5) = 1 - 1/1.5
    px, py = lab.area.fill_data()["positive"]
    assert px.min() == pytest.approx(1) and px.max() == pytest.approx(1.5)
    assert np.allclose(py, 1 / px**2)
    assert lab.area.F_curve.getData()[1][-1] == pytest.approx(1 - 1 / 1.5, abs=1e-5)
    player.play()
    assert player.is_playing()
    player.pause()
    assert lab.animation().frame_count() == player.count()


def test_an_improper_integral_survives_a_session(lab, qtbot):
    from workbench.session import session_from_data

    lab.restore({"function": "e^(-x^2)", "a": "-oo", "b": "\u221e", "view": "area"})
    state = lab.state()
    assert (state["a"], state["b"]) == ("-oo", "\u221e")
    data = {"format": "calculus-workbench-session", "schema": 1,
            "labs": [{"kind": "integrals", "state": state}]}
    checked = session_from_data(data).labs[0].state
    other = IntegralsLab(FakeEngineClient(hold=True))
    qtbot.addWidget(other)
    other.restore(checked)
    assert other.state() == state and other.area.improper
    assert sorted(other.area.marks.sides()) == ["left", "right"]
