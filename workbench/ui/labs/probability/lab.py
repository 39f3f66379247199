"""``ProbabilityLab``: a density, the area between a and b, E[g(X)] and Monte Carlo.

The pdf (a preset with its parameters, or typed) is drawn at once with numpy and the
area between a and b shaded with its value on the grid; the engine adds the exact
P(a <= X <= b), whether the pdf is normalized, E[g(X)] and the steps. The Monte Carlo
tab draws samples by inverse-CDF on a grid and animates their histogram settling onto
the pdf and the running mean of g(X) settling onto the expectation.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QSplitter, QTabWidget, QVBoxLayout, QWidget

from workbench.protocol.jobs.calls import ExpectationJob, ProbabilityJob, frozen_options
from workbench.protocol.jobs.core import Job
from workbench.protocol.jobs.ml import DistributionJob, MomentsJob
from workbench.protocol.ml_results import DistributionResult, MomentsResult
from workbench.protocol.results import ExpectationResult, ProbabilityResult, Result
from workbench.protocol.syntax import Node
from workbench.ui.derivation_panel import DerivationPanel
from workbench.ui.labs.player import FrameAnimation, number_text
from workbench.ui.labs.base import Animation, DerivationView, Lab
from workbench.ui.labs.probability.density import Density, DensityError
from workbench.ui.labs.probability.form import DensityForm, shown
from workbench.ui.labs.probability.summary import SummaryView
from workbench.ui.labs.probability.views import DensityPlot, MonteCarloView
from workbench.ui.math_view import MathLabel
from workbench.ui.sampling import evaluate_on

SAMPLES = 20_000


class ProbabilityLab(Lab):
    """P(a <= X <= b) as an area, E[g(X)], and a Monte Carlo view of both."""

    kind = "probability"
    title = "Probability"

    def __init__(self, client: Any, parent: QWidget | None = None) -> None:
        super().__init__(client, parent)
        self.density: Density | None = None
        self.seed = 1
        self._payloads: dict[str, Any] = {}
        self._summary: dict[str, Any] = {}  # "moments", "distribution": their answers
        self._build()
        self.form.set_preset("normal")
        self.recompute()

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        self.form = DensityForm(self)
        self.form.changed.connect(self.recompute)
        # the inputs, by the names the rest of the application and the tests use
        form = self.form
        self.editor, self.problem, self.g_edit = form.editor, form.problem, form.g_edit
        self.editor.text_edited.connect(lambda _text: self.check_currency())
        self.a_edit, self.b_edit = form.a_edit, form.b_edit
        self.support_lo, self.support_hi = form.support_lo, form.support_hi
        self.preset_key = form.preset_key
        self.area_view = DensityPlot(self)
        self.monte_carlo = MonteCarloView(self)
        self.resample_button = QPushButton("New samples", self)
        self.resample_button.setObjectName("probability_resample")
        self.resample_button.setAccessibleName("Draw a new set of samples")
        self.resample_button.clicked.connect(self._on_resample_clicked)
        self._build_results()
        self._layout()
        # Space plays, Left / Right step the Monte Carlo animation, from its own tab or from
        # the density plot, and bring it forward first; the inputs keep their keys
        self.monte_carlo.player.add_shortcuts(self.area_view, self.monte_carlo,
                                              before=self._bring_monte_carlo_forward)

    def _build_results(self) -> None:
        self.numeric_label = QLabel(self)
        self.numeric_label.setObjectName("probability_numeric")
        self.numeric_label.setAccessibleName("Probability on the grid")
        self.numeric_label.setWordWrap(True)
        self.numeric_label.setStyleSheet("font-size:12pt;")
        self.exact_math = MathLabel("", 17.0, self, fit=True)
        self.exact_math.setObjectName("probability_exact")
        self.exact_math.setAccessibleName("Exact probability")
        self.normalized_label = QLabel(self)
        self.normalized_label.setObjectName("probability_normalized")
        self.normalized_label.setAccessibleName("Is the density normalized")
        self.expectation_math = MathLabel("", 17.0, self, fit=True)
        self.expectation_math.setObjectName("probability_expectation")
        self.expectation_math.setAccessibleName("Expected value")
        self.summary = SummaryView(self)
        self.summary.percentile_changed.connect(self._ask_distribution)
        self.panel = DerivationPanel(self)
        self.panel.clear("Steps appear when the engine has the exact answer.")
        self.panel.heading_area.setVisible(False)  # the exact answers sit above it already
        self.panel.findChild(QLabel, "derivation_hint").setText(
            "Right-click a step, or press Ctrl+C, to copy its LaTeX.")

    def _layout(self) -> None:
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("probability_views")
        self.tabs.setAccessibleName("Probability views")
        area = QSplitter(Qt.Orientation.Vertical, self)
        area.addWidget(self.area_view)
        area.addWidget(self.summary)  # the CDF with the median and the percentile
        area.setSizes([500, 300])
        self.tabs.addTab(area, "Density and CDF")
        mc = QWidget(self)
        mc_layout = QVBoxLayout(mc)
        mc_layout.addWidget(self.monte_carlo, 1)
        mc_layout.addWidget(self.resample_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.tabs.addTab(mc, "Monte Carlo")
        side = QWidget(self)
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        for widget in (self.numeric_label, self.exact_math, self.normalized_label,
                       self.expectation_math, self.summary.moments_math):
            column.addWidget(widget)
        column.addWidget(self.panel, 1)
        splitter = QSplitter(self)
        splitter.addWidget(self.tabs)
        splitter.addWidget(side)
        splitter.setSizes([800, 500])
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(splitter, 1)

    def _checked(self) -> tuple[Density, float, float, Node] | None:
        """The density, a, b and g's tree; or None after saying what is wrong."""
        try:
            return self.form.read()
        except DensityError as error:
            self.problem.setText(str(error))
            return None

    # ------------------------------------------------------------------ computing
    def recompute(self) -> None:
        """Draw the density and the area now; sample; ask the engine for the exact answers."""
        checked = self._checked()
        if checked is None:
            self.check_currency()  # an exact answer for the earlier inputs is not current
            return
        density, a, b, g = checked
        self.problem.setText("")
        self.density, self._payloads = density, {}
        self.form.drawn_text = self.editor.text()
        self.area_view.draw(density, a, b)
        numeric = density.area(a, b)
        ends = [shown(edit.text()) for edit in (self.a_edit, self.b_edit)]
        self.numeric_label.setText(
            f"P({ends[0]} \u2264 X \u2264 {ends[1]}) \u2248 "
            f"{number_text(numeric, 6)}  (trapezoids on the plot grid)")
        self.exact_math.set_latex("")
        self.normalized_label.setText("Area under the whole density: "
                                      f"{number_text(density.total, 6)} (grid)")
        self.expectation_math.set_latex("")
        self.panel.clear("Working out the exact answer\u2026")
        self._sample(density, g, (a, b))
        self._ask_engine()
        self.state_changed.emit()

    def _sample(self, density: Density, g: Node, bounds: tuple[float, float]) -> None:
        if density.cut_off():
            self.monte_carlo.set_unavailable(
                "No samples: this density has not died away 60 units out, so its area is "
                "infinite or lies too far out for the sampling grid. Give it a finite support.")
            return
        samples = density.sample(SAMPLES, self.seed)
        g_values = evaluate_on(g, "x", samples, density.params)
        self.monte_carlo.set_samples(density, samples, g_values, bounds)
        self.monte_carlo.set_target(density.expectation(g) / density.total)

    def _ask_engine(self) -> None:
        pdf, a, b, g, options = self.form.engine_call()
        frozen = frozen_options(options)
        self.submit("probability", ProbabilityJob(pdf, "x", a, b, frozen,
                                                  kind=self.job_kind("probability")))
        self.submit("expectation", ExpectationJob(g, pdf, "x", frozen,
                                                  kind=self.job_kind("expectation")))
        self.submit("moments", MomentsJob(pdf, "x", frozen))
        self._ask_distribution()

    def _ask_distribution(self) -> None:
        """The CDF, the median and the chosen percentile."""
        if self.editor.tree() is None:
            return
        pdf, _a, _b, _g, options = self.form.engine_call()
        self.submit("distribution", DistributionJob(pdf, "x", frozen_options(options),
                                                    self.summary.levels()))
        self.check_currency()

    def current_request(self, purpose: str) -> Job | None:
        """The job last sent, while the density, bounds and g on screen are those it asked."""
        asked = self._asked.get(purpose)
        if asked is None or self.editor.tree() is None:
            return None
        pdf, a, b, g, options = self.form.engine_call()
        same = asked.options == frozen_options(options) and asked.pdf == pdf
        if isinstance(asked, ProbabilityJob):
            same = same and (asked.a, asked.b) == (a, b)
        elif isinstance(asked, ExpectationJob):
            same = same and asked.g == g
        elif isinstance(asked, DistributionJob):
            same = same and asked.quantiles == self.summary.levels()
        return asked if same else None

    def on_stale(self, purpose: str, result: Result) -> None:
        """An exact answer for other inputs: off the panel (the grid numbers stay)."""
        if purpose in ("moments", "distribution"):
            self._summary.pop(purpose, None)
            if purpose == "moments":
                self.summary.moments_math.set_latex("")
            else:
                self.summary.clear_distribution("")
            return
        self._payloads.pop(purpose, None)
        if purpose == "probability":
            self.exact_math.set_latex("")
            self.normalized_label.setText("")
        else:
            self.expectation_math.set_latex("")
        self.panel.mark_stale(getattr(result.request, "pdf", ""))

    def on_result(self, purpose: str, result: Any) -> None:
        """Show the exact probability / expectation (moments, CDF) and the steps."""
        if isinstance(result, DistributionResult):
            self._summary[purpose] = result
            self.summary.show_distribution(result, self.density.view_range()
                                           if self.density else (-5.0, 5.0))
            return
        if isinstance(result, MomentsResult):
            self._summary[purpose] = result
            self.summary.show_moments(result)
        else:
            self._payloads[purpose] = result
        if isinstance(result, ProbabilityResult):
            self.exact_math.set_latex(result.latex)
            self._say_normalization()
        elif isinstance(result, ExpectationResult):
            self.expectation_math.set_latex(result.latex)
            self._say_normalization()
        self._engine_target()
        prob, mean = self._payloads.get("probability"), self._payloads.get("expectation")
        later = list(mean.steps) if mean is not None else []
        if prob is not None:  # both begin by finding the support: show it once
            later = [step for step in later if step.rule != "support"]
        moments = self._summary.get("moments")
        seen = {step.rule for step in later} | {step.rule for step in
                                                (prob.steps if prob is not None else ())}
        # the moments repeat the support and E[X]: only their new steps (E[X²], Var, σ)
        later += [step for step in (moments.steps if moments is not None else ())
                  if step.rule not in seen]
        steps = [*(prob.steps if prob is not None else ()), *later]
        heading = (prob or result).latex
        self.panel.set_result("", heading, steps)

    def _say_normalization(self) -> None:
        """Whether the density has area 1; if not, the answers scaled to area 1 beside it,
        which are what the Monte Carlo view estimates (it samples the scaled density)."""
        prob, mean = self._payloads.get("probability"), self._payloads.get("expectation")
        if prob is None:
            return
        self.normalized_label.setStyleSheet("" if prob.normalized else "color:#c62828;")
        if prob.normalized:
            self.normalized_label.setText("The density is normalized: its total area is 1.")
            return
        total = prob.total.replace("oo", "\u221e")
        text = f"Not a normalized density: its total area is {total}, not 1."
        scale = prob.total_value
        if math.isfinite(scale) and scale > 0:
            text += (f" Scaled to area 1 (divided by {number_text(scale, 6)}), as the Monte "
                     f"Carlo view samples it: P = {number_text(_scaled(prob, scale), 6)}")
            if mean is not None and math.isfinite(mean.value):
                text += f", E[g(X)] = {number_text(_scaled(mean, scale), 6)}"
            text += "."
        self.normalized_label.setText(text)

    def _engine_target(self) -> None:
        """The engine's E[g(X)] for the running mean: of the density scaled to area 1,
        which is what the samples estimate."""
        prob, mean = self._payloads.get("probability"), self._payloads.get("expectation")
        if prob is None or mean is None or not math.isfinite(mean.value):
            return
        scale = 1.0 if prob.normalized else prob.total_value
        if math.isfinite(scale) and scale > 0:
            self.monte_carlo.set_target(_scaled(mean, scale))

    def on_failure(self, purpose: str, error: Any) -> None:
        """The grid numbers stay; say why the exact answer is missing."""
        if purpose in ("moments", "distribution"):
            message = f"No {purpose}: {getattr(error, 'message', error)}"
            if purpose == "distribution":
                self.summary.clear_distribution(message)
            else:
                self.summary.moments_math.set_latex("")
                self.status_message.emit(message)
            return
        self.panel.set_message(f"No exact {purpose}: {getattr(error, 'message', error)}")

    def _bring_monte_carlo_forward(self) -> None:
        """Show the Monte Carlo tab (its player's keys work from the density plot too)."""
        self.tabs.setCurrentIndex(1)

    def _on_resample_clicked(self) -> None:
        self.seed += 1
        checked = self._checked()
        if checked is not None:
            density, a, b, g = checked
            self._sample(density, g, (a, b))
            self._engine_target()

    # ------------------------------------------------------------------ hooks
    def state(self) -> dict[str, Any]:
        """Preset, pdf, parameters, support, a, b, g, seed and Monte Carlo frame."""
        return {**self.form.values(), "seed": self.seed,
                "frame": self.monte_carlo.player.frame()}

    def restore(self, state: dict[str, Any]) -> None:
        """Put every input back and recompute."""
        self.form.set_values(state)
        self.seed = int(state.get("seed", 1))
        self.recompute()
        if "frame" in state:
            self.monte_carlo.player.set_frame(int(state["frame"]))

    def apply_try_it(self, params: dict[str, Any]) -> None:
        """A lesson's try-it: ``pdf``, ``a``, ``b``, ``g``, ``support`` (typed density)."""
        support = params.get("support") or ["-oo", "oo"]
        self.restore({"preset": "typed", "pdf": params["pdf"], "a": params.get("a", "-oo"),
                      "b": params.get("b", "oo"), "g": params.get("g", "x"),
                      "support_lo": support[0], "support_hi": support[1]})
        self.tabs.setCurrentIndex(0)

    def figures(self) -> list[tuple[str, QWidget]]:
        """The density plot and the two Monte Carlo plots."""
        return [("density", self.area_view.plot),
                ("monte carlo histogram", self.monte_carlo.hist_plot),
                ("running mean", self.monte_carlo.mean_plot)]

    def derivation(self) -> DerivationView | None:
        """The probability and expectation steps."""
        if "probability" not in self._payloads:
            return None
        return DerivationView("Probability", self._payloads["probability"].latex,
                              self.panel.steps())

    def code_script(self) -> tuple[str, str] | None:
        """The script of what the lab shows, for the Code view (see ``ui.code_scripts``)."""
        from workbench.ui.code_scripts import probability_code

        return probability_code(self)

    def animation(self) -> Animation | None:
        """The Monte Carlo histogram and running mean, as the sample grows."""
        if self.density is None:
            return None
        return FrameAnimation(self.monte_carlo.player, self._monte_carlo_figure, 80)

    def _monte_carlo_figure(self) -> QWidget:
        """The Monte Carlo view, brought to the front so that it is laid out and drawn."""
        self._bring_monte_carlo_forward()
        return self.monte_carlo

    def deactivate(self) -> None:
        """Pause when the tab is hidden."""
        self.monte_carlo.player.pause()


def _scaled(result: ProbabilityResult | ExpectationResult, total: float) -> float:
    """The answer for the density divided by its area: the engine's, else value / total."""
    if math.isfinite(result.normalized_value):
        return float(result.normalized_value)
    return float(result.value) / total
