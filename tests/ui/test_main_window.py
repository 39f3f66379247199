"""MainWindow with the fake engine client: typing to curves and steps, stale results, cancel,
status, labs, settings restored."""

from __future__ import annotations

import re

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import QLabel

from tests.ui.fakes import FakeEngineClient, FakeJobError, derive_job
from workbench.ui.main_window import MainWindow
from workbench.ui.settings import DEFAULT_FUNCTION, Settings


def make_window(qtbot, tmp_path, client=None):
    client = client or FakeEngineClient()
    window = MainWindow(client, Settings(tmp_path / "settings.ini"), job_factory=derive_job)
    qtbot.addWidget(window)
    window.show()
    client.start()
    return window, client


def finite_data(curve):
    x, y = curve.getData()
    keep = np.isfinite(y)
    return x[keep], y[keep]


def wait_for_steps(qtbot, window, text):
    qtbot.waitUntil(lambda: bool(window.panel.steps()) and
                    window.canvas.tree("df") is not None and
                    window.settings.last_function == text, timeout=5000)


def test_title_and_default_function(qtbot, tmp_path):
    window, client = make_window(qtbot, tmp_path)
    assert window.windowTitle().startswith("Calculus Workbench")
    assert window.editor.text() == DEFAULT_FUNCTION
    low, high = window.canvas.plot.getViewBox().viewRange()[1]
    assert high - low > 20  # framed for x^2 sin(x) before any worker result
    wait_for_steps(qtbot, window, DEFAULT_FUNCTION)
    assert client.submitted[0].text == DEFAULT_FUNCTION


def test_typing_a_function_draws_f_and_its_derivative(qtbot, tmp_path):
    window, client = make_window(qtbot, tmp_path)
    window.editor.input_field.selectAll()
    qtbot.keyClicks(window.editor.input_field, "x^3 - 2x + exp(-x)")
    # f is drawn at once from the editor's own parse, before any worker result.
    x, y = finite_data(window.canvas.curves["f"])
    assert x.size > 100
    np.testing.assert_allclose(y, x ** 3 - 2 * x + np.exp(-x), rtol=1e-9, atol=1e-9)
    wait_for_steps(qtbot, window, "x^3 - 2x + exp(-x)")
    x, y = finite_data(window.canvas.curves["df"])
    assert x.size > 100
    np.testing.assert_allclose(y, 3 * x ** 2 - 2 - np.exp(-x), rtol=1e-9, atol=1e-9)
    steps = window.panel.steps()
    assert steps[0].after and window.panel.items()
    view = window.panel.tree.itemWidget(window.panel.items()[0], 0)
    shown = QTextDocumentFragment.fromHtml(view.title.text()).toPlainText()
    assert re.findall(r"\w+", steps[0].title) == re.findall(r"\w+", shown)[-len(
        re.findall(r"\w+", steps[0].title)):]
    assert client.submitted[-1].text == "x^3 - 2x + exp(-x)"


def test_stale_results_are_ignored(qtbot, tmp_path):
    client = FakeEngineClient(hold=True)
    window, _ = make_window(qtbot, tmp_path, client)
    window.editor.set_text("sin(x)")
    window.editor.compute_now()
    window.editor.set_text("cos(x)")
    window.editor.compute_now()
    old_id, new_id = [ident for ident, _job in client.pending][-2:]
    assert window.latest_job() == new_id
    client.release(old_id)  # the answer for sin(x) arrives late
    assert window.canvas.tree("df") is None and window.panel.steps() == []
    client.release(new_id)
    x, y = finite_data(window.canvas.curves["df"])
    np.testing.assert_allclose(y, -np.sin(x), atol=1e-9)


def test_result_for_an_edited_function_is_not_drawn(qtbot, tmp_path):
    client = FakeEngineClient(hold=True)
    window, _ = make_window(qtbot, tmp_path, client)
    window.editor.set_text("sin(x)")
    window.editor.compute_now()
    window.editor.set_text("x^2")  # edited before the answer came back, not yet submitted
    client.release()
    assert window.canvas.tree("df") is None


def test_escape_cancels_and_says_so(qtbot, tmp_path):
    client = FakeEngineClient(hold=True)
    window, _ = make_window(qtbot, tmp_path, client)
    window.editor.set_text("tan(x)")
    window.editor.compute_now()
    assert window.engine_status.cancel_button.isVisible()
    with qtbot.waitActive(window):
        window.activateWindow()
    window.editor.input_field.setFocus()
    qtbot.keyClick(window.editor.input_field, Qt.Key.Key_Escape)
    assert client.cancel_calls == 1
    assert "Cancelled" in window.job_message.text()
    assert not window.engine_status.cancel_button.isVisible()


def test_engine_states_are_shown(qtbot, tmp_path):
    window, client = make_window(qtbot, tmp_path)
    client.state_changed.emit("starting", "")
    assert "Starting" in window.engine_status.label.text()
    client.state_changed.emit("failed", "the worker ran out of memory")
    assert "the worker ran out of memory" in window.engine_status.label.text()


def test_worker_parse_error_points_at_the_column(qtbot, tmp_path):
    client = FakeEngineClient(hold=True)
    window, _ = make_window(qtbot, tmp_path, client)
    window.editor.set_text("x + 1")
    window.editor.compute_now()
    client.job_failed.emit(window.latest_job(), "derive",
                           FakeJobError("parse", "Nothing may follow here", 2))
    assert window.editor.error_position() == 2
    assert "Nothing may follow here" in window.job_message.text()


def test_timeout_is_explained(qtbot, tmp_path):
    client = FakeEngineClient(hold=True)
    window, _ = make_window(qtbot, tmp_path, client)
    window.editor.compute_now()
    client.job_failed.emit(window.latest_job(), "derive", FakeJobError("timeout", "10 s"))
    assert "time limit" in window.job_message.text()
    assert "time limit" in window.panel.status.text()


def test_second_derivative_toggle(qtbot, tmp_path):
    window, _ = make_window(qtbot, tmp_path)
    wait_for_steps(qtbot, window, DEFAULT_FUNCTION)
    assert window.canvas.curves["d2f"].getData()[0] is None or \
        len(window.canvas.curves["d2f"].getData()[0]) == 0
    window.canvas.second_box.click()
    x, y = finite_data(window.canvas.curves["d2f"])
    expected = 2 * np.sin(x) + 4 * x * np.cos(x) - x ** 2 * np.sin(x)
    np.testing.assert_allclose(y, expected, atol=1e-9)
    assert window.settings.show_second_derivative


def test_crosshair_reads_values(qtbot, tmp_path):
    window, _ = make_window(qtbot, tmp_path)
    wait_for_steps(qtbot, window, DEFAULT_FUNCTION)
    text = window.canvas.readout_at(2.0)
    assert f"{4 * np.sin(2.0):.4g}" in text
    assert f"{4 * np.cos(2.0) + 4 * np.sin(2.0):.4g}" in text


def test_panning_resamples_the_visible_range(qtbot, tmp_path):
    window, _ = make_window(qtbot, tmp_path)
    window.canvas.plot.getViewBox().setXRange(40, 50, padding=0)
    qtbot.waitUntil(lambda: finite_data(window.canvas.curves["f"])[0].max() > 49, timeout=2000)
    x, y = finite_data(window.canvas.curves["f"])
    assert x.min() > 30
    np.testing.assert_allclose(y, x ** 2 * np.sin(x), rtol=1e-9)


def test_ctrl_l_focuses_the_editor_and_labs_become_tabs(qtbot, tmp_path):
    window, _ = make_window(qtbot, tmp_path)
    with qtbot.waitActive(window):
        window.activateWindow()
    assert window.editor.input_field.hasFocus()  # typing works from the first moment
    window.canvas.second_box.setFocus()
    index = window.add_lab(QLabel("a lab"), "Gradient descent")
    assert window.tabs.tabText(index) == "Gradient descent" and index == window.tabs.count() - 1
    window.tabs.setCurrentIndex(index)
    with qtbot.waitActive(window):
        window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 0
    assert window.editor.input_field.hasFocus()


def test_settings_restore_function_history_and_geometry(qtbot, tmp_path):
    window, _ = make_window(qtbot, tmp_path)
    window.editor.set_text("cos(x)")
    window.editor.compute_now()
    assert Settings(tmp_path / "settings.ini").history == ["cos(x)"]  # saved at once
    window.resize(700, 500)  # inside the 800x600 offscreen screen
    window.close()
    again, _ = make_window(qtbot, tmp_path)
    assert again.editor.text() == "cos(x)"
    assert again.editor.history() == ["cos(x)"]
    assert (again.width(), again.height()) == (700, 500)


@pytest.mark.parametrize("stored", [{"function": "tanh(x)"}])
def test_old_settings_are_migrated(tmp_path, stored):
    from PySide6.QtCore import QSettings

    raw = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    for key, value in stored.items():
        raw.setValue(key, value)
    raw.setValue("editor/history", "x^2")
    raw.sync()
    settings = Settings(tmp_path / "settings.ini")
    assert settings.schema_version == 2
    assert settings.last_function == "tanh(x)"
    assert settings.history == ["x^2"]


def test_selecting_a_step_draws_its_pieces(qtbot, tmp_path):
    from workbench.protocol.steps import Step
    from workbench.protocol.syntax import parse_tree

    window, _ = make_window(qtbot, tmp_path)
    wait_for_steps(qtbot, window, DEFAULT_FUNCTION)
    # The fake's one step is f -> f' itself: nothing new to draw over the solid curves.
    window.panel.tree.setCurrentItem(window.panel.items()[0])
    assert window.canvas.guides() == []
    inner = Step(rule="power", title="Power rule", before="", after="2 x",
                 subject=parse_tree("x^2"), result=parse_tree("2x"), var="x")
    window.panel.set_result("", "", [inner])
    window.panel.tree.setCurrentItem(window.panel.items()[0])
    guides = dict(window.canvas.guides())
    assert set(guides) == {"step: function", "step: result"}
    x, y = finite_data(guides["step: function"])
    np.testing.assert_allclose(y, x ** 2, atol=1e-9)
    x, y = finite_data(guides["step: result"])
    np.testing.assert_allclose(y, 2 * x, atol=1e-9)
    window.editor.set_text("cos(x)")  # a new function takes the old step's pieces away
    assert window.canvas.guides() == []


def test_chain_rule_parts_are_drawn_in_their_own_variable(qtbot, tmp_path):
    from workbench.protocol.syntax import parse_tree

    window, _ = make_window(qtbot, tmp_path)
    window.canvas.set_guides([("outer f(u)", parse_tree("sin(u)")),
                              ("inner u(x)", parse_tree("x^2"))])
    guides = dict(window.canvas.guides())
    x, y = finite_data(guides["outer f(u)"])
    np.testing.assert_allclose(y, np.sin(x), atol=1e-12)
    x, y = finite_data(guides["inner u(x)"])
    np.testing.assert_allclose(y, x ** 2, atol=1e-9)


def test_typing_and_deleting_a_character_brings_the_derivative_back(qtbot, tmp_path):
    window, _ = make_window(qtbot, tmp_path)
    wait_for_steps(qtbot, window, DEFAULT_FUNCTION)
    field = window.editor.input_field
    qtbot.keyClicks(field, "2")  # x^2 sin(x)2: a new f, its derivative not known yet
    assert window.canvas.tree("df") is None
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: window.canvas.tree("df") is not None, timeout=3000)
    x, y = finite_data(window.canvas.curves["df"])
    np.testing.assert_allclose(y, x ** 2 * np.cos(x) + 2 * x * np.sin(x), atol=1e-9)


def test_half_typed_word_keeps_the_last_plot(qtbot, tmp_path):
    window, _ = make_window(qtbot, tmp_path)
    wait_for_steps(qtbot, window, DEFAULT_FUNCTION)
    before = finite_data(window.canvas.curves["f"])
    qtbot.keyClicks(window.editor.input_field, " + s")  # "s" alone is a letter, not sin yet
    after = finite_data(window.canvas.curves["f"])
    np.testing.assert_array_equal(before[1], after[1])  # no blank plot mid-word
    qtbot.waitUntil(window.canvas.notice.isVisible, timeout=2000)  # the pause explains
    assert "s" in window.canvas.notice.text()
    qtbot.keyClicks(window.editor.input_field, "in(x)")
    assert not window.canvas.notice.isVisible()
    x, y = finite_data(window.canvas.curves["f"])
    np.testing.assert_allclose(y, x ** 2 * np.sin(x) + np.sin(x), atol=1e-9)


def test_fit_view_button_reframes_after_a_manual_pan(qtbot, tmp_path):
    from workbench.ui.canvas import DEFAULT_X_RANGE

    window, _ = make_window(qtbot, tmp_path)
    box = window.canvas.plot.getViewBox()
    box.translateBy(x=30.0)  # as a drag does: the student has taken over the view
    box.sigRangeChangedManually.emit(box.state["mouseEnabled"])
    window.editor.set_text("x^3")
    window.canvas.refit()
    assert box.viewRange()[0][0] > 20  # a new function does not snatch the view back
    qtbot.mouseClick(window.canvas.reset_button, Qt.MouseButton.LeftButton)
    np.testing.assert_allclose(box.viewRange()[0], DEFAULT_X_RANGE)


def test_crosshair_draws_the_tangent_with_slope_f_prime(qtbot, tmp_path):
    window, _ = make_window(qtbot, tmp_path)
    wait_for_steps(qtbot, window, DEFAULT_FUNCTION)
    window.canvas.set_cursor_x(1.0)
    x, y = window.canvas.tangent.getData()
    f1, slope = np.sin(1.0), np.cos(1.0) + 2 * np.sin(1.0)
    np.testing.assert_allclose(y, f1 + slope * (x - 1.0), rtol=1e-12)
    assert x[0] < 1.0 < x[1]
    assert "slope of the tangent" in window.canvas.readout.text()


def test_a_function_of_t_is_plotted_and_named_in_t(qtbot, tmp_path):
    window, client = make_window(qtbot, tmp_path)
    window.editor.set_text("t^2")
    window.editor.compute_now()
    qtbot.waitUntil(lambda: window.canvas.tree("df") is not None, timeout=3000)
    assert client.submitted[-1].var == "t"
    x, y = finite_data(window.canvas.curves["df"])
    np.testing.assert_allclose(y, 2 * x, atol=1e-9)
    assert window.canvas.legend.getLabel(window.canvas.curves["f"]).text == "f(t)"
    assert "t = 1" in window.canvas.readout_at(1.0)


def test_crosshair_markers_sit_on_each_curve_and_leave_with_the_mouse(qtbot, tmp_path):
    window, _ = make_window(qtbot, tmp_path)
    wait_for_steps(qtbot, window, DEFAULT_FUNCTION)
    canvas = window.canvas
    canvas.set_cursor_x(1.0)
    f1, slope = np.sin(1.0), np.cos(1.0) + 2 * np.sin(1.0)
    np.testing.assert_allclose(sorted(canvas.marker_points()), sorted([(1.0, f1), (1.0, slope)]),
                               rtol=1e-12)
    outside = canvas.plot.getViewBox().sceneBoundingRect().bottomRight() + QPointF(5, 5)
    canvas.plot.scene().sigMouseMoved.emit(outside)
    assert canvas.marker_points() == [] and not canvas.crosshair.isVisible()
    assert len(canvas.tangent.getData()[0]) == 0


def test_after_a_pan_the_curves_are_painted_where_they_are(qtbot, tmp_path):
    """Qt shifted the curves' cached pixmaps on a pan: f was shown off its axes until the
    next change. The plot as painted must be the plot as its items draw it (caches off)."""
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QGraphicsItem

    window, _ = make_window(qtbot, tmp_path, FakeEngineClient(real_derive=True))
    window.resize(1400, 900)
    qtbot.waitUntil(lambda: window.canvas.tree("df") is not None, timeout=5000)
    qtbot.wait(300)
    plot = window.canvas.plot

    def pixels():
        image = plot.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
        rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(),
                                                                 image.bytesPerLine())
        return rows[:, : image.width() * 3].astype(int).copy()

    box = plot.getViewBox()
    for _ in range(5):
        box.translateBy(x=0.3)
        qtbot.wait(50)  # the curves are resampled every 40 ms while the view moves
    qtbot.wait(300)
    painted = pixels()
    cached = [(item, item.cacheMode()) for item in plot.scene().items()
              if item.cacheMode() != QGraphicsItem.CacheMode.NoCache]
    for item, _mode in cached:
        item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    drawn = pixels()
    for item, mode in cached:
        item.setCacheMode(mode)
    wrong = np.abs(painted - drawn) > 40
    for dy in (-1, 0, 1):  # a one-pixel offset is rounding, not a picture left behind
        for dx in (-3, 0, 3):  # (three bytes a pixel)
            wrong &= np.abs(np.roll(np.roll(painted, dy, 0), dx, 1) - drawn) > 40
    assert wrong.mean() < 0.001


def test_the_first_window_fits_the_screen(qtbot, tmp_path):
    # 1200×760 on a 1024×700 screen hid the right of every lab under a window manager
    # that does not shrink it
    window, _client = make_window(qtbot, tmp_path)
    free = window.screen().availableGeometry()
    assert window.width() <= free.width() and window.height() <= free.height()
    assert window.width() == min(1200, free.width())
