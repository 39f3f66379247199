"""Keep deeply nested ``\\left…\\right`` pairs from freezing the typesetter.

ziamath sizes a stretchy delimiter by laying out what it encloses, again for every
enclosing pair: its time doubles with each level of nesting (measured: 0.4 s at 5 levels,
7 s at 9, hours at 20 - a stack of 20 sigmoid units froze the window). Pairs with more
than ``keep`` levels of stretchy pairs inside them become plain delimiters, which cost
nothing to lay out; the innermost ones, round fractions and the like, keep stretching.
"""

from __future__ import annotations

import re

STRETCH_DEPTH = 2  # a pair may enclose this many levels of stretchy pairs

#: ``\left``, ``\middle`` or ``\right`` and its delimiter (a control word, an escaped
#: character, or one character).
_FENCE = re.compile(r"\\(left|middle|right)(?![a-zA-Z])\s*(\\[a-zA-Z]+|\\.|[^\s\\])")


def _pairs(latex: str) -> list[tuple[list[re.Match], int]]:
    """Each \\left…\\right pair's fence matches (left, middles, right) and how many levels
    of pairs it encloses (0 for an innermost pair); None when the pairs do not balance."""
    stack: list[tuple[list[re.Match], list[int]]] = []
    pairs: list[tuple[list[re.Match], int]] = []
    for match in _FENCE.finditer(latex):
        kind = match.group(1)
        if kind == "left":
            stack.append(([match], [0]))
        elif not stack:
            return []  # unbalanced: leave the text as it is
        elif kind == "middle":
            stack[-1][0].append(match)
        else:
            fences, inner = stack.pop()
            fences.append(match)
            pairs.append((fences, inner[0]))
            if stack:
                stack[-1][1][0] = max(stack[-1][1][0], inner[0] + 1)
    return pairs if not stack else []


def flatten_deep_fences(latex: str, keep: int = STRETCH_DEPTH) -> str:
    """``latex`` with the pairs enclosing more than ``keep`` levels made plain delimiters."""
    if latex.count("\\left") <= keep:
        return latex
    cuts = sorted(match.span() + (match.group(2),) for fences, depth in _pairs(latex)
                  if depth > keep for match in fences)
    if not cuts:
        return latex
    out, at = [], 0
    for start, end, delimiter in cuts:
        out.append(latex[at:start])
        out.append("" if delimiter == "." else delimiter + " ")
        at = end
    out.append(latex[at:])
    return "".join(out)
