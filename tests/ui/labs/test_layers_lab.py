"""The Layers lab: every gradient it shows agrees with central differences, each weight's chain
rule gives the matrix form's number, shape mistakes are explained, and answers to an
earlier layer are marked as such."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from tests.ui.labs.lab_helpers import open_lab, saved, wait_computed
from workbench.protocol.layer_results import IdentityResult, JacobianResult
from workbench.protocol.layers import LayerProblem
from workbench.session.errors import SessionError
from workbench.ui.labs.layers import LayersLab
from workbench.ui.labs.player import number_text

ACTIVATION = {
    "identity": lambda z: z, "sigmoid": lambda z: 1 / (1 + np.exp(-z)), "tanh": np.tanh,
    "relu": lambda z: np.maximum(z, 0), "softplus": lambda z: np.log1p(np.exp(z)),
    "softmax": lambda z: np.exp(z - z.max()) / np.exp(z - z.max()).sum(),
}
LOSS = {
    "mse": lambda y, t: np.mean((y - t) ** 2),
    "cross_entropy": lambda y, t: -np.sum(t * np.log(y)),
    "bce": lambda y, t: -np.mean(t * np.log(y) + (1 - t) * np.log(1 - y)),
}


@pytest.fixture
def lab(qtbot):
    return open_lab(qtbot, LayersLab)


def _numbers(problem: LayerProblem) -> dict[str, np.ndarray]:
    return {"W": np.array([[float(e) for e in row] for row in problem.W]),
            **{k: np.array([float(e) for e in getattr(problem, k)]) for k in "bxt"}}


def _central_differences(problem: LayerProblem) -> dict[str, np.ndarray]:
    """∂L/∂W, ∂L/∂b, ∂L/∂x by central differences of the loss written here with numpy."""
    given = _numbers(problem)
    act, loss = ACTIVATION[problem.activation], LOSS[problem.loss]

    def value(q: dict[str, np.ndarray]) -> float:
        return float(loss(act(q["W"] @ q["x"] + q["b"]), q["t"]))

    grads, h = {}, 1e-6
    for name in ("W", "b", "x"):
        grad = np.zeros_like(given[name])
        for index in np.ndindex(*grad.shape):
            up, down = ({k: v.copy() for k, v in given.items()} for _ in range(2))
            up[name][index] += h
            down[name][index] -= h
            grad[index] = (value(up) - value(down)) / (2 * h)
        grads[name] = grad
    return grads


def _shown(lab, field: str) -> np.ndarray:
    return np.array(lab.outcome.quantity(field).values, dtype=float)


def _assert_gradients_agree(lab) -> None:
    problem = lab.outcome.problem
    numeric = _central_differences(problem)
    assert np.allclose(_shown(lab, "grad_W"), numeric["W"], atol=1e-7)
    assert np.allclose(_shown(lab, "grad_b")[:, 0], numeric["b"], atol=1e-7)
    assert np.allclose(_shown(lab, "grad_x")[:, 0], numeric["x"], atol=1e-7)
    for (i, j), button in lab.paths.buttons.items():  # the numbers on the entry buttons
        assert button.text().endswith(number_text(numeric["W"][i, j])) or \
            abs(numeric["W"][i, j]) < 1e-9


def _set_choice(combo, value: str) -> None:
    combo.setCurrentIndex(combo.findData(value))


def test_default_is_a_3x2_sigmoid_layer_whose_gradients_agree(lab):
    problem = lab.outcome.problem
    assert (problem.m, problem.n, problem.activation) == (3, 2, "sigmoid")
    assert lab.form.problem() == problem
    _assert_gradients_agree(lab)
    shapes = [item.shape for item in lab.picture.items() if not isinstance(item, str)]
    assert shapes == [(3, 2), (2, 1), (3, 1), (3, 1), (3, 1)]
    numbers = _numbers(problem)
    y = 1 / (1 + np.exp(-(numbers["W"] @ numbers["x"] + numbers["b"])))
    assert np.allclose(_shown(lab, "y")[:, 0], y)
    assert lab.loss_math.latex().startswith(
        f"L = {number_text(float(np.mean((y - numbers['t']) ** 2))).replace(chr(0x2212), '-')}")


@pytest.mark.parametrize("activation,loss", [
    ("tanh", "mse"), ("softmax", "cross_entropy"), ("sigmoid", "bce"), ("softplus", "mse"),
    ("identity", "mse"), ("softmax", "bce")])
def test_every_gradient_agrees_with_central_differences(qtbot, lab, activation, loss):
    _set_choice(lab.form.activation, activation)
    _set_choice(lab.form.loss, loss)
    lab.randomise()  # a one-hot t for cross-entropy, t in [0, 1] otherwise
    wait_computed(qtbot, lab)
    assert (lab.outcome.problem.activation, lab.outcome.problem.loss) == (activation, loss)
    _assert_gradients_agree(lab)


@pytest.mark.parametrize("m,n", [(1, 1), (4, 4), (2, 3)])
def test_sizes_change_the_shapes(qtbot, lab, m, n):
    lab.form.rows.setValue(m)
    lab.form.columns.setValue(n)
    lab.randomise()
    wait_computed(qtbot, lab)
    assert lab.outcome.quantity("grad_W").shape == (m, n)
    assert len(lab.paths.buttons) == m * n
    _assert_gradients_agree(lab)


def test_clicking_an_entry_shows_its_chain_rule_with_the_matrix_forms_number(qtbot, lab):
    numeric = _central_differences(lab.outcome.problem)["W"]
    for i, j in [(0, 0), (2, 1), (1, 0)]:
        qtbot.mouseClick(lab.paths.buttons[(i, j)], Qt.MouseButton.LeftButton)
        assert lab.paths.chosen() == (i, j)
        path = lab.outcome.path(i, j)
        assert path.value == pytest.approx(numeric[i, j], abs=1e-7)
        assert path.value == pytest.approx(sum(t.product for t in path.terms), abs=1e-12)
        assert lab.paths.path_latex() == path.latex
        assert lab.paths.matrix_form.text().endswith(number_text(_shown(lab, "grad_W")[i, j]))
        assert "same number" in lab.paths.agreement.text()


def test_try_it_explains_shape_mistakes_and_accepts_the_right_product(lab):
    panel = lab.try_it
    panel.answer.setText("x delta^T")
    wrong = panel.check()
    assert not wrong.correct and "(2×3)" in wrong.message and "δ·xᵀ" in wrong.message
    assert "✘" in panel.verdict.text()
    panel.set_target("grad_x")
    panel.answer.setText("W delta")
    mismatch = panel.check()
    assert not mismatch.correct and "inner sizes" in mismatch.message
    assert "Wᵀ·δ" in mismatch.message
    for target, answer in (("grad_x", "W^T delta"), ("grad_W", "delta x^T"),
                           ("grad_b", "delta")):
        panel.set_target(target)
        panel.answer.setText(answer)
        assert panel.check().correct and "✔" in panel.verdict.text()


def test_the_animation_walks_every_stage_with_its_shapes(lab):
    assert lab.player.count() == 10
    lab.player.set_frame(4)  # ∂L/∂W posed: the result not shown yet
    names = [item.name for item in lab.stage.items() if not isinstance(item, str)]
    assert names == ["δ", "xᵀ", "∂L/∂W"] and "(3×1)·(1×2)" in lab.caption.text()
    assert lab.stage.items()[-1].latex.strip() == r"\;?\;"
    lab.player.set_frame(5)
    assert "?" not in lab.stage.items()[-1].latex
    assert lab.animation().frame_count() == 10


def test_an_edit_marks_the_layer_as_earlier_until_the_new_one_arrives(qtbot, lab):
    before = lab.outcome.problem
    cell = lab.form.grids["W"].cells[0][0]
    cell.selectAll()
    qtbot.keyClicks(cell, "2")
    assert lab.banner.isVisibleTo(lab) and "earlier" in lab.banner.text()
    assert not lab.picture_area.isEnabled() and lab.steps.is_stale()
    assert lab.shown_results() == {}
    lab.try_it.answer.setText("delta x^T")
    assert lab.try_it.check() is None  # nothing checked against the earlier layer
    wait_computed(qtbot, lab)
    assert lab.outcome.problem != before and lab.outcome.problem.W[0][0] == "2"
    assert not lab.banner.isVisibleTo(lab) and lab.picture_area.isEnabled()
    _assert_gradients_agree(lab)


def test_a_bad_entry_says_why_and_sends_nothing(qtbot, lab):
    sent = len(lab.client.submitted)
    cell = lab.form.grids["x"].cells[1][0]
    cell.selectAll()
    qtbot.keyClicks(cell, "1+")
    lab.compute()
    assert "x entry 2" in lab.form.problem_label.text()
    assert lab.current_request("layer") is None and len(lab.client.submitted) == sent
    assert lab.banner.isVisibleTo(lab)


def test_symbolic_layer_keeps_its_symbols_and_still_checks_answers(qtbot, lab):
    qtbot.mouseClick(lab.form.symbolic, Qt.MouseButton.LeftButton)
    wait_computed(qtbot, lab)
    assert lab.outcome.symbolic and "w_11" in lab.outcome.symbols
    lab.try_it.answer.setText("delta x^T")
    assert lab.try_it.check().correct


def test_session_round_trip_puts_the_layer_back(qtbot, lab):
    lab.form.set_problem(LayerProblem.random(2, 4, 9, "tanh", "mse"))
    lab.compute()
    wait_computed(qtbot, lab)
    lab.paths.choose(1, 3)
    lab.try_it.set_target("grad_x")
    lab.try_it.answer.setText("W^T delta")
    lab.player.set_frame(7)
    state = saved("layers", lab.state())
    again = open_lab(qtbot, LayersLab, state=state)
    assert again.outcome.problem == lab.outcome.problem
    assert again.paths.chosen() == (1, 3) and again.try_it.target_field() == "grad_x"
    assert again.try_it.answer.text() == "W^T delta"
    assert again.player.frame() == 7 and again.stage.items()[-1].name == "∂L/∂b"


@pytest.mark.parametrize("problem", [
    {"W": [["1"] * 5] * 5, "b": ["0"] * 5, "x": ["1"] * 5, "t": ["0"] * 5},
    {"W": [["1", "2"]], "b": ["0"], "x": ["1"], "t": ["0"]},
    {"W": [["import os"]], "b": ["0"], "x": ["1"], "t": ["0"]},
    {"W": [["1"]], "b": ["0"], "x": ["1"], "t": ["0"], "activation": "gelu"}])
def test_session_refuses_a_layer_the_lab_cannot_draw(problem):
    with pytest.raises(SessionError):
        saved("layers", {"problem": problem})


def test_exports_give_the_steps_and_the_figures(lab):
    view = lab.derivation()
    assert view is not None and len(view.steps) == len(lab.outcome.steps) >= 8
    assert [name for name, _ in lab.figures()] == ["the layer with its shapes",
                                                   "a stage of the backward pass"]
    assert not lab.animation().render_frame(3).isNull()


def test_jacobian_page_shows_the_matrix_rows_and_value(qtbot, lab):
    lab.tabs.setCurrentWidget(lab.jacobian_page)
    qtbot.waitUntil(lambda: isinstance(lab.shown_results().get("jacobian"), JacobianResult),
                    timeout=15000)
    result = lab.shown_results()["jacobian"]
    x, y = 1.0, 2.0
    assert np.allclose(result.value, [[y, x], [1, 2 * y], [np.cos(x), 0]])
    assert len(lab.jacobian_page.panel.steps()) == 3
    assert "f = [2, 5," in lab.jacobian_page.value.text()
    qtbot.keyClicks(lab.jacobian_page.point, "0")  # "1, 20": another point
    assert lab.jacobian_page.panel.is_stale() and "jacobian" not in lab.shown_results()
    qtbot.waitUntil(lambda: "jacobian" in lab.shown_results(), timeout=15000)  # after a pause
    assert lab.shown_results()["jacobian"].request.at == ("1", "20")
    assert not lab.jacobian_page.panel.is_stale()
    assert np.allclose(lab.shown_results()["jacobian"].value[1], [1, 40])
    lab.jacobian_page.point.setText("1, 2, 3")
    lab.compute_jacobian()
    assert "needs 2 numbers" in lab.jacobian_page.problem.text()


def test_identities_open_at_the_chosen_size_verified(qtbot, lab):
    page = lab.identities_page
    lab.tabs.setCurrentWidget(page)
    page.size.setValue(3)
    qtbot.mouseClick(page.buttons["quadratic"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(lab.shown_results().get("identity"), IdentityResult),
                    timeout=15000)
    result = lab.shown_results()["identity"]
    assert result.verified and result.n == 3 and result.request.id == "quadratic"
    assert "verified" in page.title.text() and page.panel.steps()
    again = open_lab(qtbot, LayersLab, state=saved("layers", lab.state()))
    qtbot.waitUntil(lambda: "identity" in again.shown_results(), timeout=15000)
    assert again.shown_results()["identity"].request == result.request
    assert again.tabs.currentWidget() is again.identities_page


def test_the_lessons_try_it_opens_a_layer(qtbot):
    from tests.ui.labs.lab_helpers import lesson_try_its

    actions = lesson_try_its("layers")
    assert actions
    for action in actions:
        lab = open_lab(qtbot, LayersLab, try_it=action.params)
        problem = lab.outcome.problem
        assert (problem.m, problem.n) == (action.params.get("m", 3), action.params.get("n", 2))
        assert problem.activation == action.params["activation"]
        assert lab.try_it.target_field() == action.params.get("target", "grad_W")
        _assert_gradients_agree(lab)


def test_every_identity_is_typeset_at_a_line_height(qapp):
    # ziamath stretched \left( … \right) around a \sum_i to ~2000 px; the renderer rewrites it
    from workbench.protocol.identities import IDENTITIES
    from workbench.ui.math_view import MathRenderer

    renderer = MathRenderer()
    for info in IDENTITIES:
        pixmap = renderer.render(info.latex, 14.0)
        assert pixmap is not None and pixmap.deviceIndependentSize().height() < 80, info.id


def test_the_session_report_has_the_layers_figures_and_steps(tmp_path, qapp):
    import json

    from workbench import cli

    problem = {"W": [["1", "2"], ["3", "4"], ["5", "6"]], "b": ["0", "0", "0"],
               "x": ["0.1", "-0.2"], "t": ["0", "1", "0"]}
    session = tmp_path / "layer.calcwb"
    session.write_text(json.dumps({
        "format": "calculus-workbench-session", "schema": 1,
        "labs": [{"kind": "layers", "state": {"problem": problem, "frame": 5}}]}),
        encoding="utf-8")
    out = tmp_path / "report.html"
    assert cli.run(["report", str(session), "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "<h2>Layers</h2>" in page and page.count("data:image/png") == 2
    assert "∂L/∂W = δ · xᵀ : (3×1)·(1×2) = (3×2)" in page


def test_every_control_has_a_name_for_screen_readers(lab):
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QSlider, QSpinBox

    controls = [w for kind in (QAbstractButton, QComboBox, QLineEdit, QSpinBox, QSlider)
                for w in lab.findChildren(kind)
                if not isinstance(w.parentWidget(), QSpinBox)]  # a spin box's own line edit
    assert len(controls) > 30
    unnamed = [w for w in controls if not (w.accessibleName() or
                                           (isinstance(w, QAbstractButton) and w.text()))]
    assert not [w.objectName() or type(w).__name__ for w in unnamed]



def test_the_hidden_steps_are_typeset_only_when_opened(qtbot):
    # A layer's result brings some 45 step formulas for the Steps tab, which is behind
    # "Try it yourself": typesetting them at once froze the window for seconds.
    from workbench.ui.math_view import MathLabel

    lab = open_lab(qtbot, LayersLab)
    lab.show()
    qtbot.waitExposed(lab)
    formulas = [label for label in lab.steps.findChildren(MathLabel) if label.latex()]
    assert len(formulas) > 10
    assert lab.extras.currentWidget() is lab.try_it
    assert all(label.pixmap().isNull() and label.text() == label.latex()
               for label in formulas)  # words for now, nothing typeset
    lab.extras.setCurrentWidget(lab.steps)
    shown = [label for label in formulas if label.isVisible()]
    assert shown
    qtbot.waitUntil(lambda: all(not label.pixmap().isNull() for label in shown), timeout=20000)
