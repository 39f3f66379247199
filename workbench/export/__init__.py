"""Steps to Markdown / LaTeX / HTML / PDF / plain text, plots to PNG / SVG.

Input is plain data - a title, the result as LaTeX, ``Step`` objects (or their
``to_dict()`` form) - so exporting never needs sympy. Names load on first use: the
text formats need no Qt, HTML needs ziamath, PDF and plots need Qt and pyqtgraph.
"""

from __future__ import annotations

from workbench.lazy import lazy_exports

_EXPORTS: dict[str, str] = {
    "steps_to_markdown": "workbench.export.documents",
    "steps_to_latex_document": "workbench.export.documents",
    "steps_to_text": "workbench.export.documents",
    "latex_to_plain": "workbench.export.documents",
    "steps_to_html": "workbench.export.html_page",
    "math_svg": "workbench.export.html_page",
    "steps_to_pdf": "workbench.export.pdf",
    "export_plot_png": "workbench.export.plots",
    "export_plot_svg": "workbench.export.plots",
}

__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(globals(), _EXPORTS)
