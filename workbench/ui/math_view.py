"""Typeset math in widgets: LaTeX -> SVG (ziamath) -> ``QSvgRenderer`` -> ``QPixmap``.

ziamath costs about a quarter of a second to import, so it is loaded lazily: a
window can ask for loading to be deferred until it is on screen (``defer()`` then
``load()``), and labels show their LaTeX as text until then. Pixmaps are cached by
(LaTeX, size, colour, device pixel ratio). Anything ziamath cannot typeset falls
back to the LaTeX text, so a formula is never lost.
"""

from __future__ import annotations

import html
import logging
import math
import re
import warnings
from collections import OrderedDict

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from workbench.export.documents import latex_to_plain
from workbench.export.latex_fences import flatten_deep_fences
from workbench.protocol.wording import split_inline_math

log = logging.getLogger(__name__)

CACHE_LIMIT = 512
# A big operator with a lower limit only (\sum_i, \prod_k) inside \left…\right makes
# ziamath stretch the delimiters to some 2000 pixels; with \limits it sizes them right.
_BARE_LIMIT = re.compile(r"\\(sum|prod)_")


def ziamath_safe(latex: str) -> str:
    """``latex`` with the constructs ziamath draws wrongly (or slowly: deep stretchy
    fences) rewritten to ones it draws well."""
    if "\\left" not in latex:
        return latex
    latex = flatten_deep_fences(latex)
    return _BARE_LIMIT.sub(lambda m: f"\\{m.group(1)}\\limits_", latex)


class MathRenderer(QObject):
    """Renders LaTeX to pixmaps with ziamath, cached; emits ``loaded`` once ziamath is in."""

    loaded = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ziamath = None
        self._deferred = False
        self._failed = False
        self._cache: OrderedDict[tuple, QPixmap | None] = OrderedDict()

    def is_loaded(self) -> bool:
        """True once ziamath is imported (or known to be unusable)."""
        return self._ziamath is not None or self._failed

    def is_deferred(self) -> bool:
        """True while a window asked to keep ziamath off its start-up path."""
        return self._deferred and not self.is_loaded()

    def defer(self) -> None:
        """Keep ziamath unloaded until ``load()`` is called (labels show text meanwhile)."""
        self._deferred = True

    def load(self) -> None:
        """Import ziamath now (once) and tell waiting labels to render."""
        if self.is_loaded():
            return
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)  # ziamath's, not ours
                import ziamath  # lazy on purpose, see the module docstring

            # SVG 2 output (<symbol>/<use>) draws as bare fraction bars in QtSvg.
            ziamath.config.svg2 = False
            self._ziamath = ziamath
        except Exception:  # any failure leaves the text fallback in place
            log.exception("ziamath could not be loaded; formulas are shown as LaTeX text")
            self._failed = True
        self._deferred = False
        self.loaded.emit()

    def render(self, latex: str, size: float = 18.0, color: str = "#1f1f1f",
               ratio: float = 1.0) -> QPixmap | None:
        """The typeset formula, or None when it cannot be typeset (show the text instead)."""
        key = (latex, float(size), color, float(ratio))
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        if not self.is_loaded():
            self.load()
        pixmap = self._typeset(latex, size, color, ratio) if self._ziamath else None
        self._cache[key] = pixmap
        if len(self._cache) > CACHE_LIMIT:
            self._cache.popitem(last=False)
        return pixmap

    def _typeset(self, latex: str, size: float, color: str, ratio: float) -> QPixmap | None:
        try:
            with warnings.catch_warnings():
                # ziamath's font lookup uses a deprecated importlib API; not ours to fix.
                warnings.simplefilter("ignore", DeprecationWarning)
                svg = self._ziamath.Latex(ziamath_safe(latex), size=size, color=color).svg()
        except Exception:  # ziamath raises assorted errors on LaTeX it does not know
            log.debug("ziamath failed on %r", latex, exc_info=True)
            return None
        renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
        if not renderer.isValid():
            return None
        view = renderer.viewBoxF()
        width, height = max(1, round(view.width() * ratio)), max(1, round(view.height() * ratio))
        pixmap = QPixmap(width, height)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(0, 0, width, height))
        painter.end()
        pixmap.setDevicePixelRatio(ratio)
        return pixmap


_SHARED: MathRenderer | None = None


def sentence_html(sentence: str, size: float = 14.0, color: str = "#1f1f1f") -> str:
    """A sentence for a rich-text label: its words escaped, its ``$...$`` formulas typeset."""
    return "".join(inline_math_html(piece, size, color) if math
                   else html.escape(piece, quote=False)
                   for piece, math in split_inline_math(sentence))


def inline_math_html(latex: str, size: float, color: str = "#1f1f1f") -> str:
    """A formula for a rich-text sentence: an <img> of it typeset (a data URL, so any
    QLabel shows it), or its LaTeX in plain words while ziamath is not loaded."""
    renderer = shared_renderer()
    pixmap = None if renderer.is_deferred() else renderer.render(latex, size, color)
    if pixmap is None:
        return html.escape(latex_to_plain(latex), quote=False)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    pixmap.save(buffer, "PNG")
    encoded = bytes(data.toBase64()).decode("ascii")
    return f"<img src='data:image/png;base64,{encoded}' style='vertical-align: middle;'>"


def shared_renderer() -> MathRenderer:
    """The application's one renderer (one cache, one ziamath import)."""
    global _SHARED
    if _SHARED is None:
        _SHARED = MathRenderer()
    return _SHARED


class MathLabel(QLabel):
    """A label that shows a LaTeX formula typeset, or its text when typesetting fails.

    With ``fit=True`` a formula wider than the label is scaled down to fit (never
    below ``MIN_SCALE``, past which it is clipped; the tooltip keeps the LaTeX), so a
    long formula never forces the window wider.

    A label that is not visible typesets its formula only when it is shown or asked its
    size: typesetting costs 10-200 ms a formula, and a result can bring dozens of them
    for pages the student has not opened (the Layers lab's steps: 45 formulas, seconds
    of a frozen window).
    """

    MIN_SCALE = 0.55

    def __init__(self, latex: str = "", size: float = 18.0, parent: QWidget | None = None,
                 renderer: MathRenderer | None = None, fit: bool = False) -> None:
        super().__init__(parent)
        self._renderer = renderer or shared_renderer()
        self._latex = ""
        self._size = size
        self._fit = fit
        self._full: QPixmap | None = None
        self._pending = False  # typesetting waits until the label is shown or measured
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._renderer.loaded.connect(self._refresh)
        self.set_latex(latex)

    def latex(self) -> str:
        """The LaTeX currently shown."""
        return self._latex

    def is_typeset(self) -> bool:
        """True when the formula is drawn as math (not the LaTeX text fallback)."""
        self._typeset_pending()
        return self._full is not None

    def formula_size(self) -> QSize:
        """The typeset formula's natural size in pixels (empty when shown as text, and
        while a hidden label waits to be typeset)."""
        if self._full is None:
            return QSize()
        return self._full.deviceIndependentSize().toSize()

    def set_latex(self, latex: str) -> None:
        """Show ``latex`` (typeset now, or as soon as the renderer is loaded)."""
        if latex == self._latex and (self._full is not None or self.text() == latex):
            return  # the same again (a drag asks every frame): no relayout, no repaint
        self._latex = latex
        self.setAccessibleDescription(latex)
        self.setToolTip(latex)
        self._refresh()

    def _refresh(self) -> None:
        if self._latex and not self.isVisible() and not self._renderer.is_deferred():
            self._pending = True  # typeset when shown or measured (see the class docstring)
            self._full = None
            self.clear()
            self.setText(self._latex)
            self.updateGeometry()
            return
        self._render()

    def _render(self) -> None:
        self._pending = False
        pixmap = None
        if self._latex and not self._renderer.is_deferred():
            color = self.palette().color(self.foregroundRole()).name()
            pixmap = self._renderer.render(self._latex, self._size, color,
                                           self.devicePixelRatioF())
        self._full = pixmap
        if pixmap is None:
            # QLabel.setText ignores a text equal to the current one, and a label showing
            # a pixmap has the text "": clear first, or an emptied formula stays drawn.
            self.clear()
            self.setText(self._latex)
        else:
            self._show_pixmap()
        self.updateGeometry()

    def _show_pixmap(self) -> None:
        full = self._full
        if full is None:
            return
        room = self.contentsRect().size()
        natural = full.deviceIndependentSize()
        scale = min(room.width() / natural.width(), 1.0) if room.width() > 0 else 1.0
        fixed = self.maximumHeight() < 16777215
        if (fixed or self._fit) and room.height() > 0:
            # a fixed height, or a fitting label that a crowded layout gave less than the
            # formula's height (a tall answer at 1024×700): fit the height too, rather than
            # cut the formula at the top and bottom
            scale = min(scale, room.height() / natural.height())
        if self._fit and scale < 1.0:
            scale = max(scale, self.MIN_SCALE)
            shown = full.scaledToWidth(round(full.width() * scale),
                                       Qt.TransformationMode.SmoothTransformation)
            shown.setDevicePixelRatio(full.devicePixelRatio())
            self.setPixmap(shown)
        else:
            self.setPixmap(full)

    def _typeset_pending(self) -> None:
        if self._pending:
            self._render()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """Typeset a formula that waited for the label to be shown (after the base class
        has polished the label: its colour is part of what is typeset)."""
        super().showEvent(event)
        self._typeset_pending()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """Re-fit the formula to the new width."""
        super().resizeEvent(event)
        if self._fit:
            self._show_pixmap()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """The formula's natural size, so layouts give it room (while a hidden label waits
        to be typeset: the size of its LaTeX text; showing it relays out for the formula)."""
        if self.isVisible():
            self._typeset_pending()
        natural = self.formula_size() if self._full is not None else super().sizeHint()
        margins = self.contentsMargins()
        natural = natural.grownBy(margins) if self._full is not None else natural
        return natural.expandedTo(QSize(8, int(self._size * 1.4)))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """A fitting label may shrink, in its height down to ``MIN_SCALE`` of the formula's."""
        hint = self.sizeHint()
        if not self._fit:
            return hint
        return QSize(40, max(math.ceil(hint.height() * self.MIN_SCALE), int(self._size * 1.4)))
