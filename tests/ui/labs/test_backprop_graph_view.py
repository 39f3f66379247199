"""The backprop graph a student can read: no label overlaps another label or a box, text
at the application's size at 100 %, the wheel zooms, a drag pans, Fit shows it all."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QFontMetricsF, QWheelEvent
from PySide6.QtWidgets import QApplication

from tests.ui.labs.lab_helpers import open_lab
from workbench.ui.labs.backprop import BackpropLab


def overlapping(rects_a, rects_b, same=False):
    pairs = itertools.combinations(rects_a, 2) if same else itertools.product(rects_a, rects_b)
    return [(a, b) for a, b in pairs if a.intersects(b)]


@pytest.mark.parametrize("expression", [None, "(y - sigmoid(w2 sigmoid(w1 x + b1) + b2))^2"])
def test_labels_overlap_neither_each_other_nor_the_boxes(qtbot, expression):
    lab = open_lab(qtbot, BackpropLab, state={"expression": expression} if expression else None)
    graph = lab.graph
    labels, boxes = graph.label_rects(), graph.text_rects()
    assert len(labels) == sum(len(n.parents) for n in lab.model.nodes) > 3
    assert overlapping(labels, labels, same=True) == []
    assert overlapping(labels, boxes) == []
    # every line of text fits inside its box
    for item in graph.items.values():
        for text in item.texts():
            assert item.box.rect().contains(text.mapRectToParent(text.boundingRect()))


def test_text_is_the_application_size_at_100_percent_and_fit_never_enlarges(qtbot):
    lab = open_lab(qtbot, BackpropLab, size=(1800, 1000))
    lab.show()
    qtbot.waitExposed(lab)
    graph = lab.graph
    graph.fit()
    assert graph.zoom() <= 1.0 + 1e-6
    qtbot.mouseClick(lab.actual_size, Qt.MouseButton.LeftButton)
    assert graph.zoom() == pytest.approx(1.0, rel=0.02)
    title = next(iter(graph.items.values())).title
    height = title.boundingRect().height() * graph.zoom()
    assert height == pytest.approx(QFontMetricsF(QApplication.font()).height(), rel=0.15)


def test_wheel_zooms_drag_pans_and_fit_shows_everything(qtbot):
    lab = open_lab(qtbot, BackpropLab)
    lab.show()
    qtbot.waitExposed(lab)
    graph = lab.graph
    graph.fit()
    before = graph.zoom()
    centre = QPointF(graph.viewport().rect().center())
    event = QWheelEvent(centre, graph.viewport().mapToGlobal(centre), QPoint(0, 0),
                        QPoint(0, 240), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(graph.viewport(), event)
    assert graph.zoom() > before * 1.1
    rect = graph.view.viewRect()
    start = graph.viewport().rect().center()
    qtbot.mousePress(graph.viewport(), Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 6):
        qtbot.mouseMove(graph.viewport(), start + QPoint(20 * step, 0))
    qtbot.mouseRelease(graph.viewport(), Qt.MouseButton.LeftButton, pos=start + QPoint(100, 0))
    assert graph.view.viewRect().x() < rect.x() - 10  # dragged right: the view moved left
    qtbot.mouseClick(lab.fit_button, Qt.MouseButton.LeftButton)
    shown = graph.view.viewRect()
    for box in graph.text_rects():
        assert shown.contains(box)


def deep_stack(units: int) -> dict:
    text = "x"
    for k in range(1, units + 1):
        text = f"sigmoid(w{k} {text})"
    inputs = {"x": 1.0, "y": 1.0, **{f"w{k}": 0.5 + 0.05 * k for k in range(1, units + 1)}}
    return {"expression": f"(y - {text})^2", "inputs": inputs}


def test_twenty_stacked_units_are_drawn_readably_and_followed(qtbot):
    """A 20-unit stack: typesetting its formula no longer takes hours (deep fences), every
    label is clear, and the view follows the lit node by the least move: at the inputs it
    shows the top of the graph, not empty space above it."""
    lab = open_lab(qtbot, BackpropLab, state=deep_stack(20), size=(1400, 900))
    lab.show()
    qtbot.waitExposed(lab)
    graph = lab.graph
    graph.default_view()
    assert len(lab.model.nodes) >= 60 and lab.player.count() > 120
    labels = graph.label_rects()
    assert overlapping(labels, labels, same=True) == []
    assert overlapping(labels, graph.text_rects()) == []
    assert graph.zoom() >= 0.8 - 1e-6  # readable, not shrunk to fit
    top = graph.view.childrenBoundingRect().top()
    for frame in range(lab.player.count()):
        lab.player.set_frame(frame, force=True)
        lit = lab.model.frame(frame).lit
        if lit:
            assert graph.view.viewRect().contains(graph.items[lit].box.rect()), frame
    assert lab.model.frame(lab.player.count() - 1).lit == "x"  # the pass ends at the input
    assert graph.view.viewRect().top() >= top - 0.1 * graph.view.viewRect().height()


def test_a_frame_touches_only_what_changed(qtbot):
    lab = open_lab(qtbot, BackpropLab, state=deep_stack(6))
    graph = lab.graph
    lab.player.set_frame(5, force=True)
    calls = []
    for item in graph.items.values():
        item.box.setBrush = lambda brush, calls=calls: calls.append(brush)
    lab.player.set_frame(6, force=True)
    assert 1 <= len(calls) <= 3  # the node lit before, the one lit now
    assert lab.graph.node_text(lab.model.frame(6).lit or "x")
