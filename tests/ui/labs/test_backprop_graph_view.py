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
