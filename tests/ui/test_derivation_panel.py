"""DerivationPanel: typeset steps with rule names, folding substeps, copy, selection."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QTextDocumentFragment

from workbench.protocol.steps import Step
from workbench.ui.derivation_panel import (DerivationPanel, StepView, rule_name, step_latex,
                                           step_title_html)
from workbench.ui.math_view import shared_renderer

PRODUCT = Step(
    rule="product", title="Differentiate a product: f'g + fg'",
    before=r"\frac{d}{dx}\left[x^{2} \sin{\left(x \right)}\right]",
    after=r"x^{2} \cos{\left(x \right)} + 2 x \sin{\left(x \right)}",
    substeps=[
        Step(rule="power", title="Power rule: bring the exponent down",
             before=r"\frac{d}{dx} x^{2}", after="2 x"),
        Step(rule="trig", title="The derivative of sine is cosine",
             before=r"\frac{d}{dx} \sin{\left(x \right)}", after=r"\cos{\left(x \right)}"),
    ])


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


@pytest.fixture
def panel(qtbot):
    shared_renderer().load()
    widget = DerivationPanel()
    qtbot.addWidget(widget)
    widget.resize(500, 600)
    widget.show()
    widget.set_result(r"x^{2} \sin{\left(x \right)}", PRODUCT.after, [PRODUCT])
    return widget


def test_every_step_is_a_row_with_rule_title_and_math(panel):
    items = panel.items()
    assert [item.data(0, Qt.ItemDataRole.UserRole) for item in items] == list(PRODUCT.walk())
    for item in items:
        view = panel.tree.itemWidget(item, 0)
        assert isinstance(view, StepView)
        shown = words(QTextDocumentFragment.fromHtml(view.title.text()).toPlainText())
        assert shown[-len(words(view.step.title)):] == words(view.step.title)
        assert shown[:len(words(rule_name(view.step.rule)))] == words(rule_name(view.step.rule))
        assert view.math.latex() == step_latex(view.step)
        assert view.math.is_typeset()
        assert item.sizeHint(0).height() >= view.math.pixmap().height()
    assert panel.heading.is_typeset()


def test_substeps_fold_open(panel):
    root = panel.tree.topLevelItem(0)
    assert root.childCount() == 2
    assert root.isExpanded()  # a single root step opens to show its reasons
    root.setExpanded(False)
    assert not panel.tree.visualItemRect(root.child(0)).isValid()
    root.setExpanded(True)
    assert panel.tree.visualItemRect(root.child(0)).isValid()


def test_selecting_a_step_emits_it_and_ctrl_c_copies_its_latex(qtbot, panel):
    child = panel.tree.topLevelItem(0).child(0)
    with qtbot.waitSignal(panel.step_selected) as blocker:
        panel.tree.setCurrentItem(child)
    assert blocker.args == [PRODUCT.substeps[0]]
    QGuiApplication.clipboard().clear()
    with qtbot.waitActive(panel):
        panel.activateWindow()
    panel.tree.setFocus()
    qtbot.keyClick(panel.tree, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == r"\frac{d}{dx} x^{2} = 2 x"


def test_rule_name_is_not_said_twice():
    step = Step(rule="product", title="Product rule: differentiate one factor at a time",
                before="a", after="b")
    text = step_title_html(step)
    assert text.count("Product rule") == 1 and "differentiate one factor" in text
    plain = Step(rule="chain", title="Outer derivative times inner derivative", before="a",
                 after="b")
    assert "Chain rule" in step_title_html(plain) and "Outer derivative" in step_title_html(plain)


def test_clear_shows_a_message(panel):
    panel.clear("Cancelled")
    assert panel.items() == [] and panel.status.text() == "Cancelled"
    assert panel.steps() == []


def test_context_menu_copies_the_step_under_the_mouse(qtbot, panel):
    child = panel.tree.topLevelItem(0).child(1)
    QGuiApplication.clipboard().clear()
    menu = panel.step_menu(panel.tree.visualItemRect(child).center())
    assert [action.text() for action in menu.actions()] == ["Copy step as LaTeX"]
    assert panel.selected_step() == PRODUCT.substeps[1]
    menu.actions()[0].trigger()
    assert QGuiApplication.clipboard().text() == step_latex(PRODUCT.substeps[1])


def test_steps_that_change_nothing_are_not_shown(panel):
    idle = Step(rule="simplify", title="Nothing left to simplify", before="2 x", after="2 x")
    panel.set_result("x^{2}", "2 x", [PRODUCT, idle])
    assert panel.steps() == [PRODUCT]


def test_a_rule_name_is_not_said_twice_but_words_are_never_cut():
    from workbench.ui.derivation_panel import step_title_html

    step = Step("product", "Product rule: differentiate", "", "")
    assert "differentiate" in step_title_html(step)
    assert step_title_html(Step("product", "Product rule: differentiate", "", "")).count(
        "Product rule") == 1
    assert "Faulhaber's formula" in step_title_html(
        Step("faulhaber", "Faulhaber's formula for the sum of k^2", "", ""))


def test_a_formula_in_a_sentence_is_typeset_and_the_rule_named_in_words(qapp):
    shared_renderer().load()
    step = Step(rule="ftc", title=r"Evaluate $\frac{x^{3}}{3}$ at both bounds", before="F",
                after="1")
    shown = step_title_html(step)
    assert "Fundamental theorem of calculus" in shown and "Ftc" not in shown
    assert "<img src='data:image/png;base64," in shown and "$" not in shown
    assert "Evaluate" in shown and "at both bounds" in shown


def test_a_step_too_wide_for_the_panel_shows_before_and_after_on_two_lines(qtbot):
    shared_renderer().load()
    wide = Step(rule="ftc", title="Evaluate at the bounds",
                before=r"\left[- x \cos{\left(x \right)} + \sin{\left(x \right)}\right]_{0}^{5}",
                after=r"- 5 \cos{\left(5 \right)} + \sin{\left(5 \right)} - \left(0\right)")
    view = StepView(wide)
    qtbot.addWidget(view)
    view.set_text_width(2000)
    assert view.formulas() == [view.math]
    view.set_text_width(200)
    before, after = view.formulas()
    assert before.latex() == wide.before and after.latex() == f"= {wide.after}"
    assert view.formula_width() < view.math.sizeHint().width()
    assert view.height_for(200) > before.sizeHint().height() + after.sizeHint().height()
