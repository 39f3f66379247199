"""``DerivationPanel``: the derivation, one typeset step per row, with its rule and sentence.

Each row shows the rule's name, the step's sentence and the step as math
(before = after). Steps that are justified by smaller steps fold open. A step's
LaTeX can be copied (context menu, or Ctrl+C on the selected step), and selecting
a step emits ``step_selected(step)`` so other views can draw what it is about.
"""

from __future__ import annotations

import html
import math

from PySide6.QtCore import QPoint, QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (QFrame, QHeaderView, QLabel, QMenu, QScrollArea, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)

from workbench.protocol.steps import Step
from workbench.protocol.syntax import Node
from workbench.protocol.wording import rule_name
from workbench.ui.math_view import MathLabel, sentence_html, shared_renderer

STEP_ROLE = Qt.ItemDataRole.UserRole
# How far a split step's half, or the heading, may shrink before it scrolls sideways
HALF_MIN_SCALE = 0.8
HEADING_MIN_SCALE = 0.7


def step_guides(step: Step) -> list[tuple[str, Node]]:
    """What a step is worth drawing: its function, its result, and its named parts."""
    guides: list[tuple[str, Node]] = []
    if step.subject is not None:
        guides.append(("step: function", step.subject))
    if step.result is not None:
        guides.append(("step: result", step.result))
    return guides + list(step.focus)


def step_latex(step: Step) -> str:
    """The step as one LaTeX line: ``before = after``."""
    return f"{step.before} = {step.after}" if step.after else step.before


def step_title_html(step: Step) -> str:
    """The rule's name in bold, then the step's sentence (without saying the name twice),
    its inline formulas typeset."""
    name, title = rule_name(step.rule), step.title
    rest = title[len(name):]
    # "Product rule: ..." loses its repeated name; "Faulhaber's formula ..." keeps its words
    if title.lower().startswith(name.lower()) and (not rest or rest[0] in " :\u2014-"):
        name, title = title[:len(name)], rest.lstrip(" :\u2014-")
    sentence = sentence_html(title, 14.0, "#333333")
    return (f"<span style='color:#0d47a1; font-weight:600;'>"
            f"{html.escape(name, quote=False)}</span>"
            f"&nbsp;&nbsp;<span style='color:#333333;'>{sentence}</span>")


class StepView(QFrame):
    """One step: its rule's name and sentence (one wrapped line of text), then its math."""

    MARGINS = (4, 5, 4, 7)
    SPACING = 4

    def __init__(self, step: Step, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.step = step
        self.setObjectName("step_view")
        self.setAccessibleName(f"{rule_name(step.rule)}: {step.title}")
        self.title = QLabel(self)
        self.title.setObjectName("step_title")
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setText(step_title_html(step))
        if shared_renderer().is_deferred():  # its formulas are words until ziamath is in
            shared_renderer().loaded.connect(self._typeset_title)
        self.title.setWordWrap(True)
        self.title.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.math = self._formula(step_latex(step), "step_math", "Step formula")
        # a step too wide for the panel shows "before" and "= after" on two lines
        self.halves = (self._formula(step.before, "step_before", "Step formula, before", True),
                       self._formula(f"= {step.after}" if step.after else "", "step_after",
                                     "Step formula, after", True))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*self.MARGINS)
        layout.setSpacing(self.SPACING)
        layout.addWidget(self.title, 0, Qt.AlignmentFlag.AlignLeft)
        for formula in (self.math, *self.halves):
            layout.addWidget(formula, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self._text_width = 240
        self._split = False
        for half in self.halves:
            half.setVisible(False)

    def _formula(self, latex: str, name: str, accessible: str, fit: bool = False) -> MathLabel:
        label = MathLabel(latex, 17.0, self, fit=fit)
        label.MIN_SCALE = HALF_MIN_SCALE  # a half still too wide shrinks a little first
        label.setObjectName(name)
        label.setAccessibleName(accessible)
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return label

    def formulas(self) -> list[MathLabel]:
        """The formula labels on show (the whole step, or its two halves)."""
        return list(self.halves) if self._split else [self.math]

    def formula_width(self) -> int:
        """The width the formulas on show need (the halves may shrink to fit)."""
        if self._split:
            return max(math.ceil(half.sizeHint().width() * HALF_MIN_SCALE)
                       for half in self.halves)
        return self.math.sizeHint().width()

    def _typeset_title(self) -> None:
        self.title.setText(step_title_html(self.step))
        self.set_text_width(self._text_width)

    def set_text_width(self, width: int) -> None:
        """Wrap the sentence at ``width`` pixels (the visible width of the panel), and
        split a formula wider than that into "before" and "= after"."""
        self._text_width = max(width, 80)
        self.title.setFixedWidth(self._text_width)
        self.title.setFixedHeight(self.title.heightForWidth(self._text_width))
        split = bool(self.step.after) and self.math.sizeHint().width() > self._text_width
        if split != self._split:
            self._split = split
            self.math.setVisible(not split)
            for half in self.halves:
                half.setVisible(split)

    def height_for(self, _width: int) -> int:
        """The height this step needs (its sentence wrapped at the width it was given)."""
        _left, top, _right, bottom = self.MARGINS
        title = self.title.heightForWidth(self._text_width)
        math = sum(label.sizeHint().height() + self.SPACING for label in self.formulas())
        return top + title + self.SPACING + math - self.SPACING + bottom


def stale_text(earlier: str, why: str = "edit in progress") -> str:
    """The one sentence every lab shows over an answer to an earlier input."""
    shown = earlier if len(earlier) <= 40 else earlier[:39] + "\u2026"
    return f"For {shown} \u2014 {why}"


def stale_banner(parent: QWidget) -> QLabel:
    """The banner that marks a result as belonging to an earlier input (hidden at first)."""
    banner = QLabel(parent)
    banner.setObjectName("stale_banner")
    banner.setAccessibleName("Earlier answer")
    banner.setWordWrap(True)
    banner.setStyleSheet("background:#fff4e5; color:#8a4b00; border:1px solid #f0c080;"
                         " border-radius:3px; padding:2px 6px;")
    banner.setVisible(False)
    return banner


class _Heading(MathLabel):
    """The result above the steps: shrinks to ``HEADING_MIN_SCALE`` to fit, and past that
    keeps its width so that its scroll area scrolls sideways (a long derivative is never
    cut off)."""

    MIN_SCALE = HEADING_MIN_SCALE

    def __init__(self, parent: QWidget) -> None:
        super().__init__("", 20.0, parent, fit=True)

    def set_latex(self, latex: str) -> None:
        """Show ``latex``, never narrower than its smallest readable size."""
        super().set_latex(latex)
        self.keep_readable()

    def keep_readable(self) -> None:
        """Set the minimum width from the formula on show (after typesetting loads too)."""
        natural = self.formula_size().width()
        self.setMinimumWidth(math.ceil(natural * self.MIN_SCALE) if natural else 0)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """A formula set while hidden is typeset now: its width is known only now."""
        super().showEvent(event)
        self.keep_readable()


class DerivationPanel(QWidget):
    """The derivation of the current function: a heading and a foldable list of steps."""

    step_selected = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("derivation_panel")
        self.setAccessibleName("Derivation steps")
        self._steps: list[Step] = []
        self._stale_for: str | None = None
        self._build_heading()
        self.status = QLabel("Type a function to see its derivative step by step.", self)
        self.status.setObjectName("derivation_status")
        self.status.setAccessibleName("Derivation status")
        self.status.setWordWrap(True)
        self.status.setStyleSheet("color:#555555;")
        self.stale_banner = stale_banner(self)
        self._build_tree()
        hint = QLabel("Click a step to draw its pieces on the plot; \u25b8 shows its reasons. "
                      "Right-click a step, or press Ctrl+C, to copy its LaTeX.", self)
        hint.setObjectName("derivation_hint")
        hint.setWordWrap(True)
        hint.setStyleSheet("color:#666666; font-size:small;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.addWidget(QLabel("<b>Derivation</b>", self))
        layout.addWidget(self.stale_banner)
        layout.addWidget(self.heading_area)
        layout.addWidget(self.status)
        layout.addWidget(self.tree, 1)
        layout.addWidget(hint)
        shared_renderer().loaded.connect(self._update_size_hints)

    def _build_heading(self) -> None:
        self.heading = _Heading(self)
        self.heading.setObjectName("derivation_heading")
        self.heading.setAccessibleName("Derivative")
        # A long derivative shrinks a little, then scrolls sideways at a readable size
        # instead of being cut off.
        self.heading_area = QScrollArea(self)
        self.heading_area.setObjectName("derivation_heading_area")
        self.heading_area.setWidget(self.heading)
        self.heading_area.setWidgetResizable(True)
        self.heading_area.setFrameShape(QFrame.Shape.NoFrame)
        self.heading_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def _build_tree(self) -> None:
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("derivation_steps")
        self.tree.setAccessibleName("Steps of the derivation")
        self.tree.setHeaderHidden(True)
        self.tree.setColumnCount(1)
        self.tree.setIndentation(16)
        # The column grows with its widest formula, so wide steps scroll sideways.
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._on_tree_context_menu)
        self.tree.currentItemChanged.connect(self._on_tree_current_changed)
        self.tree.itemExpanded.connect(lambda _item: self._update_size_hints())
        copy = QShortcut(QKeySequence.StandardKey.Copy, self.tree)
        copy.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        copy.activated.connect(self.copy_selected)

    # ---------------------------------------------------------------- public API
    def set_result(self, expr_latex: str, result_latex: str, steps: list[Step],
                   var: str = "x") -> None:
        """Show the derivative of f and the steps that reach it.

        The heading names f' only (f itself is typeset beside the editor);
        ``expr_latex`` becomes the heading's tooltip.
        """
        self.heading.set_latex(f"f'({var}) = {result_latex}")
        self.heading.setToolTip(f"f({var}) = {expr_latex}")
        # A leaf step that changes nothing ("nothing left to simplify": A = A) only
        # makes a student look for a difference that is not there.
        steps = [s for s in steps if s.substeps or s.before != s.after]
        self._steps = list(steps)
        self.tree.clear()
        for step in steps:
            self._add_item(step, None)
        if len(steps) == 1:
            self.tree.topLevelItem(0).setExpanded(True)
        self.status.setText("" if steps else "No steps for this result.")
        self.status.setVisible(not steps)
        self._set_current()
        self._update_size_hints()

    def set_message(self, text: str) -> None:
        """Show a line of status (working, failed, ...) above the steps."""
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def clear(self, message: str = "") -> None:
        """Remove the derivation (e.g. while the input does not parse)."""
        self._steps = []
        self.tree.clear()
        self.heading.set_latex("")
        self._set_current()
        self.set_message(message)

    def mark_stale(self, earlier: str, why: str = "edit in progress") -> None:
        """Keep the derivation on show, greyed, under a banner naming the input it answers.

        ``earlier`` is that input as the student typed it ("x^2"): the steps answer it,
        not what is on screen now. Nothing is marked when no derivation is shown.
        """
        if not self._steps and not self.heading.latex():
            return
        self._stale_for = earlier
        self.stale_banner.setText(stale_text(earlier, why))
        self.stale_banner.setVisible(True)
        self.heading_area.setEnabled(False)
        self.tree.setEnabled(False)

    def is_stale(self) -> bool:
        """Whether the derivation on show answers an earlier input (see ``mark_stale``)."""
        return self._stale_for is not None

    def _set_current(self) -> None:
        self._stale_for = None
        self.stale_banner.setVisible(False)
        self.heading_area.setEnabled(True)
        self.tree.setEnabled(True)

    def steps(self) -> list[Step]:
        """The steps shown (top level)."""
        return list(self._steps)

    def items(self) -> list[QTreeWidgetItem]:
        """Every row, depth first (folded ones included)."""
        found: list[QTreeWidgetItem] = []

        def visit(item: QTreeWidgetItem) -> None:
            found.append(item)
            for i in range(item.childCount()):
                visit(item.child(i))

        for i in range(self.tree.topLevelItemCount()):
            visit(self.tree.topLevelItem(i))
        return found

    def selected_step(self) -> Step | None:
        """The step of the current row, if any."""
        item = self.tree.currentItem()
        return item.data(0, STEP_ROLE) if item is not None else None

    def copy_selected(self) -> None:
        """Put the selected step's LaTeX on the clipboard."""
        step = self.selected_step()
        if step is not None:
            QGuiApplication.clipboard().setText(step_latex(step))

    # ---------------------------------------------------------------- internals
    def _add_item(self, step: Step, parent: QTreeWidgetItem | None) -> None:
        item = QTreeWidgetItem(self.tree if parent is None else parent)
        item.setData(0, STEP_ROLE, step)
        item.setData(0, Qt.ItemDataRole.AccessibleTextRole, f"{rule_name(step.rule)}: {step.title}")
        self.tree.setItemWidget(item, 0, StepView(step))
        for sub in step.substeps:
            self._add_item(sub, item)

    def _update_size_hints(self) -> None:
        self.heading.keep_readable()
        # Item widgets do not size their rows; give each row the height its text and
        # formula need at the width it has (wider formulas scroll sideways).
        available = self.tree.viewport().width()
        for item in self.items():
            view = self.tree.itemWidget(item, 0)
            if view is None:
                continue
            depth, parent = 0, item.parent()
            while parent is not None:
                depth, parent = depth + 1, parent.parent()
            visible = max(available - self.tree.indentation() * (depth + 1), 160)
            # The sentence wraps within the visible width even when a wide formula
            # makes the row scroll sideways.
            view.set_text_width(visible - 12)
            width = max(visible, view.formula_width() + 12)
            item.setSizeHint(0, QSize(width, view.height_for(width)))
        self.tree.doItemsLayout()
        self._fit_heading_area()

    def _fit_heading_area(self) -> None:
        # Tall enough for the formula plus a horizontal scroll bar when one is needed.
        needed = self.heading.sizeHint()
        bar = self.heading_area.horizontalScrollBar().sizeHint().height()
        extra = bar if needed.width() > self.heading_area.viewport().width() else 0
        self.heading_area.setFixedHeight(needed.height() + extra + 2)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """Rows re-flow their sentences to the new width."""
        super().resizeEvent(event)
        self._update_size_hints()

    def _on_tree_current_changed(self, current: QTreeWidgetItem | None, _previous) -> None:
        if current is not None:
            self.step_selected.emit(current.data(0, STEP_ROLE))

    def step_menu(self, position: QPoint) -> QMenu | None:
        """The context menu for the step at ``position`` (viewport coordinates), selecting it."""
        item = self.tree.itemAt(position)
        if item is None:
            return None
        self.tree.setCurrentItem(item)
        menu = QMenu(self)
        menu.setObjectName("step_menu")
        menu.addAction("Copy step as LaTeX", self.copy_selected)
        return menu

    def _on_tree_context_menu(self, position: QPoint) -> None:
        menu = self.step_menu(position)
        if menu is not None:
            menu.exec(self.tree.viewport().mapToGlobal(position))
            menu.deleteLater()
