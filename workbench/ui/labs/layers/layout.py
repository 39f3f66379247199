"""How the Layers lab's Layer page is laid out: the form on the left; on the right the
layer and the stage on show (each as tall as it needs), the player, and below them the
chain rule of one weight beside the try-it field and the steps."""

from __future__ import annotations

from typing import Any

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


def _figures(lab: Any, parent: QWidget) -> QWidget:
    """The banner, the layer with its loss, the stage on show, its caption and the player."""
    lab.picture_area = scrolled(lab.picture, "layers_picture_area")
    lab.stage_area = scrolled(lab.stage, "layers_stage_area")
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
