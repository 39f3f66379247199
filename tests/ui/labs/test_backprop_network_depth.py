"""The backprop lab's "Network…" form (2-2-1, 2-3-1 networks built by the worker) and its
vanishing/exploding gradients demo (|∂f/∂w_k| by layer on a log scale)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tests.ui.labs.lab_helpers import open_lab, wait_computed
from workbench.protocol.jobs.ml import NetworkJob
from workbench.protocol.syntax import evaluate, parse_tree
from workbench.ui.labs.backprop import BackpropLab
from workbench.ui.labs.backprop.network_form import NetworkForm


def sigmoid(z):
    return 1 / (1 + math.exp(-z))


def test_the_form_builds_the_job_it_shows(qtbot):
    form = NetworkForm()
    qtbot.addWidget(form)
    form.sizes.setCurrentText("2-3-1")
    form.activation.setCurrentText("tanh")
    form.loss.setCurrentIndex(1)
    form.x1.setText("0.25")
    form.target.setText("0")
    assert form.job() == NetworkJob((2, 3, 1), "tanh", "bce", (0.25, 0.5), 0.0)
    form.x2.setText("two")
    assert form.job() is None and "x2" in form.problem.text()


@pytest.mark.parametrize("sizes", [(2, 2, 1), (2, 3, 1)])
def test_a_network_goes_into_the_lab_and_its_gradients_are_right(qtbot, sizes):
    lab = open_lab(qtbot, BackpropLab)
    lab.build_network(NetworkJob(sizes, "sigmoid", "mse", (1.0, 0.5), 1.0))
    qtbot.waitUntil(lambda: "network" in lab.shown_results(), timeout=20000)
    wait_computed(qtbot, lab)
    qtbot.waitUntil(lambda: lab.shown_results().get("graph") is not None and
                    lab.shown_results()["graph"].request.text == lab.editor.text(),
                    timeout=20000)
    built = lab.shown_results()["network"]
    assert lab.editor.text() == built.text
    hidden = sizes[1]
    assert set(lab.variables()) == {"x1", "x2", "t", "c", *(f"w{j}{i}" for j in
                                    range(1, hidden + 1) for i in (1, 2)),
                                    *(f"b{j}" for j in range(1, hidden + 1)),
                                    *(f"v{j}" for j in range(1, hidden + 1))}
    values = built.values
    # the output by hand: ŷ = c + Σ v_j σ(w_j1 x1 + w_j2 x2 + b_j); f = (ŷ − t)²
    y_hat = values["c"] + sum(values[f"v{j}"] * sigmoid(values[f"w{j}1"] * values["x1"] +
                                                        values[f"w{j}2"] * values["x2"] +
                                                        values[f"b{j}"])
                              for j in range(1, hidden + 1))
    result = lab.shown_results()["graph"]
    assert result.value == pytest.approx((y_hat - values["t"]) ** 2, rel=1e-9)
    # each weight's gradient against a central difference of the expression
    tree = parse_tree(built.text)
    for name in ("w11", "v1", "c"):
        h = 1e-6
        up = evaluate(tree, {**values, name: values[name] + h})
        down = evaluate(tree, {**values, name: values[name] - h})
        assert result.gradients[name] == pytest.approx((up - down) / (2 * h), rel=1e-5)


def test_depth_demo_plots_vanishing_sigmoid_gradients_on_a_log_scale(qtbot):
    lab = open_lab(qtbot, BackpropLab)
    lab.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: "depth" in lab.shown_results(), timeout=20000)
    layers, grads = lab.depth.plotted()
    assert list(layers) == list(range(1, 11))
    # by hand: a_0 = 1, a_k = σ(a_{k−1}); |∂f/∂w_k| = a_{k−1} σ′(z_k) Π_{j>k} σ′(z_j)
    a, slopes = [1.0], []
    for _ in range(10):
        s = sigmoid(a[-1])
        slopes.append(s * (1 - s))
        a.append(s)
    expected = [a[k] * slopes[k] * math.prod(slopes[k + 1:]) for k in range(10)]
    assert np.allclose(grads, expected, rtol=1e-9)
    assert grads[0] < grads[-1] * 1e-4  # the first layer's gradient has all but vanished
    assert lab.depth.plot.getPlotItem().ctrl.logYCheck.isChecked()
    assert "1/4" in lab.depth.sentence.text()


def test_depth_demo_follows_its_controls(qtbot):
    lab = open_lab(qtbot, BackpropLab)
    lab.tabs.setCurrentIndex(1)
    lab.depth.depth.setValue(20)
    lab.depth.activation.setCurrentText("relu")
    lab.depth.weight.setValue(1.5)
    qtbot.waitUntil(lambda: getattr(lab.shown_results().get("depth"), "request", None)
                    == lab.depth.job(), timeout=20000)
    layers, grads = lab.depth.plotted()
    assert len(layers) == 20
    # ReLU, w = 1.5, a_0 = 1: a_k = 1.5^k and every slope is 1, so
    # |∂f/∂w_k| = a_{k−1} · 1.5^(20−k) = 1.5^19 for every layer: it explodes with depth
    assert np.allclose(grads, 1.5 ** 19, rtol=1e-9)
    lab.depth.activation.setCurrentText("tanh")
    lab.depth.weight.setValue(3.0)
    qtbot.waitUntil(lambda: getattr(lab.shown_results().get("depth"), "request", None)
                    == lab.depth.job(), timeout=20000)
    assert lab.depth.sentence.text()
