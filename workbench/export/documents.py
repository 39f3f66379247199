"""Steps as text documents: Markdown, a complete LaTeX document, and plain words.

Every renderer takes the same input - a title, the result as one LaTeX string, and
the ``Step`` tree (``Step`` objects or their ``to_dict()`` form) - and walks the tree
the same way; only the way one step is written differs. No sympy: the LaTeX comes
ready-made from the engine.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Sequence
from typing import Any

from workbench.protocol.steps import Step
from workbench.protocol.wording import rule_name, split_inline_math

ARROW = r"\;\longrightarrow\;"
_MAX_LATEX_DEPTH = 4  # LaTeX's enumerate nests four deep; deeper steps stay at level 4


def as_steps(steps: Iterable[Step | dict[str, Any]]) -> list[Step]:
    """``Step`` objects from steps or their ``to_dict()`` form (as JSON carries them)."""
    return [s if isinstance(s, Step) else Step.from_dict(s) for s in steps]


def step_formula(step: Step) -> str:
    """One LaTeX line for a step: ``before -> after`` (either side may be empty)."""
    parts = [p.strip() for p in (step.before, step.after) if p and p.strip()]
    return ARROW.join(parts)


def plain_title(title: str) -> str:
    """A step's sentence as plain words: its inline formulas written as one types them."""
    return "".join(latex_to_plain(piece) if math else piece
                   for piece, math in split_inline_math(title))


def _squash(text: str, strip: bool) -> str:
    """Runs of white space as one space; ``strip=False`` keeps one at either edge (a piece
    of a sentence between two formulas must not glue onto them)."""
    joined = " ".join(text.split())
    if strip or not joined:
        return joined if strip or not text else " "
    return (" " if text[0].isspace() else "") + joined + (" " if text[-1].isspace() else "")


def today() -> str:
    """The date written under a document's title."""
    return _dt.date.today().isoformat()


# --- Markdown ----------------------------------------------------------------------

def steps_to_markdown(title: str, latex: str, steps: Sequence[Step | dict[str, Any]],
                      date: str | None = None) -> str:
    """A Markdown document: ``# title``, the result as display math, then numbered steps
    (substeps as nested lists). Math is ``$$...$$``; every delimiter is balanced."""
    lines = [f"# {_md_text(title)}", "", f"_{date or today()}_", ""]
    if latex.strip():
        lines += _md_display(latex, "") + [""]
    if steps:
        lines += ["## Steps", ""]
        lines += _md_list(as_steps(steps), "")
    return "\n".join(lines).rstrip() + "\n"


def _md_list(steps: list[Step], indent: str) -> list[str]:
    out: list[str] = []
    for number, step in enumerate(steps, 1):
        marker = f"{number}. "
        out.append(f"{indent}{marker}**{_md_title(step.title)}** ({rule_name(step.rule)})")
        inner = indent + " " * len(marker)
        formula = step_formula(step)
        if formula:
            out += [""] + _md_display(formula, inner) + [""]
        out += _md_list(step.substeps, inner)
    return out


def _md_display(latex: str, indent: str) -> list[str]:
    # a lone $ inside the math would unbalance the delimiters: escape it
    body = " ".join(latex.replace("$", r"\$").split())
    return [f"{indent}$$", f"{indent}{body}", f"{indent}$$"]


def _md_title(title: str) -> str:
    """A step's sentence for Markdown: words escaped, inline formulas kept as ``$...$``."""
    return "".join(f"${' '.join(piece.split())}$" if math else _md_text(piece, strip=False)
                   for piece, math in split_inline_math(title))


def _md_text(text: str, strip: bool = True) -> str:
    """Plain words with Markdown's active characters (and $) escaped."""
    joined = _squash(text, strip)
    return re.sub(r"([\\`*_\[\]#<>$|])", r"\\\1", joined)


# --- LaTeX document ------------------------------------------------------------------

_TEX_SPECIALS = {
    "\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
    "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}


def steps_to_latex_document(title: str, latex: str, steps: Sequence[Step | dict[str, Any]],
                            date: str | None = None) -> str:
    """A complete, compilable LaTeX document (article, amsmath) of the result and steps."""
    lines = [
        r"\documentclass[11pt]{article}",
        r"\usepackage[T1]{fontenc}",
        r"\usepackage[utf8]{inputenc}",
        r"\usepackage{amsmath,amssymb}",
        r"\usepackage[a4paper,margin=2.5cm]{geometry}",
        rf"\title{{{tex_text(title)}}}",
        rf"\date{{{tex_text(date or today())}}}",
        r"\begin{document}",
        r"\maketitle",
    ]
    if latex.strip():
        lines += [r"\[", latex.strip(), r"\]"]
    if steps:
        lines += [r"\section*{Steps}"] + _tex_list(as_steps(steps), 1)
    lines.append(r"\end{document}")
    return "\n".join(lines) + "\n"


def _tex_list(steps: list[Step], depth: int) -> list[str]:
    if not steps:
        return []
    nested = depth <= _MAX_LATEX_DEPTH
    out = [r"\begin{enumerate}"] if nested else []
    for step in steps:
        out.append(rf"\item \textbf{{{_tex_title(step.title)}}} ({tex_text(rule_name(step.rule))})")
        formula = step_formula(step)
        if formula:
            # dmath-like wrapping isn't in amsmath; long lines simply run to the margin
            out += [r"\[", formula, r"\]"]
        out += _tex_list(step.substeps, depth + 1)
    if nested:
        out.append(r"\end{enumerate}")
    return out


def _tex_title(title: str) -> str:
    """A step's sentence for LaTeX: words escaped, inline formulas kept as ``$...$``."""
    return "".join(f"${piece}$" if math else tex_text(piece, strip=False)
                   for piece, math in split_inline_math(title))


def tex_text(text: str, strip: bool = True) -> str:
    """Plain words escaped for LaTeX text mode."""
    joined = _squash(text, strip)
    return "".join(_TEX_SPECIALS.get(ch, ch) for ch in joined)


# --- plain words -----------------------------------------------------------------------

def steps_to_text(title: str, latex: str, steps: Sequence[Step | dict[str, Any]],
                  date: str | None = None) -> str:
    """The result and steps as plain text: numbered titles (1, 1.1, ...) and formulas
    written the way one types them (``(x^2)/(2)``, ``sqrt(x)``, ``pi``)."""
    lines = [title, "=" * max(len(title), 3), date or today(), ""]
    if latex.strip():
        lines += [latex_to_plain(latex), ""]
    lines += _text_list(as_steps(steps), "")
    return "\n".join(lines).rstrip() + "\n"


def _text_list(steps: list[Step], prefix: str) -> list[str]:
    out: list[str] = []
    for number, step in enumerate(steps, 1):
        label = f"{prefix}{number}"
        indent = "    " * label.count(".")
        out.append(f"{indent}{label}. {plain_title(step.title)} [{rule_name(step.rule)}]")
        parts = [latex_to_plain(p) for p in (step.before, step.after) if p and p.strip()]
        if parts:
            out.append(f"{indent}    {'  ->  '.join(parts)}")
        out += _text_list(step.substeps, label + ".")
    return out


_WORDS = {
    "cdot": "·", "times": "×", "pi": "pi", "infty": "oo", "to": "->", "le": "<=",
    "leq": "<=", "ge": ">=", "geq": ">=", "ne": "!=", "neq": "!=", "approx": "≈",
    "longrightarrow": "->", "rightarrow": "->", "Rightarrow": "=>", "lambda": "lamda",
    "sum": "sum", "prod": "prod", "int": "integral", "partial": "d", "pm": "+-",
    "wedge": "and", "vee": "or", "cdots": "...", "ldots": "...", "dots": "...",
}
_DROP = {"left", "right", "limits", "displaystyle", "operatorname", "mathrm", "text",
         "textrm", "mathit", "big", "Big", "bigl", "bigr", "quad", "qquad"}


def latex_to_plain(latex: str) -> str:
    """LaTeX made readable as plain text: fractions, roots and powers as one types them."""
    out = _Plain(latex).run()
    out = re.sub(r"\s+", " ", out).strip()
    return re.sub(r"\s+([,)\]])", r"\1", out)


class _Plain:
    """A tiny brace-aware rewriter; anything it doesn't know passes through unchanged."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def run(self, stop: str | None = None) -> str:
        """Rewrite from the cursor up to ``stop`` (the closing brace of a group) or the end."""
        out: list[str] = []
        while self.pos < len(self.text):
            ch = self.text[self.pos]
            if ch == stop:
                self.pos += 1
                break
            self.pos += 1
            if ch == "\\":
                out.append(self._command())
            elif ch == "{":
                out.append(self.run("}"))
            elif ch in "^_":
                out.append(ch + self._argument(bracket=True))
            elif ch == "&":
                out.append(" ")
            else:
                out.append(ch)
        return "".join(out)

    def _argument(self, bracket: bool = False) -> str:
        while self.pos < len(self.text) and self.text[self.pos] == " ":
            self.pos += 1
        if self.pos >= len(self.text):
            return ""
        if self.text[self.pos] == "{":
            self.pos += 1
            inner = self.run("}")
            single = len(inner) == 1 or inner.isalnum()
            return inner if single or not bracket else f"({inner})"
        if self.text[self.pos] == "\\":
            self.pos += 1
            return self._command()
        self.pos += 1
        return self.text[self.pos - 1]

    def _command(self) -> str:
        match = re.match(r"[A-Za-z]+|.", self.text[self.pos:])
        name = match.group(0) if match else ""
        self.pos += len(name)
        if name in ("frac", "dfrac", "tfrac"):
            top, bottom = self._argument(), self._argument()
            if top.strip() in ("d", "partial", "d^2", "d^3") and bottom.strip().startswith("d"):
                return f"{top.strip()}/{bottom.replace(' ', '')}"  # d/dx, not d/(d x)
            return f"{_wrap(top)}/{_wrap(bottom)}"
        if name == "sqrt":
            return f"sqrt({self._argument()})"
        if name in _DROP:
            return ""
        if name in ("begin", "end"):
            self._argument()
            return " "
        if name in (",", ";", ":", "!", " "):
            return " "
        if name == "\\":
            return "; "
        return _WORDS.get(name, name)


def _wrap(text: str) -> str:
    text = text.strip()
    simple = re.fullmatch(r"[\w.^]+|\(.*\)", text) is not None and text.count("(") <= 1
    return text if simple else f"({text})"
