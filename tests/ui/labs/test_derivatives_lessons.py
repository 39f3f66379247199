"""Every bundled lesson's "try it" for the Derivatives lab works on a fresh lab."""

from __future__ import annotations

import math

import pytest

from tests.ui.labs.test_derivatives import make_lab, wait_for_derivative
from workbench.protocol.syntax import evaluate, parse_tree
from workbench.lessons import load_lessons

TRY_ITS = [action for lesson in load_lessons() for page in lesson.pages
           for action in page.actions if action.lab == "derivatives"]


def _number(value) -> float:
    return float(evaluate(parse_tree(value), {})) if isinstance(value, str) else float(value)


def test_the_lessons_have_derivative_try_its():
    assert len(TRY_ITS) >= 10




def test_every_try_it_shows_what_it_asks(qtbot):
    lab = make_lab(qtbot)
    for action in TRY_ITS:
        params = action.params
        lab.apply_try_it(params)
        wait_for_derivative(qtbot, lab)
        assert lab.model.text == params["function"], action.label
        assert lab.editor.error() is None, action.label
        if "point" in params:
            a = _number(params["point"])
            assert lab.model.a == pytest.approx(a), action.label
            x_min, x_max = lab.canvas.plot.getViewBox().viewRange()[0]
            assert x_min <= a <= x_max, action.label
            assert math.isfinite(lab.model.f_at(a)), action.label
        if "h" in params:
            assert lab.model.h == pytest.approx(params["h"]), action.label
            assert lab.side.currentWidget() in (lab.secant, lab.error), action.label
        if "scheme" in params:
            assert lab.model.scheme == params["scheme"], action.label
            assert lab.side.currentWidget() is lab.error, action.label
        # the secant is drawn unless h is far below what a plot can show
        assert lab.secant.line.getData()[0] is not None, action.label
