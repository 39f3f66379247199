"""MathRenderer and MathLabel: typeset with ziamath, cached, with a text fallback."""

from __future__ import annotations

from workbench.ui.math_view import MathLabel, MathRenderer


def test_renders_latex_to_a_pixmap_and_caches_it(qtbot):
    renderer = MathRenderer()
    pixmap = renderer.render(r"\frac{d}{dx}x^{2} = 2x", 20.0, "#000000")
    assert pixmap is not None and not pixmap.isNull()
    assert pixmap.width() > pixmap.height() > 10
    image = pixmap.toImage()
    inked = sum(image.pixelColor(x, y).alpha() > 0
                for x in range(0, image.width(), 2) for y in range(0, image.height(), 2))
    assert inked > 20  # real glyphs, not an empty canvas
    assert renderer.render(r"\frac{d}{dx}x^{2} = 2x", 20.0, "#000000") is pixmap
    assert renderer.render(r"\frac{d}{dx}x^{2} = 2x", 24.0, "#000000") is not pixmap


def test_broken_latex_falls_back_to_text(qtbot):
    renderer = MathRenderer()
    assert renderer.render(r"\frac{", 20.0) is None
    label = MathLabel(r"\frac{", renderer=renderer)
    qtbot.addWidget(label)
    assert not label.is_typeset() and label.text() == r"\frac{"


def test_deferred_label_shows_text_until_loaded(qtbot):
    renderer = MathRenderer()
    renderer.defer()
    label = MathLabel(r"x^{2}", renderer=renderer)
    qtbot.addWidget(label)
    assert not label.is_typeset() and label.text() == "x^{2}"
    renderer.load()
    assert label.is_typeset() and not label.pixmap().isNull()


def test_an_emptied_formula_is_no_longer_drawn(qtbot):
    # A label showing a pixmap has the text "": setting "" again must still clear it,
    # or the answer to an earlier question stays on screen.
    label = MathLabel("", 16.0, renderer=MathRenderer())
    qtbot.addWidget(label)
    label.set_latex(r"\int_0^1 x^2 \, dx = \frac{1}{3}")
    assert label.is_typeset() and not label.pixmap().isNull()
    label.set_latex("")
    assert label.latex() == "" and not label.is_typeset()
    assert label.pixmap().isNull() and label.text() == ""


class _CountingRenderer(MathRenderer):
    """A renderer that counts the formulas it really typesets."""

    def __init__(self) -> None:
        super().__init__()
        self.typeset: list[str] = []

    def _typeset(self, latex, size, color, ratio):
        self.typeset.append(latex)
        return super()._typeset(latex, size, color, ratio)


def test_a_hidden_label_typesets_only_when_shown(qtbot):
    # A result may bring dozens of formulas for a page nobody has opened; typesetting
    # them all at once froze the window for seconds (the Layers lab's steps).
    from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

    renderer = _CountingRenderer()
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    tabs.addTab(QWidget(), "front")
    back = QWidget()
    tabs.addTab(back, "back")
    tabs.show()
    column = QVBoxLayout(back)
    labels = [MathLabel(rf"x^{{{k}}} + \frac{{1}}{{{k + 1}}}", renderer=renderer)
              for k in range(6)]
    for label in labels:
        column.addWidget(label)
    tabs.adjustSize()  # layouts ask the hidden labels their size: still no typesetting
    assert renderer.typeset == [] and all(label.text() for label in labels)
    tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: set(renderer.typeset) == {label.latex() for label in labels})
    assert all(label.pixmap() is not None and not label.pixmap().isNull() for label in labels)
    assert labels[0].sizeHint().height() == labels[0].formula_size().height()


def test_asking_a_hidden_label_whether_it_is_typeset_typesets_it(qtbot):
    renderer = _CountingRenderer()
    label = MathLabel(r"\sqrt{x}", renderer=renderer)
    qtbot.addWidget(label)
    assert renderer.typeset == []
    assert label.is_typeset() and renderer.typeset == [r"\sqrt{x}"]
