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

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QComboBox, QGridLayout, QLabel, QLineEdit, QPushButton,
                               QSplitter, QTabWidget, QVBoxLayout, QWidget)

from workbench.engine.syntax import ParseError, parse_tree, symbols_of
from workbench.ui.derivation_panel import DerivationPanel
from workbench.ui.editor import ExpressionEditor
from workbench.ui.labs.backprop.player import FrameAnimation, number_text
from workbench.ui.labs.base import Animation, DerivationView, Lab
from workbench.ui.labs.probability.density import (PRESETS, Density, DensityError, read_bound,
                                                   vanishes_on_left)
from workbench.ui.labs.probability.views import DensityPlot, MonteCarloView
from workbench.ui.math_view import MathLabel

SAMPLES = 20_000


def _edit(name: str, accessible: str, text: str, parent: QWidget, width: int = 70) -> QLineEdit:
    edit = QLineEdit(text, parent)
    edit.setObjectName(f"probability_{name}")
    edit.setAccessibleName(accessible)
    edit.setFixedWidth(width)
    return edit


class ProbabilityLab(Lab):
    """P(a <= X <= b) as an area, E[g(X)], and a Monte Carlo view of both."""

    kind = "probability"
    title = "Probability"

    def __init__(self, client: Any, parent: QWidget | None = None) -> None:
        super().__init__(client, parent)
        self.density: Density | None = None
        self.seed = 1
        self._drawn_text = ""
        self._payloads: dict[str, Any] = {}
        self._build()
        self.set_preset("normal")
        self.recompute()

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        self.editor = ExpressionEditor(self)
        self.editor.setAccessibleName("Density")
        self.editor.findChild(QLabel, "expression_prompt").setText("pdf f(x) =")
        self.editor.expression_changed.connect(self._on_editor_expression_changed)
        self.editor.compute_requested.connect(lambda _text: self.recompute())
        self.preset = QComboBox(self)
        self.preset.setObjectName("probability_preset")
        self.preset.setAccessibleName("Density preset")
        for key, (title, _formula, _params) in PRESETS.items():
            self.preset.addItem(title, key)
        self.preset.currentIndexChanged.connect(
            lambda _i: (self.set_preset(str(self.preset.currentData())), self.recompute()))
        self.param_labels = [QLabel(self) for _ in range(2)]
        self.param_edits = [_edit(f"param{i}", f"Parameter {i + 1}", "", self) for i in range(2)]
        self.support_lo = _edit("support_lo", "Support from", "-oo", self)
        self.support_hi = _edit("support_hi", "Support to", "oo", self)
        self.a_edit = _edit("a", "Lower bound a", "-1", self)
        self.b_edit = _edit("b", "Upper bound b", "1", self)
        self.g_edit = _edit("g", "g(x) for the expectation", "x", self, 140)
        for edit in (*self.param_edits, self.support_lo, self.support_hi, self.a_edit,
                     self.b_edit, self.g_edit):
            edit.editingFinished.connect(self.recompute)
        self.problem = QLabel(self)
        self.problem.setObjectName("probability_problem")
        self.problem.setAccessibleName("Input problem")
        self.problem.setStyleSheet("color:#c62828;")
        self.problem.setWordWrap(True)
        self.area_view = DensityPlot(self)
        self.monte_carlo = MonteCarloView(self)
        self.resample_button = QPushButton("New samples", self)
        self.resample_button.setObjectName("probability_resample")
        self.resample_button.setAccessibleName("Draw a new set of samples")
        self.resample_button.clicked.connect(self._on_resample_clicked)
        self._build_results()
        self._layout()
        shortcut = QShortcut(QKeySequence(Qt.Key.Key_Space), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.monte_carlo.player.toggle)

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
        self.panel = DerivationPanel(self)
        self.panel.clear("Steps appear when the engine has the exact answer.")
        self.panel.heading_area.setVisible(False)
        self.panel.findChild(QLabel, "derivation_hint").setText(
            "Right-click a step, or press Ctrl+C, to copy its LaTeX.")  # the exact answers sit above it already

    def _layout(self) -> None:
        form = QGridLayout()
        form.addWidget(QLabel("density", self), 0, 0)
        form.addWidget(self.preset, 0, 1)
        for i in range(2):
            form.addWidget(self.param_labels[i], 0, 2 + 2 * i, Qt.AlignmentFlag.AlignRight)
            form.addWidget(self.param_edits[i], 0, 3 + 2 * i)
        form.addWidget(QLabel("support from", self), 0, 6, Qt.AlignmentFlag.AlignRight)
        form.addWidget(self.support_lo, 0, 7)
        form.addWidget(QLabel("to", self), 0, 8)
        form.addWidget(self.support_hi, 0, 9)
        form.addWidget(QLabel("P(a \u2264 X \u2264 b):  a", self), 1, 0, 1, 2,
                       Qt.AlignmentFlag.AlignRight)
        form.addWidget(self.a_edit, 1, 3)
        form.addWidget(QLabel("b", self), 1, 4, Qt.AlignmentFlag.AlignRight)
        form.addWidget(self.b_edit, 1, 5)
        form.addWidget(QLabel("E[g(X)] with g(x) =", self), 1, 6, 1, 1, Qt.AlignmentFlag.AlignRight)
        form.addWidget(self.g_edit, 1, 7, 1, 3)
        form.setColumnStretch(10, 1)
        tabs = QTabWidget(self)
        tabs.setObjectName("probability_views")
        tabs.setAccessibleName("Probability views")
        tabs.addTab(self.area_view, "Area under the density")
        mc = QWidget(self)
        mc_layout = QVBoxLayout(mc)
        mc_layout.addWidget(self.monte_carlo, 1)
        mc_layout.addWidget(self.resample_button, 0, Qt.AlignmentFlag.AlignLeft)
        tabs.addTab(mc, "Monte Carlo")
        self.tabs = tabs
        side = QWidget(self)
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        for widget in (self.numeric_label, self.exact_math, self.normalized_label,
                       self.expectation_math):
            column.addWidget(widget)
        column.addWidget(self.panel, 1)
        splitter = QSplitter(self)
        splitter.addWidget(tabs)
        splitter.addWidget(side)
        splitter.setSizes([800, 500])
        layout = QVBoxLayout(self)
        layout.addWidget(self.editor)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(splitter, 1)

    # ------------------------------------------------------------------ inputs
    def preset_key(self) -> str:
        """"normal", "exponential", "uniform" or "typed"."""
        return str(self.preset.currentData())

    def set_preset(self, key: str) -> None:
        """Show preset ``key``: its formula, parameter fields and support."""
        blocked = self.preset.blockSignals(True)
        self.preset.setCurrentIndex(max(0, self.preset.findData(key)))
        self.preset.blockSignals(blocked)
        _title, formula, params = PRESETS[key]
        for i in range(2):
            shown = i < len(params)
            self.param_labels[i].setVisible(shown)
            self.param_edits[i].setVisible(shown)
            if shown:
                self.param_labels[i].setText(params[i][1])
                self.param_edits[i].setText(f"{params[i][2]:g}")
        if formula:
            self._setting_text = True
            self.editor.set_text(formula)
            self._setting_text = False
        support = {"normal": ("-oo", "oo"), "exponential": ("0", "oo"),
                   "uniform": ("0", "1")}.get(key)
        if support:
            self.support_lo.setText(support[0])
            self.support_hi.setText(support[1])
        self.support_lo.setReadOnly(key != "typed")
        self.support_hi.setReadOnly(key != "typed")

    def _on_editor_expression_changed(self, text: str) -> None:
        if text == self._drawn_text:
            return  # a text set by the lab itself, already drawn
        if self.preset_key() != "typed" and text != PRESETS[self.preset_key()][1] \
                and not getattr(self, "_setting_text", False):
            self.set_preset_typed()
        self.recompute()

    def set_preset_typed(self) -> None:
        """Treat the formula as typed (the student edited a preset's formula)."""
        blocked = self.preset.blockSignals(True)
        self.preset.setCurrentIndex(self.preset.findData("typed"))
        self.preset.blockSignals(blocked)
        for i in range(2):
            self.param_labels[i].setVisible(False)
            self.param_edits[i].setVisible(False)
        self.support_lo.setReadOnly(False)
        self.support_hi.setReadOnly(False)

    def params(self) -> dict[str, float]:
        """The preset's parameter values (DensityError if one is not a number)."""
        out = {}
        for (name, label, _default), edit in zip(PRESETS[self.preset_key()][2], self.param_edits):
            try:
                out[name] = read_bound(edit.text())
            except DensityError as error:
                raise DensityError(f"{label}: {error}") from None
            if not math.isfinite(out[name]):
                raise DensityError(f"{label}: give a finite number")
        if self.preset_key() in ("normal",) and out["sigma"] <= 0:
            raise DensityError("\u03c3 must be above 0")
        if self.preset_key() == "exponential" and out["lamda"] <= 0:
            raise DensityError("\u03bb must be above 0")
        if self.preset_key() == "uniform" and not out["c"] < out["d"]:
            raise DensityError("The uniform density needs c < d")
        return out

    def _support(self, params: dict[str, float]) -> tuple[float, float]:
        if self.preset_key() == "uniform":
            self.support_lo.setText(f"{params['c']:g}")
            self.support_hi.setText(f"{params['d']:g}")
        try:
            lo, hi = read_bound(self.support_lo.text()), read_bound(self.support_hi.text())
        except DensityError as error:
            raise DensityError(f"Support: {error}") from None
        if self.preset_key() == "typed" and lo == -math.inf and hi == math.inf \
                and not vanishes_on_left(self.editor.tree(), params):
            lo = 0.0  # the engine's convention: a density that doesn't die away on the left
        return lo, hi

    def _checked(self) -> tuple[Density, float, float, Any] | None:
        """The density, a, b and g's tree; or None after saying what is wrong."""
        if self.editor.tree() is None:
            self.problem.setText("Fix the density first (see the message under it).")
            return None
        try:
            params = self.params()
            lo, hi = self._support(params)
            density = Density(self.editor.tree(), params, lo, hi)
            a, b = read_bound(self.a_edit.text()), read_bound(self.b_edit.text())
            if not a <= b:
                raise DensityError("a must not be above b")
            g = self._g_tree()
        except DensityError as error:
            self.problem.setText(str(error))
            return None
        return density, a, b, g

    def _g_tree(self) -> Any:
        try:
            tree = parse_tree(self.g_edit.text() or "x")
        except ParseError as error:
            raise DensityError(f"g(x): {error.message}") from None
        extra = symbols_of(tree) - {"x"}
        if extra:
            raise DensityError(f"g may only use x (it uses {', '.join(sorted(extra))})")
        return tree

    # ------------------------------------------------------------------ computing
    def recompute(self) -> None:
        """Draw the density and the area now; sample; ask the engine for the exact answers."""
        checked = self._checked()
        if checked is None:
            return
        density, a, b, g = checked
        self.problem.setText("")
        self.density, self._payloads = density, {}
        self._drawn_text = self.editor.text()
        self.area_view.show(density, a, b)
        numeric = density.area(a, b)
        ends = [_shown(edit.text()) for edit in (self.a_edit, self.b_edit)]
        self.numeric_label.setText(
            f"P({ends[0]} \u2264 X \u2264 {ends[1]}) \u2248 "
            f"{number_text(numeric, 6)}  (trapezoids on the plot grid)")
        self.exact_math.set_latex("")
        self.normalized_label.setText("Area under the whole density: "
                                      f"{number_text(density.total, 6)} (grid)")
        self.expectation_math.set_latex("")
        self.panel.clear("Working out the exact answer\u2026")
        self._sample(density, g)
        self._ask_engine(params=density.params)
        self.state_changed.emit()

    def _sample(self, density: Density, g: Any) -> None:
        from workbench.ui.sampling import evaluate_on  # noqa: PLC0415 - numpy only

        samples = density.sample(SAMPLES, self.seed)
        self.monte_carlo.set_samples(density, samples, evaluate_on(g, "x", samples,
                                                                   density.params))
        self.monte_carlo.set_target(density.expectation(g) / density.total)

    def _ask_engine(self, params: dict[str, float]) -> None:
        pdf = self.editor.text()
        support = (self.support_lo.text(), self.support_hi.text())
        # exact text ("1/2", not 0.5) so that the engine's answers stay exact
        exact = {name: _exact_text(edit.text()) for (name, _l, _d), edit
                 in zip(PRESETS[self.preset_key()][2], self.param_edits)}
        options: dict[str, Any] = {"params": exact} if params else {}
        if self.preset_key() != "typed" or support != ("-oo", "oo"):
            options["support"] = tuple(_exact_text(end) for end in support)
        self.call_engine("probability", "probability", pdf, "x", _exact_text(self.a_edit.text()),
                         _exact_text(self.b_edit.text()), **options)
        self.call_engine("expectation", "expectation", self.g_edit.text() or "x", pdf, "x",
                         **options)

    def on_result(self, purpose: str, payload: Any) -> None:
        """Show the exact probability / expectation and the steps."""
        self._payloads[purpose] = payload
        if purpose == "probability":
            self.exact_math.set_latex(payload["latex"])
            yes = payload["normalized"]
            self.normalized_label.setText(
                "The density is normalized: its total area is 1." if yes else
                f"Not a normalized density: its total area is {payload['total']}, not 1.")
            self.normalized_label.setStyleSheet("" if yes else "color:#c62828;")
        else:
            self.expectation_math.set_latex(payload["latex"])
            if math.isfinite(payload["value"]):
                self.monte_carlo.set_target(float(payload["value"]))
        later = self._payloads.get("expectation", {}).get("steps", [])
        if "probability" in self._payloads:  # both begin by finding the support: show it once
            later = [step for step in later if step.rule != "support"]
        steps = [*self._payloads.get("probability", {}).get("steps", []), *later]
        heading = self._payloads.get("probability", payload)["latex"]
        self.panel.set_result("", heading, steps)

    def on_failure(self, purpose: str, error: Any) -> None:
        """The grid numbers stay; say why the exact answer is missing."""
        self.panel.set_message(f"No exact {purpose}: {getattr(error, 'message', error)}")

    def _on_resample_clicked(self) -> None:
        self.seed += 1
        checked = self._checked()
        if checked is not None:
            self._sample(checked[0], checked[3])
            target = self._payloads.get("expectation", {}).get("value")
            if target is not None and math.isfinite(target):
                self.monte_carlo.set_target(float(target))

    # ------------------------------------------------------------------ hooks
    def state(self) -> dict[str, Any]:
        """Preset, pdf, parameters, support, a, b, g, seed and Monte Carlo frame."""
        params = {}
        for (name, _label, _d), edit in zip(PRESETS[self.preset_key()][2], self.param_edits):
            try:
                params[name] = float(edit.text())
            except ValueError:
                pass
        return {"preset": self.preset_key(), "pdf": self.editor.text(), "params": params,
                "support_lo": self.support_lo.text(), "support_hi": self.support_hi.text(),
                "a": self.a_edit.text(), "b": self.b_edit.text(), "g": self.g_edit.text(),
                "seed": self.seed, "frame": self.monte_carlo.player.frame()}

    def restore(self, state: dict[str, Any]) -> None:
        """Put every input back and recompute."""
        key = state.get("preset", "typed")
        self.set_preset(key)
        if key == "typed":
            self.set_preset_typed()
            self.editor.set_text(str(state["pdf"]))
        for (name, _label, _d), edit in zip(PRESETS[key][2], self.param_edits):
            if name in state.get("params", {}):
                edit.setText(f"{float(state['params'][name]):g}")
        if key == "typed":  # a preset brings its own support
            self.support_lo.setText(_text(state.get("support_lo", "-oo")))
            self.support_hi.setText(_text(state.get("support_hi", "oo")))
        self.a_edit.setText(_text(state.get("a", "-oo")))
        self.b_edit.setText(_text(state.get("b", "oo")))
        self.g_edit.setText(str(state.get("g") or "x"))
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
        return DerivationView("Probability", self._payloads["probability"]["latex"],
                              self.panel.steps())

    def animation(self) -> Animation | None:
        """The Monte Carlo histogram and running mean, as the sample grows."""
        if self.density is None:
            return None
        return FrameAnimation(self.monte_carlo.player, self._monte_carlo_figure, 80)

    def _monte_carlo_figure(self) -> QWidget:
        """The Monte Carlo view, brought to the front so that it is laid out and drawn."""
        self.tabs.setCurrentIndex(1)
        return self.monte_carlo

    def deactivate(self) -> None:
        """Pause when the tab is hidden."""
        self.monte_carlo.player.pause()


def _shown(text: str) -> str:
    """A bound as the student reads it: oo as the infinity sign."""
    return text.strip().replace("oo", "\u221e")


def _exact_text(text: str) -> str:
    """A decimal as an exact fraction ("0.25" -> "1/4"); anything else unchanged."""
    from fractions import Fraction  # noqa: PLC0415 - rarely needed

    try:
        value = Fraction(text.strip().replace("\u2212", "-"))
    except (ValueError, ZeroDivisionError):
        return text
    return str(value.numerator) if value.denominator == 1 else \
        f"{value.numerator}/{value.denominator}"


def _text(value: Any) -> str:
    """A bound from a lesson or session as text: 0.5 stays "0.5", 1.0 becomes "1"."""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
