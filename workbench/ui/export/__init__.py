"""The window's Export menu: figures (PNG/SVG), derivations (Markdown, LaTeX, HTML, PDF,
text), animations (GIF, WebP, PNG frames) and the session report (PDF/HTML).

``ExportController(window).install()`` adds it to a ``MainWindow``.
"""

from workbench.ui.export.controller import ExportController

__all__ = ["ExportController"]
