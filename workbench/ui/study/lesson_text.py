"""``LessonText``: a lesson page's Markdown with its formulas typeset.

Qt renders the Markdown (``QTextBrowser.setMarkdown``); every ``$...$`` and
``$$...$$`` is first replaced by a Markdown image whose URL names a formula, and
``loadResource`` hands Qt the formula typeset by ``workbench.ui.math_view`` (ziamath).
A formula the typesetter cannot handle is shown as its LaTeX in code type, so a page
never shows a broken image.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QImage, QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

from workbench.ui.math_view import shared_renderer

INLINE_SIZE = 15.0
DISPLAY_SIZE = 18.0
SCHEME = "formula"
_FENCE = re.compile(r"^\s*```", re.MULTILINE)
# Inline code first (math inside it is not math), then $$display$$, then $inline$.
_MATH = re.compile(r"(`[^`\n]*`)|\$\$(.+?)\$\$|(?<!\\)\$((?:[^$\\\n]|\\.)+?)\$", re.DOTALL)


def split_math(markdown: str) -> tuple[str, list[tuple[str, bool]]]:
    """``markdown`` with formulas replaced by ``![formula](formula:N)``, and the formulas.

    Each formula is (LaTeX, is_display). Fenced code blocks are left alone; display
    math becomes a paragraph of its own.
    """
    formulas: list[tuple[str, bool]] = []

    def replace(match: re.Match[str]) -> str:
        if match.group(1) is not None:
            return match.group(1)
        display = match.group(2) is not None
        latex = (match.group(2) if display else match.group(3)).strip()
        formulas.append((" ".join(latex.split()), display))
        image = f"![formula]({SCHEME}:{len(formulas) - 1})"
        return f"\n\n{image}\n\n" if display else image

    chunks = _FENCE.split(markdown)
    fences = _FENCE.findall(markdown)
    out = []
    for index, chunk in enumerate(chunks):
        # Chunks alternate: text, code, text, ... (the fences themselves are kept).
        out.append(_MATH.sub(replace, chunk) if index % 2 == 0 else chunk)
        if index < len(fences):
            out.append(fences[index])
    return "".join(out), formulas


class LessonText(QTextBrowser):
    """Shows one lesson page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lesson_text")
        self.setAccessibleName("Lesson page")
        self.setOpenExternalLinks(False)
        self.setOpenLinks(False)  # lessons are offline: no link leaves the window
        self._images: dict[str, QImage] = {}
        self._formulas: list[tuple[str, bool]] = []
        self.setStyleSheet("QTextBrowser { background: #ffffff; padding: 6px; }")

    def formulas(self) -> list[tuple[str, bool]]:
        """The formulas of the page shown: (LaTeX, is_display)."""
        return list(self._formulas)

    def typeset_count(self) -> int:
        """How many of them were typeset as images (the rest are shown as LaTeX)."""
        return len(self._images)

    def show_markdown(self, markdown: str) -> None:
        """Render ``markdown`` with its formulas typeset."""
        text, formulas = split_math(markdown)
        self._formulas = formulas
        self._images = {}
        renderer = shared_renderer()
        ratio = self.devicePixelRatioF()
        for index, (latex, display) in enumerate(formulas):
            name = f"{SCHEME}:{index}"
            pixmap = renderer.render(latex, DISPLAY_SIZE if display else INLINE_SIZE,
                                     ratio=ratio)
            if pixmap is None:
                text = text.replace(f"![formula]({name})", f"`{latex}`")
            else:
                self._images[name] = pixmap.toImage()
        self.document().clear()
        self.setMarkdown(text)
        self._place_formulas()
        self.verticalScrollBar().setValue(0)

    def _place_formulas(self) -> None:
        """Display formulas centred on their own line; inline ones centred on the text line.

        An image sits on the baseline by default, which lifts a fraction well above
        the words around it.
        """
        centred = QTextBlockFormat()
        centred.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        middle = QTextCharFormat()
        middle.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignMiddle)
        block = self.document().begin()
        while block.isValid():
            if block.text().strip() == "\ufffc":  # a paragraph that is one formula
                QTextCursor(block).mergeBlockFormat(centred)
            fragments = block.begin()
            while not fragments.atEnd():
                fragment = fragments.fragment()
                if fragment.charFormat().isImageFormat():
                    cursor = QTextCursor(self.document())
                    cursor.setPosition(fragment.position())
                    cursor.setPosition(fragment.position() + fragment.length(),
                                       QTextCursor.MoveMode.KeepAnchor)
                    cursor.mergeCharFormat(middle)
                fragments += 1
            block = block.next()

    def loadResource(self, kind: int, url: QUrl) -> Any:  # noqa: N802 - Qt's name
        """The typeset formula for ``formula:N`` URLs; anything else as Qt would load it."""
        if kind == QTextDocument.ResourceType.ImageResource.value or \
                kind == QTextDocument.ResourceType.ImageResource:
            image = self._images.get(url.toString())
            if image is not None:
                return image
        return super().loadResource(kind, url)
