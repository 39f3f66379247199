"""The gradient lab driven with qtbot: points, directions, starts, optimizer races,
playback, the learning-rate slider, the stability prediction, sessions and lessons.

The fake client runs the real worker handlers (sympy in this process), so the plot
items' data are checked against the engine's own trajectories.
"""

from __future__ import annotations

import math
import time

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QApplication

import workbench.engine as engine
from tests.ui.fakes import FakeEngineClient
from tests.ui.labs.lab_helpers import lesson_try_its
from workbench.session.fields import check_fields
from workbench.session.model import _LAB_FIELDS, lab_kinds
from workbench.ui.labs.gradient import GradientLab
from workbench.ui.labs.gradient.lab import DEFAULTS
from workbench.ui.labs.gradient.runs import HYPER
from workbench.ui.labs.gradient.rate_slider import position_to_rate, rate_to_position


RESET = {**DEFAULTS, "fit": True,
         "hyper": {f"{n}.{p}": v for n, params in HYPER.items() for p, v in params.items()}}


def settle(lab):
    deadline = time.monotonic() + 10
    while (lab._latest or lab._descent_timer.isActive()) and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.002)


@pytest.fixture(scope="module")
def shared_lab(qapp):
    """One lab for the module (building one costs about a second); each test resets it."""
    lab = GradientLab(FakeEngineClient())
    lab.resize(1300, 850)
    lab.show()
    settle(lab)
    yield lab
    lab.player.pause()
    lab.close()
    lab.deleteLater()


@pytest.fixture
def make_lab(shared_lab, qtbot):
    def make(hold: bool = False, **state):
        lab = shared_lab
        lab.player.pause()
        lab.client.hold = False
        lab.client.release()
        lab.click_mode.setCurrentIndex(0)
        lab.player.set_speed_factor(1.0)
        lab.restore({**RESET, **state, "fit": "x_range" not in state})
        settle(lab)
        lab.client.hold = hold
        qtbot.waitExposed(lab)
        return lab
    return make


def wait_idle(qtbot, lab):
    qtbot.waitUntil(lambda: not lab._latest and not lab._descent_timer.isActive(),
                    timeout=10000)


def click_plot(qtbot, view, x, y, modifier=Qt.KeyboardModifier.NoModifier):
    """A real mouse click on the plot at data coordinates (x, y)."""
    scene_pos = view.view_box.mapViewToScene(QPointF(x, y))
    widget_pos = view.plot.mapFromScene(scene_pos)
    qtbot.mouseClick(view.plot.viewport(), Qt.MouseButton.LeftButton, modifier, widget_pos)


def test_defaults_race_matches_engine_trajectories(qtbot, make_lab):
    lab = make_lab()
    assert lab.descent.chosen() == ["gd", "momentum", "adam"]
    assert [run.name for run in lab.runs] == ["gd", "momentum", "adam"]
    lab.player.set_frame(lab.player.count() - 1)
    for name in ("gd", "momentum", "adam"):
        expected = engine.optimize("x^2 + 3y^2", ["x", "y"], [2.5, 1.5], method=name,
                                   lr=0.1, steps=50)
        xs, ys = lab.contour.path_item(name).getData()
        assert np.allclose(np.column_stack([xs, ys]), expected.points)
        assert np.allclose(lab.contour.head_position(name), expected.points[-1])
        # the loss plot is in log mode: its data are log10 of the losses
        assert np.allclose(10 ** lab.loss.curve(name).getData()[1], expected.losses)
    assert lab.loss.log_scale


def test_click_a_point_shows_partials_gradient_and_hessian(qtbot, make_lab):
    lab = make_lab(function="x^2 y + 3x y^2", x_range=[-4, 4], y_range=[-4, 4])
    click_plot(qtbot, lab.contour, 2.0, 3.0)
    assert lab.point == pytest.approx([2.0, 3.0], abs=0.05)
    x, y = lab.point
    a = lab.analysis()
    assert a.gradient == pytest.approx((2 * x * y + 3 * y * y, x * x + 6 * x * y))
    hess = np.array([[2 * y, 2 * x + 6 * y], [2 * x + 6 * y, 6 * x]])
    assert np.allclose(a.hessian, hess)
    assert np.allclose(a.eigenvalues, np.linalg.eigvalsh(hess))
    assert f"∂f/∂x = {a.gradient[0]:.4g}" in lab.point_panel.readout.text()
    assert "saddle" in lab.point_panel.curvature.text()  # eigenvalues of both signs
    assert "pmatrix" in lab.point_panel.hessian.latex()
    # the gradient arrow starts at the point and points along the gradient
    ax, ay = lab.contour.point_arrow.getData()
    direction = np.array([ax[1] - ax[0], ay[1] - ay[0]])
    assert np.allclose([ax[0], ay[0]], lab.point)
    assert np.allclose(direction / np.linalg.norm(direction),
                       np.array(a.gradient) / np.linalg.norm(a.gradient))


def test_dragged_direction_gives_the_directional_derivative(qtbot, make_lab):
    lab = make_lab(function="x^2 + 3y^2", point=[1.0, 2.0])
    lab.contour.handle.setPos(1.0 + 0.3, 2.0 + 0.4)  # what dragging the ring does
    assert lab.direction == pytest.approx([0.3, 0.4])
    a = lab.analysis()
    assert a.directional == pytest.approx((2 * 1 * 3 + 12 * 4) / 5)
    assert f"{a.directional:.4g}" in lab.point_panel.directional.text()
    lab.point_panel.angle.setValue(90.0)  # typed as an angle
    assert lab.analysis().directional == pytest.approx(12.0)


def test_shift_click_and_typing_set_the_start(qtbot, make_lab):
    lab = make_lab(x_range=[-4, 4], y_range=[-4, 4])
    click_plot(qtbot, lab.contour, -2.0, 1.0, Qt.KeyboardModifier.ShiftModifier)
    wait_idle(qtbot, lab)
    assert lab.start == pytest.approx([-2.0, 1.0], abs=0.05)
    assert lab.runs[0].points[0] == pytest.approx(lab.start)
    lab.descent.start_x.setText("3")
    lab.descent.start_y.setText("-1")
    lab.descent.start_y.editingFinished.emit()
    wait_idle(qtbot, lab)
    assert lab.runs[0].points[0] == pytest.approx([3.0, -1.0])
    lab.descent.start_x.setText("inf")
    lab.descent.start_x.editingFinished.emit()
    assert "finite" in lab.descent.problem.text()
    assert lab.start == [3.0, -1.0]


def test_choose_optimizers_then_play_step_and_scrub(qtbot, make_lab):
    lab = make_lab(optimizers=["gd"], steps=30)
    for name in ("rmsprop", "nesterov"):  # click on the box itself (left end of the widget)
        box = lab.descent.checks[name]
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    wait_idle(qtbot, lab)
    assert [r.name for r in lab.runs] == ["gd", "nesterov", "rmsprop"]
    nesterov = engine.optimize("x^2 + 3y^2", ["x", "y"], [2.5, 1.5], method="momentum",
                               lr=0.1, steps=30, nesterov=True)
    assert lab.player.frame() == 0
    qtbot.mouseClick(lab.player.next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(lab.player.next_button, Qt.MouseButton.LeftButton)
    assert lab.player.frame() == 2
    assert np.allclose(lab.contour.head_position("nesterov"), nesterov.points[2])
    assert len(lab.contour.path_item("nesterov").getData()[0]) == 3
    lab.player.slider.setValue(17)
    assert np.allclose(np.column_stack(lab.contour.path_item("nesterov").getData()),
                       nesterov.points[:18])
    assert lab.loss.cursor.value() == 17
    assert lab.player.label.text() == "step 17 / 30"  # step 0 is the start
    lab.player.speed.setCurrentIndex(5)  # 10x
    qtbot.mouseClick(lab.player.play_button, Qt.MouseButton.LeftButton)
    assert lab.player.is_playing()
    qtbot.waitUntil(lambda: lab.player.frame() >= 20, timeout=5000)
    lab.deactivate()  # hiding the tab pauses
    assert not lab.player.is_playing()
    lab.contour.plot.setFocus()
    qtbot.keyClick(lab.contour.plot, Qt.Key.Key_Space)  # Space plays on the plots
    assert lab.player.is_playing()
    qtbot.keyClick(lab.contour.plot, Qt.Key.Key_Space)
    assert not lab.player.is_playing()
    frame = lab.player.frame()
    qtbot.keyClick(lab.contour.plot, Qt.Key.Key_Left)
    assert lab.player.frame() == frame - 1
    box = lab.descent.checks["adam"]  # ... but still ticks a focused check box
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert box.isChecked() and not lab.player.is_playing()


def test_animation_export_hook_shows_each_step(qtbot, make_lab):
    lab = make_lab(optimizers=["gd", "adam"], steps=12)
    animation = lab.animation()
    assert animation.frame_count() == 13 and animation.frame_interval_ms == 80
    gd = engine.optimize("x^2 + 3y^2", ["x", "y"], [2.5, 1.5], lr=0.1, steps=12)
    for index in (5, 5, 0, 12):  # the same frame twice is still drawn
        lab.contour.path_item("gd").setData([], [])
        image = animation.render_frame(index)
        assert image.width() > 100 and lab.player.frame() == index
        assert np.allclose(lab.contour.head_position("gd"), gd.points[index])
        assert len(lab.contour.path_item("gd").getData()[0]) == index + 1


def test_learning_rate_slider_is_continuous_and_typed_values_are_checked(qtbot, make_lab):
    lab = make_lab(optimizers=["gd"], steps=10)
    rate = lab.descent.rate
    rate.slider.setValue(rate_to_position(0.1) + 37)
    chosen = rate.rate()
    assert chosen == position_to_rate(rate_to_position(0.1) + 37)
    assert not math.isclose(math.log10(chosen), round(math.log10(chosen)))  # not a power of 10
    assert rate.field.text() == f"{chosen:g}"
    wait_idle(qtbot, lab)
    expected = engine.optimize("x^2 + 3y^2", ["x", "y"], [2.5, 1.5], lr=chosen, steps=10)
    assert np.allclose(lab.runs[0].points, expected.points)
    for bad in ("abc", "0", "-1", "nan", "1e9"):
        rate.field.setText(bad)
        rate.field.editingFinished.emit()
        assert rate.problem.isVisibleTo(lab) and "learning rate" in rate.problem.text()
        assert rate.rate() == chosen
    rate.field.setText("0.0123")
    rate.field.editingFinished.emit()
    assert rate.rate() == 0.0123 and not rate.problem.isVisibleTo(lab)


def test_predicts_divergence_before_play_then_shows_it(qtbot, make_lab):
    lab = make_lab(hold=True)
    client = lab.client
    lab.apply_try_it({"function": "x^2 + y^2", "start": [5.0, 5.0], "optimizers": ["gd"],
                      "lr": 1.1, "steps": 15})
    limits_id = lab._latest["limits"]
    client.release(limits_id)  # the prediction arrives before the race
    assert "DIVERGE" in lab.descent.prediction.text()
    assert "2/λ_max = 1" in lab.descent.prediction.text()
    marks = lab.descent.rate.slider.marks
    assert marks["max_stable"][0] == rate_to_position(1.0)
    assert marks["optimal"][0] == rate_to_position(0.5)
    client.hold = False
    client.release()
    lab.run_descent()
    qtbot.waitUntil(lambda: not lab._latest, timeout=10000)
    assert lab.runs[0].growing()
    assert "diverging" in lab.descent.prediction.text()
    assert "AWAY" in lab.descent.statuses["gd"].text()
    # below the limit: predicted to settle
    lab.descent.rate.set_rate(0.4, notify=True)
    assert "settle" in lab.descent.prediction.text()


def test_curriculum_first_example_in_one_variable(qtbot, make_lab):
    lab = make_lab()
    lab.apply_try_it({"function": "x^2", "start": [5.0], "optimizers": ["gd"], "lr": 0.1,
                      "steps": 20})
    wait_idle(qtbot, lab)
    assert lab.plot_view() is lab.curve and lab.variables == ("x",)
    run = lab.runs[0]
    assert np.allclose(run.points[:, 0], 5 * 0.8 ** np.arange(21))
    lab.player.set_frame(20)
    bx, by = lab.curve.head_position("gd")
    assert bx == pytest.approx(5 * 0.8 ** 20) and by == pytest.approx(bx ** 2)
    assert not lab.surface_button.isEnabled()
    assert "f′(x) = 10" in lab.point_panel.readout.text()  # the point is the start, x = 5


@pytest.mark.parametrize("function, start, lr, words", [
    ("log(x) + y^2", [-1.0, 1.0], 0.1, "undefined"),
    ("exp(x^2) + y^2", [3.0, 1.0], 0.5, "Diverged"),
    ("x^4 + y^2", [10.0, 1.0], 5.0, "Diverged"),
])
def test_nan_and_overflow_stop_the_path_and_say_so(qtbot, make_lab, function, start, lr, words):
    lab = make_lab(optimizers=["gd", "adam"], x_range=[-5, 5], y_range=[-5, 5])
    lab.apply_try_it({"function": function, "start": start, "optimizers": ["gd"], "lr": lr,
                      "steps": 40})
    wait_idle(qtbot, lab)
    run = lab.runs[0]
    assert run.status == "diverged"
    assert words in lab.descent.statuses["gd"].text()
    lab.player.set_frame(lab.player.count() - 1)
    xs, ys = lab.contour.path_item("gd").getData()
    assert np.all(np.isfinite(xs)) and np.all(np.isfinite(ys))
    assert len(xs) <= run.length
    assert np.all(np.isfinite(lab.loss.curve("gd").getData()[1][np.isfinite(run.losses)]))


def test_field_recomputed_on_pan_and_zoom(qtbot, make_lab):
    lab = make_lab(function="(1-x)^2 + 100(y - x^2)^2")
    lab.contour.set_view_range([-2.0, 2.0], [-1.0, 3.0])
    rect = lab.contour.image.mapRectToView(lab.contour.image.boundingRect())
    x_range, y_range = lab.contour.view_range()
    assert rect.left() == pytest.approx(x_range[0], abs=0.05)
    assert rect.bottom() == pytest.approx(y_range[1], abs=0.05)
    labels = lab.contour.label_texts()
    assert len(labels) >= 5
    xs, ys = lab.contour.isolines.getData()
    assert len(xs) > 100 and len(xs) % 2 == 0
    values = lab.functions.values("f", xs, ys)
    levels = lab.contour.levels
    nearest = levels[np.argmin(np.abs(values[:, None] - levels[None, :]), axis=1)]
    assert np.median(np.abs(values - nearest) / np.maximum(1, np.abs(nearest))) < 0.01
    assert lab.contour.last_recompute_ms > 0
    lab.contour.view_box.scaleBy((0.5, 0.5))  # zoom in: recomputed after the debounce
    qtbot.waitUntil(lambda: lab.contour.image.mapRectToView(
        lab.contour.image.boundingRect()).width() < rect.width() * 0.7, timeout=3000)


def test_bad_functions_are_explained_in_place(qtbot, make_lab):
    lab = make_lab()
    lab.set_function("x^2 + z")
    assert "z" in lab.editor.message.text()
    lab.set_function("(x + ")
    assert lab.editor.message.text()
    assert lab.text == "x^2 + 3y^2"  # the lab keeps the last good function


def test_hyper_parameters_are_editable_and_checked(qtbot, make_lab):
    lab = make_lab(optimizers=["adam"], steps=20)
    field = lab.descent.hyper_inputs["adam.beta1"]
    field.setText("1.5")
    field.editingFinished.emit()
    assert "below 1" in lab.descent.problem.text()
    field.setText("0.5")
    field.editingFinished.emit()
    wait_idle(qtbot, lab)
    expected = engine.optimize("x^2 + 3y^2", ["x", "y"], [2.5, 1.5], method="adam", lr=0.1,
                               steps=20, beta1=0.5)
    assert np.allclose(lab.runs[0].points, expected.points)
    assert lab.descent.equations["adam"].isVisibleTo(lab)
    assert not lab.descent.equations["gd"].isVisibleTo(lab)


def test_session_state_round_trip(qtbot, make_lab):
    lab = make_lab(function="x^2 - y^2", start=[1.0, 0.5], point=[0.5, -1.0],
                   optimizers=["momentum", "rmsprop"], lr=0.05, steps=40,
                   hyper={"rmsprop.alpha": 0.9}, x_range=[-3, 3], y_range=[-2, 2])
    lab.player.set_frame(7)
    state = lab.state()
    assert "gradient" in lab_kinds()
    checked = check_fields(_LAB_FIELDS["gradient"], state, "gradient")
    other = GradientLab(FakeEngineClient())
    qtbot.addWidget(other)
    other.resize(1300, 850)
    other.restore(checked)
    settle(other)
    again = other.state()
    for key in ("function", "point", "start", "optimizers", "lr", "steps", "hyper", "frame"):
        assert again[key] == state[key], key
    assert again["x_range"][0] <= -3 + 1e-6 and again["x_range"][1] >= 3 - 1e-6
    assert other.runs[1].name == "rmsprop"


def test_every_lesson_try_it_for_the_lab(qtbot, make_lab):
    tries = lesson_try_its("gradient")
    assert len(tries) >= 5
    lab = make_lab()
    for action in tries:
        lab.apply_try_it(dict(action.params))
        wait_idle(qtbot, lab)
        params = action.params
        assert lab.text == params["function"]
        assert lab.descent.chosen() == list(params.get("optimizers", ["gd"]))
        assert lab.start == pytest.approx(list(params["start"]))
        assert lab.runs and lab.runs[0].points[0] == pytest.approx(list(params["start"]))
        if "lr" in params:
            assert lab.descent.rate.rate() == params["lr"]
        if "steps" in params:
            assert lab.runs[0].length - 1 <= params["steps"]


def test_awkward_functions_never_break_the_lab(qtbot, make_lab):
    lab = make_lab()
    every = ["gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"]
    for function in ("1/(x^2 + y^2)", "sqrt(x) + sqrt(y)", "abs(x) + abs(y)", "tan(x y)",
                     "exp(100x) + y", "0", "relu(x) - y^3"):
        lab.apply_try_it({"function": function, "start": [0.0, 0.5], "optimizers": every,
                          "lr": 0.5, "steps": 30})
        wait_idle(qtbot, lab)
        assert lab.text == function and len(lab.runs) == 6
        lab.set_point([0.0, 0.0])  # a pole, a kink or an undefined point
        lab.contour.set_view_range([-0.5, 0.5], [-0.5, 0.5])
        lab.player.set_frame(lab.player.count() - 1)
        for run in lab.runs:
            # the view on show: "0" is a function of x alone, drawn as a curve
            xs, ys = lab.plot_view().path_item(run.name).getData()
            assert np.all(np.isfinite(xs)) and np.all(np.isfinite(ys)), (function, run.name)
            assert lab.descent.statuses[run.name].text()
        image = lab.contour.image.image
        assert image is not None and image.shape[-1] == 4
