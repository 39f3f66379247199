"""The Sums lab: partial sums drawn against n agree with the engine's exact values."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QApplication

from tests.ui.labs.lab_helpers import lesson_try_its, open_lab, saved, wait_computed
from workbench.ui.labs.series import SeriesLab
from workbench.ui.labs.series.numbers import read_limits, LimitError


def _make(qtbot, **params):
    """A Sums lab, computed; ``params`` are applied as a lesson's "try it" would."""
    return open_lab(qtbot, SeriesLab, try_it=params)


def _bars(lab):
    return lab.shown_bars()


def test_squares_partial_sums_and_faulhaber(qtbot):
    lab = _make(qtbot)  # k^2 from 1 to 10
    n, heights = _bars(lab)
    assert list(n) == list(range(1, 11))
    assert list(heights) == [m * (m + 1) * (2 * m + 1) / 6 for m in range(1, 11)]
    assert lab.shown_results()["series"].value == 385.0 and lab.limit_line.value() == 385.0
    x, y = lab.closed.getData()
    np.testing.assert_allclose(y, x * (x + 1) * (2 * x + 1) / 6)
    assert "faulhaber" in [step.rule for step in lab.panel.steps()]
    assert "S = 385" in lab.readout.text() and "exact value is 385" in lab.readout.text()


def test_geometric_series_approaches_two(qtbot):
    lab = _make(qtbot, term="(1/2)^k", index="k", lo=0.0, hi="oo")
    n, heights = _bars(lab)
    assert n[0] == 0 and heights[0] == 1.0
    np.testing.assert_allclose(heights, 2 - 2 * 0.5 ** (n + 1))
    assert abs(heights[-1] - 2) < 1e-3 and lab.limit_line.value() == 2.0
    x, y = lab.closed.getData()
    np.testing.assert_allclose(y, heights)  # the closed form goes through every partial sum
    assert lab.shown_results()["series"].convergent is True


def test_a_divergent_series_says_so(qtbot):
    lab = _make(qtbot, term="1/k", index="k", lo=1.0, hi="oo")
    assert not lab.limit_line.isVisible()
    assert "diverges" in lab.readout.text()


def test_product_of_one_to_five(qtbot):
    lab = _make(qtbot, term="k", index="k", lo=1.0, hi=5.0, operation="product")
    _n, heights = _bars(lab)
    assert list(heights) == [1, 2, 6, 24, 120]
    assert lab.shown_results()["series"].value == 120.0
    assert "P = 120" in lab.readout.text()


def test_frames_grow_n(qtbot):
    lab = _make(qtbot, term="k^3", index="k", lo=1.0, hi=5.0)
    animation = lab.animation()
    assert animation.frame_count() == 5
    animation.show_frame(2)
    n, heights = _bars(lab)
    assert list(heights) == [1, 9, 36]
    assert list(lab.current.getData()[1]) == [36]
    image = animation.render_frame(4)
    assert not image.isNull()
    assert list(_bars(lab)[1]) == [1, 9, 36, 100, 225]


def test_a_frame_draws_the_bars_so_far_and_none_beyond(qtbot):
    lab = _make(qtbot, term="k^3", index="k", lo=1.0, hi=5.0)  # partial sums 1, 9, 36, 100, 225
    lab.animation().show_frame(2)
    QApplication.processEvents()
    image = lab.plot.grab().toImage()
    ratio = image.devicePixelRatio()

    def colour_at(x: float, y: float) -> str:
        point = lab.plot.mapFromScene(lab.plot.getViewBox().mapViewToScene(QPointF(x, y)))
        return image.pixelColor(round(point.x() * ratio), round(point.y() * ratio)).name()

    bar = pg.mkBrush(lab.bars.opts["brush"]).color().name()
    assert colour_at(3.0, 18.0) == bar  # S_3 = 36: drawn up to 36
    assert colour_at(3.0, 60.0) != bar  # and no higher
    assert colour_at(4.0, 18.0) != bar and colour_at(5.0, 18.0) != bar  # S_4, S_5 not yet
    lab.animation().show_frame(4)
    QApplication.processEvents()
    image = lab.plot.grab().toImage()
    assert colour_at(5.0, 150.0) == bar  # the last frame shows them all


def test_a_frame_draws_the_line_of_many_sums_up_to_its_n_only(qtbot):
    lab = _make(qtbot, term="k", index="k", lo=1.0, hi=5000.0)
    frame = next(i for i, size in enumerate(lab.sizes) if size >= 2000)
    lab.animation().show_frame(frame)
    QApplication.processEvents()
    last = lab.data[0][lab.sizes[frame] - 1]  # the n this frame reaches
    image = lab.plot.grab().toImage()
    ratio = image.devicePixelRatio()
    colour = pg.mkPen(lab.line.opts["pen"]).color().name()

    def line_near(x: float) -> bool:
        point = lab.plot.mapFromScene(lab.plot.getViewBox().mapViewToScene(
            QPointF(x, x * (x + 1) / 2)))
        return any(image.pixelColor(round(point.x() * ratio) + dx,
                                    round(point.y() * ratio) + dy).name() == colour
                   for dx in range(-3, 4) for dy in range(-3, 4))

    assert last < 2500 and line_near(0.8 * last) and not line_near(1.8 * last)


def _legend_names(lab) -> list[str]:
    return [label.text for _sample, label in lab.legend.items]


def _legend_centre(lab) -> tuple[float, float]:
    """Where the legend's centre is in its plot, as fractions (0, 0 = top-left)."""
    box = lab.plot.getViewBox().sceneBoundingRect()
    centre = lab.legend.sceneBoundingRect().center()
    return (centre.x() - box.left()) / box.width(), (centre.y() - box.top()) / box.height()


def test_the_legend_names_what_is_drawn_and_keeps_off_a_converging_line(qtbot):
    lab = _make(qtbot, term="1/k^2", index="k", lo=1.0, hi=5000.0)  # a line along the top
    QApplication.processEvents()
    names = _legend_names(lab)
    assert any("partial sums" in name for name in names)
    assert not any("terms" in name for name in names)  # no dots are drawn past 200 terms
    x, y = _legend_centre(lab)
    assert y > 0.5  # below the partial sums, which run along the top
    lab.apply_try_it({"term": "1/k^2", "index": "k", "lo": 1, "hi": 20})
    wait_computed(qtbot, lab)
    assert any("terms" in name for name in _legend_names(lab))  # bars and dots again


def test_many_terms_are_drawn_as_a_line(qtbot):
    lab = _make(qtbot, term="k", index="k", lo=1.0, hi=5000.0)
    x, y = lab.line.getData()
    assert len(x) == 5000 and y[-1] == 5000 * 5001 / 2 == lab.shown_results()["series"].value
    assert len(lab.bars.opts["x"]) == 0


@pytest.mark.parametrize("index, lo, hi, words", [
    ("kk", "1", "3", "single letter"), ("k", "1.5", "3", "whole number"),
    ("k", "5", "2", "below the lower"), ("k", "1", "x2", "whole number"),
    ("k", "1", "k", "the index")])  # a letter other than the index is a symbolic limit
def test_bad_limits_are_explained(index, lo, hi, words):
    with pytest.raises(LimitError, match=words):
        read_limits(index, lo, hi)


@pytest.mark.parametrize("term, lo, words", [("k n", "1", "only use the index k"),
                                              ("1/k", "0", "undefined at k = 0")])
def test_bad_terms_are_explained_in_place_and_not_sent(qtbot, term, lo, words):
    lab = _make(qtbot)
    sent = len(lab.client.submitted)
    lab.lo_edit.setText(lo)
    lab.editor.set_text(term)
    lab.recompute()
    assert words in lab.problem.text()
    assert len(lab.client.submitted) == sent


def test_state_round_trips_through_the_session_fields(qtbot):
    lab = _make(qtbot, term="k", index="k", lo=2.0, hi=6.0, operation="product")
    lab.player.set_frame(2)
    state = saved("series", lab.state())
    assert state == {"term": "k", "index": "k", "lo": "2", "hi": "6", "operation": "product",
                     "frame": 2, "plot_n": 10}
    other = _make(qtbot)
    other.restore(state)
    wait_computed(qtbot, other)
    assert other.state() == state
    assert list(_bars(other)[1]) == [2, 6, 24]


@pytest.mark.parametrize("action", lesson_try_its("series"), ids=lambda a: a.label)
def test_every_lesson_try_it_shows_its_sum(qtbot, action):
    lab = _make(qtbot, **action.params)
    assert lab.editor.text() == action.params["term"]
    assert lab.operation_key() == action.params.get("operation", "sum")
    _n, heights = _bars(lab)
    assert heights[-1] == pytest.approx(lab.shown_results()["series"].value, rel=1e-3)
    assert not lab.problem.text()


def test_a_very_long_sum_says_where_the_plot_stops(qtbot):
    lab = _make(qtbot, term="k", index="k", lo=1.0, hi=1e9)
    x, _y = lab.line.getData()
    assert len(x) == 100_000
    assert "runs on to 1,000,000,000" in lab.readout.text()
    assert lab.truncated() and not lab.limit_line.isVisible()
    assert lab.shown_results()["series"].value == pytest.approx(1e9 * (1e9 + 1) / 2)


def test_figures_export(qtbot, tmp_path):
    from workbench.export.plots import export_plot_png

    lab = _make(qtbot)
    for name, figure in lab.figures():
        image = export_plot_png(figure, tmp_path / f"{name}.png", width=640, height=400)
        assert (image.width(), image.height()) == (640, 400)


def test_a_half_typed_term_is_not_saved(qtbot):
    lab = _make(qtbot)
    lab.editor.set_text("k^")
    assert saved("series", lab.state())["term"] == "k^2"


def test_space_types_in_the_term_but_plays_and_arrows_step_on_the_plot(qtbot):
    from PySide6.QtCore import Qt

    lab = _make(qtbot)
    lab.show()
    with qtbot.waitActive(lab):
        lab.activateWindow()
    lab.editor.input_field.setFocus()
    qtbot.keyClick(lab.editor.input_field, Qt.Key.Key_Space)
    qtbot.keyClick(lab.editor.input_field, Qt.Key.Key_Left)  # the cursor moves, not n
    assert lab.editor.text() == "k^2 " and not lab.player.is_playing()
    last = lab.player.count() - 1
    assert lab.player.frame() == last
    lab.player.set_frame(2)
    lab.plot.setFocus()
    qtbot.waitUntil(lab.plot.hasFocus)
    qtbot.keyClick(lab.plot, Qt.Key.Key_Right)
    qtbot.keyClick(lab.plot, Qt.Key.Key_Right)
    qtbot.keyClick(lab.plot, Qt.Key.Key_Left)
    assert lab.player.frame() == 3
    n, values, running = lab.data
    shown = lab.sizes[3]
    assert list(lab.shown_bars()[0]) == list(n[:shown])  # the bars of frame 3, S_1 .. S_shown
    assert lab.current.data["y"][0] == pytest.approx(running[shown - 1])
    qtbot.keyClick(lab.plot, Qt.Key.Key_Space)
    assert lab.player.is_playing()
    qtbot.keyClick(lab.plot, Qt.Key.Key_Space)
    assert not lab.player.is_playing()
    qtbot.keyClick(lab.plot, Qt.Key.Key_Space)
    lab.deactivate()
    assert not lab.player.is_playing()


@pytest.mark.parametrize("term, lo, hi, operation", [
    ("k^2", 1, 10, "sum"), ("(1/2)^k", 0, "oo", "sum"), ("k", 1, 6, "product")])
def test_the_series_job_payload_is_plain_and_its_closed_form_matches(term, lo, hi, operation):
    from workbench.protocol.syntax import evaluate
    from workbench.protocol.jobs.mlabs import SeriesJob
    from workbench.worker.payloads import dumps_plain
    from workbench.worker.registry import handler_for, load_handlers

    load_handlers()
    job = SeriesJob(term, "k", lo, hi, operation)
    result = handler_for(job)(job)
    dumps_plain(result)  # nothing from sympy crosses to the window
    assert result.operation == operation
    tree = result.closed_tree
    m = np.arange(lo, 12.0)
    if operation == "product":  # m!, now a plain tree the window evaluates with Γ(m + 1)
        assert result.value == 720.0
        np.testing.assert_allclose(evaluate(tree, {result.limit_symbol: m}),
                                   np.cumprod(m), rtol=1e-12)
        return
    ks = np.arange(lo, 12.0)
    expected = np.cumsum(ks ** 2 if term == "k^2" else 0.5 ** ks)
    np.testing.assert_allclose(evaluate(tree, {result.limit_symbol: m}), expected)
