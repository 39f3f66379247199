"""The Integrals lab driven with qtbot: drag a/b, play, move n, validate, cancel, sessions."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPointF, Qt, QTimer
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

import workbench.engine as engine
from tests.ui.fakes import FakeEngineClient
from workbench.lessons import load_lessons
from workbench.protocol.jobs.integrals import AreaJob
from workbench.protocol.results import IntegralResult
from workbench.session import session_from_data
from workbench.ui.labs.integrals import IntegralsLab
from workbench.ui.labs.integrals.area_view import SWEEP_FRAMES
from workbench.ui.labs.integrals.riemann_view import sweep_ns

WAIT_MS = 20000


def settle(qtbot, lab) -> None:
    """Let the (held) fake client answer, and wait until no answer is outstanding."""
    lab.client.hold = False
    lab.client.release()
    qtbot.waitUntil(lambda: not any(lab.is_waiting(p) for p in ("area", "double", "swap")),
                    timeout=WAIT_MS)


@pytest.fixture
def lab(qtbot):
    # Held: the engine answers only in tests that call settle(), which keeps the rest fast.
    client = FakeEngineClient(hold=True)
    widget = IntegralsLab(client)
    qtbot.addWidget(widget)
    widget.resize(1300, 850)
    widget.show()
    return widget


def test_default_area_is_shaded_by_sign_and_matches_the_engine(lab, qtbot):
    settle(qtbot, lab)
    fills = lab.area.fill_data()
    px, py = fills["positive"]
    nx, ny = fills["negative"]
    assert np.all(py >= 0) and np.all(ny <= 0)
    assert px.min() == pytest.approx(0) and px.max() == pytest.approx(5)
    assert py.max() > 1 and ny.min() < -4  # x sin x: above on (0, π), below on (π, 5)
    assert np.all(py[px > math.pi + 1e-9] == 0) and np.all(ny[nx < math.pi - 1e-9] == 0)
    exact = engine.definite_integral("x sin(x)", "x", 0, 5).value
    assert lab.area.acc.signed == pytest.approx(exact, abs=1e-4)
    assert "step engine" in lab.stage.text() and "every part" in lab.stage.text()
    assert lab.panel.steps() and lab.riemann.exact == pytest.approx(exact)
    assert lab.area.exact.latex().startswith(r"\int_{0}^{5}")


def test_dragging_b_reshades_at_once_and_asks_the_engine_again(lab, qtbot):
    lab.area.lines["b"].setValue(3.0)
    assert lab.b_field.text() == "3"
    px, _ = lab.area.fill_data()["positive"]
    assert px.max() == pytest.approx(3.0)
    assert lab.area.acc.signed == pytest.approx(math.sin(3) - 3 * math.cos(3), abs=1e-4)
    lab.area.lines["b"].sigPositionChangeFinished.emit(lab.area.lines["b"])
    qtbot.waitUntil(lambda: lab.client.pending and lab.client.pending[-1][1].upper == "3",
                    timeout=2000)
    settle(qtbot, lab)
    assert lab.riemann.exact == pytest.approx(math.sin(3) - 3 * math.cos(3), rel=1e-12)


def test_dragging_a_past_b_flips_the_sign_and_says_so(lab):
    lab.area.lines["a"].setValue(6.0)
    assert lab.a_field.text() == "6"
    acc = lab.area.acc
    assert acc.signed == pytest.approx(-engine.definite_integral("x sin(x)", "x", 5, 6).value,
                                       abs=1e-4)
    assert "MINUS" in lab.area.note.text()


def test_play_sweeps_b_and_draws_the_accumulation_function(lab, qtbot):
    lab.area.show_frame(30)
    middle = lab.area.sweep_x(30)
    fx, _ = lab.area.F_curve.getData()
    assert fx.max() == pytest.approx(middle, abs=0.01)
    F_mid = lab.area.F_curve.getData()[1][-1]
    assert F_mid == pytest.approx(math.sin(middle) - middle * math.cos(middle), abs=1e-4)
    # shown from outside (as an export does): the player follows without drawing again
    assert lab.area.player.frame() == 30 and lab.area.player.label.text() == "frame 31 / 61"
    lab.area.player.findChild(QTimer).setInterval(1)
    shaded: list[tuple[int, float, float]] = []  # frame, end of the shading, area below
    lab.area.player.frame_changed.connect(lambda i: shaded.append(
        (i, float(lab.area.fill_data()["positive"][0].max()),
         float(lab.area.fill_data()["negative"][1].min()))))
    qtbot.mouseClick(lab.area.player.play_button, Qt.MouseButton.LeftButton)
    assert lab.area.player.is_playing()
    qtbot.waitUntil(lambda: not lab.area.player.is_playing(), timeout=10000)
    assert lab.area.frame == SWEEP_FRAMES - 1 == lab.area.player.frame()
    assert lab.area.F_curve.getData()[0].max() == pytest.approx(5)
    # played on from frame 30, one frame per tick: the shading reached b's sweep position
    # in each, and the red part (x sin x below the axis) appeared only past π
    assert [i for i, _end, _low in shaded] == list(range(31, SWEEP_FRAMES))
    for i, end, low in shaded:
        assert end == pytest.approx(lab.area.sweep_x(i), abs=0.01)
        assert (low < 0) == (lab.area.sweep_x(i) > math.pi + 0.01)


def _focus(qtbot, lab, widget) -> None:
    with qtbot.waitActive(lab):
        lab.activateWindow()
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)


def test_space_plays_arrows_step_and_hiding_the_tab_pauses(lab, qtbot):
    player = lab.area.player
    _focus(qtbot, lab, lab.area.plot)
    qtbot.keyClick(lab.area.plot, Qt.Key.Key_Left)
    qtbot.keyClick(lab.area.plot, Qt.Key.Key_Left)
    assert player.frame() == lab.area.frame == SWEEP_FRAMES - 3
    assert lab.area.fill_data()["positive"][0].max() == pytest.approx(lab.area.sweep_x(58),
                                                                      abs=0.01)
    assert lab.area.F_curve.getData()[0].max() == pytest.approx(lab.area.sweep_x(58), abs=0.01)
    qtbot.keyClick(lab.area.plot, Qt.Key.Key_Right)
    assert player.frame() == lab.area.frame == SWEEP_FRAMES - 2
    qtbot.keyClick(lab.area.plot, Qt.Key.Key_Space)
    assert player.is_playing()
    lab.deactivate()
    assert not player.is_playing()
    # typing a space in the function is typing, not playing
    _focus(qtbot, lab, lab.editor.input_field)
    qtbot.keyClick(lab.editor.input_field, Qt.Key.Key_Space)
    assert not player.is_playing() and lab.editor.text() == "x sin(x) "


def test_riemann_keys_step_the_n_sweep_but_leave_the_n_slider_its_arrows(lab, qtbot):
    lab.set_view("riemann")
    player, view = lab.riemann.player, lab.riemann
    _focus(qtbot, lab, view.plot)
    player.set_frame(10)
    qtbot.keyClick(view.plot, Qt.Key.Key_Right)
    assert player.frame() == 11 and view.n == view.ns[11]
    xs, _ = view.pieces_item.getData()
    assert len(xs) > view.n  # n pieces drawn
    qtbot.keyClick(view.plot, Qt.Key.Key_Left)
    qtbot.keyClick(view.plot, Qt.Key.Key_Left)
    assert player.frame() == 9 and view.n == view.ns[9]
    qtbot.keyClick(view.plot, Qt.Key.Key_Space)
    assert player.is_playing() and not lab.area.player.is_playing()
    qtbot.keyClick(view.plot, Qt.Key.Key_Space)
    assert not player.is_playing()
    _focus(qtbot, lab, view.n_slider)
    qtbot.keyClick(view.n_slider, Qt.Key.Key_Right)  # the slider's own arrow: n + 1
    assert view.n == view.ns[9] + 1 and player.frame() == 10  # the player follows n


def test_moving_n_gives_the_engines_riemann_sum(lab, qtbot):
    lab.set_view("riemann")
    for rule in ("left", "trapezoid", "simpson"):
        lab.riemann.rule_box.setCurrentIndex(["left", "right", "midpoint", "trapezoid",
                                              "simpson"].index(rule))
        lab.riemann.n_slider.setValue(50)
        result = engine.riemann_sum("x sin(x)", "x", 0, 5, 50, rule)
        assert lab.riemann.value == pytest.approx(result.value, rel=1e-12)
        assert np.allclose(np.column_stack(lab.riemann.pieces), result.rectangles)
        xs, ys = lab.riemann.pieces_item.getData()
        assert xs.min() == pytest.approx(0) and xs.max() == pytest.approx(5)
        assert f"{result.value:.8g}"[:6] in lab.riemann.numbers.text().replace("\u2212", "-")
    lab.riemann.n_slider.setValue(51)  # Simpson pairs the pieces: odd n moves up
    assert lab.riemann.n == 52 and lab.riemann.n_field.text() == "52"
    assert lab.state()["n"] == 52 and lab.state()["rule"] == "simpson"


def test_n_sweep_frames_and_error_plot(lab):
    lab.set_view("riemann")
    animation = lab.animation()
    assert animation.frame_count() == len(sweep_ns("midpoint"))
    animation.show_frame(animation.frame_count() - 1)
    assert lab.riemann.n == 1000
    image = animation.render_frame(0)
    assert not image.isNull() and lab.riemann.n == 1
    curve = lab.riemann.error_curves["midpoint"]
    ns, errors = curve.xData, curve.yData  # the data itself (getData gives log10 of it)
    assert len(ns) > 10 and np.nanmax(errors) > np.nanmin(errors) * 100
    assert "slope" in lab.riemann.error_legend.getLabel(
        lab.riemann.error_curves["left"]).text


@pytest.mark.parametrize("rule", ["left", "midpoint", "simpson"])
def test_the_error_marker_sits_on_its_rule_curve_and_keeps_the_axes_still(lab, rule):
    lab.set_view("riemann")
    view = lab.riemann
    view.set_rule(rule)
    box = view.error_plot.getViewBox()
    ranges = []
    for n in (view.ns[0], view.ns[len(view.ns) // 2], view.ns[-1]):
        view.set_n(n)
        QApplication.processEvents()
        gap = abs(view.value - view.exact)
        (x,), (y,) = view.error_marker.getData()  # where it is drawn: log10 on both axes
        assert (x, y) == pytest.approx((math.log10(n), math.log10(gap)))
        (x_lo, x_hi), (y_lo, y_hi) = box.viewRange()
        assert x_lo <= x <= x_hi and y_lo <= y <= y_hi  # on show
        ranges.append(box.viewRange())
    assert ranges[0] == ranges[1] == ranges[2]  # moving n never rescales the plot


@pytest.mark.parametrize("field, text, message", [
    ("a_field", "oo - oo", "not a number"), ("b_field", "0/0", "not a number"),
    ("b_field", "1e300", "too far out"),
    ("a_field", "x", "formula"), ("b_field", "", "Type a number")])
def test_bad_bounds_are_explained_in_place(lab, field, text, message):
    before = lab.area.fill_data()["positive"][0].copy()
    getattr(lab, field).set_text(text)
    assert message in getattr(lab, field).problem()
    assert np.array_equal(lab.area.fill_data()["positive"][0], before)  # nothing garbled
    assert lab.state()["a"] == "0" and lab.state()["b"] == "5"  # sessions keep valid text


def test_bad_n_is_explained_in_place(lab):
    lab.set_view("riemann")
    lab.riemann.n_field.set_text("0")
    assert "from 1 to 1000" in lab.riemann.n_field.problem()
    lab.riemann.set_rule("simpson")
    lab.riemann.n_field.set_text("7")
    assert "even" in lab.riemann.n_field.problem() and lab.riemann.n != 7


def test_working_indicator_and_cancel(qtbot):
    client = FakeEngineClient(hold=True)
    lab = IntegralsLab(client)
    qtbot.addWidget(lab)
    lab.show()
    assert lab.is_waiting("area")
    assert lab.indicator.isVisible() and "Working" in lab.indicator.label.text()
    assert "now:" not in lab.indicator.label.text()  # no stage guessed before one is reported
    lab.request_double()
    assert "exact integral" in lab.indicator.label.text()
    assert "double integral" in lab.indicator.label.text()
    qtbot.mouseClick(lab.indicator.cancel_button, Qt.MouseButton.LeftButton)
    assert client.cancel_calls == 2 and client.pending == []  # one cancel per job kind
    assert not lab.indicator.isVisible() and not lab.is_waiting("area")
    assert not lab.is_waiting("double") and "Stopped" in lab.double.numbers.text()
    assert "Stopped" in lab.stage.text()
    assert lab.area.acc is not None  # the numeric picture stays


def test_the_indicator_shows_the_stage_the_client_reported(lab, qtbot):
    client = lab.client
    first = client.pending[-1][0]
    client.report_progress(first, "steps", "the step engine", 3.0)
    label = lab.indicator.label
    assert "now: the step engine (0.0 s of its 3 s)" in label.text()
    qtbot.waitUntil(lambda: "now: the step engine (0.0" not in label.text(), timeout=3000)
    assert "of its 3 s" in label.text()  # the stage's own clock runs
    client.report_progress(first, "rewrite", "our rewrites", 3.0)
    assert lab.indicator.stage() == "our rewrites" and "our rewrites" in label.text()
    client.report_progress(first + 100, "integrator", "the full integrator")  # not ours
    assert lab.indicator.stage() == "our rewrites"
    lab.restore({"function": "x^2", "a": "0", "b": "1"})  # supersedes the first job
    assert client.pending[-1][0] != first and lab.indicator.stage() is None
    client.report_progress(first, "integrator", "the full integrator")  # a stale report
    assert lab.indicator.stage() is None and "full integrator" not in label.text()
    client.report_progress(client.pending[-1][0], "quadrature", "numerical integration")
    assert "now: numerical integration" in label.text() and "of its" not in label.text()
    heard = []
    client.job_progress.connect(lambda _i, _k, info: heard.append(info["stage"]))
    settle(qtbot, lab)  # the real handler reports through the fake as the worker would
    assert heard[-3:] == ["quadrature", "steps", "bounds"]
    assert not lab.indicator.isVisible() and lab.indicator.stage() is None


def test_timeout_is_reported_in_words(lab):
    from workbench.protocol.jobs.core import JobError
    job_id = lab.client.pending[-1][0]
    lab.client.pending.clear()
    lab.client.job_failed.emit(job_id, "integrals.area", JobError("timeout", "too long"))
    assert "ran out of time" in lab.stage.text() and not lab.indicator.isVisible()


def test_integrator_stage_is_named_with_its_reason(lab):
    result = IntegralResult(
        AreaJob("x sin(x)", "0", "5"), latex=r"\int", steps=(), exact_latex="1", value=1.0,
        error=0.0, stage="integrator",
        note="no step-by-step rule applies; result from the full integrator")
    lab.on_result("area", result)
    assert "full integrator" in lab.stage.text() and "no step-by-step rule" in lab.stage.text()


def test_double_integral_compute_and_swap(lab, qtbot):
    lab.set_view("double")
    before = lab.double.grid.values.copy()
    lab.double.compute_button.click()
    settle(qtbot, lab)
    assert "0.08333333333" in lab.double.numbers.text()
    assert [s.rule for s in lab.panel.steps()] == ["inner_integral", "outer_integral"]
    lab.double.swap_button.click()
    settle(qtbot, lab)
    assert lab.double.inner_var() == "x" and lab.double.inner_low.text() == "sqrt(y)"
    assert np.allclose(lab.double.grid.values, before, equal_nan=True)
    assert "0.08333333333" in lab.double.numbers.text()
    assert lab.state()["double_inner"] == "x"


def test_double_integral_fields_are_checked(lab):
    lab.set_view("double")
    lab.double.inner_high.set_text("y^2")
    assert "may use only x" in lab.double.inner_high.problem()
    lab.double.compute_button.click()
    assert "Fix the fields" in lab.double.numbers.text() and not lab.is_waiting("double")


def test_state_round_trips_through_a_session(lab, qtbot):
    lab.restore({"function": "e^(-x^2)", "a": "-2", "b": "pi", "rule": "trapezoid", "n": 12,
                 "view": "riemann", "double_function": "x + y"})
    state = lab.state()
    data = {"format": "calculus-workbench-session", "schema": 1,
            "labs": [{"kind": "integrals", "state": state}]}
    checked = session_from_data(data).labs[0].state
    assert checked == state
    other = IntegralsLab(FakeEngineClient(hold=True))
    qtbot.addWidget(other)
    other.restore(checked)
    assert other.state() == state
    assert other.current_view() == "riemann" and other.riemann.n == 12


def test_every_lesson_try_it_for_this_lab_works(qtbot):
    actions = [a for lesson in load_lessons() for page in lesson.pages for a in page.actions
               if a.lab == "integrals"]
    assert actions
    for action in actions:
        lab = IntegralsLab(FakeEngineClient(hold=True))
        qtbot.addWidget(lab)
        lab.apply_try_it(dict(action.params))
        state = lab.state()
        assert state["function"] == action.params["function"]
        assert lab.problem() is not None, action.label
        if "n" in action.params:
            assert state["n"] == action.params["n"] and lab.current_view() == "riemann"
            result = engine.riemann_sum(action.params["function"], "x", state["a"], state["b"],
                                        state["n"], state["rule"])
            assert lab.riemann.value == pytest.approx(result.value, rel=1e-9)


def test_an_answer_for_an_edited_integral_is_not_shown(lab, qtbot):
    lab.b_field.set_text("4")  # the answer on its way is for b = 5
    lab.client.release()  # only the b = 5 job is pending: the b = 4 one waits for a pause
    assert lab.client.submitted[-1].upper == "5"
    assert "Answered by" not in lab.stage.text() and lab.area.exact.latex() == ""
    qtbot.waitUntil(lambda: lab.client.submitted[-1].upper == "4", timeout=3000)


def test_export_hooks_follow_the_view(lab, qtbot):
    settle(qtbot, lab)
    assert [name for name, _ in lab.figures()] == ["area", "accumulation"]
    view = lab.derivation()
    assert view.title == "Definite integral" and view.steps and view.latex.startswith(r"\int")
    assert lab.animation().frame_count() == SWEEP_FRAMES
    lab.set_view("double")
    assert [name for name, _ in lab.figures()] == ["double_integral"]
    assert lab.animation() is None and lab.derivation() is None


def _mouse(widget, kind, pos, buttons):
    """Send one mouse event with ``buttons`` held (QTest's moves carry no buttons)."""
    types = {"press": QEvent.Type.MouseButtonPress, "move": QEvent.Type.MouseMove,
             "release": QEvent.Type.MouseButtonRelease}
    local = QPointF(pos)
    event = QMouseEvent(types[kind], local, widget.mapToGlobal(local), Qt.MouseButton.LeftButton,
                        buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)


def test_dragging_b_with_the_mouse(lab, qtbot):
    """A real press-move-release on the line b, through pyqtgraph's own drag handling."""
    plot = lab.area.plot
    qtbot.waitExposed(lab)
    box = plot.getViewBox()

    def at(x: float, y: float):
        return plot.mapFromScene(box.mapViewToScene(QPointF(x, y)))

    start, end = at(5.0, -1.0), at(3.0, -1.0)
    held = Qt.MouseButton.LeftButton
    _mouse(plot.viewport(), "press", start, held)
    for k in range(1, 11):
        step = start + (end - start) * (k / 10)
        _mouse(plot.viewport(), "move", step, held)
    _mouse(plot.viewport(), "release", end, Qt.MouseButton.NoButton)
    assert float(lab.b_field.text()) == pytest.approx(3.0, abs=0.05)
    px, _ = lab.area.fill_data()["positive"]
    assert px.max() == pytest.approx(float(lab.b_field.text()))
    qtbot.waitUntil(lambda: lab.client.submitted[-1].upper == lab.b_field.text(), timeout=3000)


def test_a_second_variable_is_refused_in_place(lab):
    before = lab.area.fill_data()["positive"][0].copy()
    lab.editor.set_text("x y")
    assert "only use x" in lab.editor.error().message
    assert np.array_equal(lab.area.fill_data()["positive"][0], before)


def test_a_pole_inside_the_interval_is_flagged_in_both_views(lab):
    lab.restore({"function": "1/x^2", "a": "-1", "b": "2"})
    assert "blows up" in lab.area.note.text()
    lab.set_view("riemann")
    assert lab.riemann.pole and "blows up" in lab.riemann.note.text()
    assert lab.riemann.exact is None  # no made-up reference value across a pole


class _KindCancellingClient(FakeEngineClient):
    """The real client's cancel(kind): records which kinds were stopped."""

    def __init__(self) -> None:
        super().__init__(hold=True)
        self.cancelled_kinds: list[str | None] = []

    def cancel(self, kind: str | None = None) -> None:
        self.cancelled_kinds.append(kind)
        super().cancel()


def test_cancel_stops_only_this_labs_jobs_when_the_client_can(qtbot):
    client = _KindCancellingClient()
    lab = IntegralsLab(client)
    qtbot.addWidget(lab)
    lab.request_double()
    lab.cancel()
    assert sorted(client.cancelled_kinds) == ["integrals.area", "integrals.double"]


def test_the_same_integral_is_not_asked_for_twice(lab, qtbot):
    lab.restore({"function": "x^2", "a": "0", "b": "2"})
    count = len(lab.client.submitted)
    qtbot.wait(700)  # the editor's pause and the job timer both pass
    assert len(lab.client.submitted) == count
    lab.b_field.set_text("3")
    qtbot.waitUntil(lambda: len(lab.client.submitted) == count + 1, timeout=3000)


def test_the_area_sweep_exports_as_a_gif_and_the_player_follows(lab, tmp_path):
    from PIL import Image

    from workbench.export.animation import write_animation

    lab.resize(900, 700)
    path = write_animation(lab.animation(), tmp_path / "sweep.gif", "gif")
    with Image.open(path) as gif:
        assert gif.n_frames == SWEEP_FRAMES
        gif.seek(0)
        first = np.asarray(gif.convert("RGB"))
        gif.seek(SWEEP_FRAMES - 1)
        last = np.asarray(gif.convert("RGB"))
    assert not np.array_equal(first, last)  # the shading grew
    # the last frame exported is the one on show, and the player says so
    assert lab.area.frame == lab.area.player.frame() == SWEEP_FRAMES - 1
    assert lab.area.player.label.text() == f"frame {SWEEP_FRAMES} / {SWEEP_FRAMES}"


def test_a_long_answer_is_scaled_to_fit_and_never_widens_the_lab(lab, qtbot):
    # (2 sec x + 2)²·sec⁴x has an answer of six terms, wider than the Area view at 1024 px
    lab.resize(1000, 700)
    long = (r"\int (2\sec x + 2)^2 \sec^4 x\,dx = 3\ln\left|\tan x + \sec x\right| + "
            r"\frac{4\tan x\sec^4 x}{5} + 2\tan x\sec^3 x + \frac{12\tan x\sec^2 x}{5} + "
            r"3\tan x\sec x + \frac{24\tan x}{5} + C")
    before = lab.minimumSizeHint().width()
    lab.area.exact.set_latex(long)
    qtbot.waitUntil(lambda: not lab.area.exact.pixmap().isNull(), timeout=WAIT_MS)
    assert lab.area.exact.formula_size().width() > lab.area.width()  # it would not fit
    assert lab.minimumSizeHint().width() <= max(before, 1000)
    assert lab.area.exact.pixmap().deviceIndependentSize().width() <= \
        lab.area.exact.contentsRect().width() + 1


def test_with_both_bounds_empty_the_area_view_shows_f_alone(lab, qtbot):
    settle(qtbot, lab)
    assert len(lab.area.fill_data()["positive"][0]) > 0  # x sin x shaded on [0, 5]
    lab.editor.set_text("sec(x)^2")
    lab.a_field.set_text("")
    lab.b_field.set_text("")
    qtbot.waitUntil(lambda: lab.area.tree is not None and lab.area.acc is None, timeout=WAIT_MS)
    # nothing shaded and no bound lines: there is no interval; f itself is drawn
    assert all(x is None or len(x) == 0 for x, _y in lab.area.fill_data().values())
    assert not any(line.isVisible() for line in (*lab.area.lines.values(), lab.area.sweep_line))
    assert not lab.area.acc_plot.isVisible()  # F from a needs an a
    assert "No bounds" in lab.area.numbers.text() and lab.area.note.text() == ""
    assert lab.area.f_curve.getData()[0] is not None and len(lab.area.f_curve.getData()[0]) > 0
    assert not lab.area.player.play_button.isEnabled()
    lab.a_field.set_text("0")
    lab.b_field.set_text("1")  # bounds again: shaded again, sweep available
    qtbot.waitUntil(lambda: lab.area.acc is not None, timeout=WAIT_MS)
    assert lab.area.lines["a"].isVisible() and lab.area.player.play_button.isEnabled()
    assert lab.area.acc_plot.isVisible()
    assert len(lab.area.fill_data()["positive"][0]) > 0


def _answer_for(lab, qtbot, text: str, a: str, b: str):
    """Type the integrand and bounds, let the engine answer, and give the shown result."""
    lab.client.hold = True
    lab.editor.set_text(text)
    lab.a_field.set_text(a)
    lab.b_field.set_text(b)
    lab.request_exact()
    settle(qtbot, lab)
    return lab.shown_results()["area"]


def test_no_elementary_antiderivative_is_said_and_the_special_function_named(lab, qtbot):
    # indefinite: cos^(4/3) has the incomplete beta function ₂F₁ for its antiderivative
    result = _answer_for(lab, qtbot, "cos(x)^(4/3)", "", "")
    assert "F_{1}" in result.latex and result.latex.endswith("+ C")
    assert "no elementary antiderivative" in lab.stage.text() and "Chebyshev" in lab.stage.text()
    assert "special_function" in {s.rule for s in lab.panel.steps()}
    # definite, with no antiderivative at all: the number by quadrature, and why
    result = _answer_for(lab, qtbot, "atan(2 x)/x", "1", "2")
    assert result.value == pytest.approx(engine.definite_integral("atan(2x)/x", "x", 1, 2).value)
    assert "numerical integration" in lab.stage.text()  # (why: the engine's tests)
    # the derivation panel keeps to the first clause; the reason is in the box above
    assert "(why: above)" in lab.panel.status.text()
