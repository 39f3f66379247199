"""A stateful test of "every answer on screen answers the question on screen".

hypothesis drives the Explore view, the Integrals lab and the Backprop lab with random
sequences of valid and invalid edits, bound changes, answers arriving late, cancels,
time-outs and worker crashes (the fake client holds every job until a rule answers or
fails it). After every step each result-bearing widget must show either nothing, a
result marked as belonging to an earlier input, or a result whose request is exactly
the one the inputs on screen ask for.
"""

from __future__ import annotations

import os

import hypothesis.strategies as st
from hypothesis import HealthCheck, settings
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from tests.ui.fakes import FakeEngineClient, FakeJobError, derive_job
from workbench.protocol.results import DerivativeResult, IntegralResult
from workbench.ui.main_window import MainWindow
from workbench.ui.settings import Settings

VALID = ["x^2", "3x", "sin(x)", "x^3 - 3x", "x^2 sin(x)", "e^(-x^2)", "1/(1+x^2)", "x"]
INVALID = ["3x+", "sin(", "x^", "(x", "2**"]
BOUNDS = ["0", "1", "2", "-1", "pi/2", "", "a"]
FAILURES = ["cancelled", "timeout", "crashed", "error"]
# CI runs rounds of 8 sequences of up to 100 steps until 2,000 steps are checked
# (issue 15 asks for 2,000 in CI); a
# deeper hunt: WORKBENCH_STATE_EXAMPLES=200 WORKBENCH_STATE_STEPS=150.
STEPS = int(os.environ.get("WORKBENCH_STATE_STEPS", "100"))
EXAMPLES = int(os.environ.get("WORKBENCH_STATE_EXAMPLES", "8"))
#: The invariants must have been checked over at least this many steps in one run.
MIN_STEPS = int(os.environ.get("WORKBENCH_STATE_MIN_STEPS", "2000"))
MAX_ROUNDS = 12  # of EXAMPLES sequences each, to reach MIN_STEPS


def _panel_shows_current(panel) -> bool:
    return bool(panel.steps() or panel.heading.latex()) and not panel.is_stale()


class CurrencyMachine(RuleBasedStateMachine):
    """The window, a fake client that answers only when told to, and the labs under test."""

    qtbot = None  # set by the test function
    tmp_path = None
    steps_taken = 0  # every rule run, over all examples

    def __init__(self) -> None:
        super().__init__()
        self.client = FakeEngineClient(hold=True)
        self.window = MainWindow(self.client, Settings(self.tmp_path / "settings.ini"),
                                 job_factory=derive_job)
        self.qtbot.addWidget(self.window)
        self.client.start()
        self.integrals = self.window.open_lab("integrals")
        self.backprop = self.window.open_lab("backprop")
        self.window.tabs.setCurrentIndex(0)

    def teardown(self) -> None:
        self.window.close()
        self.window.deleteLater()

    # ------------------------------------------------------------------ rules
    @rule(text=st.sampled_from(VALID + INVALID), pause=st.booleans())
    def type_in_explore(self, text: str, pause: bool) -> None:
        self.window.editor.set_text(text)
        if pause:
            self.window.editor.compute_now()

    @rule(text=st.sampled_from(VALID + INVALID), pause=st.booleans())
    def type_in_integrals(self, text: str, pause: bool) -> None:
        self.integrals.editor.set_text(text)
        if pause:
            self.integrals.request_exact()

    @rule(which=st.sampled_from(["a", "b"]), text=st.sampled_from(BOUNDS), pause=st.booleans())
    def change_a_bound(self, which: str, text: str, pause: bool) -> None:
        field = self.integrals.a_field if which == "a" else self.integrals.b_field
        field.set_text(text)
        if pause:
            self.integrals.request_exact()

    @rule(text=st.sampled_from(["w x + b", "sigmoid(w x)", "(y - w x)^2", "w^2", "w +"]))
    def type_in_backprop(self, text: str) -> None:
        self.backprop.editor.set_text(text)
        self.backprop.compute()

    @precondition(lambda self: bool(self.client.pending))
    @rule(data=st.data())
    def answer_one(self, data) -> None:
        job_id, _job = data.draw(st.sampled_from(self.client.pending))
        self.client.release(job_id)

    @precondition(lambda self: bool(self.client.pending))
    @rule(data=st.data(), failure=st.sampled_from(FAILURES))
    def fail_one(self, data, failure: str) -> None:
        job_id, job = data.draw(st.sampled_from(self.client.pending))
        self.client.pending = [p for p in self.client.pending if p[0] != job_id]
        self.client.job_failed.emit(job_id, job.kind, FakeJobError(failure, f"{failure}."))

    @rule()
    def answer_all(self) -> None:
        self.client.release()

    @rule()
    def cancel_everything(self) -> None:
        self.window.cancel()

    @rule(index=st.integers(0, 2))
    def switch_tab(self, index: int) -> None:
        self.window.tabs.setCurrentIndex(index)

    # ------------------------------------------------------------------ invariants
    @invariant()
    def explore_shows_only_current_answers(self) -> None:
        CurrencyMachine.steps_taken += 1
        window = self.window
        current = window.current_request()
        assert window.shown_request() in (None, current)
        if _panel_shows_current(window.panel):
            assert window.shown_request() is not None and window.shown_request() == current
        df = window.canvas.tree("df")
        if df is not None:
            shown = window._shown  # the result the plot's f' came from
            assert isinstance(shown, DerivativeResult) and shown.answers(current)
            # f' is drawn only over the f it is the derivative of
            assert shown.trees["df"] == df and window._plotted_text == shown.text

    @invariant()
    def every_lab_shows_only_current_answers(self) -> None:
        for lab in (self.integrals, self.backprop):
            for purpose, result in lab.shown_results().items():
                assert result.answers(lab.current_request(purpose)), (lab.kind, purpose)

    @invariant()
    def the_integral_on_screen_is_the_one_answered(self) -> None:
        lab = self.integrals
        area = lab.shown_results().get("area")
        if lab.riemann.exact_from_engine:
            assert isinstance(area, IntegralResult)
            assert lab.riemann.exact == area.value
        if lab.area.exact.latex():
            assert isinstance(area, IntegralResult) and lab.area.exact.latex() == area.latex
        if lab.current_view() != "double" and _panel_shows_current(lab.panel):
            assert area is not None or not lab.panel.steps()


def test_every_answer_on_screen_answers_the_question_on_screen(qtbot, tmp_path):
    CurrencyMachine.qtbot = qtbot
    CurrencyMachine.tmp_path = tmp_path
    runner = CurrencyMachine.TestCase
    runner.settings = settings(max_examples=EXAMPLES, stateful_step_count=STEPS, deadline=None,
                               suppress_health_check=list(HealthCheck))
    CurrencyMachine.steps_taken = 0
    # hypothesis chooses each sequence's length (1,642 to 2,121 steps for 21 sequences of
    # up to 100 were seen): more rounds run until the steps asked for have been checked
    for _round in range(MAX_ROUNDS):
        runner("runTest").runTest()
        if CurrencyMachine.steps_taken >= MIN_STEPS:
            break
    # invariants run once before the first rule of each example, then after every rule
    print(f"state machine: {CurrencyMachine.steps_taken} steps checked")
    assert CurrencyMachine.steps_taken >= MIN_STEPS
