"""The partial derivatives of f with their steps, foldable, in a ``DerivationPanel``.

One top-level step per variable ("Partial derivative with respect to x: treat y as a
constant"), whose substeps name the rules; the heading shows every ∂f/∂v at once.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from workbench.protocol.ml_results import PartialsResult
from workbench.ui.derivation_panel import DerivationPanel


def partials_panel(parent: QWidget) -> DerivationPanel:
    """An empty panel for the partial derivatives, named for assistive technology."""
    panel = DerivationPanel(parent)
    panel.setObjectName("partials_panel")
    panel.setAccessibleName("Partial derivatives with steps")
    panel.clear("The partial derivatives of f appear here, each with its steps.")
    hint = panel.findChild(QLabel, "derivation_hint")
    if hint is not None:  # no pieces to draw here: the steps only unfold
        hint.setText("\u25b8 unfolds a step's rules. Right-click a step, or press Ctrl+C, to "
                     "copy its LaTeX.")
    return panel


def partials_heading(result: PartialsResult) -> str:
    """∂f/∂x = …, ∂f/∂y = … as one line of LaTeX."""
    return r",\quad ".join(rf"\frac{{\partial f}}{{\partial {p.var}}} = {p.latex}"
                           for p in result.partials)


def partials_view(panel: DerivationPanel, result: PartialsResult) -> None:
    """Show ``result``: the heading, then each variable's step, folded but the first."""
    steps = [step for p in result.partials for step in p.steps]
    panel.set_result(result.expr_latex, "", steps)
    panel.heading.set_latex(partials_heading(result))
    panel.heading.setToolTip(f"f = {result.expr_latex}")
