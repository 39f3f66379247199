"""Steps as one self-contained HTML page: typeset math as inline SVG, no scripts.

The math is drawn by ziamath (pure Python, STIX Two Math) into SVG 1.1 paths, so the
page opens offline in any browser, needs no fonts or MathJax, and prints cleanly.
``math_svg`` is shared with the PDF exporter, which draws the same SVGs with Qt.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from workbench.export.documents import as_steps, step_formula, today
from workbench.export.latex_fences import flatten_deep_fences
from workbench.protocol.steps import Step
from workbench.protocol.wording import rule_name, split_inline_math

_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 52rem;
       margin: 2rem auto; padding: 0 1rem; color: #1d2330; line-height: 1.45; }
h1 { margin-bottom: 0.2rem; }
.date { color: #667; margin-top: 0; }
.result { margin: 1.2rem 0 1.8rem; padding: 0.8rem 1rem; background: #f3f6fb;
          border-left: 4px solid #3b6fd6; overflow-x: auto; }
ol { padding-left: 1.6rem; }
li { margin: 0.5rem 0; }
.title { font-weight: 600; }
.rule { font-family: ui-monospace, monospace; font-size: 0.8em; color: #556;
        background: #eef0f4; border-radius: 3px; padding: 0 0.3em; margin-left: 0.4em; }
.formula { margin: 0.3rem 0 0.4rem; overflow-x: auto; }
.math svg { vertical-align: middle; }
code.latex { white-space: pre-wrap; }
""".strip()


@lru_cache(maxsize=512)
def math_svg(latex: str, size: float = 18.0) -> str | None:
    """The LaTeX typeset as an SVG 1.1 document string, or None if it can't be typeset.

    Cached by (latex, size): ziamath takes 15-30 ms a formula and exports repeat them.
    """
    import ziamath

    # SVG 2's <symbol>/<use> draw as bare fraction bars in Qt's renderer; 1.1 paths don't
    ziamath.config.svg2 = False
    try:
        svg = ziamath.Math.fromlatex(flatten_deep_fences(latex), size=size).svg()
    except Exception:  # noqa: BLE001 - ziamath raises many kinds on unsupported LaTeX
        return None
    return svg


def inline_math(latex: str, size: float) -> str:
    """A formula as an inline SVG element for HTML (the LaTeX in <code> if it can't be typeset)."""
    svg = math_svg(latex, size)
    label = html.escape(latex, quote=True)
    if svg is None:
        return f'<code class="latex">{html.escape(latex)}</code>'
    svg = re.sub(r"^\s*<\?xml[^>]*>\s*", "", svg)
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
    return f'<span class="math">{svg}</span>'


def steps_to_html(title: str, latex: str, steps: Sequence[Step | dict[str, Any]],
                  date: str | None = None) -> str:
    """A complete HTML page: title, date, the result and the numbered steps, math as SVG."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(title)}</title>",
        f"<style>\n{_STYLE}\n</style>",
        "</head>",
        "<body>",
        f"<h1>{html.escape(title)}</h1>",
        f'<p class="date">{html.escape(date or today())}</p>',
    ]
    if latex.strip():
        parts.append(f'<div class="result">{inline_math(latex, 22.0)}</div>')
    if steps:
        parts.append("<h2>Steps</h2>")
        parts += html_step_list(as_steps(steps))
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"


def html_title(title: str, size: float) -> str:
    """A step's sentence as HTML: words escaped, inline formulas typeset as SVG."""
    return "".join(inline_math(piece, size) if math else html.escape(piece)
                   for piece, math in split_inline_math(title))


def html_step_list(steps: list[Step], size: float = 17.0) -> list[str]:
    """The steps as nested <ol> lines, each with its title, rule and typeset formula."""
    out = ["<ol>"]
    for step in steps:
        out.append(f'<li><span class="title">{html_title(step.title, size * 0.8)}</span>'
                   f'<span class="rule">{html.escape(rule_name(step.rule))}</span>')
        formula = step_formula(step)
        if formula:
            out.append(f'<div class="formula">{inline_math(formula, size)}</div>')
        if step.substeps:
            out += html_step_list(step.substeps, size)
        out.append("</li>")
    out.append("</ol>")
    return out
