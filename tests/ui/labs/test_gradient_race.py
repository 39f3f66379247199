"""The fair race of the gradient lab: each optimizer its own η (the engine's defaults, with
their reasons as tooltips), the "same η for all" switch, the lesson's ``rates:``, the
verdict sentence, the loss legend, and ∂f/∂x, ∂f/∂y with their steps.

The fake client runs the real worker handlers, so the numbers are the engine's.
"""

from __future__ import annotations

import numpy as np
import pytest

import workbench.engine as engine
from tests.ui.fakes import FakeEngineClient
from tests.ui.labs.lab_helpers import lesson_try_its
from workbench.protocol.syntax import evaluate, parse_tree
from workbench.ui.labs.gradient import GradientLab
from workbench.ui.labs.gradient.runs import LABELS


def idle(lab) -> bool:
    return not lab._latest and not lab._descent_timer.isActive()


@pytest.fixture
def lab(qtbot):
    lab = GradientLab(FakeEngineClient())
    qtbot.addWidget(lab)
    lab.resize(1300, 850)
    lab.show()
    qtbot.waitUntil(lambda: idle(lab) and bool(lab.runs), timeout=20000)
    yield lab
    lab.player.pause()


def test_each_optimizer_races_at_its_own_default_rate(lab):
    expected = engine.default_learning_rates("x^2 + 3y^2", ["x", "y"], [2.5, 1.5],
                                             methods=list(LABELS))
    assert not lab.descent.same_rate()
    rates = lab.descent.rates.rates()
    for name, rate in expected.rates.items():
        assert rates[name] == pytest.approx(rate)
        assert lab.descent.rates.fields[name].toolTip() == expected.reasons[name]
    # x² + 3y²: λ = 2 and 6, so η* = 2/(2 + 6) = 0.25 for plain descent
    assert rates["gd"] == pytest.approx(0.25)
    sent = lab.shown_results()["descent"].request
    assert {name: lr for name, lr, _ in sent.runs} == {n: rates[n] for n in lab.descent.chosen()}


def test_the_verdict_names_the_lowest_final_loss(lab):
    finals = {run.name: run.losses[-1] for run in lab.runs}
    winner = min(finals, key=finals.get)
    result = lab.shown_results()["descent"]
    assert result.winner == winner == "gd"  # η* on a quadratic reaches 1e-17 in 30 steps
    text = lab.descent.verdict.text()
    assert text.startswith("Plain gradient descent won") and "because" not in text.lower()[:3]
    assert lab.descent.verdict.isVisibleTo(lab)


def test_the_loss_legend_names_each_racer(lab, qtbot):
    assert lab.loss.legend_names() == [LABELS[n] for n in lab.descent.chosen()]
    lab.restore({"function": "x^2 + 3y^2", "optimizers": ["adam"]})
    qtbot.waitUntil(lambda: idle(lab) and len(lab.runs) == 1, timeout=20000)
    assert lab.loss.legend_names() == ["Adam"]


def test_same_rate_for_all_uses_the_slider(lab, qtbot):
    lab.descent.rate.set_rate(0.05)
    lab.descent.rates.same.setChecked(True)
    qtbot.waitUntil(lambda: idle(lab) and "descent" in lab.shown_results(), timeout=20000)
    sent = lab.shown_results()["descent"].request
    assert {lr for _, lr, _ in sent.runs} == {0.05}
    assert lab.descent.rate.isVisibleTo(lab)
    assert not lab.descent.rates.fields["adam"].isVisibleTo(lab)
    assert lab.state()["same_rate"] is True


def test_a_typed_rate_is_kept_when_the_start_moves(lab, qtbot):
    field = lab.descent.rates.fields["adam"]
    field.setText("0.3")
    field.editingFinished.emit()
    lab.set_start([1.0, -1.0])
    qtbot.waitUntil(lambda: idle(lab) and "rates" in lab.shown_results(), timeout=20000)
    qtbot.waitUntil(lambda: idle(lab) and "descent" in lab.shown_results(), timeout=20000)
    sent = dict((n, lr) for n, lr, _ in lab.shown_results()["descent"].request.runs)
    assert sent["adam"] == 0.3 and sent["gd"] == pytest.approx(0.25)


def test_the_race_lesson_applies_its_rates_and_its_claims_hold(lab, qtbot):
    action = next(a for a in lesson_try_its("gradient") if "rates" in a.params)
    lab.apply_try_it(action.params)
    qtbot.waitUntil(lambda: idle(lab) and len(lab.runs) == 3, timeout=60000)
    sent = dict((n, lr) for n, lr, _ in lab.shown_results()["descent"].request.runs)
    assert sent == {"gd": 0.00047, "momentum": 0.0009, "adam": 0.1}
    finals = {run.name: float(run.losses[-1]) for run in lab.runs}
    # the page: plain descent still high on the wall, momentum and Adam below 0.01
    assert finals["gd"] > 1 and finals["momentum"] < 0.01 and finals["adam"] < 0.01
    assert lab.descent.verdict.text()


def test_partial_derivatives_with_steps(lab, qtbot):
    lab.restore({"function": "x^2 y + sin(y)"})
    qtbot.waitUntil(lambda: idle(lab) and "partials" in lab.shown_results(), timeout=20000)
    result = lab.shown_results()["partials"]
    assert [p.var for p in result.partials] == ["x", "y"]
    steps = lab.partials.steps()
    assert [s.var for s in steps] == ["x", "y"]
    assert steps[0].substeps[0].title.startswith("Treat y as a constant")
    assert steps[1].substeps[0].title.startswith("Treat x as a constant")
    # the steps' result trees agree with central differences of f
    f = parse_tree("x^2 y + sin(y)")
    for step, (dx, dy) in zip(steps, ((1e-5, 0.0), (0.0, 1e-5))):
        for x, y in np.random.default_rng(1).uniform(-2, 2, (5, 2)):
            numeric = (evaluate(f, {"x": x + dx, "y": y + dy})
                       - evaluate(f, {"x": x - dx, "y": y - dy})) / 2e-5
            exact = evaluate(step.result, {"x": x, "y": y})
            assert float(exact) == pytest.approx(float(numeric), rel=1e-5, abs=1e-6)
    assert r"\partial f" in lab.partials.heading.latex()
    assert lab.derivation().steps == steps


def test_the_loss_figure_exports_with_its_legend(lab, tmp_path):
    from workbench.export.plots import export_plot_svg

    name, plot = lab.figures()[1]
    assert name == "loss"
    path = tmp_path / "loss.svg"
    export_plot_svg(plot, path)
    text = path.read_text(encoding="utf-8")
    for racer in ("Gradient descent", "Momentum", "Adam"):
        assert racer in text
