"""The Code view of every lab: press "Code", run the script it shows in a fresh ``python -I``
and find the numbers the lab shows; the session exports as a notebook that validates (and,
slow, runs).

Each lab is put in a few states through its own ``restore`` on the fake engine client;
for each, the Code button is pressed and the script read from the Code dock, together with
the numbers on screen at that moment. The scripts of one lab run in one interpreter.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.codegen.running import check_text, close, execute_notebook, run_scripts
from tests.ui.fakes import FakeEngineClient, derive_job
from tests.ui.labs.lab_helpers import wait_computed
from workbench.codegen.calculus import label_number
from workbench.protocol.results import (
    BackpropResult,
    DoubleIntegralResult,
    ExpectationResult,
    IntegralResult,
    ProbabilityResult,
    SeriesResult,
)
from workbench.protocol.syntax import evaluate, parse_tree
from workbench.ui.code_panel import CodeController, write_notebook
from workbench.ui.main_window import MainWindow
from workbench.ui.settings import Settings

Expect = dict[str, float]


def make_window(qtbot: Any, tmp_path: Any) -> tuple[MainWindow, CodeController]:
    client = FakeEngineClient()
    window = MainWindow(client, Settings(tmp_path / "settings.ini"), job_factory=derive_job)
    qtbot.addWidget(window)
    window.code_controller = controller = CodeController(window)
    controller.install()
    window.resize(1024, 700)
    window.show()
    client.start()
    return window, controller


def press_code(qtbot: Any, controller: CodeController) -> str:
    """Close the dock, press the Code button, and read the script it shows."""
    controller.dock.hide()
    controller.button.click()
    qtbot.waitUntil(lambda: controller.dock.isVisible())
    return controller.view.script()


def wait_for(qtbot: Any, condition: Any, tries: int = 100) -> None:
    """Let the event loop run in short waits until ``condition()`` holds (the Code view
    rebuilds its script on a timer after each edit)."""
    for _ in range(tries):
        if condition():
            return
        qtbot.wait(100)
    assert condition()


# ---------------------------------------------------------------- waiting for each lab
def _derivatives_ready(lab: Any) -> bool:
    return lab.model.df is not None and not lab.is_waiting("derive")


def _integrals_ready(lab: Any) -> bool:
    return isinstance(lab.shown_results().get("area"), IntegralResult)


def _gradient_ready(lab: Any) -> bool:
    return (not lab._descent_timer.isActive() and not lab.is_waiting("descent")
            and len(lab.runs) == len(lab.descent.chosen()))


READY = {"derivatives": _derivatives_ready, "integrals": _integrals_ready,
         "gradient": _gradient_ready}


def settle(qtbot: Any, lab: Any) -> None:
    if lab.kind in READY:
        qtbot.waitUntil(lambda: READY[lab.kind](lab), timeout=20000)
    else:
        wait_computed(qtbot, lab, timeout=20000)


# ---------------------------------------------------------------- what each lab shows
def _derivatives_numbers(lab: Any, _state: dict) -> Expect:
    model = lab.model
    a, h = model.a, model.h
    return {f"f'({label_number(a)})": model.exact_slope(a),
            "forward difference": (model.f_at(a + h) - model.f_at(a)) / h}


def _integrals_numbers(lab: Any, state: dict) -> Expect:
    if state.get("view") == "double":
        result = lab.shown_results()["double"]
        assert isinstance(result, DoubleIntegralResult)
        return {"exact value": result.value, "dblquad value": result.value}
    exact = lab.shown_results()["area"].value
    numbers = {"exact value": exact, "quad value": exact}
    if state.get("view") == "riemann":
        riemann = lab.riemann
        numbers[f"{riemann.rule} sum (n = {riemann.n})"] = riemann.value
    return numbers


def _gradient_numbers(lab: Any, _state: dict) -> Expect:
    numbers = {}
    for run in lab.runs:
        for k, name in enumerate(lab.variables):
            numbers[f"{run.name} final {name}"] = float(run.points[-1][k])
        numbers[f"{run.name} final loss"] = float(run.losses[-1])
    return numbers


def _backprop_numbers(lab: Any, _state: dict) -> Expect:
    result = lab.shown_results()["graph"]
    assert isinstance(result, BackpropResult)
    return {"f": result.value, **{f"df/d{name}": value
                                   for name, value in result.gradients.items()}}


def _layers_numbers(lab: Any, _state: dict) -> Expect:
    outcome = lab.shown_results()["layer"].outcome
    numbers = {}
    for field in ("z", "y", "delta", "grad_b", "grad_x"):
        for i, row in enumerate(outcome.quantity(field).values, start=1):
            numbers[f"{field}[{i}]"] = row[0]
    for i, row in enumerate(outcome.quantity("grad_W").values, start=1):
        for j, value in enumerate(row, start=1):
            numbers[f"grad_W[{i},{j}]"] = value
    numbers["grad_W[1,1] by the chain rule"] = outcome.quantity("grad_W").values[0][0]
    return numbers


def _series_numbers(lab: Any, state: dict) -> Expect:
    result = lab.shown_results()["series"]
    assert isinstance(result, SeriesResult)
    numbers = {"exact value": result.value}
    if str(state["hi"]) != "oo":
        numbers[f"loop {state.get('operation', 'sum')}"] = result.value
    return numbers


def _probability_numbers(lab: Any, _state: dict) -> Expect:
    shown = lab.shown_results()
    prob, mean = shown["probability"], shown["expectation"]
    assert isinstance(prob, ProbabilityResult) and isinstance(mean, ExpectationResult)
    return {"P(lower < X < upper)": prob.value, "E[g(X)]": mean.value}


NUMBERS = {"derivatives": _derivatives_numbers, "integrals": _integrals_numbers,
           "gradient": _gradient_numbers, "backprop": _backprop_numbers,
           "series": _series_numbers, "probability": _probability_numbers,
           "layers": _layers_numbers}

STATES: dict[str, list[dict[str, Any]]] = {
    "derivatives": [
        {"function": "x^3 - 2x", "point": 1.5, "h": 1e-4},
        {"function": "sin(x) e^x", "point": 0.3, "h": 1e-6},
        {"function": "ln(x) / x", "point": 2.0},
    ],
    "integrals": [
        {"function": "x^2", "a": "0", "b": "2", "view": "riemann", "rule": "midpoint", "n": 8},
        {"function": "sin(x)", "a": "0", "b": "pi", "view": "riemann", "rule": "trapezoid",
         "n": 10},
        {"function": "x e^x", "a": "-1", "b": "1", "view": "riemann", "rule": "simpson",
         "n": 6},
        {"function": "e^(-x)", "a": "0", "b": "oo", "view": "area"},
        {"view": "double"},
    ],
    "gradient": [
        {"function": "x^2 + 3y^2", "start": [1.0, 1.0], "optimizers": ["gd", "adam"],
         "lr": 0.1, "steps": 30},
        {"function": "(x - 1)^2 + (y + 2)^2 / 4", "start": [-1.0, 0.5],
         "optimizers": ["momentum", "rmsprop"], "lr": 0.05, "steps": 40},
        {"function": "(x - 1)^2", "start": [3.0], "optimizers": ["gd", "adagrad"],
         "lr": 0.2, "steps": 25},
    ],
    "backprop": [
        {"expression": "x*y + sin(x)", "inputs": {"x": 1.5, "y": -2.0}},
        {"expression": "sigmoid(w*x + b)", "inputs": {"w": 0.5, "x": 2.0, "b": -0.3}},
        {"expression": "(a + b)^2 * exp(a)", "inputs": {"a": 0.4, "b": 1.2}},
    ],
    "layers": [
        {"problem": {"W": [["0.5", "-1"], ["2", "0.25"], ["-0.75", "1"]], "b": ["0.1", "0", "-0.2"],
                     "x": ["1", "-2"], "t": ["0", "1", "0"], "activation": "sigmoid",
                     "loss": "mse"}},
        {"problem": {"W": [["1", "2"], ["-1", "0.5"]], "b": ["0", "1"], "x": ["0.3", "-0.7"],
                     "t": ["0", "1"], "activation": "softmax", "loss": "cross_entropy"}},
        {"problem": {"W": [["0.2", "-0.4", "1"]], "b": ["0.5"], "x": ["1", "2", "-1"],
                     "t": ["1"], "activation": "tanh", "loss": "mse"}},
    ],
    "series": [
        {"term": "1/k^2", "index": "k", "lo": "1", "hi": "10", "operation": "sum"},
        {"term": "1/2^n", "index": "n", "lo": "0", "hi": "oo", "operation": "sum"},
        {"term": "1 + 1/k", "index": "k", "lo": "1", "hi": "6", "operation": "product"},
    ],
    "probability": [
        {"preset": "normal", "params": {"mu": 0.0, "sigma": 1.0}, "a": "-1", "b": "1",
         "g": "x^2"},
        {"preset": "exponential", "params": {"lamda": 2.0}, "support_lo": "0",
         "support_hi": "oo", "a": "0.5", "b": "2", "g": "x"},
        {"preset": "typed", "pdf": "2x", "support_lo": "0", "support_hi": "1", "a": "0.25",
         "b": "0.75", "g": "x^2"},
    ],
}


def _put(qtbot: Any, lab: Any, state: dict[str, Any]) -> None:
    lab.restore(state)
    if lab.kind == "integrals" and state.get("view") == "double":
        lab.request_double()
        qtbot.waitUntil(lambda: isinstance(lab.shown_results().get("double"),
                                           DoubleIntegralResult), timeout=20000)
        return
    settle(qtbot, lab)


@pytest.mark.parametrize("kind", sorted(STATES))
def test_the_code_of_every_lab_prints_what_the_lab_shows(qtbot, tmp_path, kind):
    window, controller = make_window(qtbot, tmp_path)
    lab = window.open_lab(kind)
    settle(qtbot, lab)
    scripts, expected = [], []
    for state in STATES[kind]:
        _put(qtbot, lab, state)
        script = press_code(qtbot, controller)
        assert script, controller.view.message.text()
        check_text(script)
        scripts.append(script)
        expected.append(NUMBERS[kind](lab, state))
    for state, wanted, (numbers, output) in zip(STATES[kind], expected,
                                                  run_scripts(scripts, tmp_path)):
        for name, value in wanted.items():
            assert name in numbers, (state, name, output[-1500:])
            assert close(numbers[name], value, 1e-8, 1e-10), (state, name, numbers[name], value)


def test_explore_prints_the_curve_over_the_visible_range(qtbot, tmp_path):
    window, controller = make_window(qtbot, tmp_path)
    scripts, expected = [], []
    for text in ("x^3 - x", "sin(x) / x", "t^2 - 1"):
        window.editor.set_text(text)
        window.editor.compute_requested.emit(text)
        qtbot.waitUntil(lambda text=text: window.shown_request() is not None
                        and window.shown_request().text == text, timeout=10000)
        script = press_code(qtbot, controller)
        check_text(script)
        (lo, hi), _ = window.canvas.plot.getViewBox().viewRange()
        var = "t" if text.startswith("t") else "x"
        with np.errstate(all="ignore"):
            ys = evaluate(parse_tree(text), {var: np.linspace(lo, hi, 1001)})
        ys = np.asarray(ys, dtype=float)[np.isfinite(ys)]
        scripts.append(script)
        expected.append({"smallest sampled value": float(ys.min()),
                         "largest sampled value": float(ys.max())})
    for wanted, (numbers, _output) in zip(expected, run_scripts(scripts, tmp_path)):
        for name, value in wanted.items():
            assert close(numbers[name], value, 1e-9, 1e-12), (name, numbers[name], value)


def test_the_shortcut_follows_the_tab_and_unreadable_inputs_are_said(qtbot, tmp_path):
    window, controller = make_window(qtbot, tmp_path)
    lab = window.open_lab("derivatives")
    settle(qtbot, lab)
    lab.setFocus()
    QTest.keyClick(window, Qt.Key.Key_K,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: controller.dock.isVisible())
    assert "sp.diff(f_expr, x)" in controller.view.script()
    assert controller.heading.text().startswith("Derivatives")
    lab.editor.set_text("x^ + (")  # does not parse: no script, a sentence in red
    wait_for(qtbot, lambda: controller.view.script() == "")
    assert "cannot be read" in controller.view.message.text()
    assert controller.view.message.property("error") is True
    window.tabs.setCurrentIndex(0)  # the dock follows the tab
    wait_for(qtbot, lambda: "np.linspace" in controller.view.script())
    assert controller.heading.text().startswith("Explore")
    gradient = window.open_lab("gradient")  # too wide for the dock beside it at 1024
    settle(qtbot, gradient)
    qtbot.waitUntil(lambda: controller.dock.isFloating(), timeout=3000)
    assert window.width() == 1024 and controller.dock.isVisible()
    gradient.descent.set_chosen([])
    controller.refresh()
    assert controller.view.script() == ""
    assert "Tick at least one optimizer" in controller.view.message.text()


def test_hostile_text_never_reaches_a_script(qtbot, tmp_path):
    window, controller = make_window(qtbot, tmp_path)
    lab = window.open_lab("series")
    wait_computed(qtbot, lab, timeout=20000)
    controller.show_code()
    for text in ('__import__("os").system("x")', "k; import os", "k # '''", 'k"""'):
        lab.editor.set_text(text)
        controller.refresh()
        script = controller.view.script()
        assert "import os" not in script and "__import__" not in script and "system" not in script


def _open_session(qtbot: Any, tmp_path: Any) -> MainWindow:
    window, _controller = make_window(qtbot, tmp_path)
    window.editor.set_text("x^2 sin(x)")
    window.editor.compute_requested.emit("x^2 sin(x)")
    qtbot.waitUntil(lambda: bool(window.panel.steps()), timeout=10000)
    for kind, state in (("derivatives", STATES["derivatives"][0]),
                        ("integrals", STATES["integrals"][0]),
                        ("series", STATES["series"][0])):
        _put(qtbot, window.open_lab(kind), state)
    window.open_lab("gradient").descent.set_chosen([])  # a lab with no code: a comment cell
    return window


def test_the_session_exports_as_a_valid_notebook(qtbot, tmp_path, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    window = _open_session(qtbot, tmp_path)
    target = tmp_path / "session.ipynb"
    monkeypatch.setattr("workbench.ui.code_panel.QFileDialog.getSaveFileName",
                        lambda *args, **kwargs: (str(tmp_path / "session"), ""))
    assert window.code_controller.export_notebook() == str(target)
    book = nbformat.read(str(target), as_version=4)
    nbformat.validate(book)
    text = "".join(cell.source for cell in book.cells)
    for title in ("Explore", "Derivatives", "Integrals", "Sums", "Gradient"):
        assert f"## {title}" in text
    assert "had nothing to turn into code" in text
    derivatives = next(cell.source for cell in book.cells if "## Derivatives" in cell.source)
    assert "step by step" in derivatives  # its derivation steps are there
    assert not list(tmp_path.glob("*.partial"))


def test_a_failed_notebook_export_says_why_and_leaves_nothing(qtbot, tmp_path, monkeypatch):
    window, controller = make_window(qtbot, tmp_path)
    missing = tmp_path / "no" / "such" / "folder" / "session.ipynb"
    monkeypatch.setattr("workbench.ui.code_panel.QFileDialog.getSaveFileName",
                        lambda *args, **kwargs: (str(missing), ""))
    told = []
    monkeypatch.setattr("workbench.ui.code_panel.QMessageBox.warning",
                        lambda _parent, _title, message: told.append(message))
    assert controller.export_notebook() is None
    assert told and "session.ipynb" in told[0]
    assert not missing.exists()


@pytest.mark.slow
def test_the_exported_notebook_runs_top_to_bottom(qtbot, tmp_path):
    nbformat = pytest.importorskip("nbformat")
    window = _open_session(qtbot, tmp_path)
    path = write_notebook(window, tmp_path / "session.ipynb")
    outputs = execute_notebook(nbformat.read(str(path), as_version=4), tmp_path)
    series = window.tabs.lab("series").shown_results()["series"].value
    reported = dict(line.rsplit(" = ", 1) for line in outputs.splitlines() if " = " in line)
    assert math.isclose(float(reported["loop sum"]), series, rel_tol=1e-12)
    assert "midpoint sum (n = 8)" in reported


def test_a_late_answer_after_the_window_is_gone_reaches_no_deleted_dock(qtbot, tmp_path):
    # the client can outlive the window (a test's fixture, a shutdown under way); the Code
    # controller's connections to it go with the window
    from PySide6.QtCore import QCoreApplication, QEvent

    client = FakeEngineClient()
    window = MainWindow(client, Settings(tmp_path / "settings.ini"), job_factory=derive_job)
    CodeController(window).install()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    with qtbot.captureExceptions() as raised:
        client.result_ready.emit(1, "derivative", None)
        client.job_failed.emit(1, "derivative", None)
    assert not raised, raised
