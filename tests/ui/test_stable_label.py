"""StableLabel: the few lines of numbers that change on every frame of a drag or a sweep."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from tests.ui.labs.test_derivatives_repaint import PaintCounter
from workbench.ui.stable_label import Run, StableLabel, parse_runs


def test_stable_label_reads_the_lab_markup_into_coloured_bold_runs():
    lines = parse_runs("a = 1<br><span style='color:#c62828'>slope <b>2</b></span>&nbsp;x")
    assert lines == [[Run("a = 1")],
                     [Run("slope ", "#c62828"), Run("2", "#c62828", True), Run(" x")]]


def test_stable_label_keeps_its_height_and_repaints_only_for_new_text(qtbot):
    label = StableLabel(2)
    qtbot.addWidget(label)
    label.resize(300, label.height())
    label.show()
    height = label.height()
    label.setText("one<br><b>two</b> three")
    assert label.plain_text() == "one\ntwo three" and label.height() == height
    assert label.accessibleDescription() == "one\ntwo three"
    QApplication.processEvents()
    counter = PaintCounter()
    label.installEventFilter(counter)
    label.setText("one<br><b>two</b> three")
    QApplication.processEvents()
    assert sum(counter.counts.values()) == 0
    label.setText("four")
    QApplication.processEvents()
    assert sum(counter.counts.values()) == 1
    image = label.grab().toImage()
    assert any(image.pixelColor(x, y).lightness() < 128
               for x in range(0, 40) for y in range(label.height()))


def _inked_rows(label: StableLabel) -> list[int]:
    image = label.grab().toImage()
    return [y for y in range(image.height())
            if any(image.pixelColor(x, y).lightness() < 128 for x in range(4, image.width() - 4))]


def test_stable_label_wraps_long_text_at_its_width_and_keeps_all_of_it_in_the_tooltip(qtbot):
    label = StableLabel(3, boxed=True)
    qtbot.addWidget(label)
    words = "the area from a to b <b>is 2.5</b> and " + "more words " * 6
    label.resize(900, label.height())
    label.show()
    label.setText(words)
    QApplication.processEvents()
    one_line = _inked_rows(label)
    label.resize(160, label.height())
    QApplication.processEvents()
    wrapped = _inked_rows(label)
    line = label.fontMetrics().lineSpacing()
    assert max(one_line) - min(one_line) < line  # wide: a single line
    assert max(wrapped) - min(wrapped) > 1.5 * line  # narrow: wrapped onto more lines
    assert label.toolTip() == label.plain_text() == words.replace("<b>", "").replace("</b>", "")
    image = label.grab().toImage()
    assert image.pixelColor(label.width() - 2, label.height() // 2).name() == "#ffffff"
