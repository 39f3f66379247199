"""How the Layers lab's Layer page is laid out: the form on the left; on the right the
layer and the stage on show (each as tall as it needs), the player, and below them the
chain rule of one weight beside the try-it field and the steps."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import (
    QLabel, QLayout, QScrollArea, QSplitter, QTabWidget, QVBoxLayout, QWidget)


def scrolled(widget: QWidget, name: str) -> QScrollArea:
    """``widget`` in a frameless scroll area (a wide or tall figure scrolls, never clips)."""
    area = QScrollArea(widget.parentWidget())
    area.setObjectName(name)
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    return area


def fit_height(area: QScrollArea) -> None:
    """Give a strip's scroll area the height of its strip (and of a scroll bar under it,
    for a strip wider than the window): no empty band at large sizes, no clipping."""
    height = area.widget().sizeHint().height() + area.horizontalScrollBar().sizeHint().height()
    area.setFixedHeight(height)


class _KeepFitted(QObject):
    """Refits a strip's scroll area whenever the strip's layout has been redone.

    A strip's new matrices know their size only once its layout has run, which is after
    the call that put them there (a resize that retypesets them at another size, a new
    layer, a new stage): a height measured in that call is the old one, and the column
    below is laid out for it, so the figures overlapped at 1024x700. The layout request
    is seen here before the layout runs; the refit is queued to run right after it.
    """

    def __init__(self, area: QScrollArea) -> None:
        super().__init__(area)
        self._area = area
        # a timer of its own: it goes with the area (a queued call could outlive it)
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self._refit)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LayoutRequest:
            self._timer.start()
        return False

    def _refit(self) -> None:
        fit_height(self._area)
        # and lay the column out for the new height now: a layout whose widget was built
        # hidden waits otherwise for the next change of its own (seconds, or never)
        column = self._area.parentWidget().layout()
        if column is not None:
            column.activate()


def keep_fitted(area: QScrollArea) -> None:
    """Keep ``area`` (a scrolled strip) as tall as its strip, whatever changes the strip."""
    area.widget().installEventFilter(_KeepFitted(area))


def _figures(lab: Any, parent: QWidget) -> QWidget:
    """The banner, the layer with its loss, the stage on show, its caption and the player."""
    lab.picture_area = scrolled(lab.picture, "layers_picture_area")
    lab.stage_area = scrolled(lab.stage, "layers_stage_area")
    for area in (lab.picture_area, lab.stage_area):
        keep_fitted(area)
    figures = QWidget(parent)
    lab.heading = QLabel(figures)
    lab.heading.setObjectName("layers_heading")
    lab.heading.setWordWrap(True)
    stages = QLabel("<b>Stage by stage</b>: forward, then the backward pass as matrix "
                    "products (Space plays, \u2190 \u2192 step)", figures)
    column = QVBoxLayout(figures)
    column.setContentsMargins(0, 0, 0, 0)
    # never shorter than its figures need: in a short window they would overlap
    column.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
    for widget in (lab.banner, lab.warning, lab.heading, lab.picture_area, lab.loss_math,
                   stages, lab.stage_area, lab.caption, lab.player):
        column.addWidget(widget)
    column.addStretch(1)
    return figures


def _below(lab: Any, parent: QWidget) -> QSplitter:
    """The chain rule of one weight, beside the try-it field and the steps (as tabs)."""
    lab.extras = extras = QTabWidget(parent)
    extras.setObjectName("layers_extras")
    extras.setAccessibleName("Try it yourself, or the steps")
    extras.addTab(lab.try_it, "&Try it yourself")
    extras.addTab(lab.steps, "&Steps")
    below = QSplitter(parent)
    below.addWidget(scrolled(lab.paths, "layers_paths_area"))
    below.addWidget(extras)
    below.setSizes([600, 400])  # the chain rule's formula is the widest thing here
    return below


def layer_page(lab: Any) -> QWidget:
    """The Layer page of ``lab`` (a ``LayersLab`` whose widgets are built)."""
    page = QWidget(lab)
    # a layout, not a splitter: the figures keep the height they need as they grow
    right = QWidget(page)
    right_column = QVBoxLayout(right)
    right_column.setContentsMargins(0, 0, 0, 0)
    right_column.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
    right_column.addWidget(_figures(lab, right))
    right_column.addWidget(_below(lab, right), 1)
    main = QSplitter(page)
    main.addWidget(scrolled(lab.form, "layers_form_area"))
    # scrolls as a whole: in a short window the figures and the chain rule below them
    # would otherwise be squeezed into each other
    main.addWidget(scrolled(right, "layers_right_area"))
    main.setStretchFactor(1, 1)
    main.setSizes([300, 900])
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(main)
    return page
