"""Find text that does not fit its widget (a test helper): cut, elided or hidden.

``clipped_text(root)`` walks every visible QLabel, QAbstractButton, QLineEdit and
StableLabel under ``root`` and reports the ones whose text is wider than the room the
widget has (``QFontMetrics.horizontalAdvance`` against ``contentsRect``), taller than
the widget when it wraps, shortened with an ellipsis, or cut by an ancestor that is
narrower than the widget. Typeset formulas (MathLabel) are checked at the smallest
scale they may shrink to.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics, QTextDocument
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import (QAbstractButton, QAbstractScrollArea, QCheckBox, QLabel,
                               QLineEdit, QPushButton, QRadioButton, QTableWidget,
                               QToolButton, QWidget)

from workbench.ui.math_view import MathLabel
from workbench.ui.stable_label import StableLabel

SLACK = 1  # pixels of rounding allowed


@dataclass(frozen=True)
class Clip:
    """One widget whose text does not fit: what it says, what it needs, what it has."""

    widget: str
    text: str
    needed: int
    room: int
    why: str

    def __str__(self) -> str:
        return f"{self.widget}: {self.why} ({self.needed} px needed, {self.room} px) {self.text!r}"


def _name(widget: QWidget) -> str:
    names = []
    while widget is not None and len(names) < 3:
        names.append(widget.objectName() or type(widget).__name__)
        widget = widget.parentWidget()
    return "/".join(reversed(names))


def _rich_width(label: QLabel) -> int:
    document = QTextDocument()
    document.setDefaultFont(label.font())
    document.setDocumentMargin(0)
    document.setHtml(label.text())
    return int(document.idealWidth() + 0.999)


def _is_rich(label: QLabel) -> bool:
    fmt = label.textFormat()
    return fmt == Qt.TextFormat.RichText or (fmt == Qt.TextFormat.AutoText
                                             and GuiQt.mightBeRichText(label.text()))


def _label_clip(label: QLabel) -> Clip | None:
    room = label.contentsRect().width() - 2 * label.margin() - max(label.indent(), 0)
    if isinstance(label, MathLabel):
        if not label.is_typeset():
            return None
        natural = label.formula_size().width()
        smallest = int(natural * (label.MIN_SCALE if label._fit else 1.0))
        if smallest > room + SLACK:
            return Clip(_name(label), label.latex(), smallest, room, "formula cut")
        return None
    text = label.text()
    if not text.strip() or label.pixmap() is not None and not label.pixmap().isNull():
        return None
    tip = label.toolTip()
    if text.endswith("\u2026") and len(tip) > len(text) and tip.startswith(text[:-1]):
        return Clip(_name(label), text, 0, room, "elided")
    if label.wordWrap():
        needed = label.heightForWidth(label.width())
        if needed > label.height() + SLACK:
            return Clip(_name(label), text, needed, label.height(), "wrapped text too tall")
        return None
    if label.buddy() is not None:  # "&Loss:" shows "Loss:", the L underlined
        text = _without_mnemonic(text)
    width = _rich_width(label) if _is_rich(label) else max(
        QFontMetrics(label.font()).horizontalAdvance(line) for line in text.split("\n"))
    if width > room + SLACK:
        return Clip(_name(label), text, width, room, "text wider than label")
    return None


def _without_mnemonic(text: str) -> str:
    """The text Qt shows for a mnemonic: "&&" is one "&", a single "&" marks the shortcut."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _button_clip(button: QAbstractButton) -> Clip | None:
    text = _without_mnemonic(button.text())
    if not text.strip():
        return None
    if isinstance(button, (QPushButton, QToolButton, QCheckBox, QRadioButton)):
        needed = button.sizeHint().width()  # text, icon and the style's padding
        if isinstance(button, QPushButton) and button.icon().isNull():
            # the style's minimum width is not text: only the words and a margin must fit
            needed = QFontMetrics(button.font()).horizontalAdvance(text) + 12
        if needed > button.width() + SLACK:
            return Clip(_name(button), text, needed, button.width(), "button text cut")
    return None


def _line_edit_clip(edit: QLineEdit) -> Clip | None:
    text = edit.text() or edit.placeholderText()
    if not text:
        return None
    margins = edit.textMargins()
    # QLineEdit keeps 2 px of its own on each side inside the frame
    room = edit.contentsRect().width() - margins.left() - margins.right() - 4
    needed = QFontMetrics(edit.font()).horizontalAdvance(text)
    if needed > room + SLACK:
        return Clip(_name(edit), text, needed, room, "field text cut")
    return None


def _stable_clip(label: StableLabel) -> Clip | None:
    if label.plain_text().strip() and not label.fits():
        return Clip(_name(label), label.plain_text(), 0, label.height(), "lines cut off")
    return None


def _table_clips(table: QTableWidget) -> list[Clip]:
    """Cells and headers whose text is wider than their column (shown elided)."""
    found = []
    metrics = QFontMetrics(table.font())
    for column in range(table.columnCount()):
        room = table.columnWidth(column) - 8  # the cell's own padding
        header = table.horizontalHeaderItem(column)
        texts = [header.text()] if header is not None and table.horizontalHeader().isVisible() \
            else []
        texts += [table.item(row, column).text() for row in range(table.rowCount())
                  if table.item(row, column) is not None]
        for text in texts:
            needed = metrics.horizontalAdvance(text)
            if needed > room + SLACK:
                found.append(Clip(_name(table), text, needed, room, "table cell elided"))
    return found


def _cut_by_ancestor(widget: QWidget, root: QWidget) -> Clip | None:
    """A widget that reaches past the visible part of its ancestors (scroll areas aside)."""
    rect = QRect(widget.mapTo(root, widget.rect().topLeft()), widget.size())
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, QAbstractScrollArea) or \
                isinstance(parent.parentWidget(), QAbstractScrollArea):
            return None  # it scrolls into view
        parent = parent.parentWidget()
    visible = rect.intersected(root.rect())
    if visible.width() + SLACK < rect.width():
        return Clip(_name(widget), _text_of(widget), rect.width(), visible.width(),
                    "outside the window")
    return None


def _text_of(widget: QWidget) -> str:
    for attribute in ("text", "plain_text"):
        if hasattr(widget, attribute):
            return str(getattr(widget, attribute)())
    return ""


def clipped_text(root: QWidget) -> list[Clip]:
    """Every visible piece of text under ``root`` that is cut, elided or hidden."""
    found: list[Clip] = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root) or widget.width() <= 0:
            continue
        clip = None
        if isinstance(widget, QLabel):
            clip = _label_clip(widget)
        elif isinstance(widget, QAbstractButton):
            clip = _button_clip(widget)
        elif isinstance(widget, QLineEdit):
            clip = _line_edit_clip(widget)
        elif isinstance(widget, StableLabel):
            clip = _stable_clip(widget)
        if clip is None and isinstance(widget, (QLabel, QAbstractButton, QLineEdit, StableLabel)):
            clip = _cut_by_ancestor(widget, root)
        if clip is not None:
            found.append(clip)
        if isinstance(widget, QTableWidget):
            found += _table_clips(widget)
    return found


def show_configuration(window: QWidget, kind: str, size: tuple[int, int],
                       panels: bool) -> None:
    """Put the main window in one configuration: ``size``, the study docks shown or not,
    lab ``kind`` (or "explore") on top."""
    window.resize(*size)
    for dock in (window.study.lessons_dock, window.study.practice_dock):
        dock.setVisible(panels)
    if kind == "explore":
        window.tabs.setCurrentIndex(0)
    else:
        window.open_lab(kind)


def window_overflow(window: QWidget, size: tuple[int, int]) -> str:
    """Why the window does not fit ``size`` ("" when it does)."""
    if window.width() > size[0] or window.height() > size[1]:
        return f"the window needs {window.width()}x{window.height()}"
    return ""

