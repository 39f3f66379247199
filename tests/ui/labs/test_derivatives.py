"""The Derivatives lab driven with qtbot: slider, drag, play, views, steps, bad input,
sessions and keys; plot items checked through their data. The helpers at the top
(a lab on the fake client, mouse drags on plots) are shared with the lessons test."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from tests.ui.fakes import FakeEngineClient
from workbench.protocol.jobs import DeriveJob
from workbench.protocol.results import DerivativeResult
from workbench.ui.labs.derivatives import DerivativesLab
from workbench.ui.labs.derivatives.controls import PER_DECADE, slider_position
from workbench.ui.labs.derivatives.numeric import EPS, loglog_slope


def make_lab(qtbot, size=(1300, 850)) -> DerivativesLab:
    """A shown lab on the fake client (real handlers), with f' of its default function in."""
    client = FakeEngineClient(real_derive=True)
    lab = DerivativesLab(client)
    qtbot.addWidget(lab)
    lab.resize(*size)
    lab.show()
    client.start()
    wait_for_derivative(qtbot, lab)
    return lab


def wait_for_derivative(qtbot, lab: DerivativesLab) -> None:
    """Wait until the worker's f' and the critical/inflection points are in."""
    qtbot.waitUntil(lambda: lab.model.df is not None and not lab.is_waiting("derive")
                    and not lab.is_waiting("critical") and not lab.is_waiting("inflection"),
                    timeout=15000)


def widget_point(plot_widget, x: float, y: float) -> QPoint:
    """Where the data point (x, y) of a PlotWidget is, in its viewport's pixels."""
    scene = plot_widget.getViewBox().mapViewToScene(QPointF(x, y))
    return plot_widget.mapFromScene(scene)


def _send(widget, kind, pos: QPoint, buttons) -> None:
    button = Qt.MouseButton.LeftButton if kind != QEvent.Type.MouseMove else Qt.MouseButton.NoButton
    event = QMouseEvent(kind, QPointF(pos), QPointF(widget.mapToGlobal(pos)), button, buttons,
                        Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)


def drag(plot_widget, start: tuple[float, float], end: tuple[float, float], steps: int = 8) -> None:
    """Press the left button at data point ``start``, move in ``steps`` to ``end``, release."""
    viewport = plot_widget.viewport()
    a, b = widget_point(plot_widget, *start), widget_point(plot_widget, *end)
    left = Qt.MouseButton.LeftButton
    _send(viewport, QEvent.Type.MouseButtonPress, a, left)
    for i in range(1, steps + 1):
        p = QPoint(round(a.x() + (b.x() - a.x()) * i / steps),
                   round(a.y() + (b.y() - a.y()) * i / steps))
        _send(viewport, QEvent.Type.MouseMove, p, left)
    _send(viewport, QEvent.Type.MouseButtonRelease, b, Qt.MouseButton.NoButton)


# ---------------------------------------------------------------------------- tests


def cubic(x: float) -> float:
    return x ** 3 - 3 * x


def test_moving_the_slider_redraws_the_secant_with_the_quotients_slope(qtbot):
    lab = make_lab(qtbot)
    slider = lab.controls.h_slider
    slider.setFocus()
    qtbot.keyClick(slider, Qt.Key.Key_PageDown)  # one decade smaller
    a, h = lab.model.a, lab.model.h
    assert h == pytest.approx(0.05, rel=0.07)
    assert lab.controls.h_field.text() == f"{h:.6g}"
    assert lab.secant.slope() == pytest.approx((cubic(a + h) - cubic(a)) / h, rel=1e-12)
    xs, ys = lab.secant.points.getData()
    assert xs[0] == pytest.approx(a + h) and ys[0] == pytest.approx(cubic(a + h))
    lab.controls.scheme_box.setCurrentIndex(2)  # central
    assert lab.model.scheme == "central"
    assert lab.secant.slope() == pytest.approx((cubic(a + h) - cubic(a - h)) / (2 * h), rel=1e-12)
    assert lab.secant.table.item(0, 0).text() == f"{h:.4g}"
    qtbot.waitUntil(lambda: "frac{15}{4}" in lab.secant.exact.latex(), timeout=10000)
    assert float(lab.secant.table.item(0, 1).text()) == pytest.approx(lab.secant.slope())


def test_dragging_the_point_moves_the_tangent_and_the_mark_on_f_prime(qtbot):
    lab = make_lab(qtbot)
    a0 = lab.model.a
    drag(lab.canvas.plot, (a0, cubic(a0)), (-0.5, cubic(a0)))
    a = lab.model.a
    assert a == pytest.approx(-0.5, abs=0.05)
    assert lab.controls.point_field.text() == f"{a:.6g}"
    assert lab.tangent.slope() == pytest.approx(3 * a * a - 3, rel=1e-9)
    xs, ys = lab.tangent.line.getData()
    assert ys[0] + (a - xs[0]) * lab.tangent.slope() == pytest.approx(cubic(a), abs=1e-9)
    mx, my = lab.tangent.df_marker.getData()
    assert mx[0] == a and my[0] == pytest.approx(3 * a * a - 3)
    decade = (cubic(a + 0.01) - cubic(a)) / 0.01  # row 3 is h = 0.01, filled once a rests
    qtbot.waitUntil(lambda: float(lab.secant.table.item(3, 1).text()) == pytest.approx(decade,
                                                                                       rel=1e-9))
    assert f"{3 * a * a - 3:.4g}" in lab.tangent.equation.text()
    hx, hy = lab.handle.getData()
    assert hy[0] == pytest.approx(cubic(a))


def test_play_shrinks_h_until_the_secant_is_the_tangent_and_space_pauses(qtbot):
    lab = make_lab(qtbot)
    qtbot.mouseClick(lab.secant.play_button, Qt.MouseButton.LeftButton)
    assert lab.secant.is_playing()
    qtbot.waitUntil(lambda: not lab.secant.is_playing(), timeout=10000)
    assert lab.model.h == pytest.approx(1e-6, rel=0.01)
    a = lab.model.a
    assert lab.secant.slope() == pytest.approx(3 * a * a - 3, rel=1e-5)
    assert lab.controls.h_slider.value() == slider_position(1e-6)
    lab.secant.toggle_play()
    lab.canvas.plot.setFocus()
    qtbot.keyClick(lab.canvas.plot, Qt.Key.Key_Space)  # pause
    assert not lab.secant.is_playing()
    animation = lab.animation()
    assert animation.frame_count() > 10
    image = animation.render_frame(3)
    assert not image.isNull() and lab.model.h == pytest.approx(animation.steps[3])


def test_the_error_plot_shows_first_and_second_order_and_the_best_steps(qtbot):
    lab = make_lab(qtbot)
    h, central = lab.error.curves["central"].getOriginalDataset()
    assert loglog_slope(np.asarray(h), np.asarray(central), 1e-3, 1e-1) == pytest.approx(2, abs=0.1)
    h, forward = lab.error.curves["forward"].getOriginalDataset()
    assert loglog_slope(np.asarray(h), np.asarray(forward), 1e-4, 1e-1) == pytest.approx(1, abs=0.1)
    best = lab.error.data.best_h
    assert 1e-2 < best["forward"] / math.sqrt(EPS) < 1e2
    assert 1e-2 < best["central"] / EPS ** (1 / 3) < 1e2
    assert len(lab.error.best.data) == 2
    assert "best h" in lab.error.caption.text()
    lab.controls.h_slider.setValue(-4 * PER_DECADE)
    assert lab.error.current.value() == pytest.approx(-4)


def test_second_derivative_view_marks_and_names_the_points_and_shades_concavity(qtbot):
    lab = make_lab(qtbot)
    qtbot.mouseClick(lab.controls.view_boxes["second"], Qt.MouseButton.LeftButton)
    assert lab.canvas.is_second_derivative_visible()
    assert lab.is_waiting("critical")  # asked for only once the view is on
    qtbot.waitUntil(lambda: len(lab.second.kinds()) == 3, timeout=15000)
    assert sorted(lab.second.kinds()) == ["inflection", "maximum", "minimum"]
    texts = sorted(label.textItem.toPlainText() for label in lab.second._labels)
    assert texts == ["inflection (0, 0)", "maximum (-1, 2)", "minimum (1, -2)"]
    regions = [(r.getRegion(), r.brush.color().green() > r.brush.color().red())
               for r in lab.second._regions]
    assert len(regions) == 2
    (down, down_green), (up, up_green) = sorted(regions)
    assert down[1] == pytest.approx(0, abs=0.02) and not down_green and up_green
    qtbot.mouseClick(lab.controls.view_boxes["second"], Qt.MouseButton.LeftButton)
    assert not lab.second._regions and not lab.canvas.is_second_derivative_visible()


def test_selecting_a_chain_rule_step_draws_its_parts_and_the_check_agrees(qtbot):
    lab = make_lab(qtbot)
    lab.editor.set_text("(x^2+1)^3")
    qtbot.waitUntil(lambda: lab.model.text == "(x^2+1)^3" and lab.model.df is not None
                    and bool(lab.steps.panel.steps()), timeout=15000)
    chain = next(s for top in lab.steps.panel.steps() for s in top.walk() if s.rule == "chain")
    lab.steps.select_step(chain)
    names = [name for name, _item in lab.canvas.guides()]
    assert "outer f(u)" in names and "inner u(x)" in names
    assert lab.steps.check_button.isEnabled()
    qtbot.mouseClick(lab.steps.check_button, Qt.MouseButton.LeftButton)
    assert lab.steps.last_check.agrees is True
    assert "agree" in lab.steps.verdict.text()
    for step in (s for top in lab.steps.panel.steps() for s in top.walk()):
        lab.steps.select_step(step)
        result = lab.steps.check_selected()
        assert result.agrees is not False, (step.rule, result.message)


def test_bad_input_gets_a_message_in_place_and_nothing_breaks(qtbot):
    lab = make_lab(qtbot)
    a0 = lab.model.a
    for text, words in (("", "Type a number"), ("y", "cannot contain y"), ("1/0", "finite")):
        lab.controls.point_field.setText(text)
        lab.controls._on_point_field_edited()
        assert words in lab.controls.point_message.text()
        assert lab.model.a == a0
    lab.controls.h_field.setText("0")
    lab.controls._on_h_field_edited()
    assert "cannot be 0" in lab.controls.h_message.text() and lab.model.h > 0
    lab.editor.set_text("sqrt(x)")
    assert "not defined at x = 1.5" not in lab.controls.point_message.text()
    lab.controls.point_field.setText("-2")
    lab.controls._on_point_field_edited()
    assert "not defined at x = -2" in lab.controls.point_message.text()
    assert lab.model.a == a0
    lab.controls.point_field.setText("pi/4")
    lab.controls._on_point_field_edited()
    assert lab.model.a == pytest.approx(math.pi / 4)
    qtbot.waitUntil(lambda: "sqrt" in lab.secant.exact.latex(), timeout=10000)  # 1/(2 sqrt(pi/4))
    lab.editor.set_text("ln(x)")
    lab.restore({"point": -1.0})
    wait_for_derivative(qtbot, lab)
    assert "not defined" in lab.tangent.equation.text()
    assert "not defined" in lab.secant.summary.text()
    assert "f\u2032(a)" in lab.error.caption.text() and lab.error.data is None
    lab.editor.set_text("abs(x)")
    lab.restore({"point": 0.0})
    wait_for_derivative(qtbot, lab)
    assert "corner" in lab.tangent.equation.text() and math.isnan(lab.tangent.slope())
    assert "does not exist" in lab.secant.summary.text()
    lab.move_point(0.5)
    assert lab.tangent.slope() == pytest.approx(1.0)


def test_state_round_trips_through_the_session_fields(qtbot):
    from workbench.session.fields import check_fields
    from workbench.session.model import _LAB_FIELDS, lab_kinds

    lab = make_lab(qtbot)
    lab.editor.set_text("sin(x)")
    lab.restore({"point": 0.75, "h": 0.01, "scheme": "backward",
                 "views": ["secant", "second"], "x_range": [-4.0, 4.0], "y_range": [-2.0, 2.0]})
    assert "derivatives" in lab_kinds()
    state = check_fields(_LAB_FIELDS["derivatives"], lab.state(), "derivatives")
    assert state["function"] == "sin(x)" and state["scheme"] == "backward"
    assert state["views"] == ["secant", "second"] and state["point"] == 0.75
    other = make_lab(qtbot)
    other.restore(state)
    assert other.state()["h"] == pytest.approx(0.01)
    assert other.state()["views"] == state["views"] and other.model.scheme == "backward"
    assert other.state()["x_range"] == pytest.approx([-4.0, 4.0])
    assert not other.tangent.isVisible() and other.side.isTabVisible(0)


def test_keyboard_space_plays_arrows_move_a_and_typing_is_left_alone(qtbot):
    lab = make_lab(qtbot)
    with qtbot.waitActive(lab):
        lab.activateWindow()
    lab.canvas.plot.setFocus()
    a0 = lab.model.a
    qtbot.keyClick(lab.canvas.plot, Qt.Key.Key_Right)
    assert lab.model.a == pytest.approx(a0 + 0.06)  # 1% of the 6-wide view
    qtbot.keyClick(lab.canvas.plot, Qt.Key.Key_Space)
    assert lab.secant.is_playing()
    lab.deactivate()  # the tab is hidden: the animation stops
    assert not lab.secant.is_playing()
    lab.editor.input_field.setFocus()
    lab.editor.set_text("x")
    qtbot.keyClicks(lab.editor.input_field, " + 1")
    assert lab.editor.text() == "x + 1" and not lab.secant.is_playing()


def test_the_labs_derive_jobs_never_supersede_the_explore_views(qtbot):
    from workbench.protocol.jobs import DeriveJob
    from workbench.protocol.jobs.derivatives import LabDeriveJob
    from workbench.worker.registry import handler_for

    lab = make_lab(qtbot)
    sent = [job for job in lab.client.submitted if isinstance(job, DeriveJob)]
    assert sent and all(isinstance(job, LabDeriveJob) for job in sent)
    assert LabDeriveJob.kind != DeriveJob.kind
    assert handler_for(LabDeriveJob("x^2")) is handler_for(DeriveJob("x^2"))


def test_a_wrong_step_is_caught_by_the_check(qtbot):
    from workbench.protocol.steps import Step
    from workbench.protocol.syntax import parse_tree

    lab = make_lab(qtbot)
    wrong = Step("power", "A slip", "x^3", "3x", subject=parse_tree("x^3"),
                 result=parse_tree("3x"), var="x")
    lab.steps.set_result(DerivativeResult(DeriveJob("x^3"), expr_latex="x^3", latex="3x",
                                          steps=(wrong,)))
    lab.steps.select_step(wrong)
    qtbot.mouseClick(lab.steps.check_button, Qt.MouseButton.LeftButton)
    assert lab.steps.last_check.agrees is False
    assert "disagree" in lab.steps.verdict.text() and "c62828" in lab.steps.verdict.styleSheet()


def _has_colour(image, hex_colour: str, tolerance: int = 12, least: int = 30) -> bool:
    from PySide6.QtGui import QImage

    image = image.convertToFormat(QImage.Format.Format_RGB888)
    pixels = np.frombuffer(image.constBits(), np.uint8).reshape(
        image.height(), image.bytesPerLine())[:, : image.width() * 3].reshape(
        image.height(), image.width(), 3).astype(int)
    target = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)])
    return int(np.count_nonzero(np.all(np.abs(pixels - target) <= tolerance, axis=2))) >= least


def test_every_view_is_really_drawn(qtbot):
    from workbench.ui.labs.derivatives.error_view import SCHEME_STYLE
    from workbench.ui.labs.derivatives.secant_view import SECANT_COLOUR
    from workbench.ui.labs.derivatives.tangent_view import DF_COLOUR, TANGENT_COLOUR

    lab = make_lab(qtbot)
    main = lab.canvas.plot.grab().toImage()
    assert _has_colour(main, SECANT_COLOUR) and _has_colour(main, TANGENT_COLOUR)
    assert _has_colour(lab.tangent.df_plot.grab().toImage(), DF_COLOUR)
    lab.show_view("error")
    qtbot.wait(50)
    errors = lab.error.plot.grab().toImage()
    assert all(_has_colour(errors, SCHEME_STYLE[s][0]) for s in ("forward", "central"))
    lab.controls.set_views(["tangent"])
    assert not _has_colour(lab.canvas.plot.grab().toImage(), SECANT_COLOUR)
