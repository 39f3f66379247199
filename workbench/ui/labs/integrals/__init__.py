"""The Integrals lab: area and the accumulation function, Riemann sums, double integrals.

Modules: ``lab`` (:class:`IntegralsLab`, the panel and its engine jobs), ``hooks``
(session, lessons, export), ``area_view``, ``riemann_view``, ``double_view`` (one per
view), ``numerics`` and ``region`` (numpy on plain trees, Qt-free), ``controls`` and
``plots`` (small shared widgets and pyqtgraph helpers).
"""

from workbench.ui.labs.integrals.lab import IntegralsLab

__all__ = ["IntegralsLab"]
