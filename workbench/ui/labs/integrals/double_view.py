"""The Double integrals view: the integrand as a heat map over the region, the region's
boundary, the exact and numeric values from the worker, and swapping the order.

The heat map is drawn here with numpy as the fields are edited; Compute and Swap send
jobs through the lab (the engine does the symbolic work in the worker).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Signal
from PySide6.QtWidgets import (
    QComboBox, QGridLayout, QPushButton, QVBoxLayout, QWidget)

from workbench.protocol.results import DoubleIntegralResult, SwapResult
from workbench.ui.labs.integrals.controls import NOTE_STYLE, CheckedField, make_label
from workbench.ui.labs.integrals.numerics import InputProblem, read_bound
from workbench.ui.labs.integrals.plots import fmt, make_plot
from workbench.ui.labs.integrals.region import (
    RegionGrid, read_inner_bound, read_integrand, region_grid)
from workbench.ui.math_view import MathLabel

DEFAULT_SETUP = {"double_function": "x y", "double_inner": "y", "double_inner_low": "0",
                 "double_inner_high": "x^2", "double_outer_low": "0", "double_outer_high": "1"}
ORDERS = (("y", "dy dx: y inside, x outside"), ("x", "dx dy: x inside, y outside"))


class DoubleView(QWidget):
    """Fields of ∫∫ f over a region, its heat map and boundary, Compute and Swap."""

    compute_requested = Signal()
    swap_requested = Signal()
    setup_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("integrals_double")
        self.setAccessibleName("Double integrals")
        self.grid: RegionGrid | None = None
        self._loading = False
        self._build()
        self.set_setup(DEFAULT_SETUP)

    def _build(self) -> None:
        form = self._build_form()
        for field in self.fields():
            field.value_changed.connect(self._on_field_changed)
        self.order_box.currentIndexChanged.connect(self._on_order_changed)
        self._build_plot()
        self.formula = MathLabel("", 18.0, self, fit=True)
        self.formula.setObjectName("double_formula")
        self.formula.setAccessibleName("The double integral")
        self.numbers = make_label(self, "double_numbers", "Exact and numeric values", rich=True)
        self.numbers.setText("Press Compute for the exact value and its steps.")
        self.note = make_label(self, "double_note", "Notes on the region", style=NOTE_STYLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.plot, 1)
        for widget in (self.formula, self.numbers, self.note):
            layout.addWidget(widget)

    def _button(self, text: str, name: str, accessible: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAccessibleName(accessible)
        return button

    def _build_form(self) -> QGridLayout:
        self.function = CheckedField("f(x, y) =", "double_function", "Integrand",
                                     read_integrand, width=160)
        self.order_box = QComboBox(self)
        self.order_box.setObjectName("double_order")
        self.order_box.setAccessibleName("Order of integration")
        for var, text in ORDERS:
            self.order_box.addItem(text, var)
        self.inner_low = CheckedField("inner from", "double_inner_low", "Inner lower bound",
                                      lambda t: read_inner_bound(t, self.outer_var()))
        self.inner_high = CheckedField("to", "double_inner_high", "Inner upper bound",
                                       lambda t: read_inner_bound(t, self.outer_var()))
        self.outer_low = CheckedField("outer from", "double_outer_low", "Outer lower bound",
                                      lambda t: read_bound(t, "the outer lower bound"))
        self.outer_high = CheckedField("to", "double_outer_high", "Outer upper bound",
                                       lambda t: read_bound(t, "the outer upper bound"))
        self.compute_button = self._button("Compute", "double_compute",
                                           "Compute the double integral")
        self.compute_button.clicked.connect(self.compute_requested)
        self.swap_button = self._button("Swap order", "double_swap",
                                        "Swap the order of integration")
        self.swap_button.clicked.connect(self.swap_requested)
        form = QGridLayout()
        places = ((self.order_box, 0, 2), (self.inner_low, 1, 0), (self.inner_high, 1, 1),
                  (self.compute_button, 1, 2), (self.outer_low, 2, 0), (self.outer_high, 2, 1),
                  (self.swap_button, 2, 2))
        form.addWidget(self.function, 0, 0, 1, 2)
        for widget, row, column in places:
            form.addWidget(widget, row, column)
        return form

    def _build_plot(self) -> None:
        self.plot = make_plot("double_plot", "The integrand over the region", "y", grid=True)
        self.plot.setAspectLocked(False)
        self.image = pg.ImageItem()
        self.image.setColorMap(pg.colormap.get("viridis"))
        self.plot.addItem(self.image)
        self.boundary = pg.PlotDataItem(pen=pg.mkPen("#d50000", width=2.5), antialias=True)
        self.plot.addItem(self.boundary)
        self.colour_bar = pg.ColorBarItem(values=(0, 1), colorMap=pg.colormap.get("viridis"),
                                          interactive=False, label="f(x, y)")
        self.colour_bar.setImageItem(self.image, insert_in=self.plot.getPlotItem())

    # ---------------------------------------------------------------- public API
    def fields(self) -> list[CheckedField]:
        """The five input fields."""
        return [self.function, self.inner_low, self.inner_high, self.outer_low, self.outer_high]

    def inner_var(self) -> str:
        """The variable integrated first ("y" or "x")."""
        return self.order_box.currentData()

    def outer_var(self) -> str:
        """The variable integrated last."""
        return "x" if self.inner_var() == "y" else "y"

    def setup(self) -> dict[str, str]:
        """The fields as the session keeps them."""
        setup = {field.edit.objectName(): field.saved_text() for field in self.fields()}
        return {**setup, "double_inner": self.inner_var()}

    def set_setup(self, setup: dict[str, Any]) -> None:
        """Fill the fields (missing keys keep their defaults) and redraw once."""
        full = {**DEFAULT_SETUP, **{k: v for k, v in setup.items() if k in DEFAULT_SETUP}}
        self._loading = True
        self.order_box.setCurrentIndex(0 if full["double_inner"] == "y" else 1)
        for field in self.fields():
            field.set_text(str(full[field.edit.objectName()]))
        self._loading = False
        self.redraw()

    def job_ranges(self, quiet: bool = False
                   ) -> tuple[tuple[str, str, str], tuple[str, str, str]] | None:
        """(inner, outer) ranges for an engine job, or None while a field has a problem
        (each such field is marked, unless ``quiet``)."""
        if any(field.value() is None for field in self.fields()):
            for field in self.fields() if not quiet else ():
                field.recheck()
            return None
        inner = (self.inner_var(), self.inner_low.text().strip(), self.inner_high.text().strip())
        outer = (self.outer_var(), self.outer_low.text().strip(), self.outer_high.text().strip())
        return inner, outer

    def show_result(self, result: DoubleIntegralResult) -> None:
        """The engine's answer: the formula typeset, exact and numeric values, its note."""
        self.formula.set_latex(result.latex)
        value, error = result.value, result.error
        exact = "Exact value above; numerically" if result.exact_latex else \
            "No exact value found; numerically"
        self.numbers.setText(f"{exact} <b>{fmt(value, 10)}</b> <span style='color:#666'>"
                             f"(two-dimensional quadrature, error estimate {fmt(error, 2)})"
                             "</span>")
        self.note.setText(result.note)

    def clear_result(self) -> None:
        """Take the answer off: it was for other fields than those on screen."""
        self.formula.set_latex("")
        self.note.setText("")
        self.numbers.setText("Press Compute for the exact value and its steps.")

    def show_message(self, text: str) -> None:
        """A line of status in place of the values (working, failed, cancelled)."""
        self.numbers.setText(text)

    def redraw(self) -> None:
        """Draw the heat map and boundary for the fields as they are (if all are valid)."""
        if self._loading:
            return
        try:
            f = read_integrand(self.function.text())
            lo = read_inner_bound(self.inner_low.text(), self.outer_var())
            hi = read_inner_bound(self.inner_high.text(), self.outer_var())
            a = read_bound(self.outer_low.text(), "the outer lower bound")
            b = read_bound(self.outer_high.text(), "the outer upper bound")
            if a == b:
                raise InputProblem("The outer bounds are equal: the region has no width.")
            self.grid = region_grid(f, self.inner_var(), lo, hi, a, b)
        except InputProblem as problem:
            self.grid = None
            self.note.setText(problem.message)
            return
        self._draw_grid(self.grid, a > b)

    def _draw_grid(self, grid: RegionGrid, reversed_outer: bool) -> None:
        finite = grid.values[np.isfinite(grid.values)]
        lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
        if hi - lo < 1e-12:
            lo, hi = lo - 0.5, hi + 0.5
        self.image.setImage(grid.values, levels=(lo, hi))
        self.image.setRect(QRectF(*grid.rect))
        self.colour_bar.setLevels((lo, hi))
        self.boundary.setData(*grid.boundary)
        self.plot.getPlotItem().setLabel("left", "y")
        self.plot.autoRange(padding=0.08)
        notes = []
        if reversed_outer:
            notes.append("The outer lower bound is above the upper one: the integral is the "
                         "negative of the one with the bounds swapped.")
        if grid.crossed:
            notes.append("The inner lower bound rises above the upper one somewhere: that "
                         "part of the region counts negatively.")
        self.note.setText(" ".join(notes))

    def _on_field_changed(self, _value: object) -> None:
        if not self._loading:
            self.formula.set_latex("")
            self.numbers.setText("Press Compute for the exact value and its steps.")
            self.redraw()
            self.setup_changed.emit()

    def _on_order_changed(self, _index: int) -> None:
        for field in (self.inner_low, self.inner_high):
            field.recheck()  # their allowed variable changed
        self._on_field_changed(None)


def swapped_setup(result: SwapResult, function: str) -> dict[str, str]:
    """The fields after a swap, from the swap job's result."""
    (inner, ilo, ihi), (_outer, olo, ohi) = result.inner, result.outer
    return {"double_function": function, "double_inner": inner, "double_inner_low": ilo,
            "double_inner_high": ihi, "double_outer_low": olo, "double_outer_high": ohi}

