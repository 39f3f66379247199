"""The Probability lab's summary: variance and standard deviation beside the expectation
(with steps), the CDF plotted beside the density, the median and a chosen percentile."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from tests.ui.labs.lab_helpers import open_lab
from workbench.ui.labs.probability import ProbabilityLab


def summarised(lab) -> bool:
    return {"moments", "distribution"} <= set(lab.shown_results()) and \
        not lab.is_waiting("moments") and not lab.is_waiting("distribution")


def _open(qtbot, state):
    lab = open_lab(qtbot, ProbabilityLab, state=state)
    qtbot.waitUntil(lambda: summarised(lab), timeout=30000)
    return lab


def test_exponential_variance_std_cdf_and_quantiles(qtbot):
    lab = _open(qtbot, {"preset": "exponential", "pdf": "", "params": {"lamda": 2},
                        "a": "0", "b": "1", "g": "x"})
    moments = lab.shown_results()["moments"]
    assert moments.mean_value == pytest.approx(0.5)
    assert moments.variance_value == pytest.approx(0.25)  # 1/λ²
    assert moments.std_value == pytest.approx(0.5)
    assert r"\operatorname{Var}" in lab.summary.moments_math.latex()
    titles = " ".join(step.title for step in lab.panel.steps())
    assert "Var" in titles or "variance" in titles.lower()
    # the CDF drawn is 1 − e^{−2x} on the support, 0 left of it
    x, y = lab.summary.cdf_curve.getData()
    assert np.allclose(y, np.where(x < 0, 0.0, 1 - np.exp(-2 * np.clip(x, 0, None))),
                       atol=1e-9)
    quantiles = lab.shown_results()["distribution"].quantiles
    assert [q[0] for q in quantiles] == [0.5, 0.9]
    assert quantiles[0][2] == pytest.approx(math.log(2) / 2)  # median ln 2 / λ
    assert quantiles[1][2] == pytest.approx(math.log(10) / 2)  # F(x) = 0.9
    assert lab.summary.marks["median"].value() == pytest.approx(math.log(2) / 2)
    assert "median = 0.346574" in lab.summary.quantiles.text()
    assert "90th percentile = 1.15129" in lab.summary.quantiles.text()


def test_a_chosen_percentile_of_the_normal(qtbot):
    lab = _open(qtbot, {"preset": "normal", "pdf": "", "params": {"mu": 1, "sigma": 2},
                        "a": "-1", "b": "3", "g": "x"})
    moments = lab.shown_results()["moments"]
    assert (moments.mean_value, moments.variance_value, moments.std_value) == \
        pytest.approx((1.0, 4.0, 2.0))
    lab.summary.percentile.setValue(25)
    qtbot.waitUntil(lambda: summarised(lab) and
                    lab.shown_results()["distribution"].request.quantiles == (0.5, 0.25),
                    timeout=30000)
    median, quartile = (q[2] for q in lab.shown_results()["distribution"].quantiles)
    assert median == pytest.approx(1.0)
    assert quartile == pytest.approx(stats.norm.ppf(0.25, loc=1, scale=2), rel=1e-9)
    assert "25th percentile" in lab.summary.quantiles.text()
    x, y = lab.summary.cdf_curve.getData()
    assert np.allclose(y, stats.norm.cdf(x, loc=1, scale=2), atol=1e-9)
