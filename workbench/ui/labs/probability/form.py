"""``DensityForm``: what the student gives the Probability lab, checked in place.

The pdf (a preset with its parameters, or typed), its support, the bounds a and b
and the function g whose expectation to show. ``read()`` turns them into a
``Density`` and numbers, or raises ``DensityError`` with a sentence for the student;
``engine_call()`` gives the same inputs as exact text for the engine.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from workbench.protocol.syntax import Node, ParseError, parse_tree, symbols_of
from workbench.ui.editor import ExpressionEditor
from workbench.ui.labs.probability.density import (PRESETS, Density, DensityError, read_bound,
                                                   vanishes_on_left)

SUPPORTS = {"normal": ("-oo", "oo"), "exponential": ("0", "oo"), "uniform": ("0", "1")}


def _edit(name: str, accessible: str, text: str, parent: QWidget, width: int = 70) -> QLineEdit:
    edit = QLineEdit(text, parent)
    edit.setObjectName(f"probability_{name}")
    edit.setAccessibleName(accessible)
    edit.setFixedWidth(width)
    return edit


def exact_text(text: str) -> str:
    """A decimal as an exact fraction ("0.25" -> "1/4"), so the engine's answers stay exact."""
    try:
        value = Fraction(text.strip().replace("\u2212", "-"))
    except (ValueError, ZeroDivisionError):
        return text
    return str(value.numerator) if value.denominator == 1 else \
        f"{value.numerator}/{value.denominator}"


def shown(text: str) -> str:
    """A bound as the student reads it: oo as the infinity sign."""
    return text.strip().replace("oo", "\u221e")


def as_text(value: Any) -> str:
    """A bound from a lesson or session as text: 0.5 stays "0.5", 1.0 becomes "1"."""
    return f"{value:g}" if isinstance(value, float) else str(value)


class DensityForm(QWidget):
    """The density, its support, a, b and g; ``changed`` when something was edited."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("probability_form")
        self.setAccessibleName("Density and bounds")
        self.drawn_text = ""  # the formula last drawn (set by the lab)
        self.editor = ExpressionEditor(self)
        self.editor.setAccessibleName("Density")
        self.editor.findChild(QLabel, "expression_prompt").setText("pdf f(x) =")
        self.editor.expression_changed.connect(self._on_editor_expression_changed)
        self.editor.compute_requested.connect(lambda _text: self.changed.emit())
        self.preset = QComboBox(self)
        self.preset.setObjectName("probability_preset")
        self.preset.setAccessibleName("Density preset")
        for key, (title, _formula, _params) in PRESETS.items():
            self.preset.addItem(title, key)
        self.preset.currentIndexChanged.connect(self._on_preset_current_index_changed)
        self.param_labels = [QLabel(self) for _ in range(2)]
        self.param_edits = [_edit(f"param{i}", f"Parameter {i + 1}", "", self) for i in range(2)]
        self.support_lo = _edit("support_lo", "Support from", "-oo", self)
        self.support_hi = _edit("support_hi", "Support to", "oo", self)
        self.a_edit = _edit("a", "Lower bound a", "-1", self)
        self.b_edit = _edit("b", "Upper bound b", "1", self)
        self.g_edit = _edit("g", "g(x) for the expectation", "x", self, 140)
        for edit in (*self.param_edits, self.support_lo, self.support_hi, self.a_edit,
                     self.b_edit, self.g_edit):
            edit.editingFinished.connect(self.changed)
        self.problem = QLabel(self)
        self.problem.setObjectName("probability_problem")
        self.problem.setAccessibleName("Input problem")
        self.problem.setStyleSheet("color:#c62828;")
        self.problem.setWordWrap(True)
        self._layout()

    def _layout(self) -> None:
        grid = QGridLayout()
        grid.addWidget(QLabel("density", self), 0, 0)
        grid.addWidget(self.preset, 0, 1)
        for i in range(2):
            grid.addWidget(self.param_labels[i], 0, 2 + 2 * i, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(self.param_edits[i], 0, 3 + 2 * i)
        grid.addWidget(QLabel("support from", self), 0, 6, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.support_lo, 0, 7)
        grid.addWidget(QLabel("to", self), 0, 8)
        grid.addWidget(self.support_hi, 0, 9)
        grid.addWidget(QLabel("P(a \u2264 X \u2264 b):  a", self), 1, 0, 1, 2,
                       Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.a_edit, 1, 3)
        grid.addWidget(QLabel("b", self), 1, 4, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.b_edit, 1, 5)
        grid.addWidget(QLabel("E[g(X)] with g(x) =", self), 1, 6, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.g_edit, 1, 7, 1, 3)
        grid.setColumnStretch(10, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.editor)
        layout.addLayout(grid)
        layout.addWidget(self.problem)

    # ------------------------------------------------------------------ presets
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
            visible = i < len(params)
            self.param_labels[i].setVisible(visible)
            self.param_edits[i].setVisible(visible)
            if visible:
                self.param_labels[i].setText(params[i][1])
                self.param_edits[i].setText(f"{params[i][2]:g}")
        if formula:
            self.editor.set_text(formula)
        if key in SUPPORTS:
            self.support_lo.setText(SUPPORTS[key][0])
            self.support_hi.setText(SUPPORTS[key][1])
        self.support_lo.setReadOnly(key != "typed")
        self.support_hi.setReadOnly(key != "typed")

    def _on_preset_current_index_changed(self, _index: int) -> None:
        self.set_preset(self.preset_key())
        self.changed.emit()

    def _on_editor_expression_changed(self, text: str) -> None:
        if text == self.drawn_text:
            return  # a text the lab set itself, already drawn
        if self.preset_key() != "typed" and text != PRESETS[self.preset_key()][1]:
            self.set_preset_typed()
        self.changed.emit()

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

    # ------------------------------------------------------------------ reading
    def params(self) -> dict[str, float]:
        """The preset's parameter values (DensityError if one is not a fitting number)."""
        out = {}
        for (name, label, _default), edit in zip(PRESETS[self.preset_key()][2], self.param_edits):
            try:
                out[name] = read_bound(edit.text())
            except DensityError as error:
                raise DensityError(f"{label}: {error}") from None
            if not math.isfinite(out[name]):
                raise DensityError(f"{label}: give a finite number")
        if self.preset_key() == "normal" and out["sigma"] <= 0:
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

    def g_tree(self) -> Node:
        """g as a plain tree of x (DensityError if it can't be read)."""
        try:
            tree = parse_tree(self.g_edit.text() or "x")
        except ParseError as error:
            raise DensityError(f"g(x): {error.message}") from None
        extra = symbols_of(tree) - {"x"}
        if extra:
            raise DensityError(f"g may only use x (it uses {', '.join(sorted(extra))})")
        return tree

    def read(self) -> tuple[Density, float, float, Node]:
        """The density, a, b and g; DensityError saying what is wrong."""
        if self.editor.tree() is None:
            raise DensityError("Fix the density first (see the message under it).")
        params = self.params()
        lo, hi = self._support(params)
        density = Density(self.editor.tree(), params, lo, hi)
        a, b = read_bound(self.a_edit.text()), read_bound(self.b_edit.text())
        if not a <= b:
            raise DensityError("a must not be above b")
        return density, a, b, self.g_tree()

    def engine_call(self) -> tuple[str, str, str, str, dict[str, Any]]:
        """(pdf, a, b, g, options) as the engine's ``probability``/``expectation`` take them."""
        values = {name: exact_text(edit.text()) for (name, _l, _d), edit
                  in zip(PRESETS[self.preset_key()][2], self.param_edits)}
        options: dict[str, Any] = {"params": values} if values else {}
        support = (self.support_lo.text(), self.support_hi.text())
        if self.preset_key() != "typed" or support != ("-oo", "oo"):
            options["support"] = tuple(exact_text(end) for end in support)
        return (self.editor.text(), exact_text(self.a_edit.text()),
                exact_text(self.b_edit.text()), self.g_edit.text() or "x", options)

    # ------------------------------------------------------------------ state
    def values(self) -> dict[str, Any]:
        """The inputs as the session keeps them."""
        params = {}
        for (name, _label, _d), edit in zip(PRESETS[self.preset_key()][2], self.param_edits):
            try:
                params[name] = float(edit.text())
            except ValueError:
                pass
        # half-typed formulas are not saved: the session keeps the last good ones
        pdf = self.editor.text() if self.editor.tree() is not None else \
            (self.drawn_text or PRESETS["normal"][1])
        try:
            g = self.g_edit.text() if self.g_tree() is not None else "x"
        except DensityError:
            g = "x"
        return {"preset": self.preset_key(), "pdf": pdf, "params": params,
                "support_lo": self.support_lo.text(), "support_hi": self.support_hi.text(),
                "a": self.a_edit.text(), "b": self.b_edit.text(), "g": g or "x"}

    def set_values(self, state: dict[str, Any]) -> None:
        """Put the inputs of ``state`` back (a preset brings its own formula and support)."""
        key = state.get("preset", "typed")
        self.set_preset(key)
        if key == "typed":
            self.set_preset_typed()
            self.editor.set_text(str(state["pdf"]))
            self.support_lo.setText(as_text(state.get("support_lo", "-oo")))
            self.support_hi.setText(as_text(state.get("support_hi", "oo")))
        for (name, _label, _d), edit in zip(PRESETS[key][2], self.param_edits):
            if name in state.get("params", {}):
                edit.setText(f"{float(state['params'][name]):g}")
        self.a_edit.setText(as_text(state.get("a", "-oo")))
        self.b_edit.setText(as_text(state.get("b", "oo")))
        self.g_edit.setText(str(state.get("g") or "x"))
