"""The Sums lab with a letter as the upper limit: Σ_{k=1}^{n} k² = n(n+1)(2n+1)/6 with its
derivation, checked against the partial sums plotted up to a chosen n; Π mode's legend
says "partial products"."""

from __future__ import annotations

import numpy as np
import pytest

from tests.ui.labs.lab_helpers import open_lab, saved
from workbench.ui.labs.series import SeriesLab
from workbench.ui.labs.series.numbers import LimitError, read_limits
from workbench.ui.sampling import evaluate_on


def test_a_letter_upper_limit_is_read_as_a_symbol():
    limits = read_limits("k", "1", "n", 25)
    assert (limits.symbol, limits.hi, limits.engine_hi(), limits.terms()) == ("n", 25, "n", 25)
    with pytest.raises(LimitError):
        read_limits("k", "1", "k", 10)


def test_sum_of_squares_to_n_gives_the_closed_form_and_its_steps(qtbot):
    lab = open_lab(qtbot, SeriesLab, state={"term": "k^2", "index": "k", "lo": "1", "hi": "n",
                                            "operation": "sum", "plot_n": 12})
    assert lab.plot_n.isEnabled()
    result = lab.shown_results()["series"]
    assert result.request.hi == "n"
    assert result.closed_tree is not None and lab.panel.steps()
    n = np.arange(1, 13, dtype=float)
    closed = evaluate_on(result.closed_tree, result.limit_symbol, n)
    assert np.allclose(closed, n * (n + 1) * (2 * n + 1) / 6)
    lab.player.set_frame(lab.player.count() - 1)
    bars_n, heights = lab.shown_bars()
    assert list(bars_n) == list(n)
    assert np.allclose(heights, np.cumsum(n ** 2))  # the plot's partial sums agree with it
    assert np.allclose(lab.closed.getData()[1], closed)
    assert "closed form at n = 12 gives 650" in lab.readout.text()
    assert saved("series", lab.state())["plot_n"] == 12


def test_changing_the_plotted_n_redraws_the_partial_sums(qtbot):
    lab = open_lab(qtbot, SeriesLab, state={"term": "1/(k(k+1))", "hi": "n", "plot_n": 5})
    lab.plot_n.setValue(30)
    qtbot.waitUntil(lambda: "series" in lab.shown_results(), timeout=20000)
    lab.player.set_frame(lab.player.count() - 1)
    bars_n, heights = lab.shown_bars()
    assert len(bars_n) == 30
    assert heights[-1] == pytest.approx(30 / 31)  # telescoping: 1 − 1/(n + 1)
    result = lab.shown_results()["series"]
    assert evaluate_on(result.closed_tree, result.limit_symbol,
                       np.array([30.0]))[0] == pytest.approx(30 / 31)


def test_product_mode_legend_says_partial_products(qtbot):
    lab = open_lab(qtbot, SeriesLab, state={"term": "(k+1)/k", "hi": "n", "plot_n": 8,
                                            "operation": "product"})
    label = lab.legend.getLabel(lab.bars)
    assert label is not None and label.text == "partial products P\u2099"
    result = lab.shown_results()["series"]
    assert evaluate_on(result.closed_tree, result.limit_symbol,
                       np.array([8.0]))[0] == pytest.approx(9.0)  # telescoping: n + 1
    lab.restore({"term": "k", "hi": "10", "operation": "sum"})
    assert lab.legend.getLabel(lab.bars).text == "partial sums S\u2099"
    assert not lab.plot_n.isEnabled()
