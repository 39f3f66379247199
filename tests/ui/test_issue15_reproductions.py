"""The five reproductions of "Every answer on screen answers the question on screen".

Each drives the window as a student would (the fake client answers with the real
handlers, or holds a job so a test can fail it) and checks that no widget shows an
answer to an earlier input as current.
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.ui.fakes import FakeEngineClient, FakeJobError
from tests.ui.labs.lab_helpers import open_lab
from tests.ui.test_main_window import make_window
from workbench.ui.labs.backprop import BackpropLab
from workbench.ui.labs.integrals.lab import IntegralsLab
from workbench.ui.labs.probability import ProbabilityLab




def _derived(qtbot, window, text):
    window.editor.set_text(text)
    window.editor.compute_now()
    qtbot.waitUntil(lambda: window.shown_request() is not None
                    and window.shown_request().text == text, timeout=5000)


def test_explore_a_half_typed_edit_marks_the_derivation_and_drops_f_prime(qtbot, tmp_path):
    window, _client = make_window(qtbot, tmp_path)
    _derived(qtbot, window, "x^2")
    assert window.canvas.tree("df") is not None and not window.panel.is_stale()
    for text in ("3", "3x", "3x+"):  # typed a key at a time
        window.editor.set_text(text)
    assert window.editor.tree() is None  # "3x+" does not parse
    assert window.shown_request() is None and window.current_request() is None
    assert window.panel.is_stale() and "x^2" in window.panel.stale_banner.text()
    assert window.canvas.tree("df") is None  # f' of x^2 is not drawn over 3x
    x, y = window.canvas.curves["df"].getData()
    assert x is None or len(x) == 0
    assert window.canvas.notice.isVisible() and "3x" in window.canvas.notice.text()


def test_explore_the_read_out_follows_the_new_function(qtbot, tmp_path):
    window, _client = make_window(qtbot, tmp_path)
    _derived(qtbot, window, "x^3-3x")
    window.canvas.set_second_derivative_visible(True)
    window.canvas.set_cursor_x(1.3)
    old = window.canvas.readout.text()
    assert "f″" in old or "f''" in old or "10.85" not in old  # something was read out
    _derived(qtbot, window, "x^2 sin(x)")
    text = window.canvas.readout.text()
    expected = 1.3 ** 2 * np.sin(1.3)
    assert f"{expected:.4g}" in text  # f(1.3) of the new function
    assert f"{1.3 ** 3 - 3 * 1.3:.4g}" not in text  # not the old f(1.3) = -1.703
    d2 = 2 * np.sin(1.3) + 4 * 1.3 * np.cos(1.3) - 1.3 ** 2 * np.sin(1.3)
    assert f"{d2:.4g}" in text  # f'' of the new function


@pytest.mark.parametrize("failure", ["cancelled", "timeout", "crashed"])
def test_integrals_an_edit_whose_job_fails_keeps_nothing_of_the_old_integral(qtbot, failure):
    client = FakeEngineClient()
    lab = IntegralsLab(client)
    qtbot.addWidget(lab)
    lab.resize(1200, 800)
    lab.editor.set_text("x^2")
    lab.a_field.set_text("0")
    lab.b_field.set_text("1")
    lab.request_exact()
    qtbot.waitUntil(lambda: "area" in lab.shown_results(), timeout=5000)
    assert "frac{1}{3}" in lab.area.exact.latex()
    client.hold = True
    lab.editor.set_text("x^3 e^x")
    lab.request_exact()
    job_id, job = client.pending[-1]
    client.pending.clear()
    client.job_failed.emit(job_id, job.kind, FakeJobError(failure, f"{failure}."))
    qtbot.wait(10)
    assert lab.shown_results() == {}
    assert lab.area.exact.latex() == "" and lab.area.exact.pixmap().isNull()
    assert not lab.panel.steps() or lab.panel.is_stale()
    lab.set_view("riemann")
    assert not lab.riemann.exact_from_engine
    assert "from the engine" not in lab.riemann.numbers.text()
    # the reference the Riemann view uses is the new integral's: ∫₀¹ x³eˣ dx = 6 − 2e
    assert lab.riemann.exact == pytest.approx(6 - 2 * np.e, rel=1e-6)


def test_backprop_the_caption_formula_is_the_new_graphs(qtbot):
    lab = open_lab(qtbot, BackpropLab)
    lab.editor.set_text("w x")
    lab.compute()
    qtbot.waitUntil(lambda: "graph" in lab.shown_results(), timeout=5000)
    lab.player.set_frame(1)
    first = lab.node_math.latex()
    lab.editor.set_text("sigmoid(v y + c)")
    lab.compute()
    qtbot.waitUntil(lambda: "graph" in lab.shown_results()
                    and lab.shown_results()["graph"].request.text == "sigmoid(v y + c)",
                    timeout=5000)
    names = {node.name for node in lab.model.nodes}
    shown = lab.node_math.latex()
    assert shown == "" or shown != first
    for frame in range(lab.model.frame_count()):
        lab.player.set_frame(frame)
        latex = lab.node_math.latex()
        if latex:  # every formula names a node of the graph on show
            head = latex.split("=")[0].replace("_{", "").replace("}", "").strip()
            assert head in names


def test_probability_an_unnormalised_density_tells_one_story(qtbot):
    lab = open_lab(qtbot, ProbabilityLab, state={
        "preset": "typed", "pdf": "x", "support_lo": "0", "support_hi": "1",
        "a": "0", "b": "1/2", "g": "x"})
    qtbot.waitUntil(lambda: {"probability", "expectation"} <= set(lab.shown_results()),
                    timeout=10000)
    text = lab.normalized_label.text()
    assert text.startswith("Not a normalized density") and "1/2" in text
    # ∫₀^½ x dx = 1/8 and ∫₀¹ x·x dx = 1/3 for the density as typed; scaled to area 1
    # (divided by 1/2) they are 1/4 and 2/3, which is what the Monte Carlo view estimates
    assert "P = 0.25" in text and "E[g(X)] = 0.666667" in text
    assert lab.monte_carlo.target == pytest.approx(2 / 3, rel=1e-9)


def test_integrals_with_both_bounds_empty_gives_the_antiderivative(qtbot):
    client = FakeEngineClient()
    lab = IntegralsLab(client)
    qtbot.addWidget(lab)
    lab.editor.set_text("x e^x")
    lab.a_field.set_text("")
    lab.b_field.set_text("")
    assert lab.indefinite() and not lab.a_field.problem() and not lab.b_field.problem()
    lab.request_exact()
    qtbot.waitUntil(lambda: "area" in lab.shown_results(), timeout=10000)
    result = lab.shown_results()["area"]
    assert type(result.request).__name__ == "IndefiniteJob"
    assert result.latex.endswith("+ C") and "Indefinite" in lab.stage.text()
    # F(x) = x e^x - e^x: its tree differentiates back to the integrand at a few points
    from workbench.protocol.syntax import evaluate

    xs = np.linspace(-2.0, 2.0, 9)
    h = 1e-6
    F = result.trees["F"]
    slope = (evaluate(F, {"x": xs + h}) - evaluate(F, {"x": xs - h})) / (2 * h)
    np.testing.assert_allclose(slope, xs * np.exp(xs), rtol=1e-6, atol=1e-8)
    assert [s.rule for s in lab.panel.steps()][-1] == "verify"
    lab.a_field.set_text("0")  # one bound given: no longer the antiderivative's question
    assert "area" not in lab.shown_results()
