"""The Probability lab: shaded areas, expectations and Monte Carlo agree with the engine."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import Qt

from tests.ui.labs.lab_helpers import lesson_try_its, open_lab, saved, wait_computed
from workbench.ui.labs.probability import ProbabilityLab


def _make(qtbot, state=None):
    """A Probability lab, computed (in ``state`` if given)."""
    return open_lab(qtbot, ProbabilityLab, state=state)


def _area(lab) -> float:
    x, y = lab.area_view.area.getData()
    return float(np.sum(np.diff(x) * (y[1:] + y[:-1]) / 2))


def test_standard_normal_within_one_sigma(qtbot):
    lab = _make(qtbot)
    exact = math.erf(1 / math.sqrt(2))
    assert lab.shown_results()["probability"].value == pytest.approx(exact)
    assert _area(lab) == pytest.approx(exact, abs=1e-4)  # the shaded fill is that area
    assert "0.682689" in lab.numeric_label.text()
    assert "erf" in lab.exact_math.latex()
    assert "normalized" in lab.normalized_label.text() and "Not" not in lab.normalized_label.text()
    x, y = lab.area_view.curve.getData()
    np.testing.assert_allclose(y, np.exp(-x ** 2 / 2) / math.sqrt(2 * math.pi), atol=1e-12)


def test_monte_carlo_histogram_and_mean_settle_on_the_density(qtbot):
    lab = _make(qtbot)
    lab.g_edit.setText("x^2")
    lab.recompute()
    wait_computed(qtbot, lab)
    mc = lab.monte_carlo
    assert lab.shown_results()["expectation"].value == pytest.approx(1.0)  # E[X^2] = sigma^2
    assert mc.target == pytest.approx(1.0)
    mc.player.set_frame(mc.player.count() - 1)
    centres, heights = mc.histogram()
    pdf = np.exp(-centres ** 2 / 2) / math.sqrt(2 * math.pi)
    assert np.max(np.abs(heights - pdf)) < 0.05 and np.mean(np.abs(heights - pdf)) < 0.015
    x, y = mc.mean_curve.getData()
    assert 10 ** x[-1] == pytest.approx(20_000) and y[-1] == pytest.approx(1.0, abs=0.05)
    mc.player.set_frame(0)
    assert mc.histogram()[1].sum() * (centres[1] - centres[0]) == pytest.approx(1.0, abs=0.06)
    assert "n = 20 samples" in mc.readout.text()
    # the share of samples in [-1, 1] estimates P(-1 <= X <= 1)
    mc.player.set_frame(mc.player.count() - 1)
    share = float(mc.readout.text().split("share in [a, b] = ")[1].split()[0])
    assert share == pytest.approx(math.erf(1 / math.sqrt(2)), abs=0.015)


def test_exponential_preset(qtbot):
    lab = _make(qtbot, {"preset": "exponential", "pdf": "", "params": {"lamda": 2},
                        "a": "0", "b": "1", "g": "x"})
    assert lab.shown_results()["probability"].value == pytest.approx(1 - math.exp(-2))
    assert _area(lab) == pytest.approx(1 - math.exp(-2), abs=1e-4)
    assert lab.shown_results()["expectation"].value == pytest.approx(0.5)
    samples = lab.monte_carlo.samples
    assert samples.min() >= 0 and samples.mean() == pytest.approx(0.5, abs=0.02)


def test_uniform_preset_sets_its_support(qtbot):
    lab = _make(qtbot, {"preset": "uniform", "pdf": "", "params": {"c": -1, "d": 3},
                        "a": "0", "b": "0.5", "g": "x"})
    assert (lab.support_lo.text(), lab.support_hi.text()) == ("-1", "3")
    assert lab.shown_results()["probability"].value == pytest.approx(0.125)
    assert lab.shown_results()["expectation"].value == pytest.approx(1.0)
    assert lab.monte_carlo.samples.min() >= -1 and lab.monte_carlo.samples.max() <= 3


def test_an_unnormalized_density_is_called_out(qtbot):
    lab = _make(qtbot, {"preset": "typed", "pdf": "x^2", "support_lo": "0", "support_hi": "1",
                        "a": "0", "b": "1", "g": "x"})
    assert lab.shown_results()["probability"].normalized is False
    assert lab.normalized_label.text().startswith("Not a normalized density")


BAD_INPUTS = [("param1", "0", "\u03c3 must be above 0"), ("a", "2", "a must not be above b"),
              ("g", "x y", "g may only use x"), ("b", "nonsense(", "can't be read"),
              ("param0", "oo", "finite")]


def test_bad_inputs_are_explained_in_place_and_not_sent(qtbot):
    lab = _make(qtbot)
    sent = len(lab.client.submitted)
    for edit, text, words in BAD_INPUTS:
        field = lab.findChild(type(lab.a_edit), f"probability_{edit}")
        good = field.text()
        field.setText(text)
        lab.recompute()
        assert words in lab.problem.text(), (edit, text)
        field.setText(good)
    lab.restore({"preset": "typed", "pdf": "x", "support_lo": "-1", "support_hi": "1",
                 "a": "0", "b": "1"})
    assert "negative" in lab.problem.text()
    assert len(lab.client.submitted) == sent
    lab.editor.set_text("e^(")
    lab.g_edit.setText("sin(")
    kept = saved("probability", lab.state())  # half-typed formulas are not saved
    assert kept["pdf"] == lab.form.drawn_text and kept["g"] == "x"


def test_editing_a_preset_formula_makes_it_typed(qtbot):
    lab = _make(qtbot)
    lab.editor.set_text("3 x^2")
    lab.support_lo.setText("0")
    lab.support_hi.setText("1")
    qtbot.waitUntil(lambda: lab.preset_key() == "typed", timeout=3000)
    lab.a_edit.setText("0")
    lab.recompute()
    wait_computed(qtbot, lab)
    assert lab.shown_results()["probability"].value == pytest.approx(1.0)


def test_state_round_trips_through_the_session_fields(qtbot):
    lab = _make(qtbot, {"preset": "uniform", "pdf": "", "params": {"c": 1, "d": 3},
                        "a": "1.5", "b": "2", "g": "x^2"})
    lab.monte_carlo.player.set_frame(5)
    state = saved("probability", lab.state())
    assert state["params"] == {"c": 1.0, "d": 3.0} and state["frame"] == 5
    other = _make(qtbot, state)
    assert other.state() == state
    np.testing.assert_array_equal(other.monte_carlo.samples, lab.monte_carlo.samples)


def test_animation_renders_frames(qtbot):
    lab = _make(qtbot)
    animation = lab.animation()
    assert animation.frame_count() == lab.monte_carlo.player.count() > 30
    image = animation.render_frame(10)
    assert not image.isNull() and image.width() > 100
    lab.tabs.setCurrentIndex(0)
    lab.show()
    with qtbot.waitActive(lab):
        lab.activateWindow()
    lab.area_view.plot.setFocus()
    qtbot.keyClick(lab.area_view.plot, Qt.Key.Key_Space)  # shows the Monte Carlo view, plays
    assert lab.tabs.currentIndex() == 1 and lab.monte_carlo.player.is_playing()
    lab.deactivate()
    assert not lab.monte_carlo.player.is_playing()


def test_arrows_step_the_monte_carlo_sample_from_either_tab(qtbot):
    lab = _make(qtbot)
    player, view = lab.monte_carlo.player, lab.monte_carlo
    lab.show()
    with qtbot.waitActive(lab):
        lab.activateWindow()
    player.set_frame(5)
    lab.tabs.setCurrentIndex(0)
    lab.area_view.plot.setFocus()
    qtbot.waitUntil(lab.area_view.plot.hasFocus)
    qtbot.keyClick(lab.area_view.plot, Qt.Key.Key_Right)  # brings Monte Carlo forward, steps
    assert lab.tabs.currentIndex() == 1 and player.frame() == 6
    assert not player.is_playing()
    view.hist_plot.setFocus()
    qtbot.waitUntil(view.hist_plot.hasFocus)
    qtbot.keyClick(view.hist_plot, Qt.Key.Key_Left)
    qtbot.keyClick(view.hist_plot, Qt.Key.Key_Left)
    assert player.frame() == 4
    # frame 4: the histogram and running mean of the first sizes[4] samples only
    count = view.sizes[4]
    xs, means = view.mean_curve.getData()
    assert 10 ** xs.max() <= count * (1 + 1e-9) and len(xs) < len(view.mean_n)
    assert f"n = {count} samples" in view.readout.text()
    heights = view.bars.opts["height"]
    width = view.edges[1] - view.edges[0]
    inside = np.sum((view.samples[:count] >= view.edges[0]) &
                    (view.samples[:count] <= view.edges[-1]))
    assert np.sum(heights) * width * count == pytest.approx(inside)  # a density of count
    qtbot.keyClick(view.hist_plot, Qt.Key.Key_Space)
    assert player.is_playing()
    qtbot.keyClick(view.hist_plot, Qt.Key.Key_Space)
    assert not player.is_playing()
    # Space on the "New samples" button presses it, as on any button
    seed = lab.seed
    lab.resample_button.setFocus()
    qtbot.waitUntil(lab.resample_button.hasFocus)
    qtbot.keyClick(lab.resample_button, Qt.Key.Key_Space)
    assert lab.seed == seed + 1 and not player.is_playing()


@pytest.mark.parametrize("action", lesson_try_its("probability"), ids=lambda a: a.label)
def test_every_lesson_try_it_shows_its_area(qtbot, action):
    lab = _make(qtbot)
    lab.apply_try_it(action.params)
    wait_computed(qtbot, lab)
    assert lab.editor.text() == action.params["pdf"] and not lab.problem.text()
    value = lab.shown_results()["probability"].value
    assert _area(lab) == pytest.approx(value, abs=1e-3)
    assert lab.shown_results()["probability"].normalized is True
    expected = lab.shown_results()["expectation"].value
    assert lab.monte_carlo.target == pytest.approx(expected)
    assert np.mean(lab.monte_carlo.g_values) == pytest.approx(expected, abs=0.05)


def test_an_unnormalized_density_is_sampled_scaled_to_area_one(qtbot):
    lab = _make(qtbot, {"preset": "typed", "pdf": "e^(-x^2)", "a": "0", "b": "1", "g": "x^2"})
    assert lab.shown_results()["probability"].normalized is False
    # the samples follow e^(-x^2)/sqrt(pi), whose E[X^2] is 1/2 (the engine's integral: sqrt(pi)/2)
    assert lab.monte_carlo.target == pytest.approx(0.5, abs=1e-6)
    assert np.mean(lab.monte_carlo.g_values) == pytest.approx(0.5, abs=0.03)


def test_a_density_with_infinite_area_is_not_sampled(qtbot):
    lab = _make(qtbot, {"preset": "typed", "pdf": "1/x", "support_lo": "1", "support_hi": "oo",
                        "a": "1", "b": "2"})
    assert _area(lab) == pytest.approx(math.log(2), abs=1e-4)  # the area view still works
    assert lab.monte_carlo.samples.size == 0
    assert lab.monte_carlo.readout.text().startswith("No samples")
    assert "\u221e" in lab.normalized_label.text()
    player = lab.monte_carlo.player
    assert "no samples" in player.unavailable() and not player.play_button.isEnabled()
    lab.monte_carlo.player.toggle()
    assert not player.is_playing()
    lab.restore({"preset": "normal"})  # a density with samples: the player comes back
    assert lab.monte_carlo.samples.size > 0
    assert player.unavailable() == "" and player.play_button.isEnabled() and player.count() > 30


def test_figures_export(qtbot, tmp_path):
    from workbench.export.plots import export_plot_png

    lab = _make(qtbot)
    names = [name for name, _figure in lab.figures()]
    assert names == ["density", "monte carlo histogram", "running mean"]
    for name, figure in lab.figures():
        image = export_plot_png(figure, tmp_path / f"{name}.png", width=640, height=400)
        assert (image.width(), image.height()) == (640, 400)


def test_exact_and_monte_carlo_tell_one_story_for_an_unnormalised_density(qtbot):
    # x on [0, 1] has area 1/2: both panels answer for 2x, and both say so
    lab = _make(qtbot, {"preset": "typed", "pdf": "x", "support_lo": "0", "support_hi": "1",
                        "a": "0", "b": "1/2", "g": "x"})
    shown = lab.shown_results()
    probability, mean = shown["probability"], shown["expectation"]
    assert probability.normalized_value == pytest.approx(0.25)
    assert mean.normalized_value == pytest.approx(2 / 3)
    assert "normalised" in probability.latex and "normalised" in mean.latex
    mc = lab.monte_carlo
    assert mc.probability == pytest.approx(probability.normalized_value, abs=1e-4)
    assert mc.target == pytest.approx(mean.normalized_value, abs=1e-4)
    assert "Not a density (area 0.5)" in mc.readout.text()
